import { chmodSync, constants, copyFileSync, lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A copy of `file` of the user's own at `dest`, writable by its owner (unlike the read-only store
 * inode it may come from), written whole: a temp name renamed in, so an interrupt leaves no half file.
 */
export function ownCopy(file: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.ssdp-tmp-${process.pid}`;
  try {
    copyFileSync(file, tmp, constants.COPYFILE_FICLONE);
    chmodSync(tmp, lstatSync(file).mode | 0o200);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
