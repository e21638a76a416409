/**
 * The store as the env layer sees it: `ensure` fills it from a lock (a stat per package when
 * warm), `link` materialises a lock into a fresh prefix. Nothing heavy is imported here: the
 * downloader (fetch, crypto, tar) is loaded only when a tarball is missing, execa only when an
 * allowed script must run.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SsdpError, holdsUrlSecret } from '../util/errors.js';
import { withFileLock } from '../util/lock.js';
import { onStop } from '../util/stop-on-exit.js';
import { beforeFileLoop } from '../util/short-lived.js';
import { prefixLayout } from '../env/prefix.js';
import { PINNED_NODE, nodeBinOwner, writeNodeShim } from '../env/node-shim.js';
import type { Lockfile } from '../resolve/types.js';
import { FILES_DIR, entryDir, hasEntry, pinsDir, readIndex, storeLockPath, unreadableIndex, type PackageIndex } from './cas.js';
import type { StoreItem } from './fetch-package.js';
import { parseIntegrity } from './integrity.js';
import { importFile, importPackage, linkBuiltFolder, type ImportState } from './link.js';
import { BIN_NAMES, linkBins, makeExecutable, relinkBinsAfterScripts, type BinSource } from './bins.js';
import type { ScriptTarget } from './scripts.js';
import { checkManifest, checkSources, storedDamage } from './trust.js';
import type { LinkOptions, Store, StoreOptions } from './types.js';
import { makeFoldersSync } from '../util/make-folders.js';

let instances = 0;
/** Pin files of this process, removed when it exits (a killed process's are swept by clean). */
const ownPins = new Set<string>();
const dropPins = () => {
  for (const f of ownPins) rmSync(f, { force: true });
};

function itemsOf(lock: Lockfile, storeDir: string): StoreItem[] {
  const raw = lock.packages.map((p) => ({ name: p.name, version: p.version, resolved: p.resolved, integrity: p.integrity }));
  if (lock.node) raw.push({ name: lock.node.package, version: lock.node.version, resolved: lock.node.resolved, integrity: lock.node.integrity });
  const seen = new Map<string, StoreItem>();
  for (const r of raw) {
    const parsed = parseIntegrity(r.integrity, `${r.name}@${r.version}`);
    const dir = entryDir(storeDir, `${parsed.algorithm}-${parsed.hex}`);
    if (!seen.has(dir)) seen.set(dir, { ...r, parsed, dir });
  }
  return [...seen.values()];
}

/** Runs fn over items with at most `limit` in flight; the first failure stops new starts. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { e: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failure ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.e;
}

export function createStore(opts: StoreOptions): Store {
  const { storeDir } = opts;
  const pinFile = join(pinsDir(storeDir), `${process.pid}-${++instances}.json`);
  const pinned = new Set<string>();

  /** Records (under the store lock) that this process is about to use these entries. */
  const pin = async (items: StoreItem[]) => {
    const before = pinned.size;
    for (const i of items) pinned.add(`${i.parsed.algorithm}-${i.parsed.hex}`);
    if (pinned.size === before) return;
    try {
      makeFoldersSync(pinsDir(storeDir));
    } catch (e) {
      // A fresh store on a read-only mount (or chattr +i): the first folder ssdp makes in it is
      // where that shows, so say it here as the store lock does once the store exists (s18 try8k K6).
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (!['EACCES', 'EPERM', 'EROFS'].includes(code)) throw e;
      throw new SsdpError('E_NOT_WRITABLE', `cannot create the folder ${(e as NodeJS.ErrnoException).path ?? pinsDir(storeDir)} in the package store (${code}): ${storeDir} is not writable, so no package can be stored.`, {
        hint: 'Use a writable ssdp root (--root DIR or SSDP_ROOT), or fix the permissions or mount of the store; nothing was changed.',
        cause: e,
      });
    }
    await withFileLock(storeLockPath(storeDir), () => writeFileSync(pinFile, JSON.stringify([...pinned])));
    // On a plain exit and on a stopping signal alike (a Ctrl-C mid-download left them behind).
    if (!ownPins.size) onStop(async () => dropPins(), dropPins);
    ownPins.add(pinFile);
  };

  return {
    async ensure(lock: Lockfile, eo: { allowScripts?: string[] } = {}) {
      await checkSources(lock, opts.allowedHosts, { trustedRegistries: opts.trustedRegistries, source: opts.lockSource });
      const items = itemsOf(lock, storeDir);
      await pin(items);
      const missing = items.filter((i) => !hasEntry(i.dir));
      if (!missing.length) return;
      if (opts.offline) {
        const names = missing.map((i) => `${i.name}@${i.version}`);
        throw new SsdpError('E_OFFLINE_MISSING', `offline, and the package store lacks ${names.length} package${names.length > 1 ? 's' : ''} of this env: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}`, {
          hint: 'run once without --offline to fetch them into the store',
        });
      }
      // Downloading pulls in fetch, hashing and tar: loaded only when something is missing.
      const { fetchIntoStore, sweepAbandoned } = await import('./fetch-package.js');
      const { configuredAuth } = await import('./fetch-tarball.js'); // loaded by fetch-package
      sweepAbandoned(storeDir);
      // The npm config's credentials, read once for all of this lock's downloads.
      const auth = configuredAuth();
      let done = 0;
      await pool(missing, opts.concurrency ?? 16, async (item) => {
        await fetchIntoStore(storeDir, item, opts.fetchIdleTimeoutMs, eo.allowScripts, auth);
        opts.onProgress?.(++done, missing.length, item.name);
      });
    },

    async link(lock: Lockfile, prefix: string, lopts: LinkOptions = {}) {
      const layout = prefixLayout(prefix);
      const allow = new Set(lopts.allowScripts ?? []);
      const warn = lopts.onWarning ?? (() => {});
      const state: ImportState = { method: lopts.importMethod ?? opts.importMethod ?? 'auto', linked: 0, copied: 0 };
      const items = new Map(itemsOf(lock, storeDir).map((i) => [i.dir, i]));
      const pkgs = [...lock.packages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const bins: BinSource[] = [];
      const hoistedBins: BinSource[] = [];
      const scripts: ScriptTarget[] = [];
      const checked = new Map<string, PackageIndex>();
      mkdirSync(layout.nodeModules, { recursive: true });
      mkdirSync(layout.bin, { recursive: true });
      await beforeFileLoop();
      /** The entry's index once its name and files are checked; a tampered entry is fetched again. */
      const trusted = async (e: { name: string; version: string; resolved: string; integrity: string }): Promise<[string, PackageIndex]> => {
        const what = `${e.name}@${e.version}`;
        const parsed = parseIntegrity(e.integrity, what);
        const dir = entryDir(storeDir, `${parsed.algorithm}-${parsed.hex}`);
        // One package at several paths of the tree: its files were stat'ed once, this link.
        const seen = checked.get(dir);
        if (seen) {
          checkManifest(e, seen, dir, opts.lockSource);
          return [dir, seen];
        }
        let index: PackageIndex | undefined;
        let unreadable: string | undefined;
        try {
          index = readIndex(dir);
        } catch (e) {
          if (!hasEntry(dir)) throw missingError(what, items.has(dir));
          // Present but not JSON (a crash of an older version, an edit) or a FIFO: treated like a damaged file.
          unreadable = unreadableIndex(dir, e);
        }
        const damage = index ? storedDamage(dir, index) : unreadable;
        if (damage || !index) {
          if (opts.offline) {
            throw new SsdpError('E_STORE_DAMAGED', `the stored copy of ${what} is damaged (${damage}), and --offline forbids fetching it again`, {
              hint: 'run without --offline so ssdp fetches a clean copy, or repair the whole store with `ssdp clean --verify`.',
            });
          }
          // Journaled before the damaged entry leaves the store: the envs still holding its
          // changed inodes are relinked after this change (env/relink-repaired.ts), and until
          // then no change takes those files for the user's own edits.
          if (index) {
            const { changedInodes, recordDamage } = await import('./damage-journal.js');
            recordDamage(storeDir, { name: e.name, version: e.version, key: `${parsed.algorithm}-${parsed.hex}`, integrity: e.integrity, ...(holdsUrlSecret(e.resolved) ? {} : { resolved: e.resolved }), problem: damage!, inodes: changedInodes(dir, index) });
          }
          const { refetchEntry } = await import('./fetch-package.js');
          const stuck = await refetchEntry(storeDir, { ...e, parsed, dir });
          warn(`the stored copy of ${what} was damaged (${damage}), e.g. by an edit inside an env; fetched a clean copy`);
          if (stuck) warn((await import('./cas.js')).undeletableTempWarning(...stuck));
          index = readIndex(dir);
        }
        checkManifest(e, index, dir, opts.lockSource);
        checked.set(dir, index);
        return [dir, index];
      };
      for (const p of pkgs) {
        const [dir, index] = await trusted(p);
        if (!isSafeInstallPath(p.path)) {
          throw new SsdpError('E_LOCK_UNSAFE_PATH', `the lock places ${p.name}@${p.version} at ${JSON.stringify(p.path)}, which is not a folder below lib/node_modules`, {
            hint: 'the lockfile was edited or corrupted; regenerate it (ssdp env update) instead of installing from it',
          });
        }
        const dest = join(layout.nodeModules, p.path);
        const runs = !!index.scripts && allow.has(p.name);
        // Unchanged since the previous revision, whose scripts built it: that build is taken over.
        const built = runs ? lopts.builtBefore?.(p) : undefined;
        // A package whose scripts run gets private copies: a build step writing into its own
        // files must not write through hardlinks into the store.
        if (built) linkBuiltFolder(built.dir, dest, built.skip, state);
        else importPackage(join(dir, FILES_DIR), dest, index, state, runs);
        if (index.scripts) {
          if (runs) {
            if (!built) scripts.push({ name: p.name, version: p.version, dir: dest, scripts: index.scripts });
          } else warn((await import('./scripts.js')).skippedScriptWarning(p.name)); // loaded only for a package with scripts
        }
        const bin = p.bin ?? index.bin;
        if (bin && p.requested) bins.push({ label: `${p.name}@${p.version}`, dir: dest, bin });
        if (bin && !p.path.includes('/node_modules/')) hoistedBins.push({ label: `${p.name}@${p.version}`, dir: dest, bin });
      }
      if (lock.node) {
        const n = lock.node;
        const [dir] = await trusted({ name: n.package, version: n.version, resolved: n.resolved, integrity: n.integrity });
        // The binary in ssdp-meta/, bin/node the shim that starts it with the env's preload.
        mkdirSync(layout.meta, { recursive: true });
        const nodeBin = join(layout.meta, PINNED_NODE);
        const src = join(dir, FILES_DIR, 'bin', 'node');
        if (!statSync(src, { throwIfNoEntry: false })?.isFile()) {
          throw new SsdpError('E_NODE_BINARY_MISSING', `${n.package}@${n.version} has no bin/node: it is not a Node.js platform package`, {
            hint: 'pin node with `node=VERSION` so ssdp picks the platform package itself',
          });
        }
        importFile(src, nodeBin, 0o555, state);
        makeExecutable(nodeBin);
      }
      const namesDir = join(layout.meta, BIN_NAMES);
      const placed = new Map<BinSource, Array<[string, string]>>();
      linkBins(layout.bin, bins, warn, { node: nodeBinOwner(lock.node?.version) }, namesDir, placed);
      writeNodeShim(prefix, !!lock.node);
      if (scripts.length) {
        // Scripts call their dependencies' commands (`node-gyp-build`, `prebuild-install`), as
        // npm provides them in node_modules/.bin: give them that, for the hoisted packages.
        const depBins = join(layout.nodeModules, '.bin');
        linkBins(depBins, hoistedBins, () => {});
        const gyp = lopts.nodeGyp && needsNodeGyp(scripts) && !existsSync(join(depBins, 'node-gyp')) ? await lopts.nodeGyp() : [];
        await (await import('./scripts.js')).runInstallScripts(scripts, prefix, [depBins, ...gyp]);
        const ran = new Set(scripts.map((s) => s.dir));
        relinkBinsAfterScripts(layout.bin, [...placed].filter(([src]) => ran.has(src.dir)).flatMap(([, b]) => b), namesDir);
      }
    },
  };
}

/** Whether any script calls node-gyp (also the `node-gyp rebuild` a binding.gyp implies). */
function needsNodeGyp(scripts: ScriptTarget[]): boolean {
  return scripts.some((s) => Object.values(s.scripts).some((c) => /\bnode-gyp\b/.test(c ?? '')));
}

/** `name`, `@scope/name`, nested `a/node_modules/b`: relative, no `.`/`..`, nothing odd. */
function isSafeInstallPath(path: string): boolean {
  if (!path || path.startsWith('/') || /[\\\0]/.test(path)) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function missingError(what: string, inLock: boolean): SsdpError {
  return new SsdpError('E_STORE_MISSING', `${what} is not in the package store${inLock ? ' (call ensure before link)' : ''}`, {
    hint: 'run the command again without --offline so ssdp can fetch it, or check that nobody cleaned the store meanwhile',
  });
}
