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
  /** Set only by pacote's resolution of a file: folder spec (never from a registry): that folder. */
  folder?: string;
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
    // name and version are implied by the document; fromStored() puts them back when read.
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

/** The cache's form: each version's manifest kept as a JSON string, parsed only when read. */
export interface StoredPackument extends Omit<Packument, 'versions'> {
  versions: Record<string, string>;
}

export function toStored(p: Packument): StoredPackument {
  const versions: Record<string, string> = {};
  for (const v of Object.keys(p.versions)) {
    const { name: _n, version: _v, ...rest } = p.versions[v]!;
    versions[v] = JSON.stringify(rest);
  }
  return { ...p, versions };
}

/**
 * A packument whose manifests are parsed on first access. A warm resolve of ~100 packages reads
 * a few MB of cached metadata (typescript alone has 3,000+ versions) but looks at a handful of
 * versions per name; parsing strings lazily saves most of the parse and GC time.
 */
export function fromStored(stored: StoredPackument, name: string): Packument {
  const pkgName = stored.name || name;
  const parsed = new Map<string, Manifest>();
  const raw = stored.versions;
  const versions = new Proxy(raw, {
    get(target, key) {
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) return undefined;
      let m = parsed.get(key);
      if (!m) {
        m = JSON.parse(target[key]!) as Manifest;
        m.name = pkgName;
        m.version = key;
        parsed.set(key, m);
      }
      return m;
    },
  }) as unknown as Record<string, Manifest>;
  return { ...stored, name: pkgName, versions };
}
