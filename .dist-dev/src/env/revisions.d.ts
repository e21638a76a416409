import type { Lockfile } from '../resolve/types.js';
import type { EnvState } from './prefix.js';
export interface PackageChange {
    /** Install path below lib/node_modules (the package name for top-level copies), or `node`. */
    path: string;
    from?: string;
    to?: string;
}
export interface RevisionDiff {
    added: PackageChange[];
    removed: PackageChange[];
    changed: PackageChange[];
}
export interface Revision {
    revision: number;
    date: string;
    /** The command line that made it, e.g. `install lodash@4`. */
    command: string;
    state: Omit<EnvState, 'revision'>;
    lock: Lockfile;
    diff: RevisionDiff;
}
export declare const revisionFileName: (n: number) => string;
export declare function diffLocks(before: Lockfile | undefined, after: Lockfile): RevisionDiff;
/**
 * A history file that cannot be read as a revision. Listed in its place (so `list --revisions`
 * still shows the others) instead of failing the whole listing.
 */
export interface DamagedRevision {
    revision: number;
    /** E_ENV_CORRUPT's message: the file and what is wrong with it. */
    damaged: string;
    lock?: never;
    state?: never;
}
/** Every revision in order; a damaged history file is a DamagedRevision entry. */
export declare function readRevisions(prefix: string): Array<Revision | DamagedRevision>;
export declare function readRevision(prefix: string, n: number): Revision;
export declare function formatRevision(r: Revision | DamagedRevision): string;
