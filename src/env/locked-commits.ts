/**
 * The git commits an env's lock already holds, as manifests the resolver takes instead of asking
 * git or the host again, so installing or removing something else needs no network for them (npm
 * keeps a lock's commits the same way; only `update` resolves a ref again). Keyed by what the
 * resolver will be asked: the locked URL (a request keepGitCommits pinned to it) and
 * `name@spec` for each locked package's dependency spec that names it. Only a commit whose
 * package is in the store qualifies: its package.json gives what the lock does not record
 * (peerDependenciesMeta); any other is fetched again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../resolve/packument.js';
import type { Lockfile, LockedPackage } from '../resolve/types.js';
import { entryDir, FILES_DIR, hasEntry } from '../store/cas.js';
import { integrityKey } from '../store/integrity.js';
import { packageVersion } from '../util/package-version.js';

const COMMIT = /^git\+.*#[0-9a-f]{40,64}(::path:[^#]*)?$/; // a commit, with the folder of a package in a subfolder

function manifestOf(p: LockedPackage, storeDir: string): Manifest | undefined {
  const key = integrityKey(p.integrity);
  if (!key) return undefined;
  const dir = entryDir(storeDir, key);
  if (!hasEntry(dir)) return undefined;
  let stored: { name?: unknown; version?: unknown; peerDependenciesMeta?: Manifest['peerDependenciesMeta'] };
  try {
    stored = JSON.parse(readFileSync(join(dir, FILES_DIR, 'package.json'), 'utf8')) as typeof stored;
  } catch {
    return undefined;
  }
  if (stored.name !== p.name || packageVersion(stored.version) !== p.version) return undefined;
  const m: Manifest = { name: p.name, version: p.version, dist: { tarball: p.resolved, integrity: p.integrity } };
  for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bin', 'engines', 'os', 'cpu', 'libc'] as const) {
    if (p[k] !== undefined) (m as unknown as Record<string, unknown>)[k] = p[k];
  }
  if (stored.peerDependenciesMeta && typeof stored.peerDependenciesMeta === 'object') m.peerDependenciesMeta = stored.peerDependenciesMeta;
  if (p.hasInstallScript) m.hasInstallScript = true;
  return m;
}

/** `offline` adds the lock's tarball URLs with their package in the store: --offline downloads nothing. */
export function lockedCommits(lock: Lockfile, storeDir: string, namedBySource: (resolved: string, specs: string[]) => boolean, offline = false): Map<string, Manifest> {
  const out = new Map<string, Manifest>();
  for (const p of lock.packages) {
    if (!COMMIT.test(p.resolved) && !(offline && /^https?:\/\//i.test(p.resolved))) continue;
    const m = manifestOf(p, storeDir);
    if (!m) continue;
    out.set(p.resolved, m);
    for (const q of lock.packages) {
      const spec = q.dependencies?.[p.name] ?? q.optionalDependencies?.[p.name];
      if (spec && namedBySource(p.resolved, [spec])) out.set(`${p.name}@${spec}`, m);
    }
  }
  return out;
}
