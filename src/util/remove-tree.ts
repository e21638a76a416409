/**
 * Deleting a folder tree as far as it goes. rmSync stops at the first file that refuses (chattr
 * +i / +a, a folder it may not list) and, on Linux, an immutable file even makes its rimraf
 * throw ENOTDIR: the rest stays, and the same error comes back on every later attempt. This
 * deletes everything else and returns what refused, so a caller can name it and go on.
 */
import { lstatSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isTextName, joinRaw, rawNames, shownName } from './raw-names.js';

/**
 * Deletes path and all below it that can go; returns the files and folders that refused. Paths
 * in `mounts` (volumes mounted inside) are never entered, nor deleted.
 */
export function removeWalk(path: string, mounts: Set<string> | undefined): string[] {
  if (mounts?.has(path)) return [];
  if (!mounts) {
    try {
      rmSync(path, { recursive: true, force: true });
      return [];
    } catch {
      // one by one below, to delete everything else and find what refuses
    }
  }
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return [];
  if (!st.isDirectory()) {
    if (!mounts) return [path];
    try {
      rmSync(path, { force: true });
      return [];
    } catch {
      return [path];
    }
  }
  let raw: Buffer[];
  try {
    raw = rawNames(path);
  } catch {
    return [path];
  }
  const inner = mounts && [...mounts].some((m) => m.startsWith(path + '/'));
  const refused = raw.flatMap((b) => {
    if (isTextName(b)) return removeWalk(join(path, b.toString('utf8')), inner ? mounts : undefined);
    // A name that is not UTF-8 (J8) is deleted by its bytes; with a mount somewhere below this
    // folder it is left (a mount's path in /proc is no match for such bytes: never enter it blind).
    const shown = `${path}/${shownName(b)}`;
    if (inner) return [shown];
    try {
      rmSync(joinRaw(path, b), { recursive: true, force: true });
      return [];
    } catch {
      return [shown];
    }
  });
  if (refused.length === 0 && !inner) {
    try {
      rmdirSync(path);
    } catch {
      return [path];
    }
  }
  return refused;
}
