/**
 * Removing packages without resolving again: drop what the remaining requests no longer reach.
 * Reachability follows Node's lookup from each package's folder upwards (nested node_modules
 * first, then the top level), so the pruned tree is exactly what `require` would still use.
 */
import type { Lockfile } from '../resolve/types.js';
/** A lock keeping only what `keepNames` (top-level package names, maybe `node`) reach. */
export declare function pruneLock(lock: Lockfile, keepNames: string[], requested: string[]): Lockfile;
