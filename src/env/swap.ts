/**
 * Atomic replacement of a whole env folder. A new env is built in a staging folder next to the
 * target (same filesystem, so renames are atomic), then swapped in:
 *
 *   TARGET -> .TARGET.ssdp-trash-ID     (only when an old env exists)
 *   .TARGET.ssdp-staging-ID -> TARGET
 *   delete the trash
 *
 * A kill between the two renames leaves no TARGET but a trash folder holding the old env;
 * `recoverPrefix` (run under the env's lock before every change) renames it back, so after any
 * crash the user sees the previous env or none, never a half-built one.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isProcessAlive, tryFileLockSync } from '../util/lock.js';
import { SsdpError } from '../util/errors.js';

const STAGING = '.ssdp-staging-';
const TRASH = '.ssdp-trash-';
const REMOVING = '.ssdp-removing-';

function leftovers(target: string): { staging: string[]; trash: string[]; removing: string[] } {
  const dir = dirname(target);
  const base = `.${basename(target)}`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return { staging: [], trash: [], removing: [] };
  }
  // A removing folder ends in -PID (the process deleting it), see removeAtomically.
  const mine = (kind: string) => names.filter((n) => n.startsWith(base + kind) && /^[0-9a-f]+(-\d+)?$/.test(n.slice((base + kind).length))).map((n) => join(dir, n));
  return { staging: mine(STAGING), trash: mine(TRASH), removing: mine(REMOVING) };
}

/** Brings a prefix back to a consistent state after a crash. Call only while holding its lock. */
export function recoverPrefix(target: string): void {
  const { staging, trash, removing } = leftovers(target);
  for (const s of [...staging, ...removing]) rmSync(s, { recursive: true, force: true });
  if (!existsSync(target) && trash.length > 0) {
    // Crash between the two renames: the newest trash is the previous env.
    renameSync(trash[trash.length - 1]!, target);
    trash.pop();
  }
  for (const t of trash) rmSync(t, { recursive: true, force: true });
}

/** Env names (in one folder's listing) whose env is missing but whose trash holds it: a crash mid-swap. */
export function interruptedSwaps(names: string[]): string[] {
  const present = new Set(names);
  const out = new Set<string>();
  for (const n of names) {
    const m = /^\.(.+)\.ssdp-trash-[0-9a-f]+$/.exec(n);
    if (m && !present.has(m[1]!)) out.add(m[1]!);
  }
  return [...out];
}

/**
 * For read commands (`list`, `run`, `env list`): when a crash left the env only as its trash
 * folder, put it back now instead of reporting no env. Takes the env's lock without waiting: a
 * busy lock means a live change is mid-swap and is about to finish it itself. A read-only root
 * cannot be repaired; the read then reports what is there.
 */
export function repairInterruptedSwap(target: string, lockPath: string): void {
  if (existsSync(target) || leftovers(target).trash.length === 0) return;
  let release: (() => void) | undefined;
  try {
    release = tryFileLockSync(lockPath);
    if (release) recoverPrefix(target);
  } catch {
    /* read-only: leave it to the next change */
  } finally {
    release?.();
  }
}

/** A read-only or forbidden env folder: a coded error naming it instead of a stack. */
function notWritable(target: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (!['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes(code)) return e;
  return new SsdpError('E_NOT_WRITABLE', `cannot change ${target} (${code}): ${dirname(target)} is not writable here, so the env cannot be built or changed there.`, {
    hint: 'Give -p a folder on a writable file system, or fix its permissions or mount; nothing was changed.',
    cause: e,
  });
}

/** Creates a fresh, empty staging folder for `target`. */
export function makeStaging(target: string): string {
  const dir = join(dirname(target), `.${basename(target)}${STAGING}${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    mkdirSync(dir);
  } catch (e) {
    throw notWritable(target, e);
  }
  return dir;
}

/** Puts the staging folder in place of target (replacing any existing env), atomically. */
export function swapIn(staging: string, target: string, beforeDelete?: (trash: string) => void): void {
  const trash = join(dirname(target), `.${basename(target)}${TRASH}${randomBytes(6).toString('hex')}`);
  let moved = false;
  if (existsSync(target)) {
    renameSync(target, trash);
    moved = true;
  }
  try {
    renameSync(staging, target);
  } catch (e) {
    if (moved) renameSync(trash, target);
    throw e;
  }
  if (!moved) return;
  // What landed in the old folder after the staging copy was taken is moved over first; if that
  // fails the trash stays (the next change's recoverPrefix clears it) rather than lose a file.
  if (beforeDelete) beforeDelete(trash);
  rmSync(trash, { recursive: true, force: true });
}

/**
 * Removes an env: rename away first (atomic; a crash later only leaves garbage), then delete. The
 * folder name carries our pid so `ssdp clean` can tell a killed remove's leftover from a live one.
 */
export function removeAtomically(target: string): void {
  const trash = join(dirname(target), `.${basename(target)}${REMOVING}${randomBytes(6).toString('hex')}-${process.pid}`);
  try {
    renameSync(target, trash);
  } catch (e) {
    throw notWritable(target, e);
  }
  rmSync(trash, { recursive: true, force: true });
}

/**
 * `.NAME.ssdp-removing-HEX[-PID]` folders in `dir` left by an `env remove` that was killed: its pid
 * is gone (or was never recorded, by an older ssdp). Those of a live remove are not listed.
 */
export function deadRemovals(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = /^\..+\.ssdp-removing-[0-9a-f]+(?:-(\d+))?$/.exec(n);
    if (!m || (m[1] !== undefined && isProcessAlive(Number(m[1])))) return [];
    return [join(dir, n)];
  });
}
