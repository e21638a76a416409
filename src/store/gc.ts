/**
 * What the store holds and dropping what no env uses (`ssdp clean`). The env layer says which
 * integrities its envs' locks use; on top of that, entries pinned by a running ssdp process that
 * is between ensure and finishing its env are kept too, so cleaning while another process
 * creates an env cannot pull packages from under it. Cleaning holds the store lock; entries
 * vanish by rename first, so a kill -9 mid-way leaves only whole entries and trash in tmp/.
 */
import { readdirSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, withFileLock, type LockOptions } from '../util/lock.js';
import { readRegularFile } from '../util/read-regular.js';
import { removeWalk } from '../util/remove-tree.js';
import { dropTempDir, makeTempDir, pinsDir, pkgsDir, readIndex, storeLockPath, tmpRoot } from './cas.js';
import { integrityKey } from './integrity.js';

export interface StoreEntryInfo {
  key: string;
  name: string;
  version: string;
  integrity: string;
  /** Bytes of file content. */
  size: number;
  dir: string;
}

export interface StoreUsage {
  packages: number;
  bytes: number;
  entries: StoreEntryInfo[];
}

export interface CleanResult {
  /** Store entries removed. */
  count: number;
  bytes: number;
  removed: { name: string; version: string; integrity: string }[];
  /** Abandoned temp folders (from killed processes) removed. */
  tempFolders: number;
  /** Temp folders kept: files in them refuse deletion (chattr +i; see cas.ts dropTempDir). */
  keptTemp: { path: string; refused: string[] }[];
}

const list = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

function* walkEntries(storeDir: string): Generator<StoreEntryInfo> {
  const root = pkgsDir(storeDir);
  for (const algo of list(root)) {
    for (const two of list(join(root, algo))) {
      for (const rest of list(join(root, algo, two))) {
        const dir = join(root, algo, two, rest);
        let idx: { name?: string; version?: string; integrity?: string; size?: number } = {};
        try {
          idx = readIndex(dir);
        } catch {
          /* no index: not a complete entry (cannot normally happen); reported with size 0 */
        }
        yield { key: `${algo}-${two}${rest}`, name: idx.name ?? '?', version: idx.version ?? '?', integrity: idx.integrity ?? '', size: idx.size ?? 0, dir };
      }
    }
  }
}

export function storeUsage(storeDir: string): StoreUsage {
  const entries = [...walkEntries(storeDir)];
  return { packages: entries.length, bytes: entries.reduce((s, e) => s + e.size, 0), entries };
}

const pidOf = (name: string) => Number.parseInt(name.split('-')[0] ?? '', 10);

/** Keys pinned by other live processes; pin files of dead ones are deleted. Call under the store lock. */
export function livePins(storeDir: string): Set<string> {
  const keys = new Set<string>();
  const dir = pinsDir(storeDir);
  for (const f of list(dir)) {
    const pid = pidOf(f);
    // Our own pins are ignored: the process that cleans knows it is not mid-create itself.
    if (pid === process.pid) continue;
    if (Number.isFinite(pid) && !isProcessAlive(pid)) {
      try {
        unlinkSync(join(dir, f));
      } catch {
        /* gone */
      }
      continue;
    }
    try {
      for (const k of JSON.parse(readRegularFile(join(dir, f))) as string[]) keys.add(k);
    } catch {
      /* being rewritten: its owner holds the lock, so this cannot happen; ignore */
    }
  }
  return keys;
}

export async function cleanStore(storeDir: string, inUse: Set<string>, opts: LockOptions = {}): Promise<CleanResult> {
  const result: CleanResult = { count: 0, bytes: 0, removed: [], tempFolders: 0, keptTemp: [] };
  // Under the lock, unused entries only move into one trash folder (a rename each, quick), so
  // processes waiting to pin are not held up by deleting; the trash is emptied after.
  const trash = await withFileLock(storeLockPath(storeDir), () => {
    const keep = livePins(storeDir);
    for (const i of inUse) {
      const k = integrityKey(i);
      if (k) keep.add(k);
    }
    let bin: string | undefined;
    for (const e of walkEntries(storeDir)) {
      if (keep.has(e.key)) continue;
      bin ??= makeTempDir(storeDir);
      renameSync(e.dir, join(bin, String(result.count)));
      result.count++;
      result.bytes += e.size;
      result.removed.push({ name: e.name, version: e.version, integrity: e.integrity });
    }
    const tmp = tmpRoot(storeDir);
    for (const t of list(tmp)) {
      const pid = pidOf(t);
      if (pid === process.pid || (Number.isFinite(pid) && isProcessAlive(pid))) continue;
      const refused = removeWalk(join(tmp, t), undefined);
      if (refused.length) result.keptTemp.push({ path: join(tmp, t), refused });
      else result.tempFolders++;
    }
    // Drop fan-out folders left empty.
    const root = pkgsDir(storeDir);
    for (const algo of list(root)) {
      for (const two of list(join(root, algo))) {
        try {
          rmdirSync(join(root, algo, two));
        } catch {
          /* not empty */
        }
      }
    }
    return bin;
  }, opts);
  // A kill -9 here leaves the trash folder of a dead pid: the next clean or download sweeps it.
  const refused = trash ? dropTempDir(trash) : [];
  if (refused.length) result.keptTemp.push({ path: trash!, refused });
  return result;
}
