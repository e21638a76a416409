import { type Computable } from '../../graph/index.js';
import { ChunkedArray } from './array.js';
import { type ChunksSpec } from './chunks.js';
import { type DType, type NDArray, type TypedArray } from './ndarray.js';
export interface RandOptions {
    shape?: number[];
    /** The lecture's (and NumPy's) name for `shape`. */
    size?: number[];
    chunks?: ChunksSpec;
    /** Same seed and chunks, same numbers, on any scheduler. Default: a fresh random seed. */
    seed?: number;
    /** float64 (default, as NumPy) or float32. */
    dtype?: 'float32' | 'float64';
}
/**
 * Uniform random numbers in [0, 1), like `da.random.random`. Each chunk is generated where it is
 * used from (seed, chunk number), so no data moves to make it.
 */
export declare function rand(opts: RandOptions): ChunkedArray;
/** An array of one value everywhere (each chunk made where it is used). */
export declare function full(shape: number[], value: number, opts?: {
    chunks?: ChunksSpec;
    dtype?: DType;
}): ChunkedArray;
export declare function zeros(shape: number[], opts?: {
    chunks?: ChunksSpec;
    dtype?: DType;
}): ChunkedArray;
export declare function ones(shape: number[], opts?: {
    chunks?: ChunksSpec;
    dtype?: DType;
}): ChunkedArray;
/**
 * Splits an in-memory array into chunks (the split happens now, once; each chunk is a data node
 * of the graph). Accepts an ndarray, or a typed array with `shape`.
 */
export declare function fromArray(source: NDArray | TypedArray, opts?: {
    chunks?: ChunksSpec;
    shape?: number[];
}): ChunkedArray;
/**
 * A one-chunk array whose data a delayed value will produce (`da.from_delayed`). The shape and
 * dtype are promised up front; the value is checked against them when it is computed (a typed
 * array of the right length is accepted too, and converted to `dtype`).
 */
export declare function fromDelayed(value: Computable, opts: {
    shape: number[];
    dtype?: DType;
}): ChunkedArray;
/**
 * Joins equal-shaped arrays along a new axis (`da.stack`). Each input block becomes a block with
 * an extra axis of length 1; blocks made by `fromDelayed` are re-declared with the new shape
 * directly, so stacking adds no tasks of its own to the work.
 */
export declare function stack(arrays: readonly ChunkedArray[], axis?: number): ChunkedArray;
/** Joins arrays along an existing axis (`da.concatenate`); blocks are reused as they are. */
export declare function concatenate(arrays: readonly ChunkedArray[], axis?: number): ChunkedArray;
