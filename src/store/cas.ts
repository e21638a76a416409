/**
 * The content-addressed package store: one folder per tarball, named by its strongest integrity
 * hash, so a package is fetched and unpacked once and every env hardlinks from it.
 *
 *   STORE/pkgs/<algo>/<2 hex>/<rest of hex>/index.json   what the package holds (written last)
 *   STORE/pkgs/<algo>/<2 hex>/<rest of hex>/files/...     the unpacked package (`package/` stripped)
 *   STORE/tmp/<pid>-<random>/                             unpacking in progress, or cleaning's trash
 *   STORE/pins/<pid>-<n>.json                             entries a running process is about to link
 *   STORE/store.lock                                      held while cleaning (and briefly to pin)
 *
 * An entry becomes visible only by renaming a complete folder from tmp/ into place, so a reader
 * (or a kill -9 at any moment) never sees half an entry; a rename that loses a race to another
 * process is fine, its copy is identical. Because envs share the stored inodes, stored files are
 * read-only: a tool that writes into its own package fails instead of silently changing every
 * env (root ignores modes, so install scripts, which might write, get copies; see link.ts).
 * Checking an entry costs one stat: nothing is re-hashed on the warm path.
 */
import { mkdtempSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NotRegularFileError, readRegularFile } from '../util/read-regular.js';
import { removeWalk } from '../util/remove-tree.js';
import { onStop } from '../util/stop-on-exit.js';
import { makeFoldersSync } from '../util/make-folders.js';
import { liftHint } from '../util/file-attributes.js';

export const INDEX_FILE = 'index.json';
export const FILES_DIR = 'files';

export interface PackageIndex {
  /** Layout version of this index. */
  v: 1;
  name: string;
  version: string;
  integrity: string;
  /** Folders, parents before children (package-relative). */
  dirs: string[];
  /**
   * [path, mode, size, sha256 hex, mtime ms]: regular files. The hash lets `clean --verify`
   * re-check contents; size and mtime as stored let linking notice a file edited in place
   * (through an env's hardlink, by root) with one stat. Older entries lack the last two.
   */
  files: [string, number, number, string?, number?][];
  /** [path, link text]: symlinks that stay inside the package. */
  symlinks: [string, string][];
  /** Install scripts found in the tarball's package.json (binding.gyp implies `install`). */
  scripts?: { preinstall?: string; install?: string; postinstall?: string };
  /** The tarball's own `bin`, normalised to name -> path. */
  bin?: Record<string, string>;
  /** Sum of file sizes. */
  size: number;
  /** name and version from the tarball's package.json ('' when absent); older entries lack it. */
  manifest?: { name: string; version: string };
  /** Where the tarball came from, so a damaged entry can be fetched again. */
  resolved?: string;
}

export const pkgsDir = (storeDir: string) => join(storeDir, 'pkgs');
export const tmpRoot = (storeDir: string) => join(storeDir, 'tmp');
export const pinsDir = (storeDir: string) => join(storeDir, 'pins');
export const storeLockPath = (storeDir: string) => join(storeDir, 'store.lock');

/** Entry folder for a store key `algo-hex`. */
export function entryDir(storeDir: string, key: string): string {
  const dash = key.indexOf('-');
  const algo = key.slice(0, dash);
  const hex = key.slice(dash + 1);
  return join(storeDir, 'pkgs', algo, hex.slice(0, 2), hex.slice(2));
}

export function hasEntry(dir: string): boolean {
  return statSync(join(dir, INDEX_FILE), { throwIfNoEntry: false }) !== undefined;
}

/** Throws for an index that is missing, not JSON, or not a regular file (a FIFO would block the read). */
export function readIndex(dir: string): PackageIndex {
  return JSON.parse(readRegularFile(join(dir, INDEX_FILE))) as PackageIndex;
}

/** Why an entry whose readIndex threw is damaged, for the warning that it is fetched again. */
export function unreadableIndex(dir: string, e: unknown): string {
  const file = join(dir, INDEX_FILE);
  return e instanceof NotRegularFileError ? `its index ${file} is ${e.what}, not a regular file` : `its index ${file} is unreadable`;
}

/**
 * Temp folders this process has open, each with its unregister function. A Ctrl-C (or
 * SIGTERM/SIGHUP) mid-download deletes them before the process dies, so an interrupted install
 * leaves the store as it was; the pid-named sweep of later runs remains the backstop for kill -9.
 */
const liveTemps = new Map<string, () => void>();

function track(tmp: string): void {
  const remove = () => void removeWalk(tmp, undefined);
  liveTemps.set(tmp, onStop(async () => remove(), remove));
}

function untrack(tmp: string): void {
  liveTemps.get(tmp)?.();
  liveTemps.delete(tmp);
}

/** A fresh folder to unpack into; its name starts with our pid so gc can tell abandoned ones. */
export function makeTempDir(storeDir: string): string {
  const root = tmpRoot(storeDir);
  makeFoldersSync(root);
  const tmp = mkdtempSync(join(root, `${process.pid}-`));
  track(tmp);
  return tmp;
}

/**
 * Deletes a temp folder from makeTempDir; returns what refused deletion. A damaged entry's old
 * copy holds the inodes envs share, so an env file made immutable (chattr +i) is one of them: it
 * stays in tmp/ (named by the caller) instead of failing the command, and every later one, with
 * rimraf's ENOTDIR (the tester's G10).
 */
export function dropTempDir(tmp: string): string[] {
  const refused = removeWalk(tmp, undefined);
  untrack(tmp);
  return refused;
}

/** The warning for store temp folders that could not be deleted (see dropTempDir). */
export function undeletableTempWarning(folder: string, refused: string[]): string {
  return (
    `E_UNDELETABLE: ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ' and more' : ''} could not be deleted (immutable or append-only: chattr +i / +a? ` +
    `an env's file made immutable is the store's shared copy), so ${folder} stays. Nothing in it is used, and the command went ahead. ` +
    `Lift the attribute (${refused[0] ? liftHint(refused[0]).lift : 'chattr -i -a FILE'}) and run ssdp clean, which deletes it.`
  );
}

/** Moves a complete temp folder into place; if another process got there first, drops ours. */
export function commitEntry(tmp: string, dir: string): void {
  makeFoldersSync(dirname(dir));
  try {
    renameSync(tmp, dir);
    untrack(tmp);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && hasEntry(dir)) {
      dropTempDir(tmp);
      return;
    }
    throw e;
  }
}
