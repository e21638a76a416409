/**
 * A folder ssdp needs is something else: ROOT/envs, store, cache or locks replaced by a file,
 * or a link to a disk that is not mounted (the s13 tester's F1, F2). Node reports that as a bare
 * ENOTDIR/ENOENT naming the deepest path it tried (a temp file, a lock file) and the CLI used to
 * print it as a bug with a stack. This names the part that is in the way and what to do.
 */
import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SsdpError } from './errors.js';

/** What `path` is when it is not a folder: 'a file', 'a link to X, which does not exist', ...; undefined for a folder or nothing. */
export function notAFolder(path: string): string | undefined {
  const l = lstatSync(path, { throwIfNoEntry: false });
  if (!l) return undefined;
  if (l.isSymbolicLink()) {
    let st;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st) return `a link to ${readlinkSync(path)}, which does not exist (a disk not mounted?)`;
    return st.isDirectory() ? undefined : `a link to ${readlinkSync(path)}, which is not a folder`;
  }
  return l.isDirectory() ? undefined : 'a file';
}

/** The first folder from `top` down to `path` (both included) that is not one; undefined when none. */
export function firstNotAFolder(top: string, path: string): [string, string] | undefined {
  const parts: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    parts.unshift(p);
    if (p === resolve(top) || p === dirname(p)) break;
  }
  for (const p of parts) {
    let what: string | undefined;
    try {
      what = notAFolder(p);
    } catch {
      what = undefined;
    }
    if (what) return [p, what];
  }
  return undefined;
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
  const parts: string[] = [];
  for (let p = resolve(err.path); p !== dirname(p); p = dirname(p)) parts.unshift(p);
  for (const p of parts.slice(0, -1).concat(mkdirOnFile ? parts.slice(-1) : [])) {
    let what: string | undefined;
    try {
      what = notAFolder(p);
    } catch {
      what = undefined;
    }
    if (what) return notAFolderError(p, what, `a folder ssdp needs for ${err.path}`);
  }
  return undefined;
}
