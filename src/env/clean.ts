/**
 * `ssdp clean`: drop store entries that no env under the root uses. "Uses" means the current
 * lock of every env (named ones and registered -p prefixes); older revisions are not kept alive,
 * a rollback to them fetches again what was cleaned. A damaged env keeps alive what it still uses.
 */
import { lstatSync, rmSync, statSync } from 'node:fs';
import { joinRaw, rawNames, type RawPath } from '../util/raw-names.js';
import { dirname, join } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import { readCurrentLock } from './current.js';
import { SsdpError } from '../util/errors.js';
import { describeLeftover, removeLeftovers } from './leftovers.js';
import { listEnvs } from './target.js';
import { prefixLayout, rootLayout } from './prefix.js';
import { PINNED_NODE } from './node-shim.js';
import type { Reporter } from '../util/reporter.js';
import { readRegularFile } from '../util/read-regular.js';

/**
 * What every env uses. `missing` lists registered -p envs whose folder is not there (a disk not
 * mounted now): their lock is on that disk, so what they need cannot be told, and every stored
 * entry is kept for them (the tester's s15 G3: clean pruned the packages of an env `env list`
 * itself called missing, and `install --offline` failed once the disk was back).
 */
export async function integritiesInUse(root: string, missing: string[] = []): Promise<Set<string>> {
  const used = new Set<string>();
  const add = (lock: Lockfile) => {
    if (lock.node) used.add(lock.node.integrity);
    for (const p of lock.packages) used.add(p.integrity);
  };
  const damaged: string[] = [];
  for (const e of listEnvs(root)) {
    if (e.missing) {
      missing.push(e.prefix);
      continue;
    }
    if (e.damaged) {
      damaged.push(e.prefix);
      continue;
    }
    const lock = readCurrentLock(e.prefix);
    if (lock) add(lock);
  }
  // A damaged env still runs from its files, and repairing it (create --force, which its error
  // recommends) should not need the network: keep what its lock.json names when that still
  // reads, and every store entry its files are hardlinks of in any case.
  if (damaged.length) {
    const { parseLockfile } = await import('../resolve/lockfile.js');
    const inodes = new Set<string>();
    for (const prefix of damaged) {
      const file = prefixLayout(prefix).lockFile;
      try {
        add(parseLockfile(readRegularFile(file), file));
      } catch {
        // unreadable: the files below tell
      }
      collectInodes(join(prefix, 'lib', 'node_modules'), inodes);
      collectInodes(join(prefix, 'bin', 'node'), inodes); // a node pinned before the shim
      collectInodes(join(prefixLayout(prefix).meta, PINNED_NODE), inodes);
    }
    if (inodes.size) {
      const { storeUsage } = await import('../store/gc.js');
      const { readIndex, FILES_DIR } = await import('../store/cas.js');
      for (const entry of storeUsage(rootLayout(root).store).entries) {
        if (!entry.integrity || used.has(entry.integrity)) continue;
        try {
          const first = readIndex(entry.dir).files[0];
          const st = first && statSync(join(entry.dir, FILES_DIR, first[0]));
          if (st && inodes.has(`${st.dev}:${st.ino}`)) used.add(entry.integrity);
        } catch {
          // an entry without a readable index or file keeps nothing alive
        }
      }
    }
  }
  if (missing.length) {
    const { storeUsage } = await import('../store/gc.js');
    for (const entry of storeUsage(rootLayout(root).store).entries) if (entry.integrity) used.add(entry.integrity);
  }
  return used;
}

/** dev:ino of every hardlinked regular file at or below `path` (the ones that can be the store's). */
function collectInodes(path: RawPath, out: Set<string>): void {
  let st;
  try {
    st = lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return; // ENOTDIR: a damaged env's ssdp-meta that is a file holds nothing
  }
  if (!st) return;
  if (st.isDirectory()) {
    let names: Buffer[] = [];
    try {
      names = rawNames(path); // as bytes: a name that is not UTF-8 is still reached (J8)
    } catch {
      return;
    }
    for (const n of names) collectInodes(joinRaw(path, n), out);
  } else if (st.isFile() && st.nlink > 1) out.add(`${st.dev}:${st.ino}`);
}

/**
 * The store and its parts as folders (or not there yet). A part that is a link to nothing (a
 * disk not mounted) reads as empty: `clean --verify` said "Verified 0 packages" and exit 0 over a
 * store it could not see (the tester's s14 B2). Named instead, before anything is removed.
 */
async function requireStoreFolders(root: string): Promise<void> {
  const { firstNotAFolder, notAFolderError } = await import('../util/not-a-folder.js');
  const { pkgsDir, pinsDir, tmpRoot } = await import('../store/cas.js');
  const { damageDir } = await import('../store/damage-journal.js');
  const store = rootLayout(root).store;
  for (const part of [pkgsDir(store), tmpRoot(store), pinsDir(store), damageDir(store)]) {
    const bad = firstNotAFolder(root, part);
    if (bad) throw notAFolderError(bad[0], bad[1], 'a folder of the package store', 'nothing was removed or verified: ssdp clean never judges a store it cannot see');
  }
}

export async function cleanRoot(root: string) {
  await requireStoreFolders(root);
  const { cleanStore } = await import('../store/index.js');
  // What a killed create or `env remove` left next to an env (a staging folder, the env renamed
  // away and half deleted), and what a change had to set aside: finished here where possible.
  const leftovers = removeLeftovers(root);
  const removedLeftovers = leftovers.removed.map((l) => l.path);
  const keptLeftovers = leftovers.kept.map((l) => ({ path: l.path, refused: l.refused, mounts: l.mounts, why: describeLeftover(l) }));
  // What pacote left of a killed git clone or tarball download (see resolve/sources.ts).
  const { pacoteLeftovers } = await import('../resolve/sources.js');
  const { isProcessAlive } = await import('../util/lock.js');
  const cache = rootLayout(root).metadataCache;
  const removedDownloads = pacoteLeftovers([cache, dirname(cache)], isProcessAlive);
  for (const d of removedDownloads) rmSync(d, { recursive: true, force: true });
  // Remembered resolutions holding a URL secret, from versions that wrote them (try13x X7).
  (await import('./resolution-cache.js')).dropSecretResolutions(root);
  const missingEnvs: string[] = [];
  const { keptTemp, ...store } = await cleanStore(rootLayout(root).store, await integritiesInUse(root, missingEnvs));
  // A store temp folder holding a file that refuses deletion (an old copy of a repaired entry
  // an env made immutable): named as kept, like the env leftovers.
  for (const k of keptTemp) keptLeftovers.push({ path: k.path, refused: k.refused, mounts: [], why: `${k.path} is an old copy of a repaired store entry whose files refuse deletion (chattr +i / +a?); lift the attribute, then ssdp clean deletes it.` });
  return { ...store, removedLeftovers, keptLeftovers, removedDownloads, missingEnvs };
}

/**
 * `ssdp clean --verify`: re-hash the store and repair damaged entries (see store/verify-store.ts),
 * then the envs that still hold a changed file (see relink-repaired.ts), and write each env's
 * node shim and preload again where they are damaged (verify-shims.ts).
 */
export async function verifyRoot(root: string, reporter: Reporter, opts: { offline?: boolean } = {}) {
  await requireStoreFolders(root);
  const { verifyStore } = await import('../store/index.js');
  const v = await verifyStore(rootLayout(root).store, opts);
  const { relinkRepaired } = await import('./relink-repaired.js');
  const relinked = await relinkRepaired(root, v.repaired, reporter);
  const failedEnvs = relinked.failedEnvs;
  // The env's own generated files (node shim and preload), which no store entry covers (T13).
  const { repairNodeShims } = await import('./verify-shims.js');
  const envs = [...relinked.envs, ...(await repairNodeShims(root, reporter)).envs];
  // A store repaired while envs still hold the changed files is no clean verify (B1): say which.
  if (failedEnvs.length && v.repaired.length) {
    throw new SsdpError('E_VERIFY_INCOMPLETE', `the store was repaired (${v.repaired.map((r) => (r.version ? `${r.name}@${r.version}` : r.name)).join(', ')}), but ${failedEnvs.slice(0, 5).join(', ')}${failedEnvs.length > 5 ? ` and ${failedEnvs.length - 5} more` : ''} could not be relinked and still hold the changed files (see the warnings above).`, {
      hint: 'Fix what the warnings name, then run ssdp clean --verify again: it finishes the repair.',
    });
  }
  // Journaled repairs are done once every env is relinked to a clean entry; one that could only
  // be removed stays listed until a clean copy is fetched (by the next verify or change).
  if (!failedEnvs.length) {
    const { dropDamage } = await import('../store/damage-journal.js');
    for (const r of v.repaired) if (r.action === 'fetched again') dropDamage(rootLayout(root).store, r.key);
  }
  // The inodes are for finding the envs; the result names files and envs instead.
  return { ...v, repaired: v.repaired.map(({ inodes: _i, ...r }) => r), envs };
}
