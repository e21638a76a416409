/**
 * The code fingerprint of a run: a hash of ssdp's own compiled files and one per task module.
 * Functions travel by module reference, so a worker running other code under the same path
 * would silently compute something else; it compares fingerprints and refuses instead.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localImportGraph } from '../util/local-imports.js';

export interface CodeFingerprint {
  /** Hash of ssdp's library files (dist/src). */
  readonly ssdp: string;
  /** Hash of each task module's file and its local imports, by module URL ('missing' when it cannot be read). */
  readonly modules: Readonly<Record<string, string>>;
}

const LIBRARY_DIR = fileURLToPath(new URL('../', import.meta.url));
let ssdpHash: string | undefined;

/**
 * Computed once: a worker calls it at start-up, so it is the hash of the code it loaded, not of
 * files replaced on disk since (a `git pull && tsc` under a running worker).
 */
export function libraryHash(): string {
  if (ssdpHash) return ssdpHash;
  const h = createHash('sha256');
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else if (e.name.endsWith('.js')) h.update(`${rel}${e.name}\0`).update(readFileSync(p)).update('\0');
    }
  };
  walk(LIBRARY_DIR, '');
  return (ssdpHash = h.digest('hex').slice(0, 16));
}

/**
 * Hash of a task module and of every local file it imports (localImportGraph): a worker's task
 * processes keep the modules they imported, so a helper module edited since is a different code
 * too (try11t B6: the worker kept an old helper and gave wrong results).
 */
function moduleHash(url: string): string {
  let main: string;
  try {
    main = fileURLToPath(url);
    readFileSync(main);
  } catch {
    return 'missing';
  }
  const h = createHash('sha256');
  for (const f of localImportGraph(main)) {
    let body: Buffer | string;
    try {
      body = readFileSync(f);
    } catch {
      body = '\0missing';
    }
    h.update(`${relative(dirname(main), f)}\0`).update(body).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export function fingerprint(moduleUrls: Iterable<string>): CodeFingerprint {
  const modules: Record<string, string> = {};
  for (const u of moduleUrls) if (u.startsWith('file:')) modules[u] = moduleHash(u);
  return { ssdp: libraryHash(), modules };
}

/** Why this machine's code differs from the submitter's, or undefined when it is the same. */
export function codeDifference(theirs: CodeFingerprint): string | undefined {
  const mine = fingerprint(Object.keys(theirs.modules));
  if (mine.ssdp !== theirs.ssdp) return `ssdp's own code differs (library ${LIBRARY_DIR}: ${mine.ssdp} here, ${theirs.ssdp} at the submitter)`;
  for (const [u, h] of Object.entries(theirs.modules)) {
    const here = mine.modules[u]!;
    if (here !== h) return here === 'missing' ? `task module ${fileURLToPath(u)} does not exist here` : `task module ${fileURLToPath(u)} or a local file it imports differs (${here} here, ${h} at the submitter)`;
  }
  return undefined;
}
