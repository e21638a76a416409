/**
 * Comparisons, logical operators and any/all: the operations that make and read bool arrays
 * (Dask's `x > 0`, `a & b`, `x.any(axis)`).
 */
import type { ChunkedArray } from './array.js';
import { binary, type Operand } from './elementwise.js';
import type { CompareOp, LogicalOp } from './kernels.js';
import { reduce, type ReduceOptions } from './reductions.js';


export function compare(op: CompareOp, a: Operand, b: Operand): ChunkedArray {
  return binary(op, a, b);
}

export function logical(op: LogicalOp, a: Operand, b: Operand): ChunkedArray {
  return binary(op, a, b);
}

/**
 * any: some value along the axes is non-zero; all: none is zero. Counted as sums of a bool
 * array, so an empty axis gives false (any) and true (all), and NaN counts as true, as NumPy.
 */
export function anyAll(kind: 'any' | 'all', x: ChunkedArray, opts: Pick<ReduceOptions, 'axis' | 'keepdims' | 'splitEvery'> = {}): ChunkedArray {
  const hits = reduce(binary(kind === 'any' ? 'ne' : 'eq', x, 0), 'sum', opts);
  return kind === 'any' ? binary('gt', hits, 0) : binary('eq', hits, 0);
}
