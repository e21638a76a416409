/**
 * `blockwise` (Dask's index notation: `blockwise(fn, 'ik', x, 'ij', y, 'jk', { concatenate: true })`)
 * and `block` (Dask's `da.block`, nested lists of arrays laid out as a grid). Blockwise lines up
 * blocks by index letter: arrays sharing a letter are cut at the same places first; a letter in
 * the inputs but not in the output is contracted (its blocks passed as a list, or joined into one
 * block with `concatenate`); `newAxes` adds output axes of a given length (one chunk each).
 */
import { type TaskFn } from '../../graph/index.js';
import { ChunkedArray } from './array.js';
import { type DType } from './ndarray.js';
export interface BlockwiseOptions {
    /** dtype of the blocks `fn` returns (default: the first array's). */
    dtype?: DType;
    /** Output axes not in any input: letter -> length. */
    newAxes?: Record<string, number>;
    /** Join the blocks along contracted letters into one block before calling `fn`. */
    concatenate?: boolean;
    /** Extra arguments passed after the blocks (plain data). */
    args?: unknown[];
    /** A name for the tasks (default: the function's name). */
    name?: string;
}
export declare function blockwise(fn: TaskFn, outInd: string, ...rest: (ChunkedArray | string | BlockwiseOptions)[]): ChunkedArray;
type Nested = ChunkedArray | readonly Nested[];
/**
 * Arrays laid out by nested lists (`da.block`): the innermost lists join along the last axis, the
 * next along the one before, and so on; arrays with fewer axes get leading axes of length 1.
 */
export declare function block(arrays: Nested): ChunkedArray;
export {};
