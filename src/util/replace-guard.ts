/**
 * What a file ssdp writes by renaming it into place (the performance report, the workflow's
 * --graph picture) may replace: nothing, or a regular file that carries ssdp's mark. A rename over
 * a device, FIFO or socket (or a link to one, /dev/stdout) would replace the node itself, and
 * opening a FIFO to look inside would block.
 */
import { closeSync, lstatSync, openSync, readSync, statSync } from 'node:fs';

/** The first `bytes` of a regular file (undefined for anything else or when it cannot be read): where ssdp's marks are. */
export function headOf(file: string, bytes = 1024): string | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Whether a regular file is at `path` (false when nothing is); throws `refuse(why)` for a folder,
 * a device, FIFO or socket, or a symbolic link to nothing.
 */
export function regularFileAt(path: string, refuse: (why: string) => Error): boolean {
  const quiet = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  const link = quiet(() => lstatSync(path));
  const st = link && quiet(() => statSync(path));
  if (st?.isDirectory()) throw refuse('it is a folder');
  if (link && !st?.isFile()) throw refuse(st ? 'it is not a regular file (a device, FIFO or socket, or a link to one)' : 'it is a symbolic link to nothing');
  return st !== undefined;
}
