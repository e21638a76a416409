import { ChunkedArray } from './array.js';
import { type Operand } from './elementwise.js';
/** `x` where `cond` is non-zero, else `y`; all three broadcast together (numbers allowed). */
export declare function where(cond: Operand, x: Operand, y: Operand): ChunkedArray;
/** Running sum along `axis` (the flattened array when left out, as NumPy); ints sum in float64 (there is no int64). */
export declare function cumsum(x: ChunkedArray, axis?: number): ChunkedArray;
/** Index of the smallest (argmin) or largest (argmax) value along `axis`, or in the flattened array. */
export declare function argReduce(x: ChunkedArray, op: 'argmin' | 'argmax', axis?: number): ChunkedArray;
