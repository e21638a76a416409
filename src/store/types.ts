/**
 * The store stage's contract: tarballs go into a content-addressed store once (verified,
 * unpacked once), and envs get hardlinks from it.
 */
import type { Lockfile } from '../resolve/types.js';

export interface StoreOptions {
  /** ROOT/store/v1 */
  storeDir: string;
  /** Concurrent downloads (bounded). */
  concurrency?: number;
  offline?: boolean;
  /** Progress callback: bytes and packages done of the total. */
  onProgress?: (done: number, total: number, name: string) => void;
  /**
   * How files get from the store into envs: `auto` hardlinks and copies where that fails (other
   * file system, link limits); `copy` always copies; `hardlink` fails instead of copying.
   */
  importMethod?: 'auto' | 'hardlink' | 'copy';
  /**
   * Hosts besides the lock's registry and the npm config's registries that tarballs may come
   * from (`*`: any). Default: SSDP_ALLOWED_HOSTS, comma-separated.
   */
  allowedHosts?: string[];
  /**
   * Registries the user configured besides the npm config's (an env's channels). Given, a lock's
   * own `registry` field trusts nothing by itself (the CLI always gives it: a hand-edited lock
   * must not vouch for its own host). Left out, a library caller vouches for its lock's registry.
   */
  trustedRegistries?: string[];
  /** Where the lock came from, for errors (a lockfile path). */
  lockSource?: string;
  /** Abort a download that delivers no bytes for this long (default SSDP_FETCH_TIMEOUT or 30 s). */
  fetchIdleTimeoutMs?: number;
}

export interface LinkOptions {
  /** Packages whose install scripts may run. Everything else never runs scripts. */
  allowScripts?: string[];
  onWarning?: (message: string) => void;
  /** Overrides StoreOptions.importMethod for this link. */
  importMethod?: 'auto' | 'hardlink' | 'copy';
  /**
   * Folders with a `node-gyp` command, asked for only when an allowed script calls node-gyp
   * and the lock has none of its own (npm ships one for the same reason).
   */
  nodeGyp?: () => Promise<string[]>;
  /**
   * For a package whose allowed scripts would run: the folder they already built in the env's
   * previous revision, when this change leaves the package as it was (env/built-before.ts), and
   * the nested package folders in it (relative, latin1 names) not to take over. Then that folder
   * is taken and the scripts do not run again.
   */
  builtBefore?: (pkg: { path: string; integrity: string; name: string }) => { dir: string; skip: Set<string> } | undefined;
}

export interface Store {
  /** Makes sure every package of the lock (and its node, if pinned) is in the store. */
  /** allowScripts: git dependencies npm prepares may be packed (and prepared) again. */
  ensure(lock: Lockfile, o?: { allowScripts?: string[] }): Promise<void>;
  /**
   * Materialises the lock into an empty prefix folder: PREFIX/lib/node_modules tree, PREFIX/bin
   * links (node when pinned, bins of requested packages). Hardlinks, copying where they fail.
   */
  link(lock: Lockfile, prefix: string, opts?: LinkOptions): Promise<void>;
}
