/**
 * Block-by-block operations: element-wise arithmetic with NumPy broadcasting, dtype casts and
 * `mapBlocks`. Output block (i, j, ...) needs only input blocks at the same position (or block 0
 * on an axis an input broadcasts along), so no data moves between chunks.
 */
import { type TaskFn } from '../../graph/index.js';
import { ChunkedArray } from './array.js';
import { type Chunks } from './chunks.js';
import { type BinaryOp, type UnaryOp } from './kernels.js';
import { type DType } from './ndarray.js';
export type Operand = ChunkedArray | number;
/**
 * Shape and chunks of broadcasting `arrays`, and the arrays rechunked so their blocks line up:
 * where two arrays split an axis differently, both are cut wherever either is (as Dask's
 * `unify_chunks`), so `(4, 6)` chunked `[2, 4]` plus `(6,)` chunked `[3]` works.
 */
export declare function alignChunks(arrays: readonly ChunkedArray[]): {
    shape: number[];
    chunks: Chunks;
    arrays: ChunkedArray[];
};
export declare function binary(op: BinaryOp, a: Operand, b: Operand): ChunkedArray;
export declare function unary(op: UnaryOp, x: ChunkedArray): ChunkedArray;
export declare function astype(x: ChunkedArray, dtype: DType): ChunkedArray;
export interface MapBlocksOptions {
    /** dtype of the blocks `fn` returns (default: the first array's). */
    dtype?: DType;
    /** Chunks of the result when `fn` changes block shapes (default: the first array's). */
    chunks?: Chunks;
    /** Extra arguments passed after the blocks (plain data). */
    args?: unknown[];
    /** A name for the tasks (default: the function's name). */
    name?: string;
}
/**
 * Calls `fn(block, ...otherBlocks, ...args)` on every block (`da.map_blocks`). For the threads
 * and processes schedulers `fn` must be an exported function of a module (see the graph's
 * `registerModule`/`fnRef`), because workers import it. It returns an ndarray or a typed array of
 * the block's size.
 */
export declare function mapBlocks(fn: TaskFn, arrays: readonly ChunkedArray[], opts?: MapBlocksOptions): ChunkedArray;
