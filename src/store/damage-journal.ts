/**
 * Store entries found damaged whose repair is not finished (the s13 tester's V1-V3). Root
 * ignores the read-only modes, so an edit through one env's hardlink changes the stored inode
 * every env shares. Repairing means: fetch a clean entry, then relink every env file that still
 * is the edited inode. Once the damaged entry has left the store, nothing but this journal knows
 * which inodes were the store's, so it is written BEFORE the entry is touched and dropped only
 * when every env is relinked. A repair cut by kill -9 or Ctrl-C is finished by the next
 * `clean --verify` or change, and a file an env holds as such an inode is never taken for the
 * user's own edit.
 *
 *   STORE/damaged/<store key>.json   { name, version, key, integrity, resolved, problem, inodes }
 *
 * The inodes stay valid while any env holds them (a hardlink keeps the inode alive), which is
 * exactly as long as they matter.
 */
import { lstatSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotRegularFileError, readRegularFile } from '../util/read-regular.js';
import { FILES_DIR, type PackageIndex } from './cas.js';
import { modeOrOwnerChange } from './trust.js';
import { makeFoldersSync } from '../util/make-folders.js';

export interface DamageRecord {
  name: string;
  version: string;
  /** Store key (algo-hex) of the entry. */
  key: string;
  integrity: string;
  resolved?: string;
  /** What was wrong, as first found. */
  problem: string;
  /** `dev:ino` of every changed stored file: the inodes envs may still hold. */
  inodes: string[];
}

export const damageDir = (storeDir: string) => join(storeDir, 'damaged');
const recordPath = (storeDir: string, key: string) => join(damageDir(storeDir), `${key}.json`);

/** Every pending record (an unreadable one is skipped: it names nothing to repair). */
export function readDamage(storeDir: string): DamageRecord[] {
  let names: string[];
  try {
    names = readdirSync(damageDir(storeDir));
  } catch {
    return [];
  }
  const out: DamageRecord[] = [];
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    try {
      const r = JSON.parse(readRegularFile(join(damageDir(storeDir), n))) as DamageRecord;
      if (typeof r.key === 'string' && Array.isArray(r.inodes)) out.push(r);
    } catch {
      /* a half-written temp never has the .json name; anything else unreadable (junk, a FIFO) is ignored */
    }
  }
  return out;
}

/**
 * Deletes records that name nothing to repair and that readDamage skips for ever: a FIFO, device,
 * socket or folder at KEY.json (try8h: a FIFO record was skipped but never removed), or a file
 * that is not a record. Run by `clean --verify` under the store lock; returns what went and why.
 */
export function dropUnusableDamage(storeDir: string): Array<{ path: string; why: string }> {
  let names: string[];
  try {
    names = readdirSync(damageDir(storeDir));
  } catch {
    return [];
  }
  const out: Array<{ path: string; why: string }> = [];
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const path = join(damageDir(storeDir), n);
    let why: string | undefined;
    try {
      const r = JSON.parse(readRegularFile(path)) as DamageRecord;
      if (!r || typeof r.key !== 'string' || !Array.isArray(r.inodes)) why = 'not a damage record';
    } catch (e) {
      why = e instanceof NotRegularFileError ? `${e.what}, not a file` : e instanceof SyntaxError ? 'not a damage record' : undefined;
    }
    if (!why) continue; // unreadable for another reason (EACCES as a user): not ours to judge
    rmSync(path, { recursive: true, force: true });
    out.push({ path, why });
  }
  return out;
}

/** Records (or adds inodes to) the damage of one entry; written whole by rename. */
export function recordDamage(storeDir: string, rec: DamageRecord): void {
  const dir = damageDir(storeDir);
  makeFoldersSync(dir);
  const earlier = readDamage(storeDir).find((r) => r.key === rec.key);
  const merged: DamageRecord = earlier ? { ...rec, problem: earlier.problem, inodes: [...new Set([...earlier.inodes, ...rec.inodes])] } : rec;
  const tmp = join(dir, `.${rec.key}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(merged));
  renameSync(tmp, recordPath(storeDir, rec.key));
}

export function dropDamage(storeDir: string, key: string): void {
  rmSync(recordPath(storeDir, key), { force: true });
}

/** Every inode a pending record names: env files that are the store's damaged copy, not the user's. */
export function damagedInodes(storeDir: string): Set<string> {
  return new Set(readDamage(storeDir).flatMap((r) => r.inodes));
}

/**
 * `dev:ino` of the entry's files whose size, mtime, mode or owner no longer match the index
 * (linking's one-stat check): the files an in-place edit changed.
 */
export function changedInodes(dir: string, index: PackageIndex): string[] {
  const out: string[] = [];
  const owner = statSync(join(dir, FILES_DIR), { throwIfNoEntry: false });
  for (const f of index.files) {
    const st = lstatSync(join(dir, FILES_DIR, f[0]), { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    if (f[4] === undefined || st.size !== f[2] || st.mtimeMs !== f[4] || (owner && modeOrOwnerChange(f[0], st, f[1], owner))) out.push(`${st.dev}:${st.ino}`);
  }
  return out;
}

/** Whether `file` is one of the inodes in `inodes` (a set from damagedInodes). */
export function isDamagedInode(file: string, inodes: Set<string>): boolean {
  if (!inodes.size) return false;
  const st = statSync(file, { throwIfNoEntry: false });
  return !!st && inodes.has(`${st.dev}:${st.ino}`);
}
