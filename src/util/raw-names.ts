/**
 * File names as the kernel has them. A name need not be UTF-8 (`caf\xe9.csv` from an old zip or
 * a Latin-1 system): readdirSync's strings turn such bytes into U+FFFD, and every later lstat or
 * rename of that string misses the file (ENOENT). Walks over the user's folders list names as
 * bytes and reach such an entry by a Buffer path, which Node's fs passes through untouched.
 */
import { isUtf8 } from 'node:buffer';
import { readdirSync } from 'node:fs';

export type RawPath = string | Buffer;

const SLASH = 0x2f;

/** The names in `dir`, as bytes (throws as readdirSync does). */
export function rawNames(dir: RawPath): Buffer[] {
  return readdirSync(dir, { encoding: 'buffer' });
}

/** Whether a name read as bytes survives as a string (so string-path code may handle it). */
export const isTextName = (name: Buffer): boolean => isUtf8(name);

/** `dir/name` as bytes. */
export function joinRaw(dir: RawPath, name: RawPath): Buffer {
  const d = typeof dir === 'string' ? Buffer.from(dir) : dir;
  const n = typeof name === 'string' ? Buffer.from(name) : name;
  return d.length && d[d.length - 1] === SLASH ? Buffer.concat([d, n]) : Buffer.concat([d, Buffer.from('/'), n]);
}

/** The folder holding `path` (no trailing slash; '/' for a top-level entry). */
export function parentRaw(path: RawPath): Buffer {
  const b = typeof path === 'string' ? Buffer.from(path) : path;
  const end = b[b.length - 1] === SLASH ? b.length - 1 : b.length;
  const i = b.lastIndexOf(SLASH, end - 1);
  return i <= 0 ? Buffer.from('/') : b.subarray(0, i);
}

/** A path as one binary-safe string key (for sets of folders already made). */
export const rawKey = (path: RawPath): string => (typeof path === 'string' ? Buffer.from(path) : path).toString('latin1');

/**
 * A name for messages: UTF-8 as it is, every byte that is not part of valid UTF-8 as \xNN (as
 * Python and `ls -b` show it), so the user can find the file.
 */
export function shownName(name: RawPath): string {
  if (typeof name === 'string') return name;
  if (isUtf8(name)) return name.toString('utf8');
  let out = '';
  for (let i = 0; i < name.length; ) {
    const len = utf8Length(name, i);
    if (len > 0) {
      out += name.subarray(i, i + len).toString('utf8');
      i += len;
    } else {
      out += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Where the first byte of `b` that is not part of valid UTF-8 is; -1 when all of it is UTF-8. */
export function firstNonUtf8Byte(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const len = utf8Length(b, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i]!;
  const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  return isUtf8(b.subarray(i, i + len)) ? len : 0;
}
