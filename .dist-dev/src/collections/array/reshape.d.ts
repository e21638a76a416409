import { ChunkedArray } from './array.js';
export declare function transpose(x: ChunkedArray, axes?: readonly number[]): ChunkedArray;
export declare function reshape(x: ChunkedArray, newShape: readonly number[]): ChunkedArray;
