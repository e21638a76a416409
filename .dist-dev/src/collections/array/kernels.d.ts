import { type DType, type NDArray } from './ndarray.js';
/** One chunk of uniform [0, 1) values: stream `stream` of `seed` (see rng.ts). */
export declare function randomChunk(seed: number, stream: number, shape: number[], dtype: DType): NDArray;
export declare function fullChunk(shape: number[], value: number, dtype: DType): NDArray;
/**
 * Accepts what a delayed task produced as the chunk `fromDelayed` promised: an NDArray or a bare
 * typed array of the right length, converted to the promised dtype, viewed with `shape` (which may
 * add axes of length 1, as `stack` does).
 */
export declare function asChunk(value: unknown, promised: number[], dtype: DType): NDArray;
/** The same values under another shape of equal size (no copy). */
export declare function reshapeChunk(a: NDArray, shape: number[]): NDArray;
export declare function castChunk(a: NDArray, dtype: DType): NDArray;
export type CompareOp = 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';
export declare const COMPARE_OPS: readonly CompareOp[];
export type LogicalOp = 'and' | 'or' | 'xor';
export declare const LOGICAL_OPS: readonly LogicalOp[];
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'mod' | 'maximum' | 'minimum' | CompareOp | LogicalOp;
export declare const BINARY_OPS: readonly BinaryOp[];
export type UnaryOp = 'neg' | 'abs' | 'sqrt' | 'exp' | 'log' | 'log10' | 'isnan' | 'floor' | 'ceil' | 'round' | 'not';
export declare const UNARY_OPS: readonly UnaryOp[];
/**
 * The dtype of `a op b`, NumPy-like for these dtypes: floats win; float32 stays float32 against
 * small ints; a plain number does not widen an array's dtype unless it is fractional and the
 * array is integer; true division of integers gives float64. (There is no int64: it becomes
 * float64.)
 */
export declare function resultDType(op: BinaryOp, a: DType | number, b: DType | number): DType;
export declare function unaryResultDType(op: UnaryOp, a: DType): DType;
/** NumPy broadcasting of two shapes, or an error naming both. */
export declare function broadcastShapes(a: readonly number[], b: readonly number[]): number[];
/** `a op b` for chunks and/or numbers, with broadcasting; `dtype` is the result dtype. */
export declare function binaryChunk(op: BinaryOp, a: NDArray | number, b: NDArray | number, dtype: DType): NDArray;
export declare function unaryChunk(op: UnaryOp, a: NDArray, dtype: DType): NDArray;
/** Per axis: first index, step (non-zero, may be negative), and how many elements. */
export interface AxisSelection {
    start: number;
    step: number;
    count: number;
}
/** Picks a strided sub-block; `shape` is the output shape (it may drop axes of count 1). */
export declare function sliceChunk(a: NDArray, sel: AxisSelection[], shape: number[]): NDArray;
/** Joins chunks along `axis` (all other extents equal): used to assemble results. */
export declare function concatChunks(parts: NDArray[], axis: number): NDArray;
