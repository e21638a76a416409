/**
 * Atomic output files: everything is written under a temporary name in the same folder and
 * renamed onto its final name only when complete, so an interrupted or failed run never leaves a
 * half-written output under a name a user (or an incremental re-run) would trust.
 *
 * Temporary names are `.<name>.<pid>.<random>.ssdp-tmp`; `removeStaleTemps` deletes those whose
 * process is gone (a run killed with SIGKILL cannot clean up after itself).
 */
// node:fs/promises through fs.promises, read at each call: the bundle then loads it (~8 M instructions with
// the readline and stream modules it pulls in) only when a command awaits one; a warm create awaits none.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const TMP_SUFFIX = '.ssdp-tmp';
const TMP_RE = /^\..+\.(\d+)\.[0-9a-f]+\.ssdp-tmp$/;

export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`);
}

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempNameFor(path);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** A file being written under a temporary name; `commit` renames it into place. */
export interface AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  readonly handle: FileHandle;
  /** Writes at the current end (or at `position` when given). */
  write(data: Uint8Array, position?: number): Promise<void>;
  commit(): Promise<void>;
  /** Closes and deletes the temporary file; safe to call after a failed commit. */
  abort(): Promise<void>;
}

export async function openAtomic(path: string): Promise<AtomicFile> {
  const tempPath = tempNameFor(path);
  const handle = await fsp.open(tempPath, 'wx');
  let closed = false;
  let offset = 0;
  return {
    path,
    tempPath,
    handle,
    async write(data, position) {
      let done = 0;
      const at = position ?? offset;
      while (done < data.byteLength) {
        const { bytesWritten } = await handle.write(data, done, data.byteLength - done, at + done);
        done += bytesWritten;
      }
      if (position === undefined) offset += data.byteLength;
    },
    async commit() {
      closed = true;
      await handle.close();
      await fsp.rename(tempPath, path);
    },
    async abort() {
      if (!closed) {
        closed = true;
        await handle.close().catch(() => undefined);
      }
      await fsp.rm(tempPath, { force: true });
    },
  };
}

/** Deletes temporary files left in `dir` by runs whose process no longer exists. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TMP_RE.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue; // still being written
    await fsp.rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
