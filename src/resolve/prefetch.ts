/**
 * Fetching ahead of the attempts: as each packument arrives, the best version for each range is
 * picked and its dependencies' packuments requested at once, so the likely tree is fetched in
 * parallel (bounded by the client) instead of level by level.
 */
import { SsdpError } from '../util/errors.js';
import { candidatesFor, type Candidate } from './candidates.js';
import { dependenciesOf, isPlaceableName, isSourceRange, platformMismatchByName, type SolverState } from './attempt.js';
import type { PackumentClient } from './packument-client.js';
import type { Request } from './types.js';

export async function prefetch(requests: Request[], client: PackumentClient, s: SolverState): Promise<void> {
  const seen = new Set<string>();
  const pending: Promise<void>[] = [];
  let fatal: unknown;
  const visit = (name: string, range: string) => {
    const key = `${name}@${range}`;
    if (seen.has(key) || s.unavailable.has(name) || fatal || isSourceRange(range)) return; // sources: pacote, in the attempts
    if (!isPlaceableName(name)) return; // never asked for: the attempt refuses it, naming the package that asked (R5)
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
            if (d.optional && platformMismatchByName(d.pkg, s.platform)) continue;
            visit(d.pkg, d.range);
          }
        },
        (e: unknown) => {
          if (e instanceof SsdpError && (e.code === 'E_UNKNOWN_PACKAGE' || e.code === 'E_OFFLINE_NO_METADATA')) s.unavailable.set(name, e);
          else fatal ??= e;
        },
      ),
    );
  };
  for (const r of requests) visit(r.pkg ?? r.name, r.range);
  for (let i = 0; i < pending.length; i++) await pending[i];
  if (fatal) throw fatal;
}

export async function fetchMissing(names: Iterable<string>, client: PackumentClient, s: SolverState): Promise<void> {
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
