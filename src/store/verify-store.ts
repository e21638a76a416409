/**
 * `ssdp clean --verify`: re-hash every stored file against the hash recorded when it was
 * unpacked, and repair what changed. Root ignores the read-only modes, so one in-place edit
 * through an env's hardlink changes the stored file for every env; linking notices that by size
 * and mtime, this notices it by content. A damaged entry is fetched again from where it came
 * from (or, without a URL or network, removed so the next env that needs it fetches it).
 * Holds the store lock, so no clean or pin runs meanwhile. Each damaged entry is written to the
 * damage journal (damage-journal.ts) before it is touched, and repairs an earlier run left
 * unfinished (killed mid-fetch or mid-relink) are finished here.
 */
import { createHash } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../util/lock.js';
import { NotRegularFileError, readRegularBytes } from '../util/read-regular.js';
import { FILES_DIR, INDEX_FILE, entryDir, hasEntry, makeTempDir, readIndex, storeLockPath, unreadableIndex, type PackageIndex } from './cas.js';
import { dropUnusableDamage, readDamage, recordDamage, type DamageRecord } from './damage-journal.js';
import { storeUsage } from './gc.js';
import { parseIntegrity } from './integrity.js';
import { modeOrOwnerChange } from './trust.js';

export interface Repaired {
  name: string;
  version: string;
  /** The entry's store key (algo-hex of its integrity), so the envs holding its files can be found. */
  key: string;
  problem: string;
  action: 'fetched again' | 'removed';
  /**
   * The changed files as `dev:ino`: envs hardlink the stored file, so every env holding one of
   * these inodes still runs the edit after the store is repaired (the tester's N4).
   */
  inodes: string[];
}

export interface VerifyResult {
  /** Entries whose every file was re-hashed. */
  checked: number;
  files: number;
  /** Entries found damaged: what was wrong and what was done. */
  repaired: Repaired[];
  /** Entries stored by an older ssdp without per-file hashes (left as they are). */
  unverifiable: number;
  /** Damage records that named nothing to repair (a FIFO, a folder, junk at STORE/damaged/KEY.json): deleted. */
  droppedRecords: Array<{ path: string; why: string }>;
}

/** The first problem, and every changed file's inode (each file is hashed once a problem is found, too). */
function problemOf(dir: string, index: PackageIndex): { problem?: string; touched: boolean; inodes: string[] } {
  let touched = false;
  let problem: string | undefined;
  const inodes: string[] = [];
  const owner = statSync(join(dir, FILES_DIR), { throwIfNoEntry: false });
  for (const f of index.files) {
    const [path, mode, size, hash, mtime] = f;
    const file = join(dir, FILES_DIR, path);
    let data: Buffer;
    try {
      // A FIFO put there would block this read deaf to Ctrl-C (try8h H3): damaged, like an edit.
      data = readRegularBytes(file);
    } catch (e) {
      if (e instanceof NotRegularFileError) {
        problem ??= `${path} is ${e.what}, not a regular file`;
        const st = statSync(file);
        inodes.push(`${st.dev}:${st.ino}`);
      } else {
        const code = (e as NodeJS.ErrnoException).code;
        problem ??= code === 'ENOENT' ? `${path} is missing` : `${path} cannot be read (${code ?? String(e)})`;
        const st = code === 'ENOENT' ? undefined : statSync(file, { throwIfNoEntry: false });
        if (st) inodes.push(`${st.dev}:${st.ino}`); // unreadable (chmod a-r, as a user): the envs holding it are relinked
      }
      continue;
    }
    if (data.length !== size || createHash('sha256').update(data).digest('hex') !== hash) {
      problem ??= `${path} was changed`;
      const st = statSync(file);
      inodes.push(`${st.dev}:${st.ino}`);
      continue;
    }
    // Same content, but a mode or owner every env now shares (chmod/chown -R in one env): the
    // entry is fetched again and the envs relinked, as for an edit.
    const st = statSync(file);
    const meta = owner && modeOrOwnerChange(path, st, mode, owner);
    if (meta) {
      problem ??= meta;
      inodes.push(`${st.dev}:${st.ino}`);
      continue;
    }
    // Same content, other mtime (touched, or copied back): record the new one so linking does
    // not fetch a good entry again.
    const now = st.mtimeMs;
    if (mtime !== now) {
      f[4] = now;
      touched = true;
    }
  }
  return { problem, touched, inodes };
}

export async function verifyStore(storeDir: string, opts: { offline?: boolean } = {}): Promise<VerifyResult> {
  const result: VerifyResult = { checked: 0, files: 0, repaired: [], unverifiable: 0, droppedRecords: [] };
  await withFileLock(storeLockPath(storeDir), async () => {
    result.droppedRecords = dropUnusableDamage(storeDir);
    const pending = readDamage(storeDir);
    /** Fetches the entry again; false when no clean copy could be had (no URL, offline, registry down). */
    const fetchAgain = async (rec: DamageRecord, dir: string): Promise<boolean> => {
      if (!rec.resolved || opts.offline) return false;
      try {
        const { refetchEntry } = await import('./fetch-package.js');
        await refetchEntry(storeDir, { name: rec.name, version: rec.version, resolved: rec.resolved, integrity: rec.integrity, parsed: parseIntegrity(rec.integrity, `${rec.name}@${rec.version}`), dir });
        return true;
      } catch {
        return false; // no network or gone from the registry: fall back to removing it
      }
    };
    for (const entry of storeUsage(storeDir).entries) {
      let index: PackageIndex | undefined;
      let unreadable: string | undefined;
      try {
        index = readIndex(entry.dir);
      } catch (e) {
        unreadable = unreadableIndex(entry.dir, e); // damaged
      }
      if (index && index.files.some((f) => f[3] === undefined)) {
        result.unverifiable++;
        continue;
      }
      const { problem, touched, inodes } = index ? problemOf(entry.dir, index) : { problem: unreadable, touched: false, inodes: [] };
      result.checked++;
      result.files += index?.files.length ?? 0;
      if (!problem) {
        if (touched) {
          const tmp = join(entry.dir, `${INDEX_FILE}.${process.pid}.tmp`);
          writeFileSync(tmp, JSON.stringify(index));
          renameSync(tmp, join(entry.dir, INDEX_FILE));
        }
        continue;
      }
      // An unreadable index names nothing; the problem then names its path instead.
      const name = index?.name ?? (entry.name === '?' ? 'a stored package' : entry.name);
      const version = index?.version ?? (entry.version === '?' ? '' : entry.version);
      // Journaled first: from here until every env is relinked, a kill leaves the repair known.
      const rec: DamageRecord = { name, version, key: entry.key, integrity: index?.integrity ?? entry.integrity, ...(index?.resolved ? { resolved: index.resolved } : {}), problem, inodes };
      if (rec.integrity) recordDamage(storeDir, rec);
      const all = [...new Set([...inodes, ...(pending.find((p) => p.key === entry.key)?.inodes ?? [])])];
      if (await fetchAgain(rec, entry.dir)) {
        result.repaired.push({ name, version, key: entry.key, problem, action: 'fetched again', inodes: all });
        continue;
      }
      const trash = makeTempDir(storeDir);
      try {
        renameSync(entry.dir, join(trash, 'old'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      rmSync(trash, { recursive: true, force: true });
      result.repaired.push({ name, version, key: entry.key, problem, action: 'removed', inodes: all });
    }
    // Repairs an earlier run did not finish: the entry may be gone (killed between moving the
    // damaged one out and the clean one in) or clean already (killed while relinking envs).
    for (const rec of pending) {
      if (result.repaired.some((r) => r.key === rec.key)) continue;
      const dir = entryDir(storeDir, rec.key);
      const there = hasEntry(dir) || (await fetchAgain(rec, dir));
      const problem = `${rec.problem} (its repair was cut short earlier)`;
      result.repaired.push({ name: rec.name, version: rec.version, key: rec.key, problem, action: there ? 'fetched again' : 'removed', inodes: rec.inodes });
    }
  });
  return result;
}
