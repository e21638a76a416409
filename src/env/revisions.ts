/**
 * Every change to an env is a numbered revision, as in conda (`conda list --revisions`). Each
 * revision is one file PREFIX/ssdp-meta/history/NNNN.json holding the full lock and env state,
 * so `ssdp install --revision N` can restore exactly that revision by relinking from the store.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import type { EnvState } from './prefix.js';
import { damagedEnv, prefixLayout } from './prefix.js';
import { requireHistoryFolder } from './current.js';
import { SsdpError } from '../util/errors.js';
import { NotRegularFileError, readRegularFile } from '../util/read-regular.js';

export interface PackageChange {
  /** Install path below lib/node_modules (the package name for top-level copies), or `node`. */
  path: string;
  from?: string;
  to?: string;
}

export interface RevisionDiff {
  added: PackageChange[];
  removed: PackageChange[];
  changed: PackageChange[];
}

export interface Revision {
  revision: number;
  date: string;
  /** The command line that made it, e.g. `install lodash@4`. */
  command: string;
  state: Omit<EnvState, 'revision'>;
  lock: Lockfile;
  diff: RevisionDiff;
}

export const revisionFileName = (n: number) => `${String(n).padStart(4, '0')}.json`;

function versionsByPath(lock: Lockfile | undefined): Map<string, { version: string; integrity?: string }> {
  const m = new Map<string, { version: string; integrity?: string }>();
  if (!lock) return m;
  if (lock.node) m.set('node', { version: lock.node.version });
  for (const p of lock.packages) m.set(p.path, { version: p.version, integrity: p.integrity });
  return m;
}

export function diffLocks(before: Lockfile | undefined, after: Lockfile): RevisionDiff {
  const a = versionsByPath(before);
  const b = versionsByPath(after);
  const diff: RevisionDiff = { added: [], removed: [], changed: [] };
  for (const [path, to] of b) {
    const from = a.get(path);
    if (from === undefined) diff.added.push({ path, to: to.version });
    else if (from.version !== to.version) diff.changed.push({ path, from: from.version, to: to.version });
    // A folder, tarball or git commit edited under the same version (npm re-packs them on install).
    else if (from.integrity && to.integrity && from.integrity !== to.integrity) diff.changed.push({ path, from: from.version, to: `${to.version} (new contents)` });
  }
  for (const [path, from] of a) if (!b.has(path)) diff.removed.push({ path, from: from.version });
  return diff;
}

/**
 * A history file that cannot be read as a revision. Listed in its place (so `list --revisions`
 * still shows the others) instead of failing the whole listing.
 */
export interface DamagedRevision {
  revision: number;
  /** E_ENV_CORRUPT's message: the file and what is wrong with it. */
  damaged: string;
  lock?: never;
  state?: never;
}

/** Every revision in order; a damaged history file is a DamagedRevision entry. */
export function readRevisions(prefix: string): Array<Revision | DamagedRevision> {
  const dir = prefixLayout(prefix).history;
  requireHistoryFolder(prefix);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  return names
    .map((n): Revision | DamagedRevision => {
      try {
        return parseRevision(join(dir, n));
      } catch (e) {
        if (!(e instanceof SsdpError)) throw e;
        return { revision: Number(n.slice(0, -5)), damaged: e.message };
      }
    })
    .sort((x, y) => x.revision - y.revision);
}

/** E_ENV_CORRUPT naming the file when it is not a revision; ENOENT passes through. */
function parseRevision(file: string): Revision {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (e) {
    if (e instanceof NotRegularFileError) throw damagedEnv(file, `it is ${e.what}, not a regular file`);
    throw e;
  }
  let r: Revision;
  try {
    r = JSON.parse(text) as Revision;
  } catch (e) {
    throw damagedEnv(file, (e as Error).message);
  }
  // Only what restoring and listing rely on.
  if (typeof r !== 'object' || r === null || !Number.isInteger(r.revision) || typeof r.state !== 'object' || r.state === null || !Array.isArray(r.lock?.packages) || typeof r.diff !== 'object' || r.diff === null) {
    throw damagedEnv(file, 'revision, state, lock or diff is missing or of the wrong type');
  }
  return r;
}

export function readRevision(prefix: string, n: number): Revision {
  try {
    return parseRevision(join(prefixLayout(prefix).history, revisionFileName(n)));
  } catch (e) {
    if (e instanceof SsdpError) throw e;
    const all = readRevisions(prefix).map((r) => r.revision);
    throw new SsdpError('E_NO_SUCH_REVISION', `the env at ${prefix} has no revision ${n}.`, {
      hint: all.length ? `Revisions are ${all[0]}..${all[all.length - 1]}; see: ssdp list --revisions.` : 'See: ssdp list --revisions.',
    });
  }
}

export function formatRevision(r: Revision | DamagedRevision): string {
  if ('damaged' in r && r.damaged) return `rev ${r.revision}  (damaged: ${r.damaged})`;
  r = r as Revision;
  const lines = [`rev ${r.revision}  (${r.date})  ${r.command}`];
  for (const c of r.diff.added) lines.push(`    +${c.path}-${c.to}`);
  for (const c of r.diff.removed) lines.push(`    -${c.path}-${c.from}`);
  for (const c of r.diff.changed) lines.push(`     ${c.path}  {${c.from} -> ${c.to}}`);
  return lines.join('\n');
}
