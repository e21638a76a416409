/**
 * Removing packages without resolving again: drop what the remaining requests no longer reach.
 * Reachability follows Node's lookup from each package's folder upwards (nested node_modules
 * first, then the top level), so the pruned tree is exactly what `require` would still use.
 */
import type { Lockfile, LockedPackage } from '../resolve/types.js';

const parentPath = (path: string): string | undefined => {
  const i = path.lastIndexOf('/node_modules/');
  return i < 0 ? undefined : path.slice(0, i);
};

function locate(byPath: Map<string, LockedPackage>, from: string, dep: string): LockedPackage | undefined {
  for (let at: string | undefined = from; at !== undefined; at = parentPath(at)) {
    const hit = byPath.get(`${at}/node_modules/${dep}`);
    if (hit) return hit;
  }
  return byPath.get(dep);
}

/** A lock keeping only what `keepNames` (top-level package names, maybe `node`) reach. */
export function pruneLock(lock: Lockfile, keepNames: string[], requested: string[]): Lockfile {
  const byPath = new Map(lock.packages.map((p) => [p.path, p]));
  const keep = new Set<string>();
  const queue: LockedPackage[] = [];
  for (const n of keepNames) {
    const p = byPath.get(n);
    if (p) queue.push(p);
  }
  while (queue.length > 0) {
    const p = queue.pop()!;
    if (keep.has(p.path)) continue;
    keep.add(p.path);
    const deps = { ...p.peerDependencies, ...p.optionalDependencies, ...p.dependencies };
    for (const d of Object.keys(deps)) {
      const hit = locate(byPath, p.path, d);
      if (hit && !keep.has(hit.path)) queue.push(hit);
    }
  }
  const names = new Set(keepNames);
  const out: Lockfile = {
    ...lock,
    requested,
    // Keyed by folder: an alias's entry (`a1` of package gpkg) stays requested while a1 is.
    packages: lock.packages.filter((p) => keep.has(p.path)).map((p) => (p.requested && !names.has(p.path) ? { ...p, requested: undefined } : p)),
  };
  if (!names.has('node')) delete out.node;
  return out;
}
