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
import { mkdirSync, readdirSync, realpathSync, renameSync, rmSync, existsSync, lstatSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive, tryFileLockSync } from '../util/lock.js';
import { SsdpError } from '../util/errors.js';
import { randomHex } from '../util/light-hash.js';
import { PENDING_FILE, recoverWhole } from './carry-over.js';
import { leftoverStem, META_DIR } from './prefix.js';
import { mountsAt } from './mounts.js';
import { removeWalk } from '../util/remove-tree.js';
import { makeFoldersSync } from '../util/make-folders.js';
import { liftHint } from '../util/file-attributes.js';

const STAGING = '.ssdp-staging-';
const TRASH = '.ssdp-trash-';
const REMOVING = '.ssdp-removing-';
const UNDELETABLE = '.ssdp-undeletable-';
/** The note left in a folder ssdp could not delete, saying what it is and what to do. */
export const UNDELETABLE_NOTE = 'SSDP-UNDELETABLE.txt';

/** A leftover folder next to target: `.STEM` + kind + id. */
function leftoverPath(target: string, kind: string, id: string): string {
  return join(dirname(target), `.${leftoverStem(basename(target))}${kind}${id}`);
}

function leftovers(target: string): { staging: string[]; trash: string[]; removing: string[]; undeletable: string[] } {
  const dir = dirname(target);
  const base = `.${leftoverStem(basename(target))}`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return { staging: [], trash: [], removing: [], undeletable: [] };
  }
  // A removing or staging folder ends in -PID (the process that made it), see makeStaging.
  const mine = (kind: string) => names.filter((n) => n.startsWith(base + kind) && /^[0-9a-f]+(-\d+)?$/.test(n.slice((base + kind).length))).map((n) => join(dir, n));
  return { staging: mine(STAGING), trash: mine(TRASH), removing: mine(REMOVING), undeletable: mine(UNDELETABLE) };
}

/**
 * Brings a prefix back to a consistent state after a crash. Call only while holding its lock.
 * Returns the folders it had to leave (a file in them refuses deletion): each set aside with a note.
 */
export function recoverPrefix(target: string): Stuck[] {
  const { staging, trash, removing, undeletable } = leftovers(target);
  const stuck: Stuck[] = [];
  const drop = (dir: string) => {
    const s = deleteOrSetAside(dir, target, 'an unfinished change');
    if (s) stuck.push(s);
  };
  for (const s of [...staging, ...removing]) drop(s);
  // Killed after the swap, before the user's folders moved in from the old revision: move them now.
  if (existsSync(target) && trash.length > 0) recoverWhole(target, trash);
  if (!existsSync(target) && trash.length > 0) {
    // Crash between the two renames: the newest trash is the previous env.
    renameSync(trash[trash.length - 1]!, target);
    trash.pop();
  }
  for (const t of trash) drop(t);
  // Set aside by an earlier change: tried again (the user may have lifted the attribute), and
  // left quietly if it still refuses; env list and clean name it.
  for (const u of undeletable) removeTree(u);
  return stuck;
}

/**
 * Whether a folder name is one ssdp gives its own folders next to an env (staging, trash, removing,
 * undeletable): such a folder is swept as a leftover, so it may never be an env itself (B3).
 */
export function isLeftoverName(name: string): boolean {
  return /^\..+\.ssdp-(staging|trash|removing|undeletable)-[0-9a-f]+(-\d+)?$/.test(name);
}

/** Whether ssdp left folders of its own next to target (a change running or killed, a set-aside old revision). */
export function hasLeftovers(target: string): boolean {
  return Object.values(leftovers(target)).some((l) => l.length > 0);
}

/**
 * Env names (in one folder's listing) whose env is missing but whose trash holds it: a crash
 * mid-swap. Given as leftoverStem (the name itself unless over 200 bytes): compare with that.
 */
export function interruptedSwaps(names: string[]): string[] {
  const present = new Set(names.map(leftoverStem));
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
  if ((existsSync(target) && !existsSync(join(target, META_DIR, PENDING_FILE))) || leftovers(target).trash.length === 0) return;
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
  // Named with our pid, so env list and clean can tell a killed create's leftover from a live one.
  const dir = leftoverPath(target, STAGING, `${randomHex(6)}-${process.pid}`);
  try {
    makeFoldersSync(dirname(target));
    mkdirSync(dir);
  } catch (e) {
    throw notWritable(target, e);
  }
  return dir;
}

/**
 * Puts the staging folder in place of target (replacing any existing env), atomically. Returns
 * the old revision when part of it could not be deleted (see deleteOrSetAside): the change is
 * made all the same.
 */
export function swapIn(staging: string, target: string, beforeDelete?: (trash: string) => void): Stuck | undefined {
  const trash = leftoverPath(target, TRASH, randomHex(6));
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
  if (!moved) return undefined;
  // What landed in the old folder after the staging copy was taken is moved over first; if that
  // fails the trash stays (the next change's recoverPrefix clears it) rather than lose a file.
  if (beforeDelete) beforeDelete(trash);
  return deleteOrSetAside(trash, target, 'the previous revision');
}

/**
 * Removes an env: rename away first (atomic; a crash later only leaves garbage), then delete. The
 * folder name carries our pid so `ssdp clean` can tell a killed remove's leftover from a live one.
 * Returns what could not be deleted (the env is gone from its place all the same).
 */
export function removeAtomically(target: string): Stuck | undefined {
  const trash = leftoverPath(target, REMOVING, `${randomHex(6)}-${process.pid}`);
  try {
    renameSync(target, trash);
  } catch (e) {
    throw notWritable(target, e);
  }
  return deleteOrSetAside(trash, target, 'the removed env');
}

/** A folder of ssdp's that could not be deleted whole, set aside under a name no change reuses. */
export interface Stuck {
  folder: string;
  /** What refused deletion (a few; files made immutable or append-only with chattr, usually). */
  files: string[];
  more: boolean;
  /** Volumes mounted in it, left alone (as folder paths after any set-aside rename). */
  mounts: string[];
}

/**
 * Deletes what it can of path and returns what refused (chattr +i / +a files, a folder it may
 * not list, a mounted volume): a user's protected file must not stop the change that has already
 * been made, nor every later one, as rmSync's first error did (A1).
 */
export function removeTree(path: string): string[] {
  const r = removeTreeReport(path);
  return [...r.mounts, ...r.refused];
}

/** What removeTreeReport could not delete: files that refused, and mount points it left alone. */
export interface Refusals {
  refused: string[];
  /** Volumes mounted at or inside the folder: never entered, so nothing on them is deleted. */
  mounts: string[];
}

/**
 * removeTree, telling mounted volumes apart. rmSync walks into a volume mounted inside the folder
 * and deletes its content (a leftover of a killed change with a volume bind-mounted into it, B4),
 * so when the kernel lists a mount at or under path, the walk goes by hand and stops at each one.
 */
export function removeTreeReport(path: string): Refusals {
  const mounts = lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ? mountsAt(path) : [];
  if (mounts.length === 0) return { refused: removeWalk(path, undefined), mounts: [] };
  // mountsAt names real paths; the walk goes by the name it was given.
  const real = realpathSync(path);
  const skip = new Set(mounts.map((m) => (m === real ? path : join(path, m.slice(real.length + 1)))));
  return { refused: removeWalk(path, skip), mounts: [...skip] };
}

/**
 * Deletes a folder of ssdp's next to target; when something in it refuses, the folder is renamed
 * to .NAME.ssdp-undeletable-HEX (so no crash recovery mistakes it for the env) with a note inside
 * saying what it was, and returned for a warning.
 */
function deleteOrSetAside(dir: string, target: string, what: string): Stuck | undefined {
  const { refused, mounts } = removeTreeReport(dir);
  if (refused.length === 0 && mounts.length === 0) return undefined;
  let folder = dir;
  // A folder holding a mount keeps its name: renaming it would move the user's mount point.
  if (!basename(dir).includes(UNDELETABLE) && mounts.length === 0) {
    const aside = leftoverPath(target, UNDELETABLE, randomHex(6));
    try {
      renameSync(dir, aside);
      folder = aside;
    } catch {
      // it keeps its name; the next change tries it again
    }
  }
  const moved = (f: string) => (f === dir ? folder : join(folder, f.slice(dir.length + 1)));
  const files = refused.map(moved);
  const mounted = mounts.map(moved);
  try {
    writeFileSync(
      join(folder, UNDELETABLE_NOTE),
      `This folder is what is left of ${what} of ${target}: ssdp deleted everything else in it, but these stayed\n` +
        (mounted.length ? `Volumes mounted here (not entered, nothing on them deleted; unmount them):\n` + mounted.map((f) => `  ${f}\n`).join('') : '') +
        (files.length ? `Refused to go (made immutable or append-only with chattr +i / +a, or in a folder ssdp may not change):\n` + files.map((f) => `  ${f}\n`).join('') : '') +
        `Nothing here is used by the env. Unmount what is mounted, lift the attribute (chattr -i FILE / chattr -a FILE) and run ssdp clean, or delete this folder yourself.\n`,
    );
  } catch {
    // a folder we may not write to (or a mount point itself): the warning still names it
  }
  return { folder, files: files.slice(0, 5), more: files.length > 5, mounts: mounted };
}

/** The warning for a folder set aside by deleteOrSetAside. */
export function stuckWarning(s: Stuck): string {
  if (s.mounts.length > 0) return mountedLeftoverWarning(s.folder, s.mounts, s.files);
  const code = 'E_UNDELETABLE';
  return (
    `${code}: ${s.files.join(', ')}${s.more ? ' and more' : ''} could not be deleted (immutable or append-only: chattr +i / +a?), so ${s.folder} stays, with a note (${UNDELETABLE_NOTE}) in it. ` +
    `Nothing in it is part of the env, and the command went ahead. Lift the attribute (${s.files[0] ? liftHint(s.files[0]).lift : 'chattr -i -a FILE'}) and run ssdp clean, or delete that folder yourself.`
  );
}

/** The warning for a folder of ssdp's kept because volumes are mounted in it (and, maybe, files refused too). */
export function mountedLeftoverWarning(folder: string, mounts: string[], refused: string[]): string {
  return (
    `E_ENV_MOUNT_POINT: ${folder} stays: a volume is mounted at ${mounts.slice(0, 3).join(', ')}${mounts.length > 3 ? ' and more' : ''}, and ssdp never deletes inside a mounted volume, so nothing on it was touched` +
    (refused.length ? `; ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ' and more' : ''} also refused deletion (chattr +i / +a?)` : '') +
    '. Nothing in it is part of an env. Unmount the volume (umount PATH) and run ssdp clean to delete the folder.'
  );
}

/** A leftover folder next to an env: what it is, for env list and clean. */
export interface Leftover {
  path: string;
  kind: 'create' | 'remove' | 'undeletable';
}

/**
 * Leftovers in `dir` that no live ssdp process owns: a killed create's staging folder, a killed
 * env remove's renamed-away env (both named with their pid, which is gone; an older ssdp's
 * without a pid count as gone), and folders set aside as undeletable. `names` restricts them to
 * those envs (a user's folder holding -p envs: only what ssdp made next to those).
 */
export function deadLeftovers(dir: string, names?: Set<string>): Leftover[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const stems = names && new Set([...names].map(leftoverStem));
  return entries.sort().flatMap((n): Leftover[] => {
    const m = /^\.(.+)\.ssdp-(staging|removing|undeletable)-[0-9a-f]+(?:-(\d+))?$/.exec(n);
    if (!m || (stems && !stems.has(m[1]!))) return [];
    if (m[2] !== 'undeletable' && m[3] !== undefined && isProcessAlive(Number(m[3]))) return [];
    return [{ path: join(dir, n), kind: m[2] === 'staging' ? 'create' : m[2] === 'removing' ? 'remove' : 'undeletable' }];
  });
}

/**
 * `.NAME.ssdp-removing-HEX[-PID]` folders in `dir` left by an `env remove` that was killed: its pid
 * is gone (or was never recorded, by an older ssdp). Those of a live remove are not listed.
 */
export function deadRemovals(dir: string): string[] {
  return deadLeftovers(dir).flatMap((l) => (l.kind === 'remove' ? [l.path] : []));
}
