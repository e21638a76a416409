/**
 * The on-disk packument cache (ROOT/cache/metadata-v1): one file per registry and name, written
 * atomically (tmp + rename) so concurrent ssdp processes never see half a file. Entries carry
 * ETag/Last-Modified for revalidation and the time they were fetched for the freshness window.
 */
// node:fs/promises through fs.promises, read at each call: the bundle then loads it (~8 M instructions with
// the readline and stream modules it pulls in) only when a command awaits one; a warm create awaits none.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from '../util/read-regular.js';
import type { StoredPackument } from './packument.js';
import { makeFolders } from '../util/make-folders.js';

export interface CacheEntry {
  /** Entry layout; entries of another layout are treated as misses. */
  format?: number;
  fetchedAt: number;
  etag?: string;
  lastModified?: string;
  packument: StoredPackument;
}

/** Registries get their own folder, so two registries' `lodash` never mix. */
const folders = new Map<string, string>();

export function registryFolder(cacheDir: string, registry: string): string {
  const memo = folders.get(cacheDir + '\0' + registry);
  if (memo) return memo;
  let key: string;
  try {
    const u = new URL(registry);
    key = (u.host + u.pathname).replace(/[^a-zA-Z0-9.-]+/g, '_').replace(/_+$/, '');
  } catch {
    key = registry.replace(/[^a-zA-Z0-9.-]+/g, '_');
  }
  const folder = join(cacheDir, key);
  folders.set(cacheDir + '\0' + registry, folder);
  return folder;
}

function entryFile(cacheDir: string, registry: string, name: string): string {
  return registryFolder(cacheDir, registry) + '/' + encodeURIComponent(name) + '.json';
}

export async function readCacheEntry(cacheDir: string, registry: string, name: string): Promise<CacheEntry | undefined> {
  let text: string;
  try {
    // Synchronous on purpose: cache files are small and local, and ~100 of them read through
    // the thread pool cost more in scheduling than in reading. A FIFO there would block that
    // read deaf to Ctrl-C (try8h H2): it is a miss, and the fetched entry is renamed over it.
    text = readRegularFile(entryFile(cacheDir, registry, name));
  } catch {
    return undefined;
  }
  try {
    const e = JSON.parse(text) as CacheEntry;
    return e && e.format === FORMAT && typeof e.fetchedAt === 'number' && e.packument?.versions ? e : undefined;
  } catch {
    return undefined; // a damaged entry is just a miss
  }
}

const FORMAT = 2;
let tmpCounter = 0;

/** Errors that mean the cache folder cannot be written here (a read-only root, a full disk). */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']); // ENOTDIR, EEXIST: a file where the cache folder should be

/**
 * The cache only saves a request, so a root that cannot be written skips it: a --dry-run then
 * just works, and a changing command reaches its own E_NOT_WRITABLE check instead of a stack.
 */
export async function writeCacheEntry(cacheDir: string, registry: string, name: string, entry: CacheEntry): Promise<void> {
  try {
    await writeEntry(cacheDir, registry, name, entry);
  } catch (e) {
    if (!NOT_WRITABLE.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
}

async function writeEntry(cacheDir: string, registry: string, name: string, entry: CacheEntry): Promise<void> {
  const file = entryFile(cacheDir, registry, name);
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  const text = JSON.stringify({ ...entry, format: FORMAT });
  try {
    await fsp.writeFile(tmp, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await makeFolders(registryFolder(cacheDir, registry));
    await fsp.writeFile(tmp, text);
  }
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Names with cached metadata (for "did you mean" suggestions). */
export async function cachedNames(cacheDir: string, registry: string): Promise<string[]> {
  try {
    const files = await fsp.readdir(registryFolder(cacheDir, registry));
    return files.filter((f) => f.endsWith('.json')).map((f) => decodeURIComponent(f.slice(0, -5)));
  } catch {
    return [];
  }
}
