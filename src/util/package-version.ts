/**
 * The version a package.json gives, as ssdp records it. npm installs a folder or git package
 * whose package.json has no "version" field (a private monorepo package) and locks it without
 * one; ssdp's solver and lock need a version, so such a package is 0.0.0 everywhere ssdp reads
 * a package.json (resolving, the store's check of what it unpacked, an env's installed copy).
 * A field that is there but not a string stays '' (and is refused where it matters).
 */
export const NO_VERSION = '0.0.0';

export function packageVersion(v: unknown): string {
  return v === undefined ? NO_VERSION : typeof v === 'string' ? v : '';
}
