export type TargetKind = 'zarr' | 'npy' | 'text';
/** A temporary sibling of `path` (same folder, so the final rename is atomic). */
export declare function tempSibling(path: string): string;
/** Removes `path`'s temporary siblings whose writing process is gone (a write killed with -9). */
export declare function removeStaleTemps(path: string): void;
/**
 * The path a write of `kind` may replace: `path` itself, or for a .npy file behind a symlink the
 * file it points to (numpy.save writes through links). Throws when what is there must be kept.
 */
export declare function checkTarget(path: string, kind: TargetKind, overwrite: boolean, where: string): string;
/** Refuses a list of targets naming one path twice: the writes would replace each other. */
export declare function checkDistinct(paths: readonly string[], where: string, code: string): void;
