/**
 * One `ssdp run` per workflow at a time: two runs would pick the same steps and write the same
 * files. The lock is .ssdp/run.lock (src/util/lock.ts: holder pid inside, broken when that
 * process is gone, so a kill -9'd run never blocks the next one).
 */
import { join } from 'node:path';
import { acquireFileLock } from '../util/lock.js';
import { SsdpError } from '../util/errors.js';
import type { Reporter } from '../util/reporter.js';
import { readRegularFile } from '../util/read-regular.js';

export const runLockFile = (root: string) => join(root, '.ssdp', 'run.lock');

function holderText(file: string): string {
  try {
    const h = JSON.parse(readRegularFile(file)) as { pid?: number; host?: string; time?: number };
    return `pid ${h.pid} on ${h.host}, started ${h.time ? new Date(h.time).toISOString() : 'at an unknown time'}`;
  } catch {
    return 'a process that is just starting or stopping';
  }
}

/** Takes the workflow's run lock; waits for it only when `wait`. Returns the release function. */
export async function lockWorkflow(root: string, opts: { wait?: boolean; reporter: Reporter }): Promise<() => void> {
  const file = runLockFile(root);
  try {
    return await acquireFileLock(file, {
      timeoutMs: opts.wait ? Number.POSITIVE_INFINITY : 0,
      onWait: () => opts.wait && opts.reporter.info(`waiting for the other ssdp run of this workflow to finish (${holderText(file)})`),
    });
  } catch (e) {
    if ((e as SsdpError).code !== 'E_LOCK_TIMEOUT') throw e;
    throw new SsdpError('E_WORKFLOW_BUSY', `Another ssdp run is working in ${root} (${holderText(file)}).`, {
      hint: `Wait for it to finish, or pass --wait-lock to start when it has. A run that was killed does not hold the lock (its pid is checked); if that process is not ssdp, delete ${file}.`,
    });
  }
}
