/**
 * The summary an array prints, as Dask's: bytes, shape, chunk shape, task and chunk counts,
 * dtype — as an aligned text table (terminals, `console.log`) and as HTML with a picture of the
 * chunk grid (notebooks, reports).
 */
import type { ChunkedArray } from './array.js';
/** Decimal units as in the lecture's table (3.59 GB, 416.42 kB). */
export declare function formatBytes(n: number): string;
export interface Summary {
    bytes: number;
    chunkBytes: number;
    shape: readonly number[];
    chunkShape: number[];
    tasks: number;
    chunks: number;
    dtype: string;
}
export declare function summarize(a: ChunkedArray): Summary;
export declare function formatText(a: ChunkedArray): string;
/** An SVG of the chunk grid of the last two axes (a line of chunks for 1-D arrays). */
export declare function chunkGridSVG(a: ChunkedArray, size?: number): string;
export declare function formatHTML(a: ChunkedArray): string;
