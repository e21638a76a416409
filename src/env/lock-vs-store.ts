/**
 * The env's own ssdp-meta/lock.json checked against the store before a change reads ownership
 * from it. Carry-over asks the store which files each old lock entry's package put into its
 * folder; a hand-edited entry (alpha given gamma's integrity) made it ask about gamma, so alpha's
 * genuine files were reported as "yours" / "your edit?" and copied to ssdp-kept (tester s17 try8i
 * I6). An entry whose stored package is another name or version is named instead, and the
 * current revision's own record (ssdp-meta/history, written with lock.json) stands in for it
 * where that record's entry is the package the entry names.
 */
import type { Lockfile, LockedPackage } from '../resolve/types.js';
import { entryDir, hasEntry, readIndex } from '../store/cas.js';
import { integrityKey } from '../store/integrity.js';
import { checkManifest } from '../store/trust.js';
import { readEnvState } from './prefix.js';
import { readRevision } from './revisions.js';

export interface BadLockEntry {
  entry: LockedPackage;
  /** What the store holds under the entry's integrity (checkManifest's words). */
  holds: string;
  /** The revision whose record gave the right entry, when one did. */
  fromRevision?: number;
}

/** undefined when the entry's package is in the store and is what it names (or cannot be checked); else why not. */
function mismatch(storeDir: string, p: LockedPackage): string | undefined {
  const key = integrityKey(p.integrity);
  const dir = key && entryDir(storeDir, key);
  if (!dir || !hasEntry(dir)) return undefined;
  try {
    checkManifest(p, readIndex(dir), dir);
    return undefined;
  } catch (e) {
    const m = /that holds (.*)$/.exec((e as Error).message ?? '');
    return m ? m[1]! : undefined; // a damaged index is clean --verify's business, not a bad entry
  }
}

/**
 * `lock` with every entry that does not match its stored package replaced by the current
 * revision's recorded entry (when that one matches) or left out (its folder is then no package's:
 * kept aside whole, never deleted), and the entries found bad.
 */
export function checkOldLock(prefix: string, storeDir: string, lock: Lockfile): { lock: Lockfile; bad: BadLockEntry[] } {
  const bad: BadLockEntry[] = [];
  let recorded: Map<string, LockedPackage> | undefined | null;
  let revision: number | undefined;
  const fromRecord = (path: string): LockedPackage | undefined => {
    if (recorded === undefined) {
      try {
        revision = readEnvState(prefix)?.revision;
        recorded = revision === undefined ? null : new Map(readRevision(prefix, revision).lock.packages.map((p) => [p.path, p]));
      } catch {
        recorded = null; // no readable record: the entry is left out instead
      }
    }
    return recorded?.get(path);
  };
  const packages: LockedPackage[] = [];
  for (const p of lock.packages) {
    const holds = mismatch(storeDir, p);
    if (holds === undefined) {
      packages.push(p);
      continue;
    }
    const r = fromRecord(p.path);
    const good = r && r.name === p.name && r.version === p.version && r.integrity !== p.integrity && mismatch(storeDir, r) === undefined ? r : undefined;
    if (good) packages.push(good);
    bad.push({ entry: p, holds, fromRevision: good ? revision : undefined });
  }
  return { lock: bad.length ? { ...lock, packages } : lock, bad };
}
