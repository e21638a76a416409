/**
 * Deleting a folder tree as far as it goes. rmSync stops at the first file that refuses (chattr
 * +i / +a, a folder it may not list) and, on Linux, an immutable file even makes its rimraf
 * throw ENOTDIR: the rest stays, and the same error comes back on every later attempt. This
 * deletes everything else and returns what refused, so a caller can name it and go on.
 */
import { lstatSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    return [path];
  }
  const inner = mounts && [...mounts].some((m) => m.startsWith(path + '/'));
  const refused = names.flatMap((n) => removeWalk(join(path, n), inner ? mounts : undefined));
  if (refused.length === 0 && !inner) {
    try {
      rmdirSync(path);
    } catch {
      return [path];
    }
  }
  return refused;
}
