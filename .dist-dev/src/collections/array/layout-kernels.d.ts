/**
 * Chunk kernels that move values between layouts: gathering pieces of several blocks into one
 * (rechunk), transposing, and the per-block parts of where/argmin/argmax/cumsum/histogram. Kept
 * apart from kernels.ts so workers import them by name from their own module.
 */
import { type DType, type NDArray } from './ndarray.js';
import { type AxisSelection } from './kernels.js';
/**
 * One output block of a rechunk: from `parts[i]` take the selection `sels[i]` and put it at
 * corner `at[i]` of a block of `shape`.
 */
export declare function gatherChunk(parts: NDArray[], sels: AxisSelection[][], at: number[][], shape: number[], dtype: DType): NDArray;
/** The block with its axes permuted (`out.shape[i] = a.shape[axes[i]]`). */
export declare function transposeChunk(a: NDArray, axes: number[]): NDArray;
/** `cond ? x : y` element by element, all three broadcast to `shape`. */
export declare function whereChunk(cond: NDArray | number, x: NDArray | number, y: NDArray | number, shape: number[], dtype: DType): NDArray;
/** Running sums along `axis`, starting from `carry` (a block with extent 1 on `axis`) if given. */
export declare function cumsumChunk(a: NDArray, axis: number, dtype: DType, carry: NDArray | null): NDArray;
/** The totals a block passes on: `carry` plus the block's sum along `axis` (extent 1 there). */
export declare function carryChunk(a: NDArray, axis: number, dtype: DType, carry: NDArray | null): NDArray;
/**
 * argmin/argmax along `axis` over the blocks that lie along it (in order, starting at
 * `offsets[i]`): NumPy's rules, so the first extreme wins and a NaN is the answer once seen.
 */
export declare function argChunks(blocks: NDArray[], starts: number[], axis: number, op: 'argmin' | 'argmax'): NDArray;
/**
 * Counts of one block's values in the bins `edges` (NumPy's rule for given edges: bin i holds
 * edges[i] <= v < edges[i+1], the last bin also its right edge; NaN and values outside are not
 * counted), as a (1, bins) float64 chunk so that blocks stack and sum.
 */
export declare function histogramChunk(a: NDArray, edges: number[]): NDArray;
/** Blocks laid out C-order on `grid` (over `axes` of the blocks) joined into one block. */
export declare function concatGridChunk(parts: NDArray[], grid: number[], axes: number[]): NDArray;
