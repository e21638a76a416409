/**
 * Chunk geometry: normalising `chunks` arguments, block indices, and how a strided selection of
 * an axis maps onto its chunks. Pure functions of shapes; nothing here touches data.
 */
import { SsdpError } from '../../util/errors.js';
/** Chunk sizes per axis, Dask's normal form: `[[1000, 1000, 500], [300]]`. */
export type Chunks = number[][];
/**
 * What users may pass as `chunks`: one size for every axis, one size per axis (-1 or null: the
 * whole axis), or explicit sizes per axis.
 */
export type ChunksSpec = number | readonly (number | null | readonly number[])[];
export declare function checkShape(shape: unknown, where: string): number[];
export declare function normalizeChunks(spec: ChunksSpec | undefined, shape: readonly number[], where: string): Chunks;
/** `n` split into pieces of `size`, the last one ragged; a zero-length axis has one empty chunk. */
export declare function regularChunks(n: number, size: number): number[];
export declare function numBlocks(chunks: Chunks): number[];
/** Start offsets of the chunks of one axis. */
export declare function offsets(sizes: readonly number[]): number[];
/** Every block index of a grid, in C order. */
export declare function blockIndices(grid: readonly number[]): number[][];
export declare function flatIndex(idx: readonly number[], grid: readonly number[]): number;
/** A Python-style slice: `null`/undefined bounds mean "from the edge", negatives count from the end. */
export interface Slice {
    readonly start: number | null;
    readonly stop: number | null;
    readonly step: number | null;
}
/** `slice(start, stop, step)` as in Python: `slice(0, null, 2)`, `slice(null, null, -1)`. */
export declare function slice(start?: number | null, stop?: number | null, step?: number | null): Slice;
export declare function isSlice(x: unknown): x is Slice;
/** One axis of a selection resolved against its length: Python's `slice.indices` plus a count. */
export interface ResolvedAxis {
    start: number;
    step: number;
    count: number;
}
export declare function resolveSlice(s: Slice, n: number, axis: number): ResolvedAxis;
export declare function resolveIndex(i: number, n: number, axis: number): number;
/** The part of a strided axis selection that falls in one input chunk. */
export interface AxisPiece {
    /** Input chunk number along the axis. */
    block: number;
    /** First selected index, relative to the chunk. */
    start: number;
    step: number;
    count: number;
}
/**
 * Splits a resolved selection of an axis by the input chunks, in output order (so a negative
 * step walks the chunks backwards). An empty selection still yields one empty piece so the
 * output has a (zero-length) chunk on this axis.
 */
export declare function slicePieces(sel: ResolvedAxis, sizes: readonly number[]): AxisPiece[];
/**
 * Whether an axis (or any axis) holds chunks of unknown size (NaN, as Dask's after a boolean
 * mask): their lengths are only known once the blocks are computed.
 */
export declare function hasUnknown(chunks: Chunks | readonly number[]): boolean;
/** The error Dask raises (as a ValueError) for an operation that needs chunk sizes it does not have. */
export declare function unknownChunksError(where: string): SsdpError;
/** The shape a block promised as `shape` really has, given its value count (one unknown extent at most). */
export declare function resolveBlockShape(shape: readonly number[], length: number): number[];
