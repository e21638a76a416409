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
import { ChunkedArray, computeArrays } from './array.js';
import { rand, type RandOptions } from './creation.js';
import { binary, unary, type Operand } from './elementwise.js';
import { reduce, type ReduceOptions } from './reductions.js';
import type { ReductionOp } from './reduce-kernels.js';
import type { NDArray } from './ndarray.js';

export { ChunkedArray, ChunkedArray as Array, computeArrays, assemble, isChunkedArray } from './array.js';
export { fromArray, fromDelayed, stack, concatenate, zeros, ones, full, type RandOptions } from './creation.js';
export { mapBlocks, astype, type MapBlocksOptions, type Operand } from './elementwise.js';
export { rechunk } from './rechunk.js';
export { where, cumsum } from './axis-ops.js';
import { argReduce } from './axis-ops.js';
export const argmin = (x: ChunkedArray, axis?: number) => argReduce(x, 'argmin', axis);
export const argmax = (x: ChunkedArray, axis?: number) => argReduce(x, 'argmax', axis);
export { reshape, transpose } from './reshape.js';
export { slice, type Slice, type Chunks, type ChunksSpec } from './chunks.js';
export type { Index } from './slicing.js';
export { DEFAULT_SPLIT_EVERY, type ReduceOptions } from './reductions.js';
export type { ReductionOp, Partial } from './reduce-kernels.js';
export { ndarray, at, toNested, empty, DTYPES, type NDArray, type DType, type TypedArray } from './ndarray.js';
export { formatBytes } from './repr.js';

export const random = { rand, random: rand };

/**
 * Computes several arrays in one run, sharing the work they have in common (the lecture's
 * `compute(*statistics)`). A trailing options object picks the scheduler. A computed ndarray
 * among them (histogram's edges for a number of bins) comes back as it is, as Dask's compute
 * passes NumPy arrays through (tester s22 try14w D11: it was read as the options object).
 */
export async function compute(...args: (ChunkedArray | NDArray | GetOptions)[]): Promise<NDArray[]> {
  const last = args[args.length - 1];
  const opts = last !== undefined && !(last instanceof ChunkedArray) && !isComputed(last) ? (args.pop() as GetOptions) : {};
  const lazy = args.filter((a): a is ChunkedArray => a instanceof ChunkedArray);
  const done = lazy.length > 0 || args.length === 0 ? await computeArrays(lazy, opts) : [];
  let i = 0;
  return (args as (ChunkedArray | NDArray)[]).map((a) => (a instanceof ChunkedArray ? done[i++]! : a));
}

/** An ndarray already computed (`{ shape, dtype, data }` with a typed array). */
function isComputed(v: unknown): v is NDArray {
  return typeof v === 'object' && v !== null && Array.isArray((v as NDArray).shape) && ArrayBuffer.isView((v as NDArray).data) && typeof (v as NDArray).dtype === 'string';
}

const r = (op: ReductionOp) => (x: ChunkedArray, opts?: ReduceOptions) => reduce(x, op, opts);
export const sum = r('sum');
export const mean = r('mean');
export const min = r('min');
export const max = r('max');
export const std = r('std');
export { variance as var };
const variance = r('var');
export const nansum = r('nansum');
export const nanmean = r('nanmean');
export const nanmin = r('nanmin');
export const nanmax = r('nanmax');
export const nanstd = r('nanstd');
export const nanvar = r('nanvar');

export const add = (a: Operand, b: Operand) => binary('add', a, b);
export const sub = (a: Operand, b: Operand) => binary('sub', a, b);
export const mul = (a: Operand, b: Operand) => binary('mul', a, b);
export const div = (a: Operand, b: Operand) => binary('div', a, b);
export const pow = (a: Operand, b: Operand) => binary('pow', a, b);
export const maximum = (a: Operand, b: Operand) => binary('maximum', a, b);
export const minimum = (a: Operand, b: Operand) => binary('minimum', a, b);
export const sqrt = (x: ChunkedArray) => unary('sqrt', x);
export const abs = (x: ChunkedArray) => unary('abs', x);
export const exp = (x: ChunkedArray) => unary('exp', x);
export const log = (x: ChunkedArray) => unary('log', x);
export const isnan = (x: ChunkedArray) => unary('isnan', x);

// bool arrays: comparisons (Dask's >, >=, <, <=, ==, !=), logic, any/all
import { anyAll, compare, logical } from './logic.js';
export const greater = (a: Operand, b: Operand) => compare('gt', a, b);
export const greaterEqual = (a: Operand, b: Operand) => compare('ge', a, b);
export const less = (a: Operand, b: Operand) => compare('lt', a, b);
export const lessEqual = (a: Operand, b: Operand) => compare('le', a, b);
export const equal = (a: Operand, b: Operand) => compare('eq', a, b);
export const notEqual = (a: Operand, b: Operand) => compare('ne', a, b);
export const logicalAnd = (a: Operand, b: Operand) => logical('and', a, b);
export const logicalOr = (a: Operand, b: Operand) => logical('or', a, b);
export const logicalXor = (a: Operand, b: Operand) => logical('xor', a, b);
export const logicalNot = (x: ChunkedArray) => unary('not', x);
export const any = (x: ChunkedArray, opts?: Pick<ReduceOptions, 'axis' | 'keepdims' | 'splitEvery'>) => anyAll('any', x, opts);
export const all = (x: ChunkedArray, opts?: Pick<ReduceOptions, 'axis' | 'keepdims' | 'splitEvery'>) => anyAll('all', x, opts);

// writing out block by block, reading back lazily
export { store, toNpy, fromNpy, npyTarget, type StoreTarget } from './store.js';
export { histogram, type HistogramOptions } from './histogram.js';
export { blockwise, block, type BlockwiseOptions } from './blockwise.js';
export { toZarr, fromZarr, zarrTarget, type ZarrOptions } from './zarr.js';
