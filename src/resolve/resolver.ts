/**
 * The resolver. Policy: highest version that fits, one hoisted copy per name, nested copies only
 * on real conflicts, peers provided by the dependent's parent folder (missing ones added, as npm
 * 7+ does), optional dependencies only for this platform, engines.node a hard rule when node is
 * pinned. State: packuments fetched so far plus a growing set of excluded versions, each with the
 * reason it failed. An attempt builds the whole tree synchronously from that state; when a
 * version turns out not to fit (a dependency with no usable version, a peer conflict), the
 * attempt excludes it and starts over — conda-style backtracking by exclusion, which always ends
 * because exclusions only grow. Packuments are prefetched in parallel as the likely tree unfolds,
 * so attempts rarely wait for the network; one that meets an unfetched name fetches and retries.
 */
import semver from 'semver';
import { SsdpError } from '../util/errors.js';
import { candidatesFor, enginesFit, matchingVersions, sortedVersions, type Candidate, type CandidateRules, type Candidates } from './candidates.js';
import { chainOf, suggestNames } from './explain.js';
import { addChild, createRoot, EdgeIndex, lookup, place, type TreeNode } from './hoist.js';
import { integrityOf, normaliseBin } from './lockfile.js';
import { resolveNode } from './node-runtime.js';
import { createPackumentClient, type PackumentClient } from './packument-client.js';
import type { Manifest, Packument } from './packument.js';
import { currentPlatform, platformMismatch, type Platform } from './platform.js';
import { npmRegistryConfig } from './registry-config.js';
import type { LockedNode, LockedPackage, Lockfile, Request, ResolveOptions } from './types.js';

const satisfies = (v: string, range: string) => {
  try {
    return semver.satisfies(v, range, { includePrerelease: true });
  } catch {
    return false;
  }
};

/** Thrown inside an attempt to start over with more knowledge. */
class Restart {
  constructor(readonly why: 'excluded' | 'missing') {}
}

type Pick =
  | { ok: Manifest }
  | { missing: true }
  | { fail: string; error?: SsdpError; kind: 'unavailable' | 'nomatch' | 'unfit' };

function dependenciesOf(m: Manifest): Array<{ name: string; range: string; optional: boolean }> {
  const bundled = m.bundleDependencies;
  const isBundled = (n: string) => bundled === true || (Array.isArray(bundled) && bundled.includes(n));
  const all = new Map<string, { range: string; optional: boolean }>();
  for (const [n, r] of Object.entries(m.dependencies ?? {})) all.set(n, { range: r, optional: false });
  for (const [n, r] of Object.entries(m.optionalDependencies ?? {})) all.set(n, { range: r, optional: true });
  return [...all.entries()]
    .filter(([n, d]) => !isBundled(n) && typeof d.range === 'string' && n !== m.name)
    .map(([name, d]) => ({ name, range: d.range.trim() || '*', optional: d.optional }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

interface SolverState {
  packuments: Map<string, Packument>;
  unavailable: Map<string, SsdpError>;
  excluded: Map<string, string>;
  rules: CandidateRules;
  platform: Platform;
}

class Attempt {
  readonly root = createRoot();
  private readonly queue: TreeNode[] = [];
  private readonly edges = new EdgeIndex();
  readonly missing = new Set<string>();
  private readonly candidateMemo = new Map<string, Candidates>();

  constructor(private readonly s: SolverState) {}

  private candidates(name: string, range: string): Candidates {
    const key = `${name}@${range}`;
    let c = this.candidateMemo.get(key);
    if (!c) {
      c = candidatesFor(this.s.packuments.get(name)!, range, this.s.rules);
      this.candidateMemo.set(key, c);
    }
    return c;
  }

  /** Why a candidate placed at `level` cannot be used now, if it cannot. */
  private unusable(c: Candidate, level: TreeNode): string | undefined {
    const m = c.manifest;
    if (c.ruledOut) return c.ruledOut.kind;
    const ex = this.s.excluded.get(`${m.name}@${m.version}`);
    if (ex) return ex;
    const blocker = this.peerBlocker(m, level);
    if (blocker) return `${m.name}@${m.version} has peer ${blocker.q}@${blocker.pr}, but ${blocker.q}@${blocker.found.version} is there (${chainOf(blocker.found)})`;
    return undefined;
  }

  /** The first peer of `m` that the copy found from `level` does not satisfy. */
  private peerBlocker(m: Manifest, level: TreeNode): { q: string; pr: string; found: TreeNode } | undefined {
    for (const [q, pr] of Object.entries(m.peerDependencies ?? {})) {
      const found = lookup(level, q);
      if (found && !satisfies(found.version, pr)) return { q, pr, found };
    }
    return undefined;
  }

  /**
   * Every candidate was blocked by a peer already in place: if that peer's own request allows a
   * version the best candidate accepts, exclude the peer's version and retry (conda would also
   * move the peer rather than give up).
   */
  private movePeerBack(cands: Candidate[], level: TreeNode): void {
    for (const c of cands) {
      if (c.ruledOut || this.s.excluded.has(`${c.manifest.name}@${c.manifest.version}`)) continue;
      const b = this.peerBlocker(c.manifest, level);
      if (!b || !b.found.via || !this.s.packuments.has(b.q)) continue;
      const theirs = this.candidates(b.q, b.found.via.range);
      for (const t of theirs) {
        const v = t.manifest.version;
        if (!t.ruledOut && v !== b.found.version && !this.s.excluded.has(`${b.q}@${v}`) && satisfies(v, b.pr)) {
          this.exclude(b.found, `${b.q}@${b.found.version} does not fit the peer range ${b.pr} of ${c.manifest.name}@${c.manifest.version}`);
        }
      }
    }
  }

  pick(name: string, range: string, level: TreeNode): Pick {
    const err = this.s.unavailable.get(name);
    if (err) return { fail: err.message, error: err, kind: 'unavailable' };
    const p = this.s.packuments.get(name);
    if (!p) {
      this.missing.add(name);
      return { missing: true };
    }
    const cands = this.candidates(name, range);
    for (const c of cands) if (this.unusable(c, level) === undefined) return { ok: c.manifest };
    const all = cands.all();
    this.movePeerBack(all, level);
    return { fail: this.whyNone(name, range, p, all, level), kind: all.length ? 'unfit' : 'nomatch' };
  }

  private whyNone(name: string, range: string, p: Packument, cands: Candidate[], level: TreeNode): string {
    if (cands.length === 0) {
      const newest = sortedVersions(p).slice(0, 5).join(', ') || 'none';
      return `no version of ${name} matches ${range} (newest: ${newest})`;
    }
    const rules = this.s.rules;
    const reasons = cands.map((c) => this.unusable(c, level)!);
    if (reasons.every((r) => r === 'before')) return `every ${name} matching ${range} was published after ${rules.before!.toISOString()}`;
    if (reasons.every((r) => r === 'engines' || r === 'before')) {
      const wants = [...new Set(cands.filter((c) => c.ruledOut?.kind === 'engines').map((c) => c.ruledOut!.detail))].slice(0, 3);
      return `every ${name} matching ${range} needs node ${wants.join(' or ')} and this env pins node ${rules.nodeVersion}`;
    }
    const i = reasons.findIndex((r) => r !== 'engines' && r !== 'before');
    const first = reasons[i]!;
    return cands.length === 1 ? first : `no ${name} matching ${range} fits; the newest candidate fails: ${first}`;
  }

  private exclude(node: TreeNode, reason: string): never {
    this.s.excluded.set(`${node.name}@${node.version}`, reason);
    throw new Restart('excluded');
  }

  private link(from: TreeNode, fromLevel: TreeNode, to: TreeNode, optional: boolean): void {
    this.edges.add(to.name, { fromLevel, to });
    from.out.push({ to, optional });
  }

  /** Places the top-level requests, then the whole tree breadth-first (deterministic order). */
  run(requests: Request[]): void {
    for (const req of [...requests].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = this.pick(req.name, req.range, this.root);
      if ('missing' in r) continue;
      if ('fail' in r) throw new TopLevelFailure(req, r);
      const node = addChild(this.root, r.ok, { from: this.root, range: req.range, kind: 'request' });
      node.requested = true;
      this.root.out.push({ to: node, optional: false });
      this.queue.push(node);
    }
    for (let i = 0; i < this.queue.length; i++) this.process(this.queue[i]!);
  }

  private process(node: TreeNode): void {
    const m = node.manifest!;
    const parent = node.parent!;
    const meta = m.peerDependenciesMeta ?? {};
    for (const q of Object.keys(m.peerDependencies ?? {}).sort()) {
      const pr = m.peerDependencies![q]!;
      const optional = meta[q]?.optional === true;
      const found = lookup(parent, q);
      if (found) {
        if (satisfies(found.version, pr)) this.link(node, parent, found, optional);
        else if (!optional) this.peerConflict(node, q, pr, found);
        continue;
      }
      if (optional) continue;
      const at = place(parent, q, (v) => satisfies(v, pr), this.edges);
      if ('reuse' in at) {
        this.link(node, parent, at.reuse, false);
        continue;
      }
      const r = this.pick(q, pr, at.level);
      if ('missing' in r) continue;
      if ('fail' in r) {
        if (r.error && r.error.code !== 'E_UNKNOWN_PACKAGE') throw r.error;
        this.exclude(node, `${m.name}@${m.version} has peer ${q}@${pr}, but ${r.fail}`);
      }
      const child = addChild(at.level, r.ok, { from: node, range: pr, kind: 'peer' });
      this.link(node, parent, child, false);
      this.queue.push(child);
    }
    for (const d of dependenciesOf(m)) {
      if (d.optional && platformMismatchByName(d.name, this.s.platform)) continue;
      const at = place(node, d.name, (v) => satisfies(v, d.range), this.edges);
      if ('reuse' in at) {
        this.link(node, node, at.reuse, d.optional);
        continue;
      }
      const r = this.pick(d.name, d.range, at.level);
      if ('missing' in r) continue;
      if ('fail' in r) {
        if (d.optional) continue;
        if (r.error && r.error.code !== 'E_UNKNOWN_PACKAGE') throw r.error;
        const sep = r.kind === 'unfit' && !r.fail.startsWith('every') ? '; ' : ', but ';
        this.exclude(node, `${m.name}@${m.version} requires ${d.name}@${d.range}${sep}${r.fail}`);
      }
      if (d.optional && platformMismatch(r.ok, this.s.platform)) continue;
      const child = addChild(at.level, r.ok, { from: node, range: d.range, kind: d.optional ? 'optional' : 'dependency' });
      this.link(node, node, child, d.optional);
      this.queue.push(child);
    }
  }

  /**
   * A peer found next to `node` does not fit its range. Prefer an older `node` whose peer range
   * accepts what is there; else an older copy of the peer that fits both; else give up on `node`.
   */
  private peerConflict(node: TreeNode, q: string, pr: string, found: TreeNode): never {
    const m = node.manifest!;
    const reason = `${m.name}@${m.version} has peer ${q}@${pr}, but ${q}@${found.version} is there (${chainOf(found)})`;
    const mine: Iterable<Candidate> = node.via ? this.candidates(node.name, node.via.range) : [];
    const otherFits = [...mine].some((c) => {
      if (c.ruledOut || c.manifest.version === m.version || this.s.excluded.has(`${c.manifest.name}@${c.manifest.version}`)) return false;
      const want = c.manifest.peerDependencies?.[q];
      return !want || satisfies(found.version, want);
    });
    if (!otherFits && found.via && this.s.packuments.has(q)) {
      const theirs = this.candidates(q, found.via.range);
      const both = [...theirs].some((c) => !c.ruledOut && c.manifest.version !== found.version && !this.s.excluded.has(`${q}@${c.manifest.version}`) && satisfies(c.manifest.version, pr));
      if (both) this.exclude(found, `${q}@${found.version} does not fit the peer range ${pr} of ${m.name}@${m.version}`);
    }
    this.exclude(node, reason);
  }
}

class TopLevelFailure {
  constructor(readonly request: Request, readonly pick: { fail: string; error?: SsdpError; kind: string }) {}
}

/** Fetches the likely tree (best version per range) in parallel, ahead of the attempts. */
async function prefetch(requests: Request[], client: PackumentClient, s: SolverState): Promise<void> {
  const seen = new Set<string>();
  const pending: Promise<void>[] = [];
  let fatal: unknown;
  const visit = (name: string, range: string) => {
    const key = `${name}@${range}`;
    if (seen.has(key) || s.unavailable.has(name) || fatal) return;
    seen.add(key);
    pending.push(
      client.get(name).then(
        (p) => {
          s.packuments.set(name, p);
          let best: Candidate | undefined;
          for (const c of candidatesFor(p, range, s.rules)) if (!c.ruledOut) { best = c; break; }
          if (!best) return;
          const m = best.manifest;
          for (const [q, pr] of Object.entries(m.peerDependencies ?? {})) if (!m.peerDependenciesMeta?.[q]?.optional) visit(q, pr);
          for (const d of dependenciesOf(m)) {
            if (d.optional && platformMismatchByName(d.name, s.platform)) continue;
            visit(d.name, d.range);
          }
        },
        (e: unknown) => {
          if (e instanceof SsdpError && (e.code === 'E_UNKNOWN_PACKAGE' || e.code === 'E_OFFLINE_NO_METADATA')) s.unavailable.set(name, e);
          else fatal ??= e;
        },
      ),
    );
  };
  for (const r of requests) visit(r.name, r.range);
  for (let i = 0; i < pending.length; i++) await pending[i];
  if (fatal) throw fatal;
}

/** Platform packages are named for their platform (`@esbuild/darwin-arm64`); skip obvious misses early. */
function platformMismatchByName(name: string, p: Platform): boolean {
  const osNames = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android'];
  const tail = name.split('/').pop()!;
  const parts = tail.split('-');
  const os = parts.find((x) => osNames.includes(x) || x === 'windows' || x === 'win');
  if (!os) return false;
  const norm = os === 'windows' || os === 'win' ? 'win32' : os;
  return norm !== p.os;
}

async function fetchMissing(names: Iterable<string>, client: PackumentClient, s: SolverState): Promise<void> {
  await Promise.all(
    [...names].map((n) =>
      client.get(n).then(
        (p) => void s.packuments.set(n, p),
        (e: unknown) => {
          if (e instanceof SsdpError && (e.code === 'E_UNKNOWN_PACKAGE' || e.code === 'E_OFFLINE_NO_METADATA')) s.unavailable.set(n, e);
          else throw e;
        },
      ),
    ),
  );
}

function dedupeRequests(requests: Request[]): Request[] {
  const byName = new Map<string, Request>();
  for (const r of requests) {
    const prev = byName.get(r.name);
    if (prev && prev.range !== r.range) {
      throw new SsdpError('E_BAD_SPEC', `'${r.name}' is requested twice with different versions ('${prev.raw}' and '${r.raw}')`, {
        hint: 'keep one entry per package',
      });
    }
    byName.set(r.name, r);
  }
  return [...byName.values()];
}

export interface ResolveExtras {
  /** Scoped registries (`@scope` -> URL), e.g. from npmRegistryConfig(). */
  scopes?: Record<string, string>;
  authTokens?: Record<string, string>;
  /** Injected client (benchmarks reuse one); normally created from opts. */
  client?: PackumentClient;
}

export async function resolve(requests: Request[], opts: ResolveOptions & ResolveExtras): Promise<Lockfile> {
  const platform = opts.platform ?? currentPlatform();
  // Scoped registries and tokens come from the user's npm config unless given.
  const npmrc = opts.scopes && opts.authTokens ? undefined : npmRegistryConfig();
  const client =
    opts.client ??
    createPackumentClient({
      registry: opts.registry,
      scopes: opts.scopes ?? npmrc?.scopes,
      authTokens: opts.authTokens ?? npmrc?.authTokens,
      cacheDir: opts.cacheDir,
      offline: opts.offline,
      full: !!opts.before,
      onWarning: opts.onWarning,
    });
  const all = dedupeRequests(requests);
  const nodeReq = all.find((r) => r.name === 'node');
  const pkgRequests = all.filter((r) => r.name !== 'node');

  let lockNode: LockedNode | undefined;
  let nodeVersion = opts.nodeVersion ?? process.versions.node;
  let nodePinned = !!opts.nodePinned;
  const state: SolverState = {
    packuments: new Map(),
    unavailable: new Map(),
    excluded: new Map(),
    rules: { before: opts.before, nodeVersion, nodePinned },
    platform,
  };
  const nodePromise = nodeReq ? resolveNode(nodeReq.range, client, platform, { before: opts.before, onWarning: opts.onWarning }) : undefined;
  if (nodePromise) {
    for (const r of pkgRequests) client.get(r.name).catch(() => {}); // start these while node resolves
    // The pin decides which versions fit, so know it before prefetching.
    lockNode = await nodePromise;
    nodeVersion = lockNode.version;
    nodePinned = true;
    state.rules = { before: opts.before, nodeVersion, nodePinned };
  }
  nodeVersion = nodeVersion.replace(/^v/, '');
  state.rules.nodeVersion = nodeVersion;

  await prefetch(pkgRequests, client, state);

  let attempt: Attempt;
  for (let round = 0; ; round++) {
    if (round > 20_000) throw new SsdpError('E_UNSATISFIABLE', `gave up resolving ${pkgRequests.map((r) => r.raw).join(', ')} after ${round} attempts`);
    attempt = new Attempt(state);
    try {
      attempt.run(pkgRequests);
    } catch (e) {
      if (e instanceof Restart) continue;
      if (e instanceof TopLevelFailure) {
        if (attempt.missing.size) {
          await fetchMissing(attempt.missing, client, state);
          continue;
        }
        throw await topLevelError(e, opts, state);
      }
      throw e;
    }
    if (attempt.missing.size === 0) break;
    await fetchMissing(attempt.missing, client, state);
  }

  return buildLock(attempt.root, all, opts, state, lockNode);
}

async function topLevelError(f: TopLevelFailure, opts: ResolveOptions, s: SolverState): Promise<SsdpError> {
  const { request, pick } = f;
  if (pick.error) {
    if (pick.error.code !== 'E_UNKNOWN_PACKAGE') return pick.error;
    const near = await suggestNames(request.name, { cacheDir: opts.cacheDir, registry: opts.registry, known: s.packuments.keys(), offline: opts.offline });
    return new SsdpError('E_UNKNOWN_PACKAGE', `package '${request.name}' (from '${request.raw}') does not exist in the registry ${opts.registry}`, {
      hint: near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : 'check the spelling, or the registry in your npm config',
    });
  }
  if (pick.kind === 'nomatch') {
    const p = s.packuments.get(request.name)!;
    const newest = sortedVersions(p).slice(0, 5);
    const tags = Object.entries(p['dist-tags']).map(([t, v]) => `${t}=${v}`).slice(0, 4).join(', ');
    return new SsdpError('E_NO_MATCHING_VERSION', `no version of '${request.name}' matches '${request.range}' (from '${request.raw}'); newest available: ${newest.join(', ') || 'none'}`, {
      hint: `pick a range that includes one of those${tags ? ` (dist-tags: ${tags})` : ''}`,
    });
  }
  return new SsdpError('E_UNSATISFIABLE', `cannot resolve '${request.raw}': ${pick.fail}`, {
    hint: s.rules.nodePinned ? 'loosen a version range or pin another node version' : 'loosen a version range, or drop a package that conflicts',
  });
}

function buildLock(root: TreeNode, requests: Request[], opts: ResolveOptions, s: SolverState, node: LockedNode | undefined): Lockfile {
  const nodes: TreeNode[] = [];
  const stack = [...root.children.values()];
  while (stack.length) {
    const n = stack.pop()!;
    nodes.push(n);
    stack.push(...n.children.values());
  }
  // Required = reachable from the requests through non-optional edges.
  const required = new Set<TreeNode>();
  const walk = [...root.children.values()].filter((n) => n.requested);
  for (const n of walk) required.add(n);
  for (let i = 0; i < walk.length; i++) {
    for (const e of walk[i]!.out) {
      if (!e.optional && !required.has(e.to)) {
        required.add(e.to);
        walk.push(e.to);
      }
    }
  }
  const warned = new Set<string>();
  const packages: LockedPackage[] = nodes.map((n) => {
    const m = n.manifest!;
    const key = `${m.name}@${m.version}`;
    if (!warned.has(key)) {
      warned.add(key);
      if (!s.rules.nodePinned && !enginesFit(m, s.rules.nodeVersion)) {
        opts.onWarning?.(`${key} wants node ${m.engines!.node}; this is node ${s.rules.nodeVersion}`);
      }
      const mismatch = required.has(n) ? platformMismatch(m, s.platform) : undefined;
      if (mismatch) opts.onWarning?.(`${key} is built for ${mismatch}`);
    }
    const p: LockedPackage = { name: m.name, version: m.version, path: n.path, resolved: m.dist.tarball, integrity: integrityOf(m) };
    const bin = normaliseBin(m.name, m.bin);
    if (bin) p.bin = bin;
    if (m.dependencies && Object.keys(m.dependencies).length) p.dependencies = m.dependencies;
    if (m.optionalDependencies && Object.keys(m.optionalDependencies).length) p.optionalDependencies = m.optionalDependencies;
    if (m.peerDependencies && Object.keys(m.peerDependencies).length) p.peerDependencies = m.peerDependencies;
    if (m.hasInstallScript) p.hasInstallScript = true;
    if (!required.has(n)) p.optional = true;
    if (n.requested) p.requested = true;
    if (m.engines && typeof m.engines === 'object' && !Array.isArray(m.engines) && Object.keys(m.engines).length) p.engines = m.engines;
    for (const k of ['os', 'cpu', 'libc'] as const) {
      const v = m[k];
      if (v !== undefined) p[k] = Array.isArray(v) ? v : [v];
    }
    return p;
  });
  packages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const lock: Lockfile = {
    lockfileVersion: 1,
    registry: opts.registry,
    requested: requests.map((r) => r.raw).sort(),
    packages,
  };
  if (node) lock.node = node;
  return lock;
}

export { matchingVersions };

/** Resolves from cached metadata alone (never the network): `--offline`, and the benchmark. */
export function resolveFromCacheOnly(requests: Request[], opts: ResolveOptions & ResolveExtras): Promise<Lockfile> {
  return resolve(requests, { ...opts, offline: true });
}
