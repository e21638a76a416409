/**
 * A lockfile's `requested` list against its packages: each request must be installed at the top
 * of the tree. A hand-edited lock naming a package it lacks would create an env without it, and
 * the env's next change would resolve and add it unasked.
 */
import { badLockfile } from './lockfile.js';
import { namedBySource } from './sources.js';
import { parseRequest } from './spec.js';
import type { Lockfile } from './types.js';

function installed(lock: Lockfile, raw: string): boolean {
  let r;
  try {
    r = parseRequest(raw);
  } catch {
    return false;
  }
  if (r.name === 'node' && !r.source) return lock.node !== undefined;
  const top = lock.packages.filter((p) => !p.path.includes('/node_modules/'));
  // A registry request or an alias is at the folder of its name; a git/URL/file: spec at the package it resolved to.
  if (!r.source || r.name !== r.source) return top.some((p) => p.path === r.name);
  return top.some((p) => namedBySource(p.resolved, [raw]));
}

/** Throws E_BAD_LOCKFILE naming the requests the lock's packages do not hold. */
export function checkLockRequests(lock: Lockfile, file: string): void {
  const missing = lock.requested.filter((raw) => !installed(lock, raw));
  if (missing.length === 0) return;
  const names = missing.map((m) => `'${m}'`).join(', ');
  badLockfile(file, `"requested" names ${names}, which ${missing.length > 1 ? 'are' : 'is'} not among its packages (at the top of the tree); nothing was created`);
}
