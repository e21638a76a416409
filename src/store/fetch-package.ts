/**
 * One package into the store: download, verify while streaming, unpack into a private temp
 * folder, write its index, then rename the folder into place. Until that rename nothing is
 * visible; on any failure the temp folder is removed, so the store holds only complete,
 * verified entries.
 */
import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isProcessAlive } from '../util/lock.js';
import { removeWalk } from '../util/remove-tree.js';
import { SsdpError, holdsUrlSecret } from '../util/errors.js';
import { join } from 'node:path';
import { FILES_DIR, INDEX_FILE, commitEntry, dropTempDir, makeTempDir, tmpRoot, type PackageIndex } from './cas.js';
import { openTarball } from './fetch-tarball.js';
import type { RegistryAuth } from '../resolve/registry-config.js';
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

/** `auth`: the npm config's credentials, when the caller read them once for many packages (see configuredAuth). */
export async function fetchIntoStore(storeDir: string, item: StoreItem, idleTimeoutMs?: number, allowScripts?: string[], auth?: RegistryAuth): Promise<void> {
  const what = `${item.name}@${item.version}`;
  const tmp = makeTempDir(storeDir);
  let source: Awaited<ReturnType<typeof openTarball>> | undefined;
  try {
    source = await openTarball(item.resolved, what, idleTimeoutMs, join(storeDir, '..', '..', 'cache'), allowScripts, auth);
    const content = await unpackTarball(source, join(tmp, FILES_DIR), new IntegrityVerifier(item.parsed, what), what);
    // Sizes and mtimes as stored: linking compares them to notice a file edited in place later.
    for (const f of content.files) f[4] = statSync(join(tmp, FILES_DIR, f[0])).mtimeMs;
    // A URL with a secret is not kept in the shared store (try13x X7): a damaged entry of it is
    // then removed rather than fetched again, and the env's next change fetches it.
    const index: PackageIndex = { v: 1, name: item.name, version: item.version, integrity: item.integrity, ...(holdsUrlSecret(item.resolved) ? {} : { resolved: item.resolved }), ...content };
    writeFileSync(join(tmp, INDEX_FILE), JSON.stringify(index));
    commitEntry(tmp, item.dir);
  } catch (e) {
    dropTempDir(tmp);
    throw withSource(e, item.resolved, source?.contentType, source?.encoding);
  }
}

/** Bad bytes are the server's doing: say where they came from and what the server called them. */
function withSource(e: unknown, url: string, contentType: string | undefined, encoding?: string): unknown {
  if (!(e instanceof SsdpError) || (e.code !== 'E_BAD_ARCHIVE' && e.code !== 'E_INTEGRITY')) return e;
  const notTarball = contentType !== undefined && !/octet-stream|gzip|tar|binary/i.test(contentType);
  // the header the server sent, when neither the decoded bytes nor those as sent were the tarball (try8s S6)
  const labelled = encoding ? `, sent with the header Content-Encoding: ${encoding} (neither the bytes as sent nor those decoded by it match)` : '';
  const served = `; downloaded from ${url}${notTarball ? `, which the server answered as ${contentType.split(';')[0]}, not a tarball` : ''}${labelled}`;
  // A git commit, folder or tarball URL (not a registry's /-/ path) the lock pinned by its bytes.
  const fromSource = /^(git\+|file:)/.test(url) || (/^https?:/.test(url) && !url.includes('/-/'));
  const hint = e.code === 'E_BAD_ARCHIVE' || notTarball
    ? 'the server did not send a package tarball (a proxy or login page, or an error answered as 200); check the registry URL and any proxy in your npm config, then try again.'
    : e.code === 'E_INTEGRITY' && fromSource
      ? `the folder, tarball or commit at ${url} no longer gives the bytes the lock recorded (the folder, tarball or prepared commit changed); nothing was installed. To take what it holds now, create from the spec instead of the lock (ssdp env create -f SPEC, or ssdp update NAME in an env).`
      : e.hint;
  return new SsdpError(e.code, e.message + served, { hint, cause: e });
}

/**
 * Replaces a damaged entry with a fresh download. The old folder is moved aside first (other
 * envs keep their hardlinks to its files), so the store never shows a half-replaced entry.
 */
/** Returns what of the old copy refused deletion (see dropTempDir): [its temp folder, files], or undefined. */
export async function refetchEntry(storeDir: string, item: StoreItem, idleTimeoutMs?: number): Promise<[string, string[]] | undefined> {
  const trash = makeTempDir(storeDir);
  try {
    renameSync(item.dir, join(trash, 'old'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // someone else moved it already
  }
  let refused: string[] = [];
  try {
    await fetchIntoStore(storeDir, item, idleTimeoutMs);
  } finally {
    refused = dropTempDir(trash);
  }
  return refused.length ? [trash, refused] : undefined;
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
    // What refuses (chattr +i) stays: the refetch that left it warned, and clean names it.
    if (Number.isFinite(pid) && pid !== process.pid && !isProcessAlive(pid)) removeWalk(join(tmpRoot(storeDir), n), undefined);
  }
}
