import { type NDArray } from './ndarray.js';
/** The entries `index` (positions within the block) along `axis` of one block, in that order. */
export declare function takeChunk(a: NDArray, axis: number, index: readonly number[]): NDArray;
/**
 * Entries along `axis` gathered from consecutive blocks `blocks` (starting at `starts` on the
 * axis): `index` holds positions on the whole axis (negative counts from the end of `length`),
 * as an int array or a chunk of one.
 */
export declare function takeFromBlocks(blocks: readonly NDArray[], starts: readonly number[], axis: number, index: readonly number[] | NDArray, length?: number): NDArray;
/** The entries along `axis` where the 1-d `mask` chunk is true. */
export declare function compressChunk(a: NDArray, mask: NDArray, axis: number): NDArray;
/** The values where the same-shaped `mask` is true, in C order (one dimension). */
export declare function maskChunk(a: NDArray, mask: NDArray): NDArray;
/** A block's real shape (the promised one with unknown extents filled in). */
export declare function blockShapeOf(a: NDArray): number[];
