/**
 * Comparisons, logical operators and any/all: the operations that make and read bool arrays
 * (Dask's `x > 0`, `a & b`, `x.any(axis)`).
 */
import type { ChunkedArray } from './array.js';
import { type Operand } from './elementwise.js';
import type { CompareOp, LogicalOp } from './kernels.js';
import { type ReduceOptions } from './reductions.js';
export declare function compare(op: CompareOp, a: Operand, b: Operand): ChunkedArray;
export declare function logical(op: LogicalOp, a: Operand, b: Operand): ChunkedArray;
/**
 * any: some value along the axes is non-zero; all: none is zero. Counted as sums of a bool
 * array, so an empty axis gives false (any) and true (all), and NaN counts as true, as NumPy.
 */
export declare function anyAll(kind: 'any' | 'all', x: ChunkedArray, opts?: Pick<ReduceOptions, 'axis' | 'keepdims' | 'splitEvery'>): ChunkedArray;
