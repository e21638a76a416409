import { ChunkedArray } from './array.js';
import { type ReductionOp } from './reduce-kernels.js';
export interface ReduceOptions {
    /** An axis, several axes, or all axes (default, or null). Negative counts from the end. */
    axis?: number | readonly number[] | null;
    /** Delta degrees of freedom for var/std: divide by N - ddof (default 0, as NumPy). */
    ddof?: number;
    /** Keep reduced axes with length 1 (default false). */
    keepdims?: boolean;
    /**
     * Largest number of partial results one task merges (default 16, as Dask); spread over the
     * reduced axes (4 per axis when reducing two axes).
     */
    splitEvery?: number;
}
export declare const DEFAULT_SPLIT_EVERY = 16;
export declare function reduce(x: ChunkedArray, op: ReductionOp, opts?: ReduceOptions): ChunkedArray;
