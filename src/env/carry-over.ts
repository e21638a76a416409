/**
 * What a change keeps from the env it replaces. Every change builds the new revision in a fresh
 * staging folder, so anything the user put in the prefix (activate.d scripts, notes, data
 * folders, their own commands in bin/) would vanish with the swap. As conda keeps files no
 * package owns, everything in the old prefix that ssdp did not put there is carried over.
 *
 * "Owned" (rebuilt from the lock, so never carried) means exactly:
 *   ssdp-meta/env.json, lock.json, carry-pending.json, history/   ssdp's own state (history is
 *                                       copied by commitEnv); a note of the user's beside them is
 *                                       carried like any other file (the s13 tester's L1); an
 *                                       ssdp-meta that is no folder at all (a damaged env) is ssdp's
 *   lib/node_modules/<top-level path>   a package folder of the old lock, with all it holds
 *   lib/node_modules/.bin               dependency bins linked for install scripts
 *   ssdp-meta/node, node_modules/       the env's node shim and its preload (node-shim.ts; an env
 *                                       written before: node-hook.cjs); node-bin its pinned node
 *   bin/node                            the pinned node of the old lock, or the link to that shim
 *   bin/<name> -> ../lib/node_modules/<owned package>/...   a bin ssdp linked (or its wrapper, store/bins.ts)
 * When the old lock cannot be read (a damaged env replaced with create --force), no folder in
 * lib/node_modules is provably a package's: each is kept under ssdp-kept/ (hardlinks, cheap)
 * rather than deleted; only the bin links into it count as owned.
 *
 * Carried entries are hardlinked (copied where the kernel refuses), so the old env is not
 * touched before the swap: a kill -9 mid-change still leaves it whole, and a data folder of
 * gigabytes costs one link per file, not a copy. A user entry standing where the new revision
 * now puts something (a package folder, a bin of the same name) is never deleted: it is kept
 * under PREFIX/ssdp-kept/ and reported.
 */
import { constants, copyFileSync, linkSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Lockfile } from '../resolve/types.js';
import { ENV_STATE_FILE, LOCK_FILE, META_DIR } from './prefix.js';
import { NODE_PRELOAD, NODE_SHIM, NODE_SHIM_LINK, OLD_NODE_PRELOAD, PINNED_NODE } from './node-shim.js';
import { BIN_NAMES, OLD_BIN_NAMES, wrappedScript } from '../store/bins.js';
import { entryDir, FILES_DIR, readIndex } from '../store/cas.js';
import { integrityKey } from '../store/integrity.js';
import { damagedInodes, isDamagedInode } from '../store/damage-journal.js';
import { readRegularFile } from '../util/read-regular.js';
import { ownCopy } from '../util/own-copy.js';
import { userPathTooLong } from '../util/path-too-long.js';
import { isTextName, joinRaw, parentRaw, rawKey, rawNames, shownName, type RawPath } from '../util/raw-names.js';

export const KEPT_DIR = 'ssdp-kept';
const MODULES = 'lib/node_modules';
/** Where a change lists the folders it still has to move in from the old revision (see recoverWhole). */
export const PENDING_FILE = 'carry-pending.json';
/** What ssdp itself writes in ssdp-meta/ (commitEnv, writePending): everything else there is the user's. */
const META_OWNED = new Set([ENV_STATE_FILE, LOCK_FILE, 'history', PENDING_FILE, NODE_SHIM, NODE_PRELOAD, dirname(NODE_PRELOAD), OLD_NODE_PRELOAD, PINNED_NODE, BIN_NAMES, OLD_BIN_NAMES].map((n) => `${META_DIR}/${n}`));

/** Top-level package folders of a lock: `a/node_modules/b` lives inside `a`. */
function topLevelFolders(lock: Lockfile): Set<string> {
  return new Set(lock.packages.map((p) => p.path.split('/node_modules/')[0]!));
}

export interface Ownership {
  /**
   * Whether the entry at this prefix-relative path was put there by ssdp. `st` is asked only
   * outside package folders: inside them the store's index answers, so a walk of an unchanged
   * env costs a readdir per folder, not an lstat per file.
   */
  owns(rel: string, st: () => Stats | undefined, linkTarget: () => string, wrapped?: () => string | undefined): boolean;
  /** Folders that hold owned entries: walked into, never carried whole. */
  holds(rel: string): boolean;
  /**
   * For a user entry inside a package folder (a note, a tool's cache): that package's path
   * below lib/node_modules; undefined for entries outside package folders.
   */
  packageOf(rel: string): string | undefined;
  /**
   * For a file a package put there (an owned entry) that is no longer the package's: another
   * file (an editor's save or patch-package writes a new one) with other contents than the
   * store's copy. Its package's path below lib/node_modules, and `inPlace` when it is the store's
   * own inode edited in place (a damaged entry fetched again since): never kept as the user's
   * version, but its bytes are not thrown away either. Undefined otherwise.
   */
  edited(rel: string, abs: string): { pkg: string; inPlace: boolean } | undefined;
}

/** The files a stored package put into its folder, from the store's index.json; undefined when unknown. */
export type PackageFiles = (pkg: { path: string; integrity: string }) => { dirs: Set<string>; entries: Set<string>; stored?: string; damaged?: Set<string> } | undefined;

/** Reads a package's file list from the store (undefined when the entry is gone or unreadable). */
export function storeFiles(storeDir: string): PackageFiles {
  // Inodes of store files edited in place whose repair is pending: such a file in an env is the
  // store's damaged copy, not the user's own version (the s13 tester's V2).
  let damaged: Set<string> | undefined;
  return ({ integrity }) => {
    damaged ??= damagedInodes(storeDir);
    const key = integrityKey(integrity);
    if (!key) return undefined;
    try {
      const dir = entryDir(storeDir, key);
      const index = readIndex(dir);
      // A package with install scripts writes build output no index lists: its folder stays ssdp's.
      if (index.scripts) return undefined;
      const clean = (x: string) => x.replace(/\/+$/, '');
      return { dirs: new Set(index.dirs.map(clean)), entries: new Set([...index.files.map((f) => f[0]), ...index.symlinks.map((l) => l[0])].map(clean)), stored: join(dir, FILES_DIR), damaged };
    } catch {
      return undefined;
    }
  };
}

export function ownershipOf(lock: Lockfile | undefined, files: PackageFiles = () => undefined): Ownership {
  const packages = lock ? topLevelFolders(lock) : undefined;
  const byPath = new Map((lock?.packages ?? []).map((p) => [p.path, p]));
  // Every folder on the way to a package (`a/node_modules`, `a/node_modules/@s`): layout, walked.
  const ways = new Set<string>();
  for (const p of byPath.keys()) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) ways.add(parts.slice(0, i).join('/'));
  }
  const listed = new Map<string, ReturnType<PackageFiles>>();
  const filesOf = (path: string) => {
    if (!listed.has(path)) listed.set(path, files(byPath.get(path)!));
    return listed.get(path);
  };
  /** The innermost package folder holding `inner` (a path below lib/node_modules): its longest prefix in the lock. */
  const packageAt = (inner: string): string | undefined => {
    for (let end = inner.length; end > 0; end = inner.lastIndexOf('/', end - 1)) {
      const p = inner.slice(0, end);
      if (byPath.has(p)) return p;
    }
    return undefined;
  };
  /** 'ssdp' | 'way' | 'user' for an entry below lib/node_modules of a known lock. */
  const classify = (inner: string): 'ssdp' | 'way' | 'user' => {
    if (ways.has(inner) || byPath.has(inner)) return 'way';
    const p = packageAt(inner);
    if (!p) return 'user';
    const list = filesOf(p);
    if (!list) return 'ssdp'; // nothing known about its files: the whole folder is the package's
    const own = inner.slice(p.length + 1);
    return list.dirs.has(own) ? 'way' : list.entries.has(own) ? 'ssdp' : 'user';
  };
  const inOwnedPackage = (rel: string) => {
    if (!rel.startsWith(MODULES + '/')) return false;
    if (!packages) return true;
    const rest = rel.slice(MODULES.length + 1).split('/');
    const top = rest[0]!.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0]!;
    return packages.has(top);
  };
  const holders = new Set(['bin', 'lib', MODULES, META_DIR]);
  for (const p of packages ?? []) if (p.startsWith('@')) holders.add(`${MODULES}/${p.split('/')[0]}`);
  /** Without a lock: the top-level folder (`x` or `@s/x`) an entry below lib/node_modules is in. */
  const topOf = (rel: string): string | undefined => {
    const rest = rel.slice(MODULES.length + 1).split('/');
    const n = rest[0]!.startsWith('@') ? 2 : 1;
    return rest.length >= n ? rest.slice(0, n).join('/') : undefined;
  };
  const isScope = (rel: string) => /^lib\/node_modules\/@[^/]+$/.test(rel);
  return {
    edited(rel, abs) {
      if (!packages || !rel.startsWith(MODULES + '/')) return undefined;
      const inner = rel.slice(MODULES.length + 1);
      const p = packageAt(inner);
      const list = p !== undefined ? filesOf(p) : undefined;
      if (!list?.stored || p === undefined) return undefined;
      const own = inner.slice(p.length + 1);
      if (!list.entries.has(own)) return undefined;
      const inPlace = !!list.damaged && isDamagedInode(abs, list.damaged);
      return differsFromStore(abs, join(list.stored, own)) ? { pkg: p, inPlace } : undefined;
    },
    holds: (rel) =>
      holders.has(rel) || (!packages && isScope(rel)) || (!!packages && rel.startsWith(MODULES + '/') && classify(rel.slice(MODULES.length + 1)) === 'way'),
    packageOf: (rel) => {
      if (!rel.startsWith(MODULES + '/')) return undefined;
      return packages ? packageAt(rel.slice(MODULES.length + 1)) : topOf(rel);
    },
    owns(rel, st, linkTarget, wrapped) {
      if (rel === `${MODULES}/.bin` || META_OWNED.has(rel)) return true;
      if (rel === META_DIR) return !st()?.isDirectory(); // a folder is walked: notes of the user's in it are kept
      if (rel === MODULES) return false;
      if (rel.startsWith(MODULES + '/')) {
        return !!packages && classify(rel.slice(MODULES.length + 1)) === 'ssdp';
      }
      // The pinned binary, or the shim an env without one gets (env/node-shim.ts).
      if (rel === 'bin/node') return (lock ? !!lock.node : !!st()?.isFile()) || (!!st()?.isSymbolicLink() && linkTarget() === NODE_SHIM_LINK);
      if (rel.startsWith('bin/') && st()?.isSymbolicLink()) return inOwnedPackage(normalize(join('bin', linkTarget())));
      // A bin wrapper ssdp wrote for a node script (store/bins.ts): owned as a link to it would be.
      const script = rel.startsWith('bin/') && st()?.isFile() ? wrapped?.() : undefined;
      if (script !== undefined) return inOwnedPackage(normalize(join('bin', script)));
      return false;
    },
  };
}

/**
 * A regular file in an env that is not the store's inode and not its contents either: the
 * user's own version (an edit saved as a new file). The same inode is the store's file even
 * when edited in place: that is clean --verify's business, not a user file to keep.
 */
function differsFromStore(abs: string, stored: string): boolean {
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return false;
  let orig: Stats | undefined;
  try {
    orig = statSync(stored);
  } catch {
    return false; // the store entry is gone or damaged: nothing to compare with
  }
  if (st.ino === orig.ino && st.dev === orig.dev) return false;
  // A stored FIFO (the store was tampered with) would block the read below deaf to Ctrl-C:
  // the user's regular file is then not the package's.
  if (!orig.isFile()) return true;
  // A copy (store on another file system, an entry fetched again): the same bytes are the package's.
  return st.size !== orig.size || !readFileSync(abs).equals(readFileSync(stored));
}

/**
 * Hardlinks (or copies) a file, folder or symlink tree from src to dest. `made` holds the folders
 * known to exist (as rawKey), so a parent is created once, not tried again (EEXIST) for every
 * file in it. Paths may be bytes, and a folder is listed as bytes: a name that is not UTF-8 inside
 * it is placed as it is (the tester's try8j J8).
 */
function place(src: RawPath, dest: RawPath, made: Set<string>, copy = false): void {
  const parent = parentRaw(dest);
  if (!made.has(rawKey(parent))) {
    mkdirSync(parent, { recursive: true });
    made.add(rawKey(parent));
  }
  const st = lstatSync(src);
  if (st.isSymbolicLink()) symlinkSync(readlinkSync(src, { encoding: 'buffer' }), dest);
  else if (st.isDirectory()) {
    mkdirSync(dest, { mode: st.mode & 0o7777 });
    made.add(rawKey(dest));
    for (const n of rawNames(src)) place(joinRaw(src, n), joinRaw(dest, n), made);
  } else {
    if (copy) ownCopy(String(src), String(dest)); // only package files (always UTF-8 names) are copied
    else {
      try {
        linkSync(src, dest);
      } catch {
        copyFileSync(src, dest, constants.COPYFILE_FICLONE);
      }
    }
  }
}

/** The path an fs error names (the destination of a link or copy first), as text. */
function errorPath(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: unknown };
  const p = err?.dest ?? err?.path;
  return typeof p === 'string' ? p : Buffer.isBuffer(p) ? shownName(p) : undefined;
}

export interface CarryResult {
  /** Prefix-relative paths carried over as they were. */
  carried: string[];
  /** User entries that stood where the new revision puts something: [where it was, where it is now]. */
  keptAside: Array<[string, string]>;
  /** User entries inside a package folder whose package changed or went: [where it was, where it is now]. */
  fromPackages: Array<[string, string]>;
  /** Package files the user replaced (edited), kept in place: their package did not change. */
  edited: string[];
  /** The same, whose package changed or went: [where it was, where it is now]. */
  editedAside: Array<[string, string]>;
  /**
   * Package files edited in place (the store's inode, shared by every env holding it) whose entry
   * was fetched again: the new revision has the clean copy, the edited bytes are kept aside as a
   * copy of this env's own. [where it was, where it is now]
   */
  inPlaceAside: Array<[string, string]>;
  /**
   * Folders of the user's that no package path passes through: staging holds an empty folder in
   * their place, and the folder itself is renamed in after the swap (moveWhole), so a data folder
   * of a million files costs one rename, not a link per file. Until then the old revision holds it.
   */
  whole: string[];
}

/**
 * Carries every entry of `oldPrefix` that `owned` does not claim into `staging`; entries in the
 * way of the new tree go under staging/ssdp-kept/<keptName>/.
 */
export function carryOver(oldPrefix: string, staging: string, owned: Ownership, keptName: string, unchanged: (pkgPath: string) => boolean = () => false): CarryResult {
  const out: CarryResult = { carried: [], keptAside: [], fromPackages: [], edited: [], editedAside: [], inPlaceAside: [], whole: [] };
  const made = new Set([rawKey(staging)]);
  /**
   * An entry whose name is not UTF-8 (J8): never ssdp's (package files and ssdp's own names are
   * text), so it is the user's, carried by its bytes; being no name staging can hold, nothing
   * stands in its way. Inside a package folder it follows that package as a text name would.
   */
  const carryRaw = (rel: string, n: Buffer) => {
    const shown = rel ? `${rel}/${shownName(n)}` : shownName(n);
    const src = joinRaw(rel ? `${oldPrefix}/${rel}` : oldPrefix, n);
    const pkg = owned.packageOf(rel ? `${rel}/${n.toString('utf8')}` : n.toString('utf8'));
    if (pkg !== undefined && !unchanged(pkg)) {
      const aside = `${KEPT_DIR}/${keptName}/${rel}`;
      place(src, joinRaw(join(staging, aside), n), made);
      out.fromPackages.push([shown, `${aside}/${shownName(n)}`]);
    } else {
      place(src, joinRaw(rel ? join(staging, rel) : staging, n), made);
      out.carried.push(shown);
    }
  };
  const walk = (rel: string) => {
    let raw: Buffer[];
    try {
      raw = rawNames(join(oldPrefix, rel));
    } catch {
      return;
    }
    const names: string[] = [];
    for (const b of raw) {
      if (isTextName(b)) names.push(b.toString('utf8'));
      else {
        try {
          carryRaw(rel, b);
        } catch (e) {
          const r = rel ? `${rel}/${shownName(b)}` : shownName(b);
          throw userPathTooLong(e, `${oldPrefix}/${r}`, errorPath(e) ?? `${staging}/${r}`, owned.packageOf(rel ? `${rel}/${b.toString('utf8')}` : b.toString('utf8')));
        }
      }
    }
    for (const n of names.sort()) {
      const r = rel ? `${rel}/${n}` : n;
      try {
        entry(r);
      } catch (e) {
        throw userPathTooLong(e, `${oldPrefix}/${r}`, errorPath(e) ?? `${staging}/${r}`, owned.packageOf(r));
      }
    }
  };
  /** Carries (or keeps aside, or walks into) one entry of the old prefix. */
  const entry = (r: string) => {
    const src = `${oldPrefix}/${r}`; // no join per entry: names from readdir, prefix absolute
    if (owned.owns(r, () => lstatSync(src), () => readlinkSync(src), () => wrappedScript(src))) {
      // A package file the user replaced: as npm and conda leave a package the change does not
      // touch alone, so is their version of its file (P1); otherwise it is kept aside.
      const ed = owned.edited(r, src);
      if (ed === undefined) return;
      if (ed.inPlace) {
        // A copy, not a link: the inode is still every other env's until they are relinked.
        const aside = `${KEPT_DIR}/${keptName}/${r}`;
        place(src, join(staging, aside), made, true);
        out.inPlaceAside.push([r, aside]);
      } else if (unchanged(ed.pkg)) {
        rmSync(join(staging, r), { force: true });
        place(src, join(staging, r), made);
        out.edited.push(r);
      } else {
        const aside = `${KEPT_DIR}/${keptName}/${r}`;
        place(src, join(staging, aside), made);
        out.editedAside.push([r, aside]);
      }
      return;
    }
    const st = lstatSync(src);
    const there = lstatSync(join(staging, r), { throwIfNoEntry: false });
    // Layout folders merge (bin/, a scope, the user's own etc/ when a package tree has one
    // too); a package folder never does: the user's folder where a package now goes is kept whole.
    const layout = owned.holds(r) || /^lib\/node_modules\/@[^/]+$/.test(r);
    const pkg = owned.packageOf(r);
    if (st.isDirectory() && (layout || (there?.isDirectory() && !r.startsWith(MODULES + '/')))) {
      walk(r);
    } else if (pkg !== undefined) {
      // The user's file in a package folder: stays with the same package, else is kept aside.
      if (!there && unchanged(pkg)) {
        place(src, join(staging, r), made);
        out.carried.push(r);
      } else {
        const aside = `${KEPT_DIR}/${keptName}/${r}`;
        place(src, join(staging, aside), made);
        out.fromPackages.push([r, aside]);
      }
    } else if (!there && st.isDirectory()) {
      // Nothing of ssdp's is inside (not a layout folder, not in a package, nothing staged there).
      const dest = join(staging, r);
      if (!made.has(rawKey(dirname(dest)))) mkdirSync(dirname(dest), { recursive: true });
      mkdirSync(dest, { mode: st.mode & 0o7777 });
      made.add(rawKey(dest));
      out.carried.push(r);
      out.whole.push(r);
    } else if (!there) {
      place(src, join(staging, r), made);
      out.carried.push(r);
    } else {
      const aside = `${KEPT_DIR}/${keptName}/${r}`;
      place(src, join(staging, aside), made);
      out.keptAside.push([r, aside]);
    }
  };
  walk('');
  return out;
}

/**
 * After the swap, the old revision (now `trash`) may hold what was written into the env while
 * the change ran, after carryOver looked: move every user entry the new revision lacks (and
 * carryOver did not already keep aside) over before the trash is deleted. Renames within one folder's filesystem: no copy, no window.
 */
export function carryLate(trash: string, prefix: string, owned: Ownership, earlier: CarryResult): string[] {
  const aside = new Set([...earlier.keptAside, ...earlier.fromPackages, ...earlier.editedAside, ...earlier.inPlaceAside].map((k) => k[0]));
  const whole = new Set(earlier.carried);
  const moved: string[] = [];
  /** A late entry whose name is not UTF-8: moved in by its bytes unless already there or kept aside. */
  const lateRaw = (rel: string, n: Buffer) => {
    const shown = rel ? `${rel}/${shownName(n)}` : shownName(n);
    if (aside.has(shown)) return;
    const src = joinRaw(rel ? `${trash}/${rel}` : trash, n);
    const dest = joinRaw(rel ? join(prefix, rel) : prefix, n);
    const st = lstatSync(src, { throwIfNoEntry: false });
    const there = lstatSync(dest, { throwIfNoEntry: false });
    if (!st) return;
    if (!there) {
      renameSync(src, dest);
      moved.push(shown);
    } else if (st.isDirectory() && there.isDirectory()) mergeInto(src, dest);
  };
  const walk = (rel: string) => {
    let raw: Buffer[];
    try {
      raw = rawNames(join(trash, rel));
    } catch {
      return;
    }
    const names: string[] = [];
    for (const b of raw) {
      if (isTextName(b)) names.push(b.toString('utf8'));
      else lateRaw(rel, b);
    }
    for (const n of names) {
      const r = rel ? `${rel}/${n}` : n;
      const src = `${trash}/${r}`;
      if (owned.owns(r, () => lstatSync(src, { throwIfNoEntry: false }), () => readlinkSync(src), () => wrappedScript(src))) continue;
      const st = lstatSync(src, { throwIfNoEntry: false });
      if (!st) continue;
      const there = lstatSync(join(prefix, r), { throwIfNoEntry: false });
      // Kept aside already, or a package folder the new revision dropped: not moved back in place.
      if (aside.has(r) || (!there && owned.holds(r))) continue;
      if (whole.has(r) && st.isDirectory() && there?.isDirectory()) {
        putBack(src, join(prefix, r));
        continue;
      }
      if (!there) {
        mkdirSync(dirname(join(prefix, r)), { recursive: true });
        renameSync(src, join(prefix, r));
        moved.push(r);
      } else if (st.isDirectory() && there.isDirectory()) walk(r);
    }
  };
  walk('');
  // Every folder of `earlier.whole` is in place now: nothing is left for recoverWhole to do.
  rmSync(join(prefix, META_DIR, PENDING_FILE), { force: true });
  return moved;
}

/** The journal commitEnv writes into the staging folder before the swap when folders move whole. */
export function writePending(staging: string, whole: string[]): void {
  if (whole.length) writeFileSync(join(staging, META_DIR, PENDING_FILE), JSON.stringify(whole) + '\n');
}

/**
 * After a kill between the swap and carryLate, the new revision holds empty folders where the
 * user's folders go, and the old revision (a trash folder next to it) still holds them: move
 * them in before that trash is deleted. Call under the env's lock.
 */
export function recoverWhole(prefix: string, trashes: string[]): void {
  const journal = join(prefix, META_DIR, PENDING_FILE);
  let whole: unknown;
  try {
    whole = JSON.parse(readRegularFile(journal));
  } catch {
    return; // none (the usual case), or unreadable: nothing this change can act on
  }
  for (const r of Array.isArray(whole) ? whole : []) {
    if (typeof r !== 'string' || r.split('/').some((p) => p === '..' || p === '')) continue;
    for (const trash of trashes) {
      const src = join(trash, r);
      if (!lstatSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
      const there = lstatSync(join(prefix, r), { throwIfNoEntry: false });
      if (there?.isDirectory()) putBack(src, join(prefix, r));
      else if (!there) {
        mkdirSync(dirname(join(prefix, r)), { recursive: true });
        renameSync(src, join(prefix, r));
      }
      break;
    }
  }
  rmSync(journal, { force: true });
}

/**
 * A folder of the user's that carryOver placed whole (as hardlinks) goes back as the very folder
 * it was: a process working inside it (its cwd there, writing results) keeps writing into the
 * env. With the copy instead, its later files went to the trash and were deleted with it.
 */
function putBack(original: string, copyInPrefix: string): void {
  const copy = `${original}.ssdp-copy-${process.pid}-${Date.now()}`;
  renameSync(copyInPrefix, copy);
  try {
    renameSync(original, copyInPrefix);
  } catch (e) {
    renameSync(copy, copyInPrefix);
    throw e;
  }
  // Written by path into the copy between the swap and now: into the folder that stays.
  mergeInto(copy, copyInPrefix);
}

/** Moves every entry of `from` that `to` lacks into `to`, folder by folder (names as bytes). */
function mergeInto(from: RawPath, to: RawPath): void {
  let names: Buffer[];
  try {
    names = rawNames(from);
  } catch {
    return;
  }
  for (const n of names) {
    const there = lstatSync(joinRaw(to, n), { throwIfNoEntry: false });
    if (!there) renameSync(joinRaw(from, n), joinRaw(to, n));
    else if (there.isDirectory() && lstatSync(joinRaw(from, n)).isDirectory()) mergeInto(joinRaw(from, n), joinRaw(to, n));
  }
}
