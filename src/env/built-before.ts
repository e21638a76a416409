/**
 * Which packages of a change keep the build their allowed install scripts made in the env's
 * previous revision. Every change builds the new revision from the lock in a fresh folder, so an
 * allowed script (a `node-gyp rebuild`, a binary download) ran again on every later change of the
 * env, also when its package was untouched, and a file it wrote outside its folder was then called
 * the user's, kept aside once more per change (tester s20 try8q Q3). As npm and pnpm do, scripts
 * run only for packages the change adds or changes: a package at the same path, from the same
 * tarball, whose scripts were allowed (so ran) in the previous revision, under the same node (a
 * compiled addon is built for one node ABI), takes over its built folder instead.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import type { LinkOptions } from '../store/types.js';

export function builtBefore(prefix: string, oldLock: Lockfile | undefined, oldAllowed: string[] | undefined, newLock: Lockfile): LinkOptions['builtBefore'] {
  if (!oldLock || !oldAllowed?.length) return undefined;
  if (oldLock.node?.integrity !== newLock.node?.integrity) return undefined;
  const allowed = new Set(oldAllowed);
  const before = new Map(oldLock.packages.filter((p) => allowed.has(p.name)).map((p) => [p.path, p]));
  if (!before.size) return undefined;
  return (p) => {
    const old = before.get(p.path);
    if (!old || old.integrity !== p.integrity || old.name !== p.name) return undefined;
    const dir = join(prefix, 'lib/node_modules', p.path);
    // Gone or replaced by a link (the user's doing): built afresh, as for a new package.
    if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
    // Nested packages below it are linked on their own (and may have changed).
    const inner = `${p.path}/`;
    const skip = new Set(oldLock.packages.filter((q) => q.path.startsWith(inner)).map((q) => Buffer.from(q.path.slice(inner.length)).toString('latin1')));
    return { dir, skip };
  };
}
