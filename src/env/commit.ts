/**
 * The one way an env changes on disk: fetch what the lock needs into the store, link it into a
 * fresh staging folder, write ssdp-meta (env.json, lock.json, history/ with the new revision),
 * then swap the staging folder in. Nothing outside the staging folder changes before the swap, so
 * any failure (or kill -9) leaves the previous env as it was.
 */
import { chmodSync, chownSync, cpSync, linkSync, lstatSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import type { ProgressBar, Reporter } from '../util/reporter.js';
import { maskUrlCredentials } from '../util/errors.js';
import { withFileLock } from '../util/lock.js';
import { nonFolderWhat } from '../util/path-kind.js';
import { BIN_WRAPPER_FORM, prefixLayout, readEnvState, rootLayout, type EnvState } from './prefix.js';
import { diffLocks, revisionFileName, type Revision } from './revisions.js';
import { makeStaging, recoverPrefix, removeTree, stuckWarning, swapIn } from './swap.js';
import { envLockPath, forgetEnv, looksLikeEnv, recordEnv, type EnvTarget } from './target.js';
import { carryLate, carryOver, ownershipOf, storeFiles, writePending, type CarryResult, type Ownership } from './carry-over.js';
import { readCurrentLock } from './current.js';
import { checkOldLock, type BadLockEntry } from './lock-vs-store.js';
import { refuseMounts } from './mounts.js';
import { builtBefore } from './built-before.js';
import { atCommitPoint } from '../util/commit-point.js';
import { onStop } from '../util/stop-on-exit.js';

export interface StoreSettings {
  offline?: boolean;
  reporter: Reporter;
}

/**
 * Runs fn holding the env's cross-process lock, after repairing what a crashed earlier run may
 * have left (staging or trash folders). Every read-modify-write of an env goes through here so
 * two ssdp processes changing one env serialise.
 */
export async function withEnvLock<T>(t: EnvTarget, reporter: Reporter, fn: () => Promise<T>): Promise<T> {
  return withFileLock(
    envLockPath(t),
    async () => {
      for (const stuck of recoverPrefix(t.prefix)) reporter.warn(stuckWarning(stuck));
      try {
        return await fn();
      } catch (e) {
        // Loaded only on a failure: modules less for every change that succeeds.
        const [{ diskFullError }, { pathTooLongError }] = await Promise.all([import('../util/disk-full.js'), import('../util/path-too-long.js')]);
        throw pathTooLongError(diskFullError(e, t.prefix), t.prefix);
      }
    },
    { timeoutMs: 30 * 60_000, onWait: (pid) => reporter.info(`waiting for another ssdp process${pid ? ` (pid ${pid})` : ''} changing ${t.prefix} ...`) },
  );
}

export interface Trust {
  channels?: string[];
  lockFile?: string;
}

/**
 * Tarballs may come from registries the user configured: the npm config's (checked in the
 * store) and the env's channels, but never from a lockfile's own say-so (W: issue 8, item 7).
 */
async function trustedRegistriesOf(trust: Trust): Promise<string[]> {
  if (trust.lockFile !== undefined) return [];
  const { channelToRegistry } = await import('../resolve/registry-config.js');
  return (trust.channels ?? []).map((c) => channelToRegistry(c));
}

/**
 * What a real change checks about a lock before it links anything, for --dry-run: every
 * `resolved` on a trusted registry, and each package already in the store the one its entry
 * names (a package not yet stored is checked by the real run once fetched).
 */
export async function checkLockTrust(root: string, lock: Lockfile, trust: Trust): Promise<void> {
  const [{ checkSources, checkManifest }, { entryDir, hasEntry, readIndex }, { integrityKey }] = await Promise.all([
    import('../store/trust.js'),
    import('../store/cas.js'),
    import('../store/integrity.js'),
  ]);
  await checkSources(lock, undefined, { trustedRegistries: await trustedRegistriesOf(trust), source: trust.lockFile });
  const storeDir = rootLayout(root).store;
  for (const p of lock.packages) {
    const key = integrityKey(p.integrity);
    const dir = key && entryDir(storeDir, key);
    if (!dir || !hasEntry(dir)) continue;
    let index;
    try {
      index = readIndex(dir);
    } catch {
      continue; // damaged: the real run fetches it again, then checks it
    }
    checkManifest(p, index, dir, trust.lockFile);
  }
}

/**
 * The old revisions into the new prefix's history. cpSync cannot copy a FIFO, socket or device
 * (the tester's try8h H1: ERR_FS_CP_FIFO_PIPE, a stack on every install and remove), so those are
 * hardlinked instead: the change goes on and `list --revisions` still names that revision as
 * damaged, as it does for a revision file of junk. Where no link can be made, it is left out and said.
 */
function carryHistory(from: string, to: string, warn: (m: string) => void): void {
  const special: [string, string, string][] = [];
  cpSync(from, to, {
    recursive: true,
    filter: (src, dest) => {
      const st = lstatSync(src, { throwIfNoEntry: false });
      if (!st || st.isFile() || st.isDirectory() || st.isSymbolicLink()) return true;
      special.push([src, dest, nonFolderWhat(st)]);
      return false;
    },
  });
  for (const [src, dest, what] of special) {
    try {
      linkSync(src, dest);
    } catch (e) {
      warn(`${src} is ${what}, not a revision, and could not be kept (${(e as NodeJS.ErrnoException).code}): it is left out of the env's history; that revision cannot be restored`);
    }
  }
}

/** Downloads missing packages into the store, with the reporter's progress bar on a terminal. */
export async function openStore(root: string, s: StoreSettings, trust: Trust = {}) {
  const [{ createStore }, trustedRegistries] = await Promise.all([import('../store/store.js'), trustedRegistriesOf(trust)]);
  let bar: ProgressBar | undefined;
  const onProgress = s.reporter.interactive && !s.reporter.json
    ? (done: number, total: number, name: string) => (bar ??= s.reporter.progress({ label: 'fetching', total })).update(done, total, name)
    : undefined;
  const store = createStore({ storeDir: rootLayout(root).store, concurrency: 16, offline: s.offline, onProgress, trustedRegistries, lockSource: trust.lockFile });
  return {
    store,
    done: () => bar?.stop(),
  };
}

export interface ChangeRequest {
  lock: Lockfile;
  state: Omit<EnvState, 'revision'>;
  /** The command line recorded in the revision. */
  command: string;
  /** Start a fresh history (create / create --force) instead of continuing the old one. */
  freshHistory: boolean;
  /** The lockfile the lock was read from (create -f LOCK): its registry is not trusted by itself. */
  lockFile?: string;
}

/**
 * Who owns what in the env as it is now (before the change). Entries of its lock.json that are
 * not the package the store holds under their integrity (a hand edit) are in `bad`, and ownership
 * is read from the current revision's record for them instead (see lock-vs-store.ts).
 */
function oldOwnership(t: EnvTarget): { oldLock?: Lockfile; owned: Ownership; bad: BadLockEntry[] } {
  let oldLock: Lockfile | undefined;
  try {
    oldLock = looksLikeEnv(t.prefix, t.named) ? readCurrentLock(t.prefix) : undefined;
  } catch {
    oldLock = undefined; // damaged: every folder in lib/node_modules is kept aside (see carry-over.ts)
  }
  const storeDir = rootLayout(t.root).store;
  const checked = oldLock ? checkOldLock(t.prefix, storeDir, oldLock) : undefined;
  return { oldLock: checked?.lock, owned: ownershipOf(checked?.lock, storeFiles(storeDir)), bad: checked?.bad ?? [] };
}

/** Carries what the user added to the env being replaced into the staging folder (see carry-over.ts). */
function keepUserFiles(t: EnvTarget, staging: string, newLock: Lockfile, keptName: string, reporter: Reporter, old: () => ReturnType<typeof oldOwnership>): CarryResult {
  const prefix = t.prefix;
  if (!looksLikeEnv(prefix, t.named)) return { carried: [], keptAside: [], fromPackages: [], edited: [], editedAside: [], inPlaceAside: [], whole: [] };
  const { oldLock, owned, bad } = old();
  const lockFile = prefixLayout(prefix).lockFile;
  for (const b of bad) {
    reporter.warn(
      `${lockFile}: the entry ${b.entry.name}@${b.entry.version} (lib/node_modules/${b.entry.path}) names the integrity of ${b.holds} in the store, not of ${b.entry.name}@${b.entry.version} (the file was edited?); ` +
        (b.fromRevision !== undefined
          ? `ssdp took that entry from revision ${b.fromRevision}'s record (ssdp-meta/history) instead, and this change writes a correct lock.json.`
          : `no record of the revision has the right one, so that folder is treated as not a package's (kept aside if the new revision puts a package there). This change writes a correct lock.json.`),
    );
  }
  const now = new Map(newLock.packages.map((p) => [p.path, p.integrity]));
  const before = new Map((oldLock?.packages ?? []).map((p) => [p.path, p.integrity]));
  const r = carryOver(prefix, staging, owned, keptName, (p) => now.get(p) !== undefined && now.get(p) === before.get(p));
  for (const [was, now] of r.keptAside) {
    // Linking writes only lib/, bin/ and ssdp-meta/: anything else in staging an allowed install script of this change wrote.
    const byScript = !/^(lib|bin|ssdp-meta)(\/|$)/.test(was);
    reporter.warn(`${join(prefix, was)} (not from a package) is where ${byScript ? 'an install script this change ran wrote a file' : 'the new revision puts a package file'}; it was kept at ${join(prefix, now)}.`);
  }
  const unknown = oldLock ? [] : r.fromPackages;
  if (unknown.length) {
    const shown = unknown.slice(0, 5).map(([was]) => was.slice('lib/node_modules/'.length)).join(', ');
    reporter.warn(
      `the old lock of ${prefix} could not be read, so ssdp cannot tell its packages from your own folders in lib/node_modules; ` +
        `all ${unknown.length} entries (${shown}${unknown.length > 5 ? ', ...' : ''}) were kept under ${join(prefix, 'ssdp-kept', keptName)}. Delete what you do not need.`,
    );
  }
  for (const [was, now] of oldLock ? r.fromPackages : []) {
    reporter.warn(`${join(prefix, was)} is yours (no package put it there), and its package changed; it was kept at ${join(prefix, now)}.`);
  }
  if (r.edited.length) {
    const shown = r.edited.slice(0, 5).map((e) => join(prefix, e)).join(', ');
    reporter.info(`kept your own version of ${shown}${r.edited.length > 5 ? ` and ${r.edited.length - 5} more` : ''} (differs from the package's; this change leaves that package as it is)`);
  }
  for (const [was, now] of r.inPlaceAside) {
    reporter.warn(`${join(prefix, was)} was the store's copy edited in place (so every env sharing it ran the edit); the env has the clean copy again, and the edited file was kept at ${join(prefix, now)}.`);
  }
  for (const [was, now] of r.editedAside) {
    reporter.warn(`${join(prefix, was)} differs from the file its package put there (your edit?), and this change replaces or removes that package; your version was kept at ${join(prefix, now)}.`);
  }
  return r;
}

/**
 * The env folder keeps its own mode, owner and group across a change (PM1): made private
 * (chmod 700) or shared with a lab (chgrp lab, g+ws), it is not opened up or handed to whoever
 * ran the install, as conda, which changes in place, would not either. Owner first: chown
 * drops set-id bits that chmod then puts back. (An ACL is not copied.)
 */
function keepFolderMode(prefix: string, staging: string): number | undefined {
  const st = lstatSync(prefix, { throwIfNoEntry: false });
  if (!st?.isDirectory()) return undefined;
  const now = lstatSync(staging);
  if (st.uid !== now.uid || st.gid !== now.gid) {
    try {
      chownSync(staging, st.uid, st.gid);
    } catch {
      // not root: a user may give a folder only to a group of their own; the mode still follows
      try {
        chownSync(staging, now.uid, st.gid);
      } catch {
        /* the new folder stays ours */
      }
    }
  }
  // Writable by its owner until late writes are moved in (see swapIn); the exact mode after.
  chmodSync(staging, (st.mode & 0o7777) | 0o700);
  return st.mode & 0o7777;
}

/** Builds the env from the lock in staging and swaps it in. Call inside withEnvLock. */
export async function commitEnv(t: EnvTarget, change: ChangeRequest, s: StoreSettings): Promise<Revision> {
  refuseMounts(t.prefix, 'change the env at');
  const oldState = change.freshHistory ? undefined : readEnvState(t.prefix);
  const oldLock = change.freshHistory ? undefined : readCurrentLock(t.prefix);
  const { store, done } = await openStore(t.root, s, { channels: change.state.channels, lockFile: change.lockFile });
  try {
    await store.ensure(change.lock, { allowScripts: change.state.allowScripts });
  } finally {
    done();
  }
  // Known before its staging folder exists, so env list and clean find that folder next to it
  // if this process is killed before the swap (K1).
  recordEnv(t);
  let staging: string;
  try {
    staging = makeStaging(t.prefix);
  } catch (e) {
    // Refused before anything was made (E_NOT_WRITABLE: "nothing was changed"): a create leaves
    // no record, or env list shows a phantom env and clean stops pruning (tester s18 try8k K11).
    if (!looksLikeEnv(t.prefix)) forgetEnv(t);
    throw e;
  }
  // A stop signal before the commit point ends the process from its handler, which may come
  // before this flow reaches the commit point: the staging folder goes with the store's temp
  // folders, and so does a new env's record (or env list would show a phantom env).
  const dropStaging = (): void => {
    removeTree(staging);
    if (!looksLikeEnv(t.prefix)) forgetEnv(t);
  };
  const unregister = onStop(async () => dropStaging(), dropStaging);
  try {
    // The old env's ownership is read once for the link and both walks: the env lock is held, so
    // its lock cannot change meanwhile (a new env has no lock: nothing to read, nothing to carry).
    let old: ReturnType<typeof oldOwnership> | undefined;
    const ownership = () => (old ??= oldOwnership(t));
    await store.link(change.lock, staging, {
      allowScripts: change.state.allowScripts,
      onWarning: (m) => s.reporter.warn(m),
      nodeGyp: async () => (await import('./node-gyp.js')).provideNodeGyp(t.root, change.state.channels, s),
      builtBefore: oldState?.allowScripts?.length ? builtBefore(t.prefix, ownership().oldLock, oldState.allowScripts, change.lock) : undefined,
    });
    const revisionNumber = oldState ? oldState.revision + 1 : 0;
    const carried = keepUserFiles(t, staging, change.lock, `rev-${revisionNumber}-${Date.now()}`, s.reporter, ownership);
    const meta = prefixLayout(staging);
    mkdirSync(meta.history, { recursive: true });
    const oldHistory = prefixLayout(t.prefix).history;
    if (oldState && existsSync(oldHistory)) carryHistory(oldHistory, meta.history, (m) => s.reporter.warn(m));
    const revision: Revision = {
      revision: revisionNumber,
      date: new Date().toISOString(),
      // shown by list --revisions, never run: a URL's secret is recorded as *** (the lock keeps it to fetch)
      command: maskUrlCredentials(change.command),
      state: change.state,
      lock: change.lock,
      diff: diffLocks(oldLock, change.lock),
    };
    const state: EnvState = { ...change.state, revision: revision.revision, node: change.lock.node?.version, wrappers: BIN_WRAPPER_FORM };
    const { serializeLock } = await import('../resolve/lockfile.js');
    writeFileSync(join(meta.history, revisionFileName(revision.revision)), JSON.stringify(revision, null, 1) + '\n');
    writeFileSync(meta.lockFile, serializeLock(change.lock));
    writeFileSync(meta.stateFile, JSON.stringify(state, null, 2) + '\n');
    writePending(staging, carried.whole);
    const mode = keepFolderMode(t.prefix, staging);
    const late = ownership(); // before the swap: afterwards t.prefix is the new revision
    // The commit point: a stop signal before it abandons the change, one after it lets the change finish (see util/commit-point.ts).
    const stuck = await atCommitPoint(`${t.prefix} is now at revision ${revision.revision}`, () =>
      swapIn(staging, t.prefix, (trash) => {
        for (const r of carryLate(trash, t.prefix, late.owned, carried)) s.reporter.info(`kept ${join(t.prefix, r)}, written while the change ran`);
      }),
    );
    if (mode !== undefined) chmodSync(t.prefix, mode);
    if (stuck) s.reporter.warn(stuckWarning(stuck));
    // Again: another process's env remove may have dropped it from the list while this one built.
    recordEnv(t);
    return revision;
  } catch (e) {
    removeTree(staging);
    if (!looksLikeEnv(t.prefix)) forgetEnv(t);
    throw e;
  } finally {
    unregister();
  }
}
