/**
 * A folder ssdp needs is something else: ROOT/envs, store, cache or locks replaced by a file,
 * or a link to a disk that is not mounted (the s13 tester's F1, F2). Node reports that as a bare
 * ENOTDIR/ENOENT naming the deepest path it tried (a temp file, a lock file) and the CLI used to
 * print it as a bug with a stack. This names the part that is in the way and what to do.
 */
import { dirname, resolve } from 'node:path';
import { SsdpError } from './errors.js';
import { describeNonFolder, pathKind } from './path-kind.js';

/** What `path` is when it is not a folder: 'a file', 'a symlink to X, which does not exist', ...; undefined for a folder, nothing, or what cannot be looked at. */
export function notAFolder(path: string): string | undefined {
  const k = pathKind(path);
  if (k.is === 'unreadable') return undefined;
  const what = describeNonFolder(k);
  return k.is === 'dangling-link' ? `${what} (a disk not mounted?)` : what;
}

/** Every path from `top` (default: /) down to `path`, both included, top first. */
function pathsDown(path: string, top?: string): string[] {
  const parts: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    parts.unshift(p);
    if ((top !== undefined && p === resolve(top)) || p === dirname(p)) return parts;
  }
}

/** The first of `paths` that is not a folder, with what it is. */
function firstOf(paths: string[]): [string, string] | undefined {
  for (const p of paths) {
    const what = notAFolder(p);
    if (what) return [p, what];
  }
  return undefined;
}

/** The first folder from `top` down to `path` (both included) that is not one; undefined when none. */
export function firstNotAFolder(top: string, path: string): [string, string] | undefined {
  return firstOf(pathsDown(path, top));
}

/** The error for a needed folder that is not one; `role` says what ssdp keeps there. */
export function notAFolderError(path: string, what: string, role: string, consequence = 'nothing was changed'): SsdpError {
  return new SsdpError('E_NOT_A_FOLDER', `${path} (${role}) is ${what}, not a folder.`, {
    hint: `Make ${path} a folder again (mount the disk it links to, or move the file away and let ssdp create the folder), then run the command again; ${consequence}.`,
  });
}

/**
 * For a raw ENOTDIR (or ENOENT through a dangling link) from a file operation: the first folder
 * on its path that is not one, as a coded error; undefined when the error is something else.
 */
export function explainNotAFolder(e: unknown): SsdpError | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  // EEXIST only from mkdir: a link or rename onto an existing file is not a folder problem.
  const mkdirOnFile = err?.code === 'EEXIST' && err.syscall === 'mkdir';
  if (!err || (err.code !== 'ENOTDIR' && err.code !== 'ENOENT' && !mkdirOnFile) || typeof err.path !== 'string') return undefined;
  const parts = pathsDown(err.path);
  // mkdir names the folder it makes: that folder itself may be the link to nothing (ROOT/locks, B1).
  const found = firstOf(mkdirOnFile || err.syscall === 'mkdir' ? parts : parts.slice(0, -1));
  return found && notAFolderError(found[0], found[1], found[0] === resolve(err.path) ? 'a folder ssdp needs' : `a folder ssdp needs for ${err.path}`);
}
