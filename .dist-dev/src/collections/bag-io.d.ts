import type { ComputeOptions } from '../graph/delayed.js';
import { Bag } from './bag.js';
export type Compression = 'infer' | 'gzip' | null;
export interface ReadTextOptions {
    /** 'infer' (default: gzip for names ending in .gz), 'gzip', or null for none. */
    compression?: Compression;
}
/** The lines of one file, each keeping its '\n' as Dask's do (a last line without one stays so). */
export declare function readTextFile(path: string, compression: Compression): string[];
/**
 * Writes one partition: its elements (strings) joined by '\n', no newline after the last (as
 * Dask). Written under a temporary name and renamed, so no half-written file is ever seen.
 */
export declare function writeTextFile(path: string, compression: Compression, part: readonly unknown[]): string;
/**
 * A bag of the lines of the files `paths` names: a path, a glob (`data/*.txt.gz`, `**` for any
 * depth) or a list of them. One partition per file, in sorted order.
 */
export declare function readText(paths: string | string[], opts?: ReadTextOptions): Bag<string>;
export interface ToTextfilesOptions extends ComputeOptions {
    compression?: Compression;
    /** Replace files already at the targets (default: refuse, naming the first). */
    overwrite?: boolean;
}
/**
 * Writes each partition of `b` to its own file and returns the paths: `path` has a `*` (replaced
 * by the partition number: `out/*.txt.gz`), or is a folder (`out/0.part`, ...), or is a list with
 * one path per partition.
 */
export declare function toTextfiles(b: Bag<unknown>, path: string | string[], opts?: ToTextfilesOptions): Promise<string[]>;
