import { type GetOptions, type Graph, type Key, type Task } from '../../graph/index.js';
import { ChunkedArray } from './array.js';
import { type ChunksSpec } from './chunks.js';
import { type DType } from './ndarray.js';
/** A target opened for one source: the write task of each block, then commit or abort. */
export interface OpenTarget {
    /** The task writing block `idx` (its computed value at `block`) starting at `start`. */
    task(block: Key, idx: number[], start: number[]): Task;
    commit(): Promise<void>;
    abort(): Promise<void>;
}
/** Where `store` writes one array: made by `npyTarget` or `zarrTarget`. */
export interface StoreTarget {
    readonly description: string;
    /** The file or folder written, when there is one (two targets may not share it). */
    readonly path?: string;
    open(x: ChunkedArray): Promise<{
        target: OpenTarget;
        source: ChunkedArray;
    }>;
}
export declare function checkFolder(path: string, where: string): void;
/**
 * A .npy file at `path` (replaced only once every block is written); `dtype` converts on the way.
 * An existing non-empty file is replaced only with `overwrite: true`, and only if it is a .npy file.
 */
export declare function npyTarget(path: string, opts?: {
    dtype?: DType;
    overwrite?: boolean;
}): StoreTarget;
/**
 * Computes `sources` and writes each into its target block by block, in one run (blocks the
 * sources share are computed once). A string target ending in `.npy` is a .npy file. Either every
 * target is written, or none is changed.
 */
export declare function store(sources: ChunkedArray | readonly ChunkedArray[], targets: StoreTarget | string | readonly (StoreTarget | string)[], opts?: GetOptions): Promise<void>;
/** The targets opened and the graph that writes them: one write task per source block. */
export interface StorePlan {
    graph: Graph;
    keys: Key[];
    commit(): Promise<void>;
    abort(): Promise<void>;
}
export declare function planStore(sources: ChunkedArray | readonly ChunkedArray[], targets: StoreTarget | string | readonly (StoreTarget | string)[]): Promise<StorePlan>;
/** Writes `x` to a .npy file (numpy.load reads it), one block at a time. */
export declare function toNpy(x: ChunkedArray, path: string, opts?: GetOptions & {
    dtype?: DType;
    overwrite?: boolean;
}): Promise<void>;
/**
 * A chunked array read lazily from a .npy file (each block reads only its bytes when computed).
 * NumPy's int64/uint64 are read as float64 (ssdp has no 64-bit integers; exact up to 2**53).
 */
export declare function fromNpy(path: string, opts?: {
    chunks?: ChunksSpec;
}): ChunkedArray;
