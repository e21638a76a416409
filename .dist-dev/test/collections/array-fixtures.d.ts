/**
 * Task functions for the array tests, in a module without side effects: worker threads import
 * it to run them (a test file would re-run its tests inside the worker).
 */
import type { NDArray } from '../../src/collections/array/index.js';
/** Number of `syntheticImage` calls in this realm (sync scheduler: the test's own). */
export declare function loadCount(): number;
/**
 * A deterministic "radar image" for (day, i): a smooth field with NaN holes where the value
 * would be a multiple of 7 — some pixels NaN in every image (all-NaN columns after stacking).
 */
export declare function syntheticImage(day: number, i: number, h: number, w: number): Float32Array;
/** A mapBlocks function: `a * factor + offset`, kept in float64. */
export declare function affineBlock(a: NDArray, factor: number, offset: number): NDArray;
