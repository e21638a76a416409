import { ChunkedArray } from './array.js';
import { type Chunks, type ChunksSpec } from './chunks.js';
/** Equal chunks (unknown NaN sizes equal each other). */
export declare function sameChunks(a: Chunks, b: Chunks): boolean;
/** `x` with new chunks (any form `normalizeChunks` takes: a size, sizes per axis, -1 for whole). */
export declare function rechunk(x: ChunkedArray, spec: ChunksSpec): ChunkedArray;
/**
 * The chunks of one axis that split wherever any of `sizes` splits (Dask's `common_blockdim`):
 * `[4, 2]` and `[3, 3]` give `[3, 1, 2]`.
 */
export declare function commonChunks(sizes: readonly (readonly number[])[]): number[];
