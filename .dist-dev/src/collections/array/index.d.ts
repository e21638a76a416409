/**
 * Chunked n-dimensional arrays (ssdp's `dask.array`), used as `import { array } from 'ssdp'`:
 *
 * ```ts
 * const x = array.random.rand({ shape: [10000, 10000], chunks: [1000, 1000], seed: 1 });
 * const y = x.mean({ axis: 0 });                     // lazy
 * const [lo, hi] = await array.compute(array.nanmin(x, { axis: 0 }), array.nanmax(x, { axis: 0 }));
 * ```
 *
 * `compute()` gives an ndarray `{ shape, dtype, data }` (C-order typed data).
 */
import type { GetOptions } from '../../graph/index.js';
import { ChunkedArray } from './array.js';
import { rand } from './creation.js';
import { type Operand } from './elementwise.js';
import { type ReduceOptions } from './reductions.js';
import type { NDArray } from './ndarray.js';
export { ChunkedArray, ChunkedArray as Array, computeArrays, assemble, isChunkedArray } from './array.js';
export { fromArray, fromDelayed, stack, concatenate, zeros, ones, full, type RandOptions } from './creation.js';
export { mapBlocks, astype, type MapBlocksOptions, type Operand } from './elementwise.js';
export { rechunk } from './rechunk.js';
export { where, cumsum } from './axis-ops.js';
export declare const argmin: (x: ChunkedArray, axis?: number) => ChunkedArray;
export declare const argmax: (x: ChunkedArray, axis?: number) => ChunkedArray;
export { reshape, transpose } from './reshape.js';
export { slice, type Slice, type Chunks, type ChunksSpec } from './chunks.js';
export type { Index } from './slicing.js';
export { DEFAULT_SPLIT_EVERY, type ReduceOptions } from './reductions.js';
export type { ReductionOp, Partial } from './reduce-kernels.js';
export { ndarray, at, toNested, empty, DTYPES, type NDArray, type DType, type TypedArray } from './ndarray.js';
export { formatBytes } from './repr.js';
export declare const random: {
    rand: typeof rand;
    random: typeof rand;
};
/**
 * Computes several arrays in one run, sharing the work they have in common (the lecture's
 * `compute(*statistics)`). A trailing options object picks the scheduler.
 */
export declare function compute(...args: (ChunkedArray | GetOptions)[]): Promise<NDArray[]>;
export declare const sum: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const mean: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const min: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const max: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const std: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export { variance as var };
declare const variance: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const nansum: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const nanmean: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const nanmin: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const nanmax: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const nanstd: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const nanvar: (x: ChunkedArray, opts?: ReduceOptions) => ChunkedArray;
export declare const add: (a: Operand, b: Operand) => ChunkedArray;
export declare const sub: (a: Operand, b: Operand) => ChunkedArray;
export declare const mul: (a: Operand, b: Operand) => ChunkedArray;
export declare const div: (a: Operand, b: Operand) => ChunkedArray;
export declare const pow: (a: Operand, b: Operand) => ChunkedArray;
export declare const maximum: (a: Operand, b: Operand) => ChunkedArray;
export declare const minimum: (a: Operand, b: Operand) => ChunkedArray;
export declare const sqrt: (x: ChunkedArray) => ChunkedArray;
export declare const abs: (x: ChunkedArray) => ChunkedArray;
export declare const exp: (x: ChunkedArray) => ChunkedArray;
export declare const log: (x: ChunkedArray) => ChunkedArray;
export declare const isnan: (x: ChunkedArray) => ChunkedArray;
export declare const greater: (a: Operand, b: Operand) => ChunkedArray;
export declare const greaterEqual: (a: Operand, b: Operand) => ChunkedArray;
export declare const less: (a: Operand, b: Operand) => ChunkedArray;
export declare const lessEqual: (a: Operand, b: Operand) => ChunkedArray;
export declare const equal: (a: Operand, b: Operand) => ChunkedArray;
export declare const notEqual: (a: Operand, b: Operand) => ChunkedArray;
export declare const logicalAnd: (a: Operand, b: Operand) => ChunkedArray;
export declare const logicalOr: (a: Operand, b: Operand) => ChunkedArray;
export declare const logicalXor: (a: Operand, b: Operand) => ChunkedArray;
export declare const logicalNot: (x: ChunkedArray) => ChunkedArray;
export declare const any: (x: ChunkedArray, opts?: Pick<ReduceOptions, "axis" | "keepdims" | "splitEvery">) => ChunkedArray;
export declare const all: (x: ChunkedArray, opts?: Pick<ReduceOptions, "axis" | "keepdims" | "splitEvery">) => ChunkedArray;
export { store, toNpy, fromNpy, npyTarget, type StoreTarget } from './store.js';
export { histogram, type HistogramOptions } from './histogram.js';
export { blockwise, block, type BlockwiseOptions } from './blockwise.js';
export { toZarr, fromZarr, zarrTarget, type ZarrOptions } from './zarr.js';
