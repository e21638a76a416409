import { type NDArray } from '../../src/collections/array/index.js';
/** Block functions for the masks (no comparison operators yet). */
export declare function positiveMask(b: NDArray): NDArray;
export declare function negativeMask(b: NDArray): NDArray;
