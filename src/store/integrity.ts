/**
 * Subresource-integrity strings (`sha512-<base64>`, `sha1-<base64>`, several space-separated):
 * which hash we check and what store key it gives. The key is the strongest hash in hex, so the
 * same tarball always lands in the same store folder whatever else the string carries.
 * No crypto here: parsing is on the warm path, hashing (verify.ts) only when downloading.
 */
import { SsdpError } from '../util/errors.js';

const STRENGTH: Record<string, number> = { sha1: 1, sha256: 2, sha384: 3, sha512: 4 };

export interface ParsedIntegrity {
  algorithm: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** Base64 digest, as written in the SRI string. */
  digest: string;
  /** Lower-case hex digest: the store key. */
  hex: string;
}

/** The strongest supported hash of an SRI string, or an E_INTEGRITY_INVALID error naming the package. */
export function parseIntegrity(integrity: string, what: string): ParsedIntegrity {
  let best: ParsedIntegrity | undefined;
  for (const part of integrity.trim().split(/\s+/)) {
    const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
    if (!m) continue;
    const algorithm = m[1] as ParsedIntegrity['algorithm'];
    if (best && STRENGTH[best.algorithm]! >= STRENGTH[algorithm]!) continue;
    const hex = Buffer.from(m[2]!, 'base64').toString('hex');
    best = { algorithm, digest: m[2]!, hex };
  }
  if (!best) {
    throw new SsdpError('E_INTEGRITY_INVALID', `${what} has no usable integrity (got ${JSON.stringify(integrity)}); ssdp only installs tarballs it can verify`, {
      // A plain create meets this too: the registry's metadata had neither dist.integrity nor dist.shasum (s20 try8q Q6).
      hint: 'from a lockfile: regenerate it from the registry (ssdp env update) or fix its integrity field; from the registry (a plain create or install): its metadata of this version has neither dist.integrity nor dist.shasum, so ask its maintainers, use another registry (npm config get registry) or pin another version',
    });
  }
  return best;
}

/** Store key of an integrity string (no validation error: undefined when unusable). */
export function integrityKey(integrity: string): string | undefined {
  try {
    const p = parseIntegrity(integrity, '');
    return `${p.algorithm}-${p.hex}`;
  } catch {
    return undefined;
  }
}
