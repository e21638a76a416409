/**
 * Words for failures: the chain of requirements behind a conflict, and "did you mean" names for
 * a package the registry does not know. Kept apart so the resolver stays about choosing versions.
 */
import type { TreeNode } from './hoist.js';
import { cachedNames } from './metadata-cache.js';
import { editDistance } from '../util/edit-distance.js';
import { fetchFollowing } from '../util/http-retry.js';
import { authHeaderFor, npmRegistryConfig } from './registry-config.js';

/** `requested app@^1 -> app@1.0.0 requires mid@^1 -> mid@1.2.0` */
export function chainOf(node: TreeNode): string {
  const parts: string[] = [];
  for (let n: TreeNode | undefined = node; n && n.parent; n = n.via?.from) {
    const via = n.via;
    if (!via || !via.from.parent) {
      parts.push(`${n.name}@${n.version} (requested${via ? ` as ${n.name}@${via.range}` : ''})`);
      break;
    }
    const verb = via.kind === 'peer' ? 'has peer' : via.kind === 'optional' ? 'optionally requires' : 'requires';
    parts.push(`${n.name}@${n.version}, which ${via.from.name}@${via.from.version} ${verb} as ${n.name}@${via.range}`);
    if (parts.length > 6) {
      parts.push('...');
      break;
    }
  }
  return parts.join(' <- ');
}

export { editDistance };

/** Near names from cached metadata, names seen in this resolve and (best effort) registry search. */
export async function suggestNames(
  name: string,
  opts: { cacheDir: string; registry: string; known?: Iterable<string>; offline?: boolean },
): Promise<string[]> {
  const pool = new Set<string>([...(await cachedNames(opts.cacheDir, opts.registry)), ...(opts.known ?? [])]);
  if (!opts.offline) {
    try {
      const base = opts.registry.endsWith('/') ? opts.registry : opts.registry + '/';
      const url = `${base}-/v1/search?text=${encodeURIComponent(name)}&size=5`;
      // Through npm's proxy, with the registry's credentials, as the metadata went.
      const authorization = authHeaderFor(url, npmRegistryConfig().auth, [base]);
      const res = await fetchFollowing(url, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const body = (await res.json()) as { objects?: Array<{ package?: { name?: string } }> };
        for (const o of body.objects ?? []) if (o.package?.name) pool.add(o.package.name);
      } else await res.arrayBuffer().catch(() => {});
    } catch {
      /* suggestions are a courtesy; a failing search changes nothing */
    }
  }
  pool.delete(name);
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...pool]
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.n);
}
