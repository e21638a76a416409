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
import { SsdpError } from '../util/errors.js';
import { Attempt, Restart, TopLevelFailure, type SolverState } from './attempt.js';
import { buildLock } from './build-lock.js';
import { sortedVersions } from './candidates.js';
import { suggestNames } from './explain.js';
import { resolveNode } from './node-runtime.js';
import { createPackumentClient, type PackumentClient } from './packument-client.js';
import { currentPlatform } from './platform.js';
import { fetchMissing, prefetch } from './prefetch.js';
import { npmRegistryConfig, registryForName, type RegistryAuth } from './registry-config.js';
import type { LockedNode, Lockfile, Request, ResolveOptions } from './types.js';

function dedupeRequests(requests: Request[]): Request[] {
  const byName = new Map<string, Request>();
  for (const r of requests) {
    const prev = byName.get(r.name);
    if (prev && (prev.source || r.source) && prev.source !== r.source) throw twoSources(r.name, prev, r);
    if (prev && (prev.range !== r.range || prev.pkg !== r.pkg)) {
      const what = (q: Request) => q.where ?? `'${q.raw}'`;
      throw new SsdpError('E_BAD_SPEC', `'${r.name}' is requested twice with different versions: ${what(prev)} and ${what(r)}; nothing was changed.`, {
        hint: `Keep one entry for ${r.name}.`,
      });
    }
    byName.set(r.name, r);
  }
  return [...byName.values()];
}

/**
 * Two entries for one package from different places (two tarballs, a folder and the registry):
 * which one to install is the user's choice, never whichever was fetched first.
 */
function twoSources(name: string, a: Request, b: Request): SsdpError {
  const what = (r: Request) => r.where ?? `'${r.raw}'`;
  const from = (r: Request) => (r.source ? '' : ' (the registry)');
  return new SsdpError('E_BAD_SPEC', `two sources for ${name}: ${what(a)}${from(a)} and ${what(b)}${from(b)}; nothing was changed.`, {
    hint: `keep one entry for ${name}: to switch an env's ${name} to another source, remove it first (ssdp remove -n ENV ${name}) and install the new one; to have both, install one under another name (ALIAS@SPEC, e.g. ${name}-2@${b.source ?? a.source})`,
  });
}

export interface ResolveExtras {
  /** Scoped registries (`@scope` -> URL), e.g. from npmRegistryConfig(). */
  scopes?: Record<string, string>;
  /** The npm config's credentials. */
  auth?: RegistryAuth;
  /** Injected client (benchmarks reuse one); normally created from opts. */
  client?: PackumentClient;
}

export async function resolve(requests: Request[], opts: ResolveOptions & ResolveExtras): Promise<Lockfile> {
  const platform = opts.platform ?? currentPlatform();
  // Scoped registries and tokens come from the user's npm config unless given.
  const npmrc = opts.scopes && opts.auth ? undefined : npmRegistryConfig();
  let client: PackumentClient =
    opts.client ??
    createPackumentClient({
      registry: opts.registry,
      scopes: opts.scopes ?? npmrc?.scopes,
      auth: opts.auth ?? npmrc?.auth,
      cacheDir: opts.cacheDir,
      offline: opts.offline,
      full: !!opts.before,
      onWarning: opts.onWarning,
    });
  let all = dedupeRequests(requests);
  if (all.some((r) => r.source)) {
    // Git/URL/file: specs become pinned one-version packuments before anything else asks for them.
    const { resolveSources } = await import('./sources.js');
    const got = await resolveSources(all, opts.cacheDir, opts.registry, opts.allowScripts, opts.lockedCommits, opts);
    all = dedupeRequests(got.requests);
    const inner = client;
    client = { stats: inner.stats, get: (name) => (got.packuments.has(name) ? Promise.resolve(got.packuments.get(name)!) : inner.get(name)) };
  }
  const nodeReq = all.find((r) => r.name === 'node');
  const pkgRequests = all.filter((r) => r.name !== 'node');

  let lockNode: LockedNode | undefined;
  let nodeVersion = opts.nodeVersion ?? process.versions.node;
  let nodePinned = !!opts.nodePinned;
  const state: SolverState = {
    packuments: new Map(),
    sources: new Map(),
    unavailable: new Map(),
    excluded: new Map(),
    rules: { before: opts.before, nodeVersion, nodePinned },
    platform,
  };
  const nodePromise = nodeReq ? resolveNode(nodeReq.range, client, platform, { before: opts.before, onWarning: opts.onWarning }) : undefined;
  if (nodePromise) {
    for (const r of pkgRequests) client.get(r.pkg ?? r.name).catch(() => {}); // start these while node resolves
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
        if (attempt.missing.size || attempt.missingSources.size) {
          await fetchAll(attempt, client, state, opts);
          continue;
        }
        throw await topLevelError(e, { ...opts, scopes: opts.scopes ?? npmrc?.scopes }, state);
      }
      throw e;
    }
    if (attempt.missing.size === 0 && attempt.missingSources.size === 0) break;
    await fetchAll(attempt, client, state, opts);
  }

  return buildLock(attempt.root, all, opts, state, lockNode);
}

/** Packuments an attempt lacked, and its dependencies' git/URL specs resolved through pacote. */
async function fetchAll(a: Attempt, client: PackumentClient, s: SolverState, opts: ResolveOptions): Promise<void> {
  const sources = [...a.missingSources].map(async ([key, d]) => {
    const { resolveOne } = await import('./sources.js');
    const raw = `${d.name}@${d.spec}${d.from ? ` (a dependency of ${d.from})` : ''}`;
    const got = await resolveOne({ name: d.name, range: '*', raw, source: d.spec }, opts.cacheDir, opts.registry, opts.allowScripts, opts.lockedCommits, opts);
    const p = got.packument;
    s.sources.set(key, p.versions[p['dist-tags'].latest!]!);
  });
  await Promise.all([fetchMissing(a.missing, client, s), ...sources]);
}

async function topLevelError(f: TopLevelFailure, opts: ResolveOptions & ResolveExtras, s: SolverState): Promise<SsdpError> {
  const { request, pick } = f;
  if (pick.error) {
    if (pick.error.code !== 'E_UNKNOWN_PACKAGE') return pick.error;
    // Searched on the registry serving the name: a private scope's names never go to another (try13a B2).
    const name = request.pkg ?? request.name;
    const near = await suggestNames(name, { cacheDir: opts.cacheDir, registry: registryForName(name, opts.registry, opts.scopes), known: s.packuments.keys(), offline: opts.offline });
    return new SsdpError('E_UNKNOWN_PACKAGE', `${pick.error.message}${request.raw !== request.name ? ` (from '${request.raw}')` : ''}`, {
      hint: near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : 'check the spelling, or the registry in your npm config',
    });
  }
  if (pick.kind === 'nomatch') {
    const p = s.packuments.get(request.pkg ?? request.name)!;
    const newest = sortedVersions(p).slice(0, 5);
    const tags = Object.entries(p['dist-tags']).map(([t, v]) => `${t}=${v}`).slice(0, 4).join(', ');
    return new SsdpError('E_NO_MATCHING_VERSION', `no version of '${request.pkg ?? request.name}' matches '${request.range}' (from '${request.raw}'); newest available: ${newest.join(', ') || 'none'}`, {
      hint: `pick a range that includes one of those${tags ? ` (dist-tags: ${tags})` : ''}`,
    });
  }
  return new SsdpError('E_UNSATISFIABLE', `cannot resolve '${request.raw}': ${pick.fail}`, {
    hint: s.rules.nodePinned ? 'loosen a version range or pin another node version' : 'loosen a version range, or drop a package that conflicts',
  });
}

export function resolveFromCacheOnly(requests: Request[], opts: ResolveOptions & ResolveExtras): Promise<Lockfile> {
  return resolve(requests, { ...opts, offline: true });
}
