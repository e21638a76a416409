import { ChunkedArray } from './array.js';
import { type TypedArray } from './ndarray.js';
/** What one axis of a `get` may be besides a number or slice. */
export type ArrayIndex = readonly (number | boolean)[] | TypedArray | ChunkedArray;
export declare function isArrayIndex(ix: unknown): ix is ArrayIndex;
/** Applies an array index at `axis` of `x` (every other axis already taken care of). */
export declare function applyArrayIndex(x: ChunkedArray, axis: number, ix: ArrayIndex, wholeMask: boolean): ChunkedArray;
