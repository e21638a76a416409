/**
 * `ssdp clean`: drop store entries that no env under the root uses. "Uses" means the current
 * lock of every env (named ones and registered -p prefixes); older revisions are not kept alive,
 * a rollback to them fetches again what was cleaned. Envs whose lock is damaged keep nothing alive.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { readCurrentLock } from './current.js';
import { deadRemovals } from './swap.js';
import { listEnvs } from './target.js';
import { rootLayout } from './prefix.js';
import type { Reporter } from '../util/reporter.js';

export function integritiesInUse(root: string): Set<string> {
  const used = new Set<string>();
  for (const e of listEnvs(root)) {
    // A damaged env's lock cannot be read: it is listed as damaged and must be recreated anyway.
    if (e.damaged) continue;
    const lock = readCurrentLock(e.prefix);
    if (!lock) continue;
    if (lock.node) used.add(lock.node.integrity);
    for (const p of lock.packages) used.add(p.integrity);
  }
  return used;
}

export async function cleanRoot(root: string) {
  const { cleanStore } = await import('../store/index.js');
  // What a killed `env remove` left under ROOT/envs (renamed away, half deleted): finished here.
  const removedLeftovers = deadRemovals(rootLayout(root).envs);
  for (const d of removedLeftovers) rmSync(d, { recursive: true, force: true });
  // What pacote left of a killed git clone or tarball download (see resolve/sources.ts).
  const { pacoteLeftovers } = await import('../resolve/sources.js');
  const { isProcessAlive } = await import('../util/lock.js');
  const cache = rootLayout(root).metadataCache;
  const removedDownloads = pacoteLeftovers([cache, dirname(cache)], isProcessAlive);
  for (const d of removedDownloads) rmSync(d, { recursive: true, force: true });
  return { ...(await cleanStore(rootLayout(root).store, integritiesInUse(root))), removedLeftovers, removedDownloads };
}

/**
 * `ssdp clean --verify`: re-hash the store and repair damaged entries (see store/verify-store.ts),
 * then the envs that still hold a changed file (see relink-repaired.ts).
 */
export async function verifyRoot(root: string, reporter: Reporter, opts: { offline?: boolean } = {}) {
  const { verifyStore } = await import('../store/index.js');
  const v = await verifyStore(rootLayout(root).store, opts);
  const { relinkRepaired } = await import('./relink-repaired.js');
  const envs = await relinkRepaired(root, v.repaired, reporter);
  // The inodes are for finding the envs; the result names files and envs instead.
  return { ...v, repaired: v.repaired.map(({ inodes: _i, ...r }) => r), envs };
}
