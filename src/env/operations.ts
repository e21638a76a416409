/**
 * The env commands as library functions: each goes args -> target -> (under the env lock) new
 * lock and state -> commitEnv. Resolving has no side effects besides the metadata cache, so a
 * failure before the commit leaves everything as it was.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import type { LockedPackage, Lockfile, Request } from '../resolve/types.js';
import type { Reporter } from '../util/reporter.js';
import { currentFolder } from '../util/cwd.js';
import { SsdpError } from '../util/errors.js';
import { isValidEnvName, readEnvState, rootLayout, type EnvState } from './prefix.js';
import { isLeftoverName } from './swap.js';
import { readSpecFile, type EnvSpec, type SpecInput, type Written } from './spec.js';
import { managedVariable, managedVariableHint } from './managed-variables.js';
import { looksLikeEnv, realPrefix, resolveTarget, requireEnv, userFilesIn, type EnvTarget, type TargetArgs } from './target.js';
import { checkLockTrust, commitEnv, withEnvLock } from './commit.js';
import { readDamage } from '../store/damage-journal.js';
import { firstNotAFolder, notAFolderError } from '../util/not-a-folder.js';
import { requireCurrentLock } from './current.js';
import { diffLocks, readRevision, type Revision, type RevisionDiff } from './revisions.js';
import type { ChangePlan } from './change-plan.js';
import { refuseMounts } from './mounts.js';
import { refuseNesting } from './nesting.js';
import { shellWord } from '../shell/dialects.js';
import { readResolution, writeResolution } from './resolution-cache.js';
import { refuseMovedSources } from './moved-sources.js';
import { expandWorkspaceRoots, isWorkspaceRoot } from './workspace-roots.js';

/**
 * After a change: relinks the envs still holding a repaired store entry's edited files (see
 * relink-repaired.ts). That module is loaded only when the store's damage journal names an entry:
 * a change with nothing to repair reads one folder and loads nothing more.
 */
async function finishStoreRepairs(root: string, reporter: Reporter): Promise<void> {
  if (!readDamage(rootLayout(root).store).length) return;
  await (await import('./relink-repaired.js')).finishStoreRepairs(root, reporter);
}

export interface CommonOptions {
  root: string;
  reporter: Reporter;
  offline?: boolean;
  /** The command line, recorded in the revision history. */
  command: string;
  /** Resolve and report what would change; touch no env (metadata may be cached). */
  dryRun?: boolean;
}


type State = Omit<EnvState, 'revision'>;

async function resolveApi() {
  return import('../resolve/index.js');
}

export async function resolveRequests(
  root: string,
  requested: string[],
  state: Pick<State, 'channels' | 'allowScripts'> & { before?: string },
  o: CommonOptions & { refresh?: boolean; keep?: { lock: Lockfile; requested: string[] }; written?: Record<string, Written>; changing?: { target: EnvTarget; lock: Lockfile } },
): Promise<Lockfile> {
  // Registry settings come from a small module: on a remembered resolution the resolver (and
  // semver with it) is never loaded.
  const { channelToRegistry, npmRegistryConfig } = await import('../resolve/registry-config.js');
  const channels = state.channels ?? [];
  if (channels.length > 1) o.reporter.warn(`only the first channel (${channels[0]}) is used; ssdp resolves every package from one registry.`);
  const cfg = npmRegistryConfig();
  const registry = channels.length > 0 ? channelToRegistry(channels[0]!) : cfg.registry;
  const inputs = { requested, registry, before: state.before, node: process.versions.node, ...(state.allowScripts?.length ? { allowScripts: [...state.allowScripts].sort() } : {}) };
  // A folder or a git ref can change under the same spec: those always resolve again.
  const fromSources = requested.some((s) => /(^|@)(git\+|git:|github:|gitlab:|bitbucket:|https?:|file:|\.\.?\/|\/)|^([^@/]+@)?[A-Za-z0-9][\w.-]*\/[\w.-]+(#|$)/.test(s.trim()));
  if (!o.refresh && !fromSources) {
    const hit = readResolution(root, inputs);
    if (hit) {
      for (const w of hit.warnings) o.reporter.warn(w);
      return hit.lock;
    }
  }
  const r = await resolveApi();
  // A change of an existing env: its earlier folder requests are packed again, so one whose
  // folder moved is said as the env's own request (Y4), not as a spec of this command.
  if (o.changing) refuseMovedSources(o.changing.target, requested, o.written ?? {}, (raw) => r.localSourcePath(r.parseRequest(raw).source), (raw) => requestName(r, raw, o.changing!.lock));
  const requests: Request[] = requested.map((s) => (o.written?.[s] ? { ...r.parseRequest(s), where: o.written[s].where } : r.parseRequest(s)));
  if (o.keep && !o.refresh) keepGitCommits(r, requests, o.keep);
  const pinned = requests.some((q) => q.name === 'node');
  const before = state.before ? new Date(state.before) : undefined;
  const cacheDir = rootLayout(root).metadataCache;
  const warnings: string[] = [];
  const onWarning = (m: string) => {
    warnings.push(m);
    o.reporter.warn(m);
  };
  // `update` exists to pick up new releases: revalidate metadata instead of trusting the TTL cache.
  const client = o.refresh
    ? r.createPackumentClient({ registry, scopes: cfg.scopes, auth: cfg.auth, cacheDir, offline: o.offline, full: !!before, ttlMs: 0, onWarning })
    : undefined;
  const lock = await r.resolve(requests, {
    registry,
    cacheDir,
    offline: o.offline,
    before,
    nodeVersion: pinned ? undefined : process.versions.node,
    nodePinned: pinned,
    onWarning,
    allowScripts: state.allowScripts,
    dryRun: o.dryRun,
    lockedCommits: o.keep && !o.refresh ? (await import('./locked-commits.js')).lockedCommits(o.keep.lock, rootLayout(root).store, r.namedBySource, !!o.offline) : undefined,
    scopes: cfg.scopes,
    auth: cfg.auth,
    client,
  });
  // A dry run that left a prepared git commit unpacked has no integrity for it: not for reuse.
  // A request from a source is never read back (above): not written either.
  if (!fromSources && !lock.packages.some((p) => !p.integrity)) writeResolution(root, inputs, lock, warnings);
  return lock;
}

/**
 * file: paths on the command line are relative to where the command runs. A source named twice
 * (`./pk file:pk`) is one request.
 */
async function commandLineRequests(packages: string[]): Promise<{ requested: string[]; written: Record<string, Written> }> {
  const written: Record<string, Written> = {};
  // `tdir@./pk`, `a@../x.tgz`, `a@/abs`: npm's folder shorthand after an alias is a path too (s17 U8).
  // (also npm's `~/pk` and bare `pkg-1.0.0.tgz`, s18 try13v V3)
  if (!packages.some((p) => /^[./~]|file:|@\.{0,2}\/|\.(tgz|tar\.gz|tar)$/i.test(p))) {
    for (const p of packages) written[p] ??= { where: `the argument '${p}'`, text: p };
    return { requested: packages, written };
  }
  const { absoluteSource } = await resolveApi();
  const requested: string[] = [];
  for (const p of packages) {
    const abs = absoluteSource(p, currentFolder);
    if (abs !== p && written[abs]) continue;
    requested.push(abs);
    written[abs] ??= { where: `the argument '${p}'`, text: p };
  }
  // A workspaces root is its workspace packages and its root's dependencies (env/workspace-roots.ts).
  return { requested: expandWorkspaceRoots(requested, written, absoluteSource), written };
}

/**
 * A file: folder or tarball written relative (`./pk`, `file:pk`, `a@../x.tgz`, and a bare
 * `pkg-1.0.0.tgz`, npm's tarball in the current folder, as resolve/spec's FILE_SHORTHAND reads
 * it), which export keeps relative (a bare one came out absolute, s18 try13v).
 */
function writtenRelative(text: string): boolean {
  // `.` and `..` alone (the project itself, `- .` in its spec) too (tester s22 try13w C2: exported absolute).
  return /^(?:(?:@[^/@\s]+\/)?[^/@\s]+@)?(?:file:(?![/~])|\.\.?(?:\/|$)|[^@:/\\\s][^@:/\\]*\.(?:tgz|tar\.gz|tar)$)/i.test(text.trim());
}

/** A file: folder or tarball written in the home folder (`file:~/pk`), which export writes so again (s16 T9). */
function writtenInHome(text: string): boolean {
  return /^(?:(?:@[^/@\s]+\/)?[^/@\s]+@)?file:~\//.test(text.trim());
}

/**
 * The requested entries written as relative paths: this change's own (`written`), and those of
 * earlier changes still requested and not written anew.
 */
function relativeEntries(requested: string[], written: Record<string, Written>, old: string[] = [], how = writtenRelative): string[] | undefined {
  const rel = requested.filter((s) => (written[s] ? how(written[s].text) : old.includes(s)));
  return rel.length ? rel : undefined;
}

type ResolveApi = Awaited<ReturnType<typeof resolveApi>>;

/**
 * As npm: only `update` moves a git ref. Installing or removing something else keeps each git
 * request that is unchanged at the commit the env's lock has for it (a branch stays put).
 */
function keepGitCommits(api: ResolveApi, requests: Request[], keep: { lock: Lockfile; requested: string[] }): void {
  for (const q of requests) {
    if (!q.source || !keep.requested.includes(q.raw)) continue;
    // An aliased request (`al@git+...#dev`) is installed at its alias, under the package's own
    // name in the lock: found by its folder and its source (try13u U3: it moved to the branch's new head).
    const aliased = q.name !== q.source;
    const hit = keep.lock.packages.find((p) => p.requested && (aliased ? p.path === q.name : p.path === p.name) && /^git\+.*#[0-9a-f]{40,64}(::path:[^#]*)?$/.test(p.resolved) && api.namedBySource(p.resolved, aliased ? [q.source!] : [q.raw]));
    if (!hit) continue;
    if (q.name === q.source) q.name = hit.resolved;
    q.source = hit.resolved;
  }
}

/**
 * The package a request stands for: the folder it is installed at, as npm keys it. A git/URL/file:
 * request without a name names no package until it is resolved, so it is known by the requested
 * lock entry it fetched; one with a name (`a1@git+...`, `pk@./pk`) is known by that name, so an
 * alias and the package's own request of one source are two packages (tester s22 try13w C1, C4, C5:
 * the alias's install or update removed the other, and remove of one removed both).
 */
function requestName(api: ResolveApi, raw: string, lock?: Lockfile): string {
  const r = api.parseRequest(raw);
  if (!r.source || !lock || r.name !== r.source) return r.name;
  return lock.packages.find((p) => p.requested && p.path === p.name && api.namedBySource(p.resolved, [raw]))?.name ?? folderPackageName(r) ?? r.name;
}

/**
 * The package name in a local folder spec's package.json (no alias given), so installing a
 * folder (`ssdp install ./lodash-es-fork`) replaces the env's request for that name, as
 * `npm install ./fork` replaces the dependency, instead of counting as a second source.
 */
function folderPackageName(r: Request): string | undefined {
  if (r.name !== r.source || !r.source.startsWith('file:')) return undefined;
  try {
    const name = (JSON.parse(readFileSync(join(r.source.slice(5), 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where an unaliased source request fetches from, without its ref: two specs of one repository or
 * folder match. An aliased one (`a1@git+...#dev`) is known by its alias alone, as npm keys it, so a
 * second alias of the same repository is a package of its own (try13v V1: it removed the first).
 */
function sourcePlace(api: ResolveApi, raw: string): string | undefined {
  const r = api.parseRequest(raw);
  if (!r.source || r.name !== r.source) return undefined;
  return api.repoKey(r.source) ?? r.source;
}

/**
 * Merges new requests into old ones: a request for a name already asked for replaces it, and so
 * does a spec of the same repository or folder (`update git+...#v2` moves the ref).
 */
async function mergeRequested(old: string[], added: string[], lock?: Lockfile): Promise<string[]> {
  const api = await resolveApi();
  const adding = added.map((s) => api.absoluteSource(s, currentFolder));
  const names = new Set(adding.map((s) => requestName(api, s, lock)));
  const places = new Set(adding.map((s) => sourcePlace(api, s)).filter((p) => p !== undefined));
  return [...old.filter((s) => !names.has(requestName(api, s, lock)) && !places.has(sourcePlace(api, s) ?? '')), ...adding];
}

export interface Plan {
  prefix: string;
  /** create --force over an existing env: what it had, what goes and changes, and the user's files that stay. */
  replaces?: { name: string; diff: RevisionDiff; damaged: boolean; userFiles: string[]; moreUserFiles: boolean };
  node?: string;
  packages: Array<{ name: string; version: string; path: string; inStore: boolean; size?: number }>;
  /** Packages that would be downloaded (not yet in the store). */
  toFetch: number;
}

/** What a create would install; sizes are known for packages already in the store. */
export async function planOf(t: EnvTarget, lock: Lockfile): Promise<Plan> {
  const { storeUsage, integrityKey } = await import('../store/index.js');
  const sizes = new Map(storeUsage(rootLayout(t.root).store).entries.map((e) => [e.key, e.size]));
  const packages = lock.packages.map((p) => {
    const size = sizes.get(integrityKey(p.integrity) ?? '');
    return { name: p.name, version: p.version, path: p.path, inStore: size !== undefined, ...(size !== undefined ? { size } : {}) };
  });
  const nodeInStore = !lock.node || sizes.has(integrityKey(lock.node.integrity) ?? '');
  return { prefix: t.prefix, node: lock.node?.version, packages, toFetch: packages.filter((p) => !p.inStore).length + (nodeInStore ? 0 : 1) };
}

function replacedEnv(t: EnvTarget, lock: Lockfile): NonNullable<Plan['replaces']> {
  let old: Lockfile | undefined;
  try {
    old = requireCurrentLock(t.prefix);
  } catch {
    old = undefined; // damaged: everything it had goes, as far as ssdp can tell
  }
  const u = userFilesIn(t.prefix);
  return { name: t.name, diff: diffLocks(old, lock), damaged: old === undefined, userFiles: u.shown, moreUserFiles: u.more };
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function formatPlan(p: Plan): string {
  const r = p.replaces;
  const lines = r
    ? [
        `Would replace env ${r.name} (${p.prefix}) with ${p.packages.length} package(s)${p.node ? ` and node ${p.node}` : ''} (--force): ${r.diff.added.length} added, ${r.diff.removed.length} removed, ${r.diff.changed.length} changed${r.damaged ? ' (its lock is damaged: what it had is unknown)' : ''}.`,
        ...r.diff.removed.map((c) => `  - ${c.path} ${c.from}`),
        ...r.diff.changed.map((c) => `    ${c.path} ${c.from} -> ${c.to}`),
        r.userFiles.length ? `Files of your own in it are kept: ${r.userFiles.join(', ')}${r.moreUserFiles ? ' and more' : ''}.` : 'Files of your own in it are kept.',
        'It would hold:',
      ]
    : [`Would create ${p.prefix} with ${p.packages.length} package(s)${p.node ? ` and node ${p.node}` : ''}:`];
  if (p.node) lines.push(`  node ${p.node}`);
  for (const q of p.packages) lines.push(`  ${q.path === q.name ? q.name : q.path} ${q.version}${q.size !== undefined ? `  (${mb(q.size)}, in the store)` : ''}`);
  const stored = p.packages.reduce((n, q) => n + (q.size ?? 0), 0);
  lines.push(`${p.toFetch} to download; ${p.packages.length - p.packages.filter((q) => !q.inStore).length} already in the store (${mb(stored)}).`);
  lines.push('(dry run: nothing was changed)');
  return lines.join('\n');
}

export interface CreateOptions extends CommonOptions, TargetArgs {
  file?: string;
  packages?: string[];
  force?: boolean;
  allowScripts?: string[];
  before?: Date;
}

export type CreateResult = { kind: 'plan'; plan: Plan } | { kind: 'created'; target: EnvTarget; revision: Revision };

export async function createEnv(o: CreateOptions): Promise<CreateResult> {
  const input: SpecInput | undefined = o.file !== undefined ? await readSpecFile(o.file) : undefined;
  const packages = o.packages ?? [];
  if (!input && packages.length === 0) {
    throw new SsdpError('E_BAD_ARGS', 'nothing to create from.', { hint: 'Give a spec file with -f FILE, or packages: ssdp env create -n NAME node=22 lodash.' });
  }
  if (input && packages.length > 0) {
    throw new SsdpError('E_BAD_ARGS', 'give either -f FILE or packages on the command line, not both.', { hint: 'Add the packages to the spec file, or install them afterwards with ssdp install.' });
  }
  if (input?.kind === 'lock' && o.name === undefined && o.prefix === undefined) {
    throw new SsdpError('E_NO_ENV_GIVEN', `${input.file} is a lockfile, which does not name an env.`, { hint: 'Say where to create it with -n NAME or -p PATH.' });
  }
  const specOf = input?.kind === 'spec' ? input.spec : undefined;
  const t = specTarget(o, specOf, false);
  if (!input && o.name === undefined && o.prefix === undefined) throw new SsdpError('E_NO_ENV_GIVEN', 'no env given.', { hint: 'Name it with -n NAME or -p PATH.' });

  let lock: Lockfile;
  let state: State;
  const allowScripts = [...new Set([...(input?.kind === 'spec' ? input.spec.allowScripts : input?.kind === 'lock' ? lockAllowScripts(input.lock, input.file) : []), ...(o.allowScripts ?? [])])];
  const before = o.before ?? (input?.kind === 'spec' ? input.spec.before : undefined);
  const checkFree = () => atSpecPrefix(t, () => checkCreateTarget(t, !!o.force));
  checkFree();
  if (input?.kind === 'lock') {
    lock = input.lock;
    await checkLockPlatform(lock, input.file);
    state = { name: t.name, variables: lockVariables(lock, input.file), requested: lock.requested, ...(input.relative.length ? { relative: input.relative } : {}), ...(input.home.length ? { home: input.home } : {}), channels: [lock.registry], allowScripts, specFile: resolvePath(input.file) };
  } else {
    const spec = input?.kind === 'spec' ? input.spec : undefined;
    const asked = spec ? { requested: spec.dependencies, written: spec.written } : await commandLineRequests(packages);
    const relative = relativeEntries(asked.requested, asked.written);
    const home = relativeEntries(asked.requested, asked.written, [], writtenInHome);
    state = {
      name: t.name,
      variables: spec?.variables ?? {},
      requested: asked.requested,
      ...(relative ? { relative } : {}),
      ...(home ? { home } : {}),
      channels: spec && spec.channels.length > 0 ? spec.channels : ['npm'],
      allowScripts,
      ...(spec ? { specFile: resolvePath(spec.file) } : {}),
      ...(before ? { before: before.toISOString() } : {}),
    };
    lock = await resolveRequests(o.root, state.requested, state, { ...o, written: asked.written });
  }
  if (o.dryRun) {
    // The checks a real create makes before it links anything, so a dry run that passes is one the real run passes.
    await checkLockTrust(t.root, lock, { channels: state.channels, lockFile: input?.kind === 'lock' ? input.file : undefined });
    const plan = await planOf(t, lock);
    return { kind: 'plan', plan: looksLikeEnv(t.prefix, t.named) ? { ...plan, replaces: replacedEnv(t, lock) } : plan };
  }
  const created = await withEnvLock(t, o.reporter, async () => {
    checkFree(); // again under the lock: another process may have created it meanwhile
    const revision = await commitEnv(t, { lock, state, command: o.command, freshHistory: true, ...(input?.kind === 'lock' ? { lockFile: input.file } : {}) }, o);
    return { kind: 'created' as const, target: t, revision };
  });
  await finishStoreRepairs(t.root, o.reporter);
  return created;
}

/**
 * The env a spec file's command means. -n/-p win; else the spec's name: (conda's own choice,
 * and conda's export writes both keys, its prefix: being a path on the machine it ran on);
 * else its prefix:, which gets every check a -p gets (atSpecPrefix names the spec line).
 * A prefix: not used because name: is there is said once, unless both mean the same folder.
 */
function specTarget(o: CommonOptions & TargetArgs, spec: EnvSpec | undefined, useActive: boolean): EnvTarget & { specLine?: string } {
  const p = spec?.prefix;
  if (o.name !== undefined || o.prefix !== undefined || !p) return resolveTarget(o.root, o, spec?.name, useActive);
  if (spec.name !== undefined) {
    const t = resolveTarget(o.root, o, spec.name, useActive);
    if (p.path !== join(rootLayout(o.root).envs, spec.name)) {
      o.reporter.info(`ssdp: ${p.where}: prefix: ${p.path} is not used: the spec's name: ${spec.name} puts the env at ${t.prefix} (as conda does). Give -p PATH to create it elsewhere.`);
    }
    return t;
  }
  const specLine = p.where;
  return { ...atSpecPrefix({ specLine }, () => resolveTarget(o.root, { prefix: p.path }, undefined, useActive)), specLine };
}

/** Runs a check of a target; when the target came from a spec's prefix: line, its refusal names that line. */
function atSpecPrefix<T>(t: { specLine?: string }, check: () => T): T {
  if (!t.specLine) return check();
  try {
    return check();
  } catch (e) {
    if (!(e instanceof SsdpError)) throw e;
    throw new SsdpError(e.code, `${t.specLine}: prefix: ${e.message}`, { hint: e.hint, exitCode: e.exitCode, cause: e });
  }
}

/**
 * Where create may build, and what --force may replace: only an existing env (a folder holding
 * ssdp-meta, even a damaged one). Any other non-empty folder is refused every time, named with
 * a few of its entries, and so is any folder that is or contains the root, the store, $HOME or
 * `/`, or lies inside the store: --force exists to replace an env, never to delete user data.
 */
/**
 * Unicode's control characters (general category Cc: U+0000-U+001F, U+007F-U+009F), spelled out:
 * `/\p{Cc}/u` is the same set, but V8 builds a Unicode property class through ICU each time a
 * create compiles it (~1 M instructions of a warm create, twice).
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export function checkCreateTarget(t: EnvTarget, force: boolean): void {
  // ROOT/environments.txt holds one prefix a line (as conda's), and activation puts PREFIX/bin on PATH.
  const control = CONTROL_CHARACTER.exec(t.prefix);
  if (control) {
    throw new SsdpError('E_BAD_PREFIX', `${shellWord(t.prefix)} holds a control character (${JSON.stringify(control[0]).slice(1, -1)}), so it cannot be an env: ssdp records env prefixes one a line and puts PREFIX/bin on PATH.`, {
      hint: 'Give a path without newlines, tabs or other control characters; nothing was changed.',
    });
  }
  const layout = rootLayout(t.root);
  const real = (p: string) => realPrefix(resolvePath(p));
  // ROOT/envs or the store a file or a link to nothing: that part named, not the env (s13 F2).
  for (const [part, role] of [[layout.envs, 'the folder of named envs'], [layout.store, 'the package store']] as const) {
    const bad = firstNotAFolder(t.root, part);
    if (bad) throw notAFolderError(bad[0], bad[1], role);
  }
  const prefix = real(t.prefix);
  // NODE_PATH and PATH are split at ':': the env's packages and bins could never be found.
  if (t.prefix.includes(':') || prefix.includes(':')) {
    const rootHas = resolvePath(t.root).includes(':');
    throw new SsdpError('E_BAD_PREFIX', `${shellWord(prefix.includes(':') ? prefix : t.prefix)} holds a ':', so it cannot be an env: NODE_PATH and PATH are split at ':', and neither require() nor the shell would find the env's packages and bins.`, {
      hint: `${rootHas ? 'Set SSDP_ROOT (or --root) to a folder without a colon' : 'Give a path without a colon'}; nothing was changed.`,
    });
  }
  const contains = (outer: string, inner: string) => inner === outer || inner.startsWith(outer.endsWith('/') ? outer : outer + '/');
  const guarded: Array<[string, string]> = [
    [real(t.root), 'the ssdp root'],
    [real(layout.envs), 'the folder of all named envs'],
    [real(layout.store), 'the package store'],
    [real(homedir()), 'your home folder'],
    ['/', 'the file system root'],
  ];
  for (const [path, what] of guarded) {
    if (contains(prefix, path)) {
      throw new SsdpError('E_PREFIX_PROTECTED', `${t.prefix} ${prefix === path ? 'is' : 'contains'} ${what} (${path}); an env cannot be created there.`, {
        hint: 'Give -p a new or empty folder of its own, e.g. -p ./env; nothing was changed.',
      });
    }
  }
  // Inside the root only ROOT/envs/NAME is an env's place: the rest (store, caches, locks,
  // ROOT/tools with ssdp's node-gyp) is ssdp's own and would be replaced or swept.
  const envs = real(layout.envs);
  if (contains(real(t.root), prefix) && dirname(prefix) !== envs) {
    const inStore = contains(real(layout.store), prefix);
    throw new SsdpError('E_PREFIX_PROTECTED', `${t.prefix} is inside ${inStore ? 'the package store' : `the ssdp root (${real(t.root)})`}; inside the root an env can only be ${join(envs, 'NAME')}.`, {
      hint: 'Give -p a folder outside the ssdp root, or use -n NAME; nothing was changed.',
    });
  }
  // A name ssdp's sweeps take for their own leftovers would be deleted, user files and all, by
  // the next clean or change next to it; a hidden name in ROOT/envs is what -n refuses (B3).
  const leftoverLike = [basename(t.prefix), basename(prefix)].find(isLeftoverName);
  if (leftoverLike) {
    throw new SsdpError('E_BAD_PREFIX', `${t.prefix} cannot be an env: its name '${leftoverLike}' is the name ssdp gives the folders it leaves next to an env while changing it, which ssdp clean and the next change delete as leftovers.`, {
      hint: 'Give -p a path whose last part is not .NAME.ssdp-staging-/-trash-/-removing-/-undeletable-…; nothing was changed.',
    });
  }
  if (dirname(prefix) === envs && !isValidEnvName(basename(prefix))) {
    throw new SsdpError('E_BAD_PREFIX', `${t.prefix} cannot be an env: in ${envs} an env's folder is its name, and '${basename(prefix)}' is not a valid env name.`, {
      hint: 'Use letters, digits, _, - and . (not starting with . or -), at most 100 characters (-n NAME), or give -p a folder outside the ssdp root; nothing was changed.',
    });
  }
  if (existsSync(t.prefix)) refuseMounts(t.prefix, 'create an env at');
  refuseNesting(prefix, 'create');
  if (looksLikeEnv(t.prefix, t.named)) {
    if (force) return refuseNesting(prefix, 'replace');
    throw new SsdpError('E_ENV_EXISTS', `an env ${t.named ? `named '${t.name}'` : `at ${t.prefix}`} already exists.`, {
      hint: 'Replace it with --force (files you added to it are kept), change it with ssdp env update -f FILE / ssdp install, or pick another name.',
    });
  }
  const entries = existsSync(t.prefix) ? readdirSync(t.prefix).sort() : [];
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, and ${entries.length - 5} more` : '');
    throw new SsdpError('E_PREFIX_NOT_EMPTY', `${t.prefix} is not empty (it holds ${shown}) and is not an ssdp env, so ssdp will not build an env there${force ? ', not even with --force' : ''}.`, {
      hint: 'Pick a new or empty folder for the env; nothing was changed.',
    });
  }
}

/** The `variables` `env export --lock` writes into a lockfile, checked as a spec's are. */
function lockVariables(lock: Lockfile, file: string): Record<string, string> {
  const v = (lock as Lockfile & { variables?: unknown }).variables;
  if (v === undefined) return {};
  const bad = (why: string, hint = 'Regenerate it with ssdp env export --lock.') => new SsdpError('E_BAD_LOCKFILE', `${file}: "variables" ${why}.`, { hint });
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('must map variable names to strings');
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw bad(`must map variable names to strings (${k} does not)`);
    const managed = managedVariable(k);
    if (managed) throw bad(`may not set ${k}: ${managed.why}`, managedVariableHint(k, managed));
  }
  return v as Record<string, string>;
}

/** The `allowScripts` list `env export --lock` writes into a lockfile (not part of the resolved tree). */
function lockAllowScripts(lock: Lockfile, file: string): string[] {
  const v = (lock as Lockfile & { allowScripts?: unknown }).allowScripts;
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new SsdpError('E_BAD_LOCKFILE', `${file}: "allowScripts" must be a list of package names.`, { hint: 'Regenerate it with ssdp env export --lock.' });
  }
  return v;
}

/**
 * A lockfile is exact, so it is also platform-specific (node's binary, packages with os/cpu).
 * Installing one made elsewhere would put foreign binaries in the env: refuse, pointing to the
 * spec export that recreates on any OS.
 */
async function checkLockPlatform(lock: Lockfile, file: string): Promise<void> {
  const [{ currentPlatform, platformMismatch }, { nodePlatformPackage }] = await Promise.all([import('../resolve/platform.js'), import('../resolve/node-runtime.js')]);
  const here = currentPlatform();
  const wrong: string[] = [];
  if (lock.node && lock.node.package !== nodePlatformPackage(here)) wrong.push(`node from ${lock.node.package}`);
  for (const p of lock.packages) {
    const why = platformMismatch(p, here);
    if (why) wrong.push(`${p.name}@${p.version} (${why})`);
  }
  if (wrong.length > 0) {
    throw new SsdpError('E_LOCK_OTHER_PLATFORM', `${file} was locked on another platform: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? `, and ${wrong.length - 5} more` : ''}.`, {
      hint: 'A lockfile reproduces an env on the same OS and CPU. To recreate it here, use the spec export (ssdp env export, without --lock) from the original env.',
    });
  }
}

/** Read-modify-write of an existing env under its lock; skips the commit when nothing changes. */
async function changeEnv(
  t: EnvTarget,
  o: CommonOptions,
  compute: (state: EnvState, lock: Lockfile) => Promise<{ lock: Lockfile; state: State }>,
): Promise<Revision | ChangePlan | undefined> {
  if (o.dryRun) {
    // No env lock: a dry run reads the env as it is now and writes nothing in it.
    const state = requireEnv(t);
    const lock = requireCurrentLock(t.prefix);
    const next = await compute(state, lock);
    await checkLockTrust(t.root, next.lock, { channels: next.state.channels });
    return { kind: 'plan', prefix: t.prefix, creates: false, diff: diffLocks(lock, next.lock) };
  }
  const changed = await withEnvLock(t, o.reporter, async () => {
    const state = requireEnv(t);
    const lock = requireCurrentLock(t.prefix);
    const next = await compute(state, lock);
    const d = diffLocks(lock, next.lock);
    const { revision: _r, wrappers: _w, ...oldRest } = state;
    // Compared by meaning, not by key order: a state rebuilt with its `relative` field last is the
    // same state (update --all recorded an empty revision, s17 U7). JSON drops the undefined keys.
    const plain = (x: object) => JSON.parse(JSON.stringify({ ...x, node: undefined })) as unknown;
    const sameState = isDeepStrictEqual(plain(oldRest), plain(next.state));
    if (d.added.length + d.removed.length + d.changed.length === 0 && sameState) {
      o.reporter.info(`Nothing to change in ${t.prefix}.`);
      return undefined;
    }
    return commitEnv(t, { ...next, command: o.command, freshHistory: false }, o);
  });
  // A damaged store entry this change fetched again: the other envs holding its edited files
  // are relinked now that this env's lock is free (see relink-repaired.ts).
  await finishStoreRepairs(t.root, o.reporter);
  return changed;
}

/** `state` with its relative and home entries (see relativeEntries) after a change that wrote `written`. */
function withRelative(state: State, written: Record<string, Written>, old?: EnvState): State {
  const relative = relativeEntries(state.requested, written, old?.relative);
  const home = relativeEntries(state.requested, written, old?.home, writtenInHome);
  // in place, not moved to the end: a change compares states as written, and the key order alone
  // made the first update --all of such an env an empty revision (tester s17 try13u U7)
  const out: State = { ...state };
  if (relative) out.relative = relative;
  else delete out.relative;
  if (home) out.home = home;
  else delete out.home;
  return out;
}

function stateOf(s: EnvState): State {
  // wrappers says what the env's files are, not what was asked: commitEnv writes it (as node).
  const { revision: _r, wrappers: _w, ...rest } = s;
  return rest;
}

export async function installPackages(o: CommonOptions & TargetArgs & { packages: string[]; before?: Date; allowScripts?: string[] }): Promise<Revision | ChangePlan | undefined> {
  if (o.packages.length === 0) throw new SsdpError('E_BAD_ARGS', 'name at least one package to install.');
  const t = resolveTarget(o.root, o, undefined, true);
  const asked = await commandLineRequests(o.packages);
  return changeEnv(t, o, async (s, lock) => {
    const state: State = withRelative({ ...stateOf(s), requested: await mergeRequested(s.requested, asked.requested, lock) }, asked.written, s);
    // A newly allowed package changes the env even when its version does not: the commit
    // relinks it with private copies and runs its script now, as the user asked.
    const allowed = [...new Set([...(s.allowScripts ?? []), ...(o.allowScripts ?? [])])];
    if (allowed.length > 0) state.allowScripts = allowed;
    if (o.before) state.before = o.before.toISOString();
    return { state, lock: await resolveRequests(o.root, state.requested, state, { ...o, keep: { lock, requested: s.requested }, written: asked.written, changing: { target: t, lock } }) };
  });
}

/**
 * A package the env's folder holds outside its lock: `npm install -g` in an activated env (or
 * under ssdp run) installs into the env's lib/node_modules, which the README says is outside
 * ssdp's lock. ssdp neither lists, exports nor removes it; said so, with npm's command (s15 NPM1:
 * remove said "not installed" of a package node imports).
 */
function notInLock(prefix: string, name: string): void {
  if (!/^(@[\w.~-]+\/)?[\w~-][\w.~-]*$/.test(name) || !existsSync(join(prefix, 'lib', 'node_modules', name, 'package.json'))) return;
  throw new SsdpError('E_PACKAGE_NOT_IN_ENV', `'${name}' is in ${join(prefix, 'lib', 'node_modules', name)} but not in the env's lock: npm install -g put it there, outside ssdp's lock, so ssdp does not list, export or change it.`, {
    hint: `Remove it with npm: ssdp run -p ${shellWord(prefix)} -- npm uninstall -g ${name}; or have ssdp manage it: ssdp install ${name}.`,
  });
}

export async function removePackages(o: CommonOptions & TargetArgs & { packages: string[] }): Promise<Revision | ChangePlan | undefined> {
  if (o.packages.length === 0) throw new SsdpError('E_BAD_ARGS', 'name at least one package to remove.');
  const t = resolveTarget(o.root, o, undefined, true);
  const api = await resolveApi();
  const { pruneLock } = await import('./prune.js'); // remove's alone: not loaded by create
  return changeEnv(t, o, async (s, lock) => {
    // A package added as ./local or git+... is removed by its name or by that spec. A workspaces
    // root: what it added and the env still asks for as added (its workspaces, its root's tools).
    const names = o.packages.flatMap((p) => {
      const abs = api.absoluteSource(p, currentFolder);
      if (!isWorkspaceRoot(abs)) return [requestName(api, abs, lock)];
      const added = expandWorkspaceRoots([abs], {}, api.absoluteSource).filter((r) => s.requested.includes(r));
      if (added.length === 0) throw new SsdpError('E_PACKAGE_NOT_IN_ENV', `none of the workspace packages or root dependencies of the workspaces root '${p}' is a request of ${t.prefix}.`, { hint: 'See ssdp list for what is installed.' });
      return added.map((r) => requestName(api, r, lock));
    });
    const have = new Map(s.requested.map((r) => [requestName(api, r, lock), r]));
    for (const n of names) {
      if (!have.has(n)) {
        const dep = lock.packages.some((p) => p.name === n || p.path === n); // an alias's folder (al of pk) is ssdp's too
        if (!dep) notInLock(t.prefix, n);
        throw new SsdpError('E_PACKAGE_NOT_IN_ENV', `'${n}' is not ${dep ? 'a package you asked for' : 'installed'} in ${t.prefix}.`, {
          hint: dep ? 'It is there as a dependency of another package; remove that package instead.' : 'See ssdp list for what is installed.',
        });
      }
    }
    const requested = s.requested.filter((r) => !names.includes(requestName(api, r, lock)));
    const next = pruneLock(lock, requested.map((r) => requestName(api, r, lock)), requested);
    refuseNeededSource(t.prefix, names, have, next, api);
    return { state: withRelative({ ...stateOf(s), requested }, {}, s), lock: next };
  });
}

/**
 * A package removed from the requests that came from a folder, git repository or tarball URL, and
 * that a remaining package still needs (`@mono/a` asking for `@mono/b` ^1 by range, as workspace
 * siblings do): the pruned lock would keep it with nothing naming its source, which the lock's
 * trust check then took for a hostile registry (tester s23 try13x G2: E_LOCK_UNTRUSTED_HOST, "the
 * registry is misconfigured or hostile"). Refused naming who needs it, before anything changes.
 */
function refuseNeededSource(prefix: string, names: string[], have: Map<string, string>, next: Lockfile, api: ResolveApi): void {
  for (const n of names) {
    const request = have.get(n);
    const kept = next.packages.find((p) => p.path === n);
    if (!request || !kept || !api.parseRequest(request).source) continue;
    const range = (p: LockedPackage) => ({ ...p.peerDependencies, ...p.optionalDependencies, ...p.dependencies })[n];
    const needers = next.packages.filter((p) => p.path !== n && range(p) !== undefined);
    const shown = needers.slice(0, 4).map((p) => `${p.path === p.name ? p.name : `${p.path} (${p.name})`}@${p.version} (${n} ${range(p)})`);
    throw new SsdpError('E_PACKAGE_NEEDED', `'${n}' came from ${request.replace(/^file:/, '')} and is still needed by ${shown.join(', ') || 'a package that stays'}: without that request nothing in ${prefix} would provide it (a folder, git or URL package is not looked up on the registry); nothing was changed.`, {
      hint: `Remove what needs it as well (ssdp remove -n ENV ${[n, ...needers.slice(0, 4).map((p) => p.path)].join(' ')}), or keep ${n}.`,
    });
  }
}

export async function updatePackages(o: CommonOptions & TargetArgs & { packages: string[]; all?: boolean }): Promise<Revision | ChangePlan | undefined> {
  if (o.packages.length === 0 && !o.all) throw new SsdpError('E_BAD_ARGS', 'name the packages to update, or pass --all.');
  // Which one was meant is not ours to guess (tester s16 try8h S5: `update --all gamma` said "Nothing to change").
  if (o.packages.length > 0 && o.all) {
    throw new SsdpError('E_BAD_ARGS', `--all updates every package, so it takes no package names (got ${o.packages.join(', ')}). Nothing was done.`, { hint: 'Give either the packages to update or --all.', exitCode: 2 });
  }
  const t = resolveTarget(o.root, o, undefined, true);
  const api = await resolveApi();
  const { parseRequest } = api;
  return changeEnv(t, o, async (s, lock) => {
    for (const p of o.packages) {
      const n = parseRequest(p).name;
      const place = sourcePlace(api, api.absoluteSource(p, currentFolder));
      if (place !== undefined && s.requested.some((r) => sourcePlace(api, r) === place)) continue; // a new ref for a source already there
      if (isWorkspaceRoot(api.absoluteSource(p, currentFolder))) continue; // its workspaces and tools, packed and resolved again
      if (!lock.packages.some((q) => q.name === n || q.path === n) && !(n === 'node' && lock.node)) {
        notInLock(t.prefix, n);
        throw new SsdpError('E_PACKAGE_NOT_IN_ENV', `'${n}' is not installed in ${t.prefix}.`, { hint: `Install it with ssdp install ${n}.` });
      }
    }
    // A versioned request (`ssdp update a@2`, a git spec with another ref) replaces what was
    // asked for; a bare name keeps it (a git ref such as a branch is resolved again either way).
    const versioned = await commandLineRequests(o.packages.filter((p) => parseRequest(p).range !== '*' || parseRequest(p).source));
    const state: State = withRelative({ ...stateOf(s), requested: await mergeRequested(s.requested, versioned.requested, lock) }, versioned.written, s);
    return { state, lock: await resolveRequests(o.root, state.requested, state, { ...o, refresh: true, written: versioned.written, changing: { target: t, lock } }) };
  });
}

export async function updateFromSpec(o: CommonOptions & TargetArgs & { file: string; prune?: boolean }): Promise<Revision | ChangePlan | undefined> {
  const input = await readSpecFile(o.file);
  if (input.kind !== 'spec') throw new SsdpError('E_BAD_ARGS', `${o.file} is a lockfile.`, { hint: 'Recreate from a lockfile with ssdp env create --force -f LOCKFILE.' });
  const spec = input.spec;
  const t = specTarget(o, spec, true);
  if (!looksLikeEnv(t.prefix, t.named) && !readEnvState(t.prefix)) {
    // As conda's `env update`: an env that does not exist yet is created from the spec.
    const r = await createEnv({ ...o, name: t.named ? t.name : undefined, prefix: t.named ? undefined : t.prefix });
    if (r.kind === 'plan') {
      return { kind: 'plan', prefix: t.prefix, creates: true, diff: { added: r.plan.packages.map((p) => ({ path: p.path, to: p.version })), removed: [], changed: [] } };
    }
    return r.kind === 'created' ? r.revision : undefined;
  }
  return changeEnv(t, o, async (s, lock) => {
    const state: State = {
      ...stateOf(s),
      requested: o.prune ? spec.dependencies : await mergeRequested(s.requested, spec.dependencies, lock),
      variables: o.prune ? spec.variables : { ...s.variables, ...spec.variables },
      channels: spec.channels.length > 0 ? spec.channels : s.channels,
      allowScripts: o.prune ? spec.allowScripts : [...new Set([...(s.allowScripts ?? []), ...spec.allowScripts])],
      specFile: resolvePath(spec.file),
    };
    if (spec.before) state.before = spec.before.toISOString();
    else if (o.prune) delete state.before;
    return { state: withRelative(state, spec.written, o.prune ? undefined : s), lock: await resolveRequests(o.root, state.requested, state, { ...o, keep: { lock, requested: s.requested }, written: spec.written, changing: { target: t, lock } }) };
  });
}

export async function rollback(o: CommonOptions & TargetArgs & { revision: number }): Promise<Revision | ChangePlan | undefined> {
  const t = resolveTarget(o.root, o, undefined, true);
  return changeEnv(t, o, async () => {
    const r = readRevision(t.prefix, o.revision);
    return { state: r.state, lock: r.lock };
  });
}

