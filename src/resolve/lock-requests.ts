/**
 * A lockfile's `requested` list against its packages: each request must be installed at the top
 * of the tree. A hand-edited lock naming a package it lacks would create an env without it, and
 * the env's next change would resolve and add it unasked.
 */
import { SsdpError } from '../util/errors.js';
import { badLockfile } from './lockfile.js';
import { namedBySource } from './sources.js';
import { holdsMaskedSecret, parseRequest } from './spec.js';
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
  // An export --lock writes a URL's secret as ***: said first, by entry, or the masked URL fails the
  // check below or the host check with a message that hides why (tester s19 try13y Y3).
  const masked = [
    ...lock.packages.filter((p) => holdsMaskedSecret(p.resolved)).map((p) => p.path),
    ...lock.requested.filter(holdsMaskedSecret).map((raw) => `"requested" '${raw}'`),
  ];
  if (masked.length > 0) {
    throw new SsdpError('E_BAD_LOCKFILE', `${file} holds *** where the export left out a secret (a token or password): write it back in requested and resolved of ${masked.join(', ')}; nothing was created`, {
      hint: 'Write the secret back in place of every *** in the lock file (in "requested" and in each entry\'s "resolved"), or serve the package from a registry whose token is in .npmrc (//HOST/:_authToken=...).',
    });
  }
  const missing = lock.requested.filter((raw) => !installed(lock, raw));
  if (missing.length === 0) return;
  const names = missing.map((m) => `'${m}'`).join(', ');
  badLockfile(file, `"requested" names ${names}, which ${missing.length > 1 ? 'are' : 'is'} not among its packages (at the top of the tree); nothing was created`);
}
