/**
 * Numeric settings read from environment variables (SSDP_FETCH_*, SSDP_METADATA_TTL): a typo or
 * a negative value is an error naming the variable, never a silent fall-back to the default.
 * Kept apart from http-retry.ts so a warm env create reads the TTL without loading the fetch code.
 */
import { SsdpError } from './errors.js';

export function envNumber(name: string, unit: string, positive = false): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && (positive ? n > 0 : n >= 0)) return n;
  throw new SsdpError('E_BAD_ENV_SETTING', `${name}=${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v)} is not ${positive ? 'a number above 0' : 'a number of 0 or more'} (${unit})`, {
    hint: `set ${name} to a ${unit} count such as ${positive ? '60' : '3'}, or unset it for the default.`,
    exitCode: 2,
  });
}

/** How long fetched metadata, and resolutions made from it, count as fresh: SSDP_METADATA_TTL seconds, default 300. */
export function metadataTtlMs(): number {
  return (envNumber('SSDP_METADATA_TTL', 'seconds') ?? 300) * 1000;
}
