import { ChunkedArray, computeArrays } from './array.js';
import { rand } from './creation.js';
import { binary, unary } from './elementwise.js';
import { reduce } from './reductions.js';
export { ChunkedArray, ChunkedArray as Array, computeArrays, assemble, isChunkedArray } from './array.js';
export { fromArray, fromDelayed, stack, concatenate, zeros, ones, full } from './creation.js';
export { mapBlocks, astype } from './elementwise.js';
export { rechunk } from './rechunk.js';
export { where, cumsum } from './axis-ops.js';
import { argReduce } from './axis-ops.js';
export const argmin = (x, axis) => argReduce(x, 'argmin', axis);
export const argmax = (x, axis) => argReduce(x, 'argmax', axis);
export { reshape, transpose } from './reshape.js';
export { slice } from './chunks.js';
export { DEFAULT_SPLIT_EVERY } from './reductions.js';
export { ndarray, at, toNested, empty, DTYPES } from './ndarray.js';
export { formatBytes } from './repr.js';
export const random = { rand, random: rand };
/**
 * Computes several arrays in one run, sharing the work they have in common (the lecture's
 * `compute(*statistics)`). A trailing options object picks the scheduler.
 */
export async function compute(...args) {
    const last = args[args.length - 1];
    const opts = last !== undefined && !(last instanceof ChunkedArray) ? args.pop() : {};
    return computeArrays(args, opts);
}
const r = (op) => (x, opts) => reduce(x, op, opts);
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
export const add = (a, b) => binary('add', a, b);
export const sub = (a, b) => binary('sub', a, b);
export const mul = (a, b) => binary('mul', a, b);
export const div = (a, b) => binary('div', a, b);
export const pow = (a, b) => binary('pow', a, b);
export const maximum = (a, b) => binary('maximum', a, b);
export const minimum = (a, b) => binary('minimum', a, b);
export const sqrt = (x) => unary('sqrt', x);
export const abs = (x) => unary('abs', x);
export const exp = (x) => unary('exp', x);
export const log = (x) => unary('log', x);
export const isnan = (x) => unary('isnan', x);
// bool arrays: comparisons (Dask's >, >=, <, <=, ==, !=), logic, any/all
import { anyAll, compare, logical } from './logic.js';
export const greater = (a, b) => compare('gt', a, b);
export const greaterEqual = (a, b) => compare('ge', a, b);
export const less = (a, b) => compare('lt', a, b);
export const lessEqual = (a, b) => compare('le', a, b);
export const equal = (a, b) => compare('eq', a, b);
export const notEqual = (a, b) => compare('ne', a, b);
export const logicalAnd = (a, b) => logical('and', a, b);
export const logicalOr = (a, b) => logical('or', a, b);
export const logicalXor = (a, b) => logical('xor', a, b);
export const logicalNot = (x) => unary('not', x);
export const any = (x, opts) => anyAll('any', x, opts);
export const all = (x, opts) => anyAll('all', x, opts);
// writing out block by block, reading back lazily
export { store, toNpy, fromNpy, npyTarget } from './store.js';
export { histogram } from './histogram.js';
export { blockwise, block } from './blockwise.js';
export { toZarr, fromZarr, zarrTarget } from './zarr.js';
//# sourceMappingURL=index.js.map