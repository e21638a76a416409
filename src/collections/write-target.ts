/**
 * What a write (toZarr, toNpy, store, toTextfiles) may replace. Writing replaces its target with a
 * rename, so without these checks a user's folder, file or even the working folder would be
 * deleted: an existing target is refused unless the caller says `overwrite: true`, and even then
 * only something of the same kind (a zarr store, a .npy file) is replaced, never a user folder.
 * Temporary siblings left by a killed write are removed by the next write to the same target.
 */
import { closeSync, lstatSync, openSync, readSync, readdirSync, realpathSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { isProcessAlive } from '../util/lock.js';

export type TargetKind = 'zarr' | 'npy' | 'text';

/** A temporary sibling of `path` (same folder, so the final rename is atomic). */
export function tempSibling(path: string): string {
  return `${path}.ssdp-tmp-${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}`;
}

/** Removes `path`'s temporary siblings whose writing process is gone (a write killed with -9). */
export function removeStaleTemps(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.ssdp-tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-z]+$/.exec(n.slice(prefix.length));
    if (m && Number(m[1]) !== process.pid && !isProcessAlive(Number(m[1]))) rmSync(join(dir, n), { recursive: true, force: true });
  }
}

function stat(path: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return null;
  }
}

function isNpyFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(6);
    return readSync(fd, b, 0, 6, 0) === 6 && b.equals(Buffer.from('\x93NUMPY', 'latin1'));
  } finally {
    closeSync(fd);
  }
}

/**
 * The path a write of `kind` may replace: `path` itself, or for a .npy file behind a symlink the
 * file it points to (numpy.save writes through links). Throws when what is there must be kept.
 */
/** `madeBy`: the call the user passes `{ overwrite: true }` to (toNpy, store, npyTarget...), for the hint. */
export function checkTarget(path: string, kind: TargetKind, overwrite: boolean, where: string, madeBy = where): string {
  const code = kind === 'text' ? 'E_BAG_TEXTFILES' : 'E_ARRAY_STORE';
  const abs = resolve(path);
  const cwd = process.cwd();
  if (cwd === abs || cwd.startsWith(abs.endsWith(sep) ? abs : abs + sep)) {
    throw new SsdpError(code, `${where}: ${path} is the working folder or holds it; ssdp never replaces it.`, { hint: 'Write to a new path inside it, e.g. out.zarr.' });
  }
  const link = stat(abs, false);
  if (!link) return abs;
  const real = link.isSymbolicLink() && kind !== 'zarr' && stat(abs, true) ? realpathSync(abs) : abs;
  const st = stat(real, true) ?? link;
  const again =
    madeBy === 'array.npyTarget' || madeBy === 'array.zarrTarget'
      ? `Make the target with ${madeBy}(path, { overwrite: true }) to replace it, or write to a new path.`
      : `Pass { overwrite: true } to ${madeBy} to replace it, or write to a new path.`;
  if (kind === 'zarr') {
    if (!st.isDirectory()) throw new SsdpError(code, `${where}: ${path} is a file, not a zarr store; ssdp does not replace it.`, { hint: 'Write the zarr store to a new path.' });
    const entries = readdirSync(abs);
    if (entries.length === 0) return abs;
    const isArray = entries.includes('.zarray') || entries.includes('zarr.json');
    if (!isArray) {
      throw new SsdpError(code, `${where}: ${path} is a folder holding other files (not a zarr array); ssdp never replaces it, even with overwrite.`, { hint: 'Write the zarr store to a new path, e.g. ' + join(path, 'data.zarr') + '.' });
    }
    if (!overwrite) throw new SsdpError(code, `${where}: ${path} already holds a zarr array.`, { hint: again });
    return abs;
  }
  if (st.isDirectory()) throw new SsdpError(code, `${where}: ${path} is a folder; ssdp writes ${kind === 'npy' ? 'a .npy file' : 'text files'} only over files.`, { hint: 'Give a file path.' });
  if (st.size === 0) return real;
  if (!overwrite) throw new SsdpError(code, `${where}: ${path} already exists.`, { hint: again });
  if (kind === 'npy' && !isNpyFile(real)) {
    throw new SsdpError(code, `${where}: ${path} is not a .npy file; ssdp does not replace it, even with overwrite.`, { hint: 'Write to a new path.' });
  }
  return real;
}

/** Refuses a list of targets naming one path twice: the writes would replace each other. */
export function checkDistinct(paths: readonly string[], where: string, code: string): void {
  const seen = new Map<string, number>();
  paths.forEach((p, i) => {
    const abs = resolve(p);
    const j = seen.get(abs);
    if (j !== undefined) throw new SsdpError(code, `${where}: targets ${j} and ${i} are the same path ${p}; one write would replace the other.`, { hint: 'Give each target its own path.' });
    seen.set(abs, i);
  });
}
