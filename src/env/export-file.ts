/**
 * `ssdp env export -f FILE`: where the export may be written. It is written whole under a
 * temporary name next to its place and renamed over it, so a kill or a full disk leaves the old
 * file or none. A symlink is written through (its target replaced, as a shell's `>` writes into
 * it); a folder, FIFO or device, or a folder that does not exist, is E_EXPORT_PATH with no temp
 * file left. conda's `env export --file` replaces any file; ssdp replaces an existing file only
 * when it is an env spec or lockfile (an earlier export, or one to be refreshed), or with
 * --force: a user's notes named by a slip of the tab key stay as they are (the tester's s14 B10).
 */
import { chmodSync, fstatSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { readRegularFile } from '../util/read-regular.js';
import { regularFileAt } from '../util/replace-guard.js';

/** Writes `text` at `file` (through a symlink); returns the path written. */
export async function writeExportFile(file: string, text: string, force = false): Promise<string> {
  const given = resolve(file);
  const refuse = (why: string, cause?: unknown) =>
    new SsdpError('E_EXPORT_PATH', `env export -f ${file}: cannot write the export at ${given}: ${why}; nothing was written.`, {
      hint: 'Give a file path in a folder that exists and you can write, or leave out -f to print the export.',
      cause,
    });
  if (file.trim() === '' || /\/$/.test(file)) throw refuse('that names no file');
  let path = given;
  for (let hops = 0; ; hops++) {
    const l = lstatSync(path, { throwIfNoEntry: false });
    if (!l?.isSymbolicLink()) break;
    if (hops === 40) throw refuse('it is a symlink loop');
    path = resolve(dirname(path), readlinkSync(path));
  }
  const exists = regularFileAt(path, (why) => refuse(path === given ? why : `it is a symlink to ${path}, and ${why}`));
  let mode: number | undefined;
  if (exists) {
    mode = statSync(path).mode & 0o7777;
    if (!force && !(await isSpecOrLock(path))) {
      throw new SsdpError('E_EXPORT_EXISTS', `env export -f ${file}: ${path} exists and is not an env spec or lockfile; it is left as it is.`, {
        hint: 'Give another file name, or pass --force to replace that file with the export.',
      });
    }
  }
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) throw refuse(`its folder ${dirname(path)} does not exist`);
  const { writeFileAtomic } = await import('../util/atomic-file.js');
  try {
    await writeFileAtomic(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw refuse(code === 'ENOSPC' || code === 'EDQUOT' ? `the disk is full (${code})` : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `not allowed to write there (${code})` : code, e);
  }
  if (mode !== undefined) chmodSync(path, mode); // the replaced file's permissions, not the umask's
  return path;
}

async function isSpecOrLock(path: string): Promise<boolean> {
  try {
    const { parseSpecText } = await import('./spec.js');
    await parseSpecText(readRegularFile(path), path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder of the file stdout is redirected into (`ssdp env export > locks/x.lock`), so a
 * printed export writes relative file: paths as `-f locks/x.lock` does; undefined when stdout is
 * a pipe or a terminal, or the file cannot be named (no /proc: not Linux), and the export then
 * writes them absolute. The path /proc gives is believed only when it is the same file (device and
 * inode) as stdout: a file renamed or deleted since the shell opened it is not.
 */
export function stdoutFileFolder(): string | undefined {
  try {
    const out = fstatSync(1);
    if (!out.isFile()) return undefined;
    const path = readlinkSync('/proc/self/fd/1');
    const named = statSync(path, { throwIfNoEntry: false });
    return path.startsWith('/') && named?.dev === out.dev && named.ino === out.ino ? dirname(path) : undefined;
  } catch {
    return undefined;
  }
}
