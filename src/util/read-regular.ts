/**
 * Reads a file ssdp keeps its own state in (an env's env.json and lock.json, revisions, the
 * resolution and metadata caches, the store's index.json, damage journal and pins, a workflow's run
 * lock and stamps; the stored files clean --verify re-hashes) only when it is a regular file. Opening a
 * FIFO for reading blocks until a writer comes, in the one synchronous read the process makes,
 * where no Ctrl-C or SIGTERM handler can run (the tester's s14 B5: `env list` hung, `clean`
 * needed kill -9). O_NONBLOCK makes the open return at once; the fstat of what was opened then
 * tells, without a window between a stat and the open.
 */
import { nonFolderWhat } from './path-kind.js';
// Not `import ... from 'node:fs'` (see env/prefix.ts): env.json is read on the activation fast path.
const { closeSync, constants, fstatSync, openSync, readFileSync } = process.getBuiltinModule('node:fs');

/** Thrown for a path that is not a regular file; `code` lets callers treat it like other read errors. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    /** 'a folder', 'a FIFO (named pipe)', 'a socket', 'a device'. */
    readonly what: string,
  ) {
    super(`${path} is ${what}, not a regular file`);
  }
}

/** The text of a regular file; ENOENT and other open errors as readFileSync throws them. */
export function readRegularFile(path: string): string {
  return readRegular(path, (fd) => readFileSync(fd, 'utf8'));
}

/** The bytes of a regular file (a stored package file being re-hashed), as readRegularFile. */
export function readRegularBytes(path: string): Buffer {
  return readRegular(path, (fd) => readFileSync(fd));
}

function readRegular<T>(path: string, read: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    // A socket cannot be opened at all.
    if ((e as NodeJS.ErrnoException).code === 'ENXIO') throw new NotRegularFileError(path, 'a socket');
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotRegularFileError(path, st.isDirectory() ? 'a folder' : nonFolderWhat(st));
    return read(fd);
  } finally {
    closeSync(fd);
  }
}
