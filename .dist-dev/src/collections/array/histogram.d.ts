import { ChunkedArray } from './array.js';
import { type NDArray } from './ndarray.js';
export interface HistogramOptions {
    /** A number of equal bins (then `range` is required), or the bin edges (increasing). */
    bins: number | readonly number[];
    /** [low, high] of the equal bins. */
    range?: readonly [number, number];
    /** Divide counts by (total count x bin width), so the histogram integrates to 1. */
    density?: boolean;
}
/** The counts (float64; NumPy's int64) per bin, lazily, and the bin edges. */
export declare function histogram(x: ChunkedArray, opts: HistogramOptions): [ChunkedArray, NDArray];
