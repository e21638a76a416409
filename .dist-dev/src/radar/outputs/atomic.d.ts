/**
 * Atomic output files: everything is written under a temporary name in the same folder and
 * renamed onto its final name only when complete, so an interrupted or failed run never leaves a
 * half-written output under a name a user (or an incremental re-run) would trust.
 *
 * Temporary names are `.<name>.<pid>.<random>.ssdp-tmp`; `removeStaleTemps` deletes those whose
 * process is gone (a run killed with SIGKILL cannot clean up after itself).
 */
import { type FileHandle } from 'node:fs/promises';
export declare function tempNameFor(path: string): string;
export declare function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void>;
/** A file being written under a temporary name; `commit` renames it into place. */
export interface AtomicFile {
    readonly path: string;
    readonly tempPath: string;
    readonly handle: FileHandle;
    /** Writes at the current end (or at `position` when given). */
    write(data: Uint8Array, position?: number): Promise<void>;
    commit(): Promise<void>;
    /** Closes and deletes the temporary file; safe to call after a failed commit. */
    abort(): Promise<void>;
}
export declare function openAtomic(path: string): Promise<AtomicFile>;
/** Deletes temporary files left in `dir` by runs whose process no longer exists. */
export declare function removeStaleTemps(dir: string): Promise<string[]>;
