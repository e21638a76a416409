/**
 * One package into the store: download, verify while streaming, unpack into a private temp
 * folder, write its index, then rename the folder into place. Until that rename nothing is
 * visible; on any failure the temp folder is removed, so the store holds only complete,
 * verified entries.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { isProcessAlive } from '../util/lock.js';
import { join } from 'node:path';
import { FILES_DIR, INDEX_FILE, commitEntry, makeTempDir, tmpRoot, type PackageIndex } from './cas.js';
import { openTarball } from './fetch-tarball.js';
import type { ParsedIntegrity } from './integrity.js';
import { IntegrityVerifier } from './verify.js';
import { unpackTarball } from './unpack.js';

export interface StoreItem {
  name: string;
  version: string;
  resolved: string;
  integrity: string;
  parsed: ParsedIntegrity;
  /** Final entry folder. */
  dir: string;
}

export async function fetchIntoStore(storeDir: string, item: StoreItem, idleTimeoutMs?: number): Promise<void> {
  const what = `${item.name}@${item.version}`;
  const tmp = makeTempDir(storeDir);
  try {
    const source = await openTarball(item.resolved, what, idleTimeoutMs);
    const content = await unpackTarball(source, join(tmp, FILES_DIR), new IntegrityVerifier(item.parsed, what), what);
    const index: PackageIndex = { v: 1, name: item.name, version: item.version, integrity: item.integrity, ...content };
    writeFileSync(join(tmp, INDEX_FILE), JSON.stringify(index));
    commitEntry(tmp, item.dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Removes temp folders of processes that died mid-unpack (kill -9), before adding new ones. */
export function sweepAbandoned(storeDir: string): void {
  let names: string[];
  try {
    names = readdirSync(tmpRoot(storeDir));
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number.parseInt(n.split('-')[0] ?? '', 10);
    if (Number.isFinite(pid) && pid !== process.pid && !isProcessAlive(pid)) rmSync(join(tmpRoot(storeDir), n), { recursive: true, force: true });
  }
}
