import { ChunkedArray } from './array.js';
import { type Slice } from './chunks.js';
import { type ArrayIndex } from './fancy.js';
export type Index = number | Slice | null | undefined | ArrayIndex;
/**
 * Basic and fancy indexing. At most one axis takes a list, an integer array or a boolean mask
 * (Dask's limit too); a boolean mask of the array's own shape selects values into one dimension.
 */
export declare function getItem(x: ChunkedArray, index: readonly Index[]): ChunkedArray;
