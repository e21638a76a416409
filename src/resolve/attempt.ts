/**
 * One resolution attempt: builds the whole tree synchronously from the packuments fetched so far
 * and the versions excluded so far. It never waits for the network: a name it has no packument
 * for is noted in `missing` and skipped, and the caller fetches and retries. When a version turns
 * out not to fit (a dependency with no usable version, a peer conflict) the attempt records an
 * exclusion with its reason and throws Restart; exclusions only grow, so retries always end.
 */
import { isAbsolute, resolve as pathResolve } from 'node:path';
import semver from 'semver';
import { SsdpError } from '../util/errors.js';
import { candidatesFor, sortedVersions, type Candidate, type CandidateRules, type Candidates } from './candidates.js';
import { chainOf } from './explain.js';
import { addChild, createRoot, EdgeIndex, lookup, place, type TreeNode } from './hoist.js';
import type { Manifest, Packument } from './packument.js';
import { platformMismatch, type Platform } from './platform.js';
import { isSourceSpec } from './spec.js';
import type { Request } from './types.js';

export const satisfies = (v: string, range: string) => {
  try {
    return semver.satisfies(v, range, { includePrerelease: true });
  } catch {
    return false;
  }
};

/** Thrown inside an attempt to start over with more knowledge. */
export class Restart {
  constructor(readonly why: 'excluded' | 'missing') {}
}

type Pick =
  | { ok: Manifest }
  | { missing: true }
  | { fail: string; error?: SsdpError; kind: 'unavailable' | 'nomatch' | 'unfit' };

/**
 * A manifest's dependencies in a fixed order. `name` is the folder it is required by; `pkg` the
 * registry package, which differs for npm: aliases (`"string-width-cjs": "npm:string-width@^4"`).
 */
export function dependenciesOf(m: Manifest): Array<{ name: string; pkg: string; range: string; optional: boolean }> {
  const bundled = m.bundleDependencies;
  const isBundled = (n: string) => bundled === true || (Array.isArray(bundled) && bundled.includes(n));
  const all = new Map<string, { range: string; optional: boolean }>();
  for (const [n, r] of Object.entries(m.dependencies ?? {})) all.set(n, { range: r, optional: false });
  for (const [n, r] of Object.entries(m.optionalDependencies ?? {})) all.set(n, { range: r, optional: true });
  const deps = [...all.entries()]
    .filter(([n, d]) => !isBundled(n) && typeof d.range === 'string' && n !== m.name)
    .map(([name, d]) => ({ name, ...aliasTarget(name, d.range.trim() || '*'), optional: d.optional }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const d of deps) {
    checkDependencyName(m, d.name, 'depends on');
    if (d.pkg !== d.name) checkDependencyName(m, d.pkg, `depends on ${d.name} as an alias of`);
  }
  return deps;
}

/**
 * What a dependency's name must be to be fetched and placed: `name` or `@scope/name`, no part
 * empty or starting with '.', no backslash or control character, not node_modules. Looser than
 * isValidPackageName on purpose: legacy registry names (a leading '_', uppercase, '!') still
 * install, as with npm.
 */
export function isPlaceableName(name: string): boolean {
  const parts = name.split('/');
  if (parts.length > 2 || (parts.length === 2) !== name.startsWith('@') || name.length > 214) return false;
  const last = parts[parts.length - 1]!;
  return parts.every((p) => p !== '' && p !== '@' && !p.startsWith('.')) && !/[\\\x00-\x1f\x7f]/.test(name) && last !== 'node_modules' && name !== 'favicon.ico';
}

/**
 * A dependency name that is no valid npm package name (`../../x`, `.bin`, `node_modules`) cannot
 * be fetched (its URL would leave the registry's path) nor placed in node_modules: the package's
 * metadata is at fault, not the user's request or a lock, so it is refused naming the package
 * before anything is fetched for it (the s13 tester's R5).
 */
function checkDependencyName(m: Manifest, name: string, how: string): void {
  if (isPlaceableName(name)) return;
  const says = m.folder ? `its package.json in ${m.folder}` : "its metadata from the registry";
  throw new SsdpError('E_REGISTRY_BAD_METADATA', `${m.name}@${m.version} ${how} ${JSON.stringify(name)}, as ${says} says, which is not a valid package name (no '..' or '/' outside an @scope, no leading '.', not node_modules); nothing was installed.`, {
    hint: `This is a fault of ${m.name}@${m.version} (or of the registry serving it), not of your request: tell its maintainers, and meanwhile ask for another version of ${m.name} (NAME@VERSION).`,
  });
}

function aliasTarget(name: string, spec: string): { pkg: string; range: string } {
  if (!spec.startsWith('npm:')) return { pkg: name, range: spec };
  const rest = spec.slice(4);
  const at = rest.indexOf('@', rest.startsWith('@') ? 1 : 0);
  return at > 0 ? { pkg: rest.slice(0, at), range: rest.slice(at + 1) || '*' } : { pkg: rest, range: '*' };
}

/**
 * A dependency on a git repository or tarball URL (`"x": "github:u/x#v1"`), which pacote
 * resolves like a top-level source spec. A file: path or link: in a package's dependencies
 * names a place on its author's disk and is refused, unless that package is itself a folder on
 * this disk (see localRange).
 */
export function isSourceRange(range: string): boolean {
  return isSourceSpec(range) || /^(link|workspace):/.test(range);
}

const PATH_RANGE = /^(file:|\.\.?\/|\/)/;

/**
 * A file: dependency of a package that is itself a folder here (a monorepo sibling,
 * `"b": "file:../b"` in ./a/package.json) names a folder relative to that package's own folder,
 * as npm resolves it: the absolute `file:` spec, or undefined when the range is no path or
 * the package came from elsewhere (then it points into its author's disk).
 */
export function localRange(m: Manifest, range: string): string | undefined {
  if (!PATH_RANGE.test(range)) return undefined;
  const dir = m.folder;
  if (!dir) return undefined;
  const path = range.startsWith('file:') ? range.slice(5) : range;
  if (path.startsWith('//')) return undefined;
  return `file:${isAbsolute(path) ? path : pathResolve(dir, path)}`;
}

export interface SolverState {
  packuments: Map<string, Packument>;
  /** Manifests of dependency source specs pacote resolved, by `name@spec`. */
  sources: Map<string, Manifest>;
  unavailable: Map<string, SsdpError>;
  excluded: Map<string, string>;
  rules: CandidateRules;
  platform: Platform;
}

export class Attempt {
  readonly root = createRoot();
  private readonly queue: TreeNode[] = [];
  private readonly edges = new EdgeIndex();
  readonly missing = new Set<string>();
  /** Dependency source specs to resolve through pacote: `name@spec` -> who asked. */
  readonly missingSources = new Map<string, { name: string; spec: string; from: string }>();
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

  /** `local`: a file: range already made absolute against its dependent's folder (localRange). */
  pick(name: string, range: string, level: TreeNode, from = '', local = false): Pick {
    if (isSourceRange(range)) {
      if (!local && /^(file:|link:|workspace:|\.\.?\/|\/)/.test(range)) {
        const error = new SsdpError('E_BAD_SOURCE_SPEC', `${from || name} depends on ${name}@${range}, a path on its author's disk, which ssdp cannot fetch; nothing was changed`, {
          hint: `install ${name} yourself from a folder or tarball you have (ssdp install file:PATH), or ask the package's author to publish it`,
        });
        return { fail: error.message, error, kind: 'unavailable' };
      }
      const m = this.s.sources.get(`${name}@${range}`);
      if (m) return { ok: m };
      this.missingSources.set(`${name}@${range}`, { name, spec: range, from });
      return { missing: true };
    }
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
      const pkg = req.pkg ?? req.name;
      const narrowed = req.range === '*' && !req.source ? this.rootPeerRange(pkg, requests) : undefined;
      let r = narrowed ? this.pick(pkg, narrowed, this.root) : this.pick(pkg, req.range, this.root);
      if (narrowed && 'fail' in r) r = this.pick(pkg, req.range, this.root);
      if ('missing' in r) continue;
      if ('fail' in r) throw new TopLevelFailure(req, r);
      // The folder is the request's name: an alias (`foo@npm:bar@1`, `foo@URL`) installs as foo.
      const node = addChild(this.root, r.ok, { from: this.root, range: req.range, kind: 'request' }, req.name);
      node.requested = true;
      this.root.out.push({ to: node, optional: false });
      this.queue.push(node);
    }
    for (let i = 0; i < this.queue.length; i++) this.process(this.queue[i]!);
  }

  /**
   * As npm: a request without a range (`typescript` next to `typescript-eslint`) takes the
   * highest version the other requests' peer ranges allow (their best candidates'), not `latest`
   * and then an old release of the other that has no such peer range.
   */
  private rootPeerRange(name: string, requests: Request[]): string | undefined {
    const ranges: string[] = [];
    for (const q of requests) {
      const pkg = q.pkg ?? q.name;
      if (pkg === name || q.source || !this.s.packuments.has(pkg)) continue;
      // The first usable candidate, taken as the iterator reaches it: spreading them all first made
      // every version (thousands for typescript) a candidate, each tested against the range.
      let best: Candidate | undefined;
      for (const c of this.candidates(pkg, q.range)) {
        if (c.ruledOut || this.s.excluded.has(`${c.manifest.name}@${c.manifest.version}`)) continue;
        best = c;
        break;
      }
      const pr = best?.manifest.peerDependencies?.[name];
      if (pr && best?.manifest.peerDependenciesMeta?.[name]?.optional !== true) ranges.push(pr);
    }
    // Joined by spaces they must all hold; a range with || cannot be joined that way.
    const plain = ranges.filter((r) => !r.includes('||'));
    return plain.length ? plain.join(' ') : ranges[0];
  }

  private process(node: TreeNode): void {
    const m = node.manifest!;
    const parent = node.parent!;
    const meta = m.peerDependenciesMeta ?? {};
    for (const q of Object.keys(m.peerDependencies ?? {}).sort()) {
      checkDependencyName(m, q, 'has the peer dependency');
      const pr = m.peerDependencies![q]!;
      const optional = meta[q]?.optional === true;
      const found = lookup(parent, q);
      if (found) {
        if (satisfies(found.version, pr)) this.link(node, parent, found, optional);
        else if (!optional) this.peerConflict(node, q, pr, found);
        continue;
      }
      if (optional) continue;
      const at = place(parent, q, (n) => satisfies(n.version, pr), this.edges);
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
    for (const dep of dependenciesOf(m)) {
      if (dep.optional && platformMismatchByName(dep.pkg, this.s.platform)) continue;
      const local = localRange(m, dep.range);
      const d = local ? { ...dep, range: local } : dep;
      // A source dependency is met only by the very package its spec resolved to.
      const source = isSourceRange(d.range) ? this.s.sources.get(`${d.pkg}@${d.range}`) ?? null : undefined;
      const fits = (n: TreeNode) => (source !== undefined ? source !== null && n.manifest === source : n.manifest!.name === d.pkg && satisfies(n.version, d.range));
      const at = place(node, d.name, fits, this.edges);
      if ('reuse' in at) {
        this.link(node, node, at.reuse, d.optional);
        continue;
      }
      const r = this.pick(d.pkg, d.range, at.level, `${m.name}@${m.version}`, local !== undefined);
      if ('missing' in r) continue;
      if ('fail' in r) {
        if (d.optional) continue;
        if (r.error && r.error.code !== 'E_UNKNOWN_PACKAGE') throw r.error;
        const sep = r.kind === 'unfit' && !r.fail.startsWith('every') ? '; ' : ', but ';
        const what = d.pkg === d.name ? `${d.name}@${d.range}` : `${d.name} (npm:${d.pkg}@${d.range})`;
        this.exclude(node, `${m.name}@${m.version} requires ${what}${sep}${r.fail}`);
      }
      if (d.optional && platformMismatch(r.ok, this.s.platform)) continue;
      const child = addChild(at.level, r.ok, { from: node, range: d.range, kind: d.optional ? 'optional' : 'dependency' }, d.name);
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

export class TopLevelFailure {
  constructor(readonly request: Request, readonly pick: { fail: string; error?: SsdpError; kind: string }) {}
}

/** Fetches the likely tree (best version per range) in parallel, ahead of the attempts. */

/** Platform packages are named for their platform (`@esbuild/darwin-arm64`); skip obvious misses early. */
export function platformMismatchByName(name: string, p: Platform): boolean {
  const osNames = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android'];
  const tail = name.split('/').pop()!;
  const parts = tail.split('-');
  const os = parts.find((x) => osNames.includes(x) || x === 'windows' || x === 'win');
  if (!os) return false;
  const norm = os === 'windows' || os === 'win' ? 'win32' : os;
  return norm !== p.os;
}
