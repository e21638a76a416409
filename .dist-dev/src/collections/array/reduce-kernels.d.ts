/**
 * Tree-reduction kernels. A reduction runs in three kinds of task, as in Dask:
 *   partialReduce  one chunk -> a Partial (float64 accumulators, reduced axes kept with extent 1)
 *   combinePartials  several Partials of the same output block -> one Partial
 *   finalizeReduction  a Partial -> the result chunk (count-aware: NaN where nothing was counted)
 * Variance travels as (count, mean, M2) and is combined with Chan et al.'s parallel formula, which
 * stays accurate where sum-of-squares formulas cancel catastrophically. NaN rules are NumPy's:
 * plain reductions propagate NaN, nan* ones skip it, and an all-NaN or empty input gives NaN.
 */
import { type DType, type NDArray } from './ndarray.js';
export type ReductionOp = 'sum' | 'nansum' | 'mean' | 'nanmean' | 'min' | 'max' | 'nanmin' | 'nanmax' | 'var' | 'nanvar' | 'std' | 'nanstd';
export declare const REDUCTION_OPS: readonly ReductionOp[];
export type PartialKind = 'sum' | 'min' | 'max' | 'moments' | 'stats';
/**
 * Accumulators for one output block, laid out C-order over `shape` (the block's shape with the
 * reduced axes at extent 1). `a` is the sum, the extreme, or the mean; `m2` only for moments.
 */
export interface Partial {
    kind: PartialKind;
    shape: number[];
    count: Float64Array;
    a: Float64Array;
    m2: Float64Array | null;
    /** 'stats' only: minimum and maximum. */
    lo?: Float64Array;
    hi?: Float64Array;
}
export declare function partialKind(op: ReductionOp): PartialKind;
export declare function skipsNaN(op: ReductionOp): boolean;
/** The dtype of a reduction's result, as NumPy: float inputs keep their width, sums of ints
 * widen (to float64 here, having no int64), extremes keep the input dtype. */
export declare function reductionDType(op: ReductionOp, input: DType): DType;
/**
 * Reduces one chunk over `axes` (non-negative, any set) to a Partial for `op`. Every output
 * element receives the same number of inputs, so nan* variants count only the NaNs they skip
 * (rare) instead of every value they keep: one read-modify-write per element, not two.
 */
export declare function partialReduce(chunk: NDArray, axes: number[], op: ReductionOp): Partial;
/**
 * Everything mean, min, max, var and std need, from one chunk: (count, mean, M2, min, max). The
 * reductions share this partial, so computing several statistics of one array together reads
 * each chunk once, and a chunk has a single consumer the scheduler can fuse it with (it is freed
 * right after, however many statistics are asked for). Two passes: sums and extremes, then
 * squared deviations from the chunk mean.
 */
export declare function partialStats(chunk: NDArray, axes: number[], nan: boolean): Partial;
/**
 * The partial of several thin blocks of one output block at once (blocks whose reduced extent is
 * a few elements, such as stacked images: one per block would be several times the block's own
 * size, a 443 x 235 float32 image giving 4 MB of float64 statistics). Every block is folded into
 * one set of accumulators: sums and extremes first, then squared deviations from the group's
 * mean. `sumOp` set: a sum partial (as partialReduce); null: the full statistics (partialStats).
 */
export declare function groupPartial(chunks: NDArray[], axes: number[], sumOp: ReductionOp | null, nan: boolean): Partial;
/** Merges Partials of the same output block (same kind and shape) into one. */
export declare function combinePartials(parts: Partial[]): Partial;
/**
 * Turns a Partial into the result chunk of `op` with `shape` (the Partial's values in the same
 * order, reduced axes dropped or kept as the caller chose).
 */
export declare function finalizeReduction(p: Partial, op: ReductionOp, ddof: number, shape: number[], dtype: DType): NDArray;
/** Combine and finalise in one task (the root of a tree reduction). */
export declare function aggregatePartials(parts: Partial[], op: ReductionOp, ddof: number, shape: number[], dtype: DType): NDArray;
/** A whole reduction of one in-memory array (reference path and single-chunk shortcut). */
export declare function reduceChunk(chunk: NDArray, axes: number[], op: ReductionOp, opts?: {
    ddof?: number;
    keepdims?: boolean;
}): NDArray;
/**
 * The partial of a `random.rand` chunk, drawn into a buffer this thread reuses instead of a new
 * chunk (no 8 MB allocation, page faults or garbage per chunk); for sums, slab by slab along
 * axis 0 and reduced while the slab is in cache. Same values as
 * `partialReduce(randomChunk(...))` / `partialStats(randomChunk(...))` up to rounding.
 * `sumOp` set: a sum partial (partialReduce); null: the full statistics (partialStats).
 */
export declare function randomPartial(seed: number, stream: number, shape: number[], dtype: 'float32' | 'float64', axes: number[], sumOp: ReductionOp | null, nan: boolean): Partial;
