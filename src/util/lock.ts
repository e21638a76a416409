/**
 * A cross-process lock on a path, for the package store (cleaning) and for one env at a time.
 *
 * Why a lock file created with O_EXCL and holding the owner's pid: creating it is atomic on local
 * file systems, so exactly one process wins; and a holder killed with -9 cannot clean up, so
 * waiters read the pid and break the lock when that process no longer exists. Breaking is itself
 * guarded by a short-lived `.break` file, otherwise two waiters could both see the dead pid and
 * the slower one would delete the lock the faster one just took.
 *
 * Not re-entrant: a process that calls withFileLock on a path it already holds waits for itself
 * until the timeout. Locks on a network file system shared between hosts are out of scope (the
 * pid check only means something on the same host; a lock from another host is never broken).
 */
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { SsdpError } from './errors.js';
import { isDying, processStartMs } from './proc-state.js';
import { NotRegularFileError, readRegularFile } from './read-regular.js';
import { makeFoldersSync } from './make-folders.js';

export interface LockOptions {
  /** Give up after this long (default 60 s) with E_LOCK_TIMEOUT. */
  timeoutMs?: number;
  /** Called once when the lock is busy and we start waiting, with the holder's pid if known. */
  onWait?: (holderPid: number | undefined) => void;
}

interface Holder {
  pid: number;
  host: string;
  time: number;
}

const HOST = hostname();
const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));
/** A `.break` guard older than this belongs to a breaker that died mid-way. */
const BREAK_GUARD_STALE_MS = 10_000;

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/** A lock that cannot be created because its folder is read-only: say so instead of a stack. */
function notWritable(path: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (!NOT_WRITABLE.has(code)) return e;
  return new SsdpError('E_NOT_WRITABLE', `cannot create the lock file ${path} (${code}): ${dirname(path)} is not writable, so nothing can be changed there.`, {
    hint: 'Use a writable ssdp root (--root DIR or SSDP_ROOT), or fix the permissions or mount; nothing was changed.',
    cause: e,
  });
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      try {
        makeFoldersSync(dirname(path));
      } catch (m) {
        throw notWritable(path, m);
      }
      return tryCreate(path);
    }
    throw notWritable(path, e);
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: HOST, time: Date.now() } satisfies Holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): Holder | undefined {
  try {
    const h = JSON.parse(readRegularFile(path)) as Holder; // a FIFO there would block for ever
    return typeof h.pid === 'number' ? h : undefined;
  } catch (e) {
    // A FIFO, folder or socket is no lock ssdp made: breaking it after 10 s as a lock whose
    // holder died mid-write (as it was, fix8c's note) deleted something of someone else's.
    if (e instanceof NotRegularFileError) throw notALockFile(path, e.what);
    return undefined; // gone, or being written right now
  }
}

function notALockFile(path: string, what: string): SsdpError {
  return new SsdpError('E_LOCK_NOT_A_FILE', `the lock file ${path} is ${what}, not a lock ssdp made, so ssdp cannot tell whether another ssdp command holds it.`, {
    hint: `If it is not yours, remove it (${what === 'a folder' ? 'rmdir' : 'rm'} ${path}) and run the command again; nothing was changed.`,
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isDying(pid); // killed with -9 but not yet reaped: it holds nothing any more
}

/** The holder's pid now belongs to a process started after the lock was taken: the holder is gone. */
function pidReused(holder: Holder): boolean {
  const started = processStartMs(holder.pid);
  return started !== undefined && started > holder.time + 2000;
}

/**
 * Whether the process that recorded itself as `pid` at `time` (ms since the epoch) on this host is
 * gone: dead, dying (kill -9 pending, a zombie), or its pid now another process's. The test a
 * stale lock is broken by; other things a killed process leaves behind use it too.
 */
export function ownerGone(pid: number, time: number): boolean {
  return !isProcessAlive(pid) || pidReused({ pid, time, host: HOST });
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Removes the lock at `path` if its holder is a dead process on this host. */
function breakIfStale(path: string): boolean {
  const holder = readHolder(path);
  if (!holder) {
    // A lock file with no readable holder: either being written (then it is young) or left
    // half-written by a killed process (then it stays unreadable). Only the latter is stale.
    try {
      if (Date.now() - statSync(path).mtimeMs < BREAK_GUARD_STALE_MS) return false;
    } catch {
      return true; // gone already
    }
  } else if (holder.host !== HOST || !ownerGone(holder.pid, holder.time)) {
    return false;
  }
  const guard = path + '.break';
  if (!tryCreate(guard)) {
    try {
      if (Date.now() - statSync(guard).mtimeMs > BREAK_GUARD_STALE_MS) unlinkQuiet(guard);
    } catch {
      /* gone */
    }
    return false;
  }
  try {
    // Re-check under the guard: the lock may have been broken and retaken meanwhile.
    const again = readHolder(path);
    if (holder ? again && again.pid === holder.pid && again.time === holder.time : !again) {
      unlinkQuiet(path);
      return true;
    }
    return false;
  } finally {
    unlinkQuiet(guard);
  }
}

/** Takes the lock if it is free (or stale) right now, without waiting; undefined when busy. */
export function tryFileLockSync(path: string): (() => void) | undefined {
  if (!tryCreate(path) && !(breakIfStale(path) && tryCreate(path))) return undefined;
  return () => unlinkQuiet(path);
}

/** Takes the lock or throws E_LOCK_TIMEOUT; returns the release function. */
export async function acquireFileLock(path: string, opts: LockOptions = {}): Promise<() => void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const start = Date.now();
  let delay = 5;
  let waited = false;
  for (;;) {
    if (tryCreate(path)) {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        unlinkQuiet(path);
      };
    }
    if (breakIfStale(path)) continue;
    if (!waited) {
      waited = true;
      opts.onWait?.(readHolder(path)?.pid);
    }
    if (Date.now() - start >= timeoutMs) {
      const holder = readHolder(path);
      throw new SsdpError('E_LOCK_TIMEOUT', `could not lock ${path} within ${Math.round(timeoutMs / 1000)} s: it is held by ${holder ? `process ${holder.pid} on ${holder.host}` : 'another process'}`, {
        hint: 'wait for the other ssdp command to finish; if no ssdp process is running, delete the lock file',
      });
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 100);
  }
}

/** Runs fn while holding an exclusive cross-process lock on `path` (a file that must not exist otherwise). */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const release = await acquireFileLock(path, opts);
  try {
    return await fn();
  } finally {
    release();
  }
}
