/**
 * What a change keeps from the env it replaces. Every change builds the new revision in a fresh
 * staging folder, so anything the user put in the prefix (activate.d scripts, notes, data
 * folders, their own commands in bin/) would vanish with the swap. As conda keeps files no
 * package owns, everything in the old prefix that ssdp did not put there is carried over.
 *
 * "Owned" (rebuilt from the lock, so never carried) means exactly:
 *   ssdp-meta/                          ssdp's own state (history is copied by commitEnv)
 *   lib/node_modules/<top-level path>   a package folder of the old lock, with all it holds
 *   lib/node_modules/.bin               dependency bins linked for install scripts
 *   bin/node                            the pinned node of the old lock
 *   bin/<name> -> ../lib/node_modules/<owned package>/...   a bin ssdp linked
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
import { type Stats } from 'node:fs';
import type { Lockfile } from '../resolve/types.js';
export declare const KEPT_DIR = "ssdp-kept";
export interface Ownership {
    /**
     * Whether the entry at this prefix-relative path was put there by ssdp. `st` is asked only
     * outside package folders: inside them the store's index answers, so a walk of an unchanged
     * env costs a readdir per folder, not an lstat per file.
     */
    owns(rel: string, st: () => Stats | undefined, linkTarget: () => string): boolean;
    /** Folders that hold owned entries: walked into, never carried whole. */
    holds(rel: string): boolean;
    /**
     * For a user entry inside a package folder (a note, a tool's cache): that package's path
     * below lib/node_modules; undefined for entries outside package folders.
     */
    packageOf(rel: string): string | undefined;
}
/** The files a stored package put into its folder, from the store's index.json; undefined when unknown. */
export type PackageFiles = (pkg: {
    path: string;
    integrity: string;
}) => {
    dirs: Set<string>;
    entries: Set<string>;
} | undefined;
/** Reads a package's file list from the store (undefined when the entry is gone or unreadable). */
export declare function storeFiles(storeDir: string): PackageFiles;
export declare function ownershipOf(lock: Lockfile | undefined, files?: PackageFiles): Ownership;
export interface CarryResult {
    /** Prefix-relative paths carried over as they were. */
    carried: string[];
    /** User entries that stood where the new revision puts something: [where it was, where it is now]. */
    keptAside: Array<[string, string]>;
    /** User entries inside a package folder whose package changed or went: [where it was, where it is now]. */
    fromPackages: Array<[string, string]>;
}
/**
 * Carries every entry of `oldPrefix` that `owned` does not claim into `staging`; entries in the
 * way of the new tree go under staging/ssdp-kept/<keptName>/.
 */
export declare function carryOver(oldPrefix: string, staging: string, owned: Ownership, keptName: string, unchanged?: (pkgPath: string) => boolean): CarryResult;
/**
 * After the swap, the old revision (now `trash`) may hold what was written into the env while
 * the change ran, after carryOver looked: move every user entry the new revision lacks (and
 * carryOver did not already keep aside) over before the trash is deleted. Renames within one folder's filesystem: no copy, no window.
 */
export declare function carryLate(trash: string, prefix: string, owned: Ownership, earlier: CarryResult): string[];
