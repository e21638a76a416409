/**
 * mkdir -p that gives up. Node's recursive mkdir loops for ever (sync: deaf to Ctrl-C) where
 * creating a folder answers ENOENT although its parent exists: /proc, and FUSE or other odd file
 * systems do so. `ssdp create --root /proc` spun at 40% CPU without a word (tester try8g G8).
 * Here each missing folder is made from the top down, once; a folder its existing parent refuses
 * is E_NOT_WRITABLE naming it. As cheap as Node's for a folder that exists (one mkdir, one stat).
 */
import { mkdirSync, statSync } from 'node:fs';
// node:fs/promises through fs.promises, read at each call: the bundle then loads it (~8 M instructions with
// the readline and stream modules it pulls in) only when a command awaits one; a warm create awaits none.
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { SsdpError } from './errors.js';

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

function refused(path: string, e: unknown): SsdpError {
  return new SsdpError('E_NOT_WRITABLE', `cannot create the folder ${path}: ${dirname(path)} exists but its file system refuses new folders (mkdir answers ENOENT, as /proc and some FUSE mounts do), so nothing can be kept there.`, {
    hint: 'use a place on an ordinary disk (for the ssdp root: --root DIR or SSDP_ROOT); nothing was changed',
    cause: e,
  });
}

/** Creates `path` and the folders above it that are missing (as mkdirSync(path, { recursive: true })). */
export function makeFoldersSync(path: string): void {
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(path);
      return;
    } catch (e) {
      const code = codeOf(e);
      // A file (or a link to nothing) in the way keeps Node's EEXIST, which callers explain.
      if (code === 'EEXIST') {
        if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return;
        throw e;
      }
      if (code !== 'ENOENT' || dirname(path) === path) throw e;
      // The parent exists, or was made on the last round: this file system will not have it.
      if (tries > 0 && statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) throw refused(path, e);
      if (tries > 2) throw e;
      makeFoldersSync(dirname(path));
    }
  }
}

/** The same, without blocking the event loop. */
export async function makeFolders(path: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await fsp.mkdir(path);
      return;
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EEXIST') {
        if ((await fsp.stat(path).catch(() => undefined))?.isDirectory()) return;
        throw e;
      }
      if (code !== 'ENOENT' || dirname(path) === path) throw e;
      if (tries > 0 && (await fsp.stat(dirname(path)).catch(() => undefined))?.isDirectory()) throw refused(path, e);
      if (tries > 2) throw e;
      await makeFolders(dirname(path));
    }
  }
}
