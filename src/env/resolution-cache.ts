/**
 * Remembered resolutions: the lock computed for one set of inputs (requests, registry, platform,
 * Node version, release-age limit), kept as long as registry metadata is trusted without
 * revalidation (the metadata TTL). Resolution is deterministic, and within that window the
 * resolver would read the very same cached metadata, so a hit returns exactly what resolving
 * again would; it only saves loading the resolver and re-reading every packument, which is most
 * of a warm create. `update` (refresh) never reads it, nor does anything with
 * SSDP_NO_RESOLUTION_CACHE set (benchmarks of the resolver). Warnings are replayed on a hit.
 *
 *   ROOT/cache/resolutions-v1/<sha256 of the inputs>.json   { time, warnings, lock }
 *
 * The folder is shared by every env of the root and written with the umask (644): an entry whose
 * requests or lock hold a URL secret (a tarball's `?access_token=`, a `user:pass@` registry) is
 * never written, as only the env itself may keep the secret (tester s19 try13x X7: a token stayed
 * readable there after env remove and clean). `ssdp clean` drops such entries left by older versions.
 */
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import { sha256Hex } from '../util/light-hash.js';
import { metadataTtlMs } from '../util/env-number.js';
import { readRegularFile } from '../util/read-regular.js';
import { makeFoldersSync } from '../util/make-folders.js';
import { holdsUrlSecret } from '../util/errors.js';

export interface ResolutionInputs {
  requested: string[];
  registry: string;
  before?: string;
  /** The running Node's version: it decides engine checks when node is not pinned. */
  node: string;
  /** Set when some package may run scripts: a git dependency may then be packed prepared. */
  allowScripts?: string[];
}

interface Entry {
  time: number;
  warnings: string[];
  lock: Lockfile;
}


const dirOf = (root: string) => join(root, 'cache', 'resolutions-v1');

function keyOf(i: ResolutionInputs): string {
  const platform = `${process.platform}-${process.arch}`;
  return sha256Hex(JSON.stringify({ v: 1, platform, ...i }));
}

export function readResolution(root: string, i: ResolutionInputs): { lock: Lockfile; warnings: string[] } | undefined {
  const ttl = metadataTtlMs();
  if (ttl === 0 || process.env.SSDP_NO_RESOLUTION_CACHE) return undefined;
  try {
    const e = JSON.parse(readRegularFile(join(dirOf(root), keyOf(i) + '.json'))) as Entry;
    if (!(Date.now() - e.time < ttl) || e.time > Date.now()) return undefined;
    return { lock: e.lock, warnings: e.warnings };
  } catch {
    return undefined;
  }
}

export function writeResolution(root: string, i: ResolutionInputs, lock: Lockfile, warnings: string[]): void {
  try {
    const dir = dirOf(root);
    const text = JSON.stringify({ time: Date.now(), warnings, lock } satisfies Entry);
    if (holdsUrlSecret(text) || holdsUrlSecret(JSON.stringify(i))) return;
    makeFoldersSync(dir);
    const file = join(dir, keyOf(i) + '.json');
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    /* a cache: failing to write it only costs speed next time */
  }
}

/**
 * `ssdp clean`: removes the remembered resolutions that hold a URL secret (written before such
 * entries were kept out) and any temp file a killed write left. Returns the files removed.
 */
export function dropSecretResolutions(root: string): string[] {
  const dir = dirOf(root);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed; // no cache yet
  }
  for (const n of names) {
    const file = join(dir, n);
    let drop = n.endsWith('.tmp');
    if (!drop) {
      try {
        drop = holdsUrlSecret(readRegularFile(file));
      } catch {
        // unreadable (a FIFO, no permission): not ours to judge; a read skips it anyway
      }
    }
    if (drop) {
      rmSync(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}
