/**
 * The slice of registry metadata the resolver reads. Registries send far more (readmes, full
 * manifests); keeping only these fields makes the on-disk cache small and fast to parse.
 */

export interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: string[] | boolean;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  os?: string[] | string;
  cpu?: string[] | string;
  libc?: string[] | string;
  hasInstallScript?: boolean;
  deprecated?: string | boolean;
  dist: { tarball: string; integrity?: string; shasum?: string };
}

export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, Manifest>;
  /** version -> ISO publish time; only in full packuments (needed for `before`). */
  time?: Record<string, string>;
  /** `versions` keys are in descending semver order (valid ones first), so no sort is needed. */
  sortedDesc?: boolean;
}

import semver from 'semver';

const KEEP = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'engines',
  'os',
  'cpu',
  'libc',
  'deprecated',
] as const;

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/** Reduces a registry document (abbreviated or full) to what resolution needs. */
export function slimPackument(doc: Record<string, unknown>): Packument {
  const versions: Record<string, Manifest> = {};
  const raw = (doc.versions ?? {}) as Record<string, Record<string, unknown>>;
  const valid = Object.keys(raw).filter((v) => semver.valid(v) !== null).sort(semver.rcompare);
  const order = [...valid, ...Object.keys(raw).filter((v) => semver.valid(v) === null)];
  for (const version of order) {
    const m = raw[version]!;
    if (!m || typeof m !== 'object' || !m.dist) continue;
    const dist = m.dist as Record<string, unknown>;
    // name and version are implied by the document; hydrate() puts them back after reading.
    const out: Record<string, unknown> = {};
    for (const k of KEEP) if (m[k] !== undefined && m[k] !== null) out[k] = m[k];
    const bundled = m.bundleDependencies ?? m.bundledDependencies;
    if (bundled) out.bundleDependencies = bundled;
    const scripts = (m.scripts ?? {}) as Record<string, unknown>;
    if (m.hasInstallScript === true || INSTALL_SCRIPTS.some((s) => typeof scripts[s] === 'string')) out.hasInstallScript = true;
    out.dist = {
      tarball: dist.tarball,
      ...(typeof dist.integrity === 'string' && dist.integrity ? { integrity: dist.integrity } : {}),
      ...(typeof dist.shasum === 'string' && !(typeof dist.integrity === 'string' && dist.integrity) ? { shasum: dist.shasum } : {}),
    };
    versions[version] = out as unknown as Manifest;
  }
  const p: Packument = { name: String(doc.name ?? ''), 'dist-tags': (doc['dist-tags'] ?? {}) as Record<string, string>, versions, sortedDesc: true };
  if (doc.time && typeof doc.time === 'object') {
    const time: Record<string, string> = {};
    for (const [v, t] of Object.entries(doc.time as Record<string, string>)) if (v in versions) time[v] = t;
    p.time = time;
  }
  return p;
}

/** Restores the per-version name and version that slimPackument leaves out of the cache. */
export function hydrate(p: Packument, name: string): Packument {
  if (!p.name) p.name = name;
  for (const v in p.versions) {
    const m = p.versions[v]!;
    m.name = p.name;
    m.version = v;
  }
  return p;
}
