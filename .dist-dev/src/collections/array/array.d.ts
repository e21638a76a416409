/**
 * The lazy chunked array: shape, dtype, chunk sizes per axis, and one graph key per block
 * (C order over the block grid). Operations add graph layers and return new arrays; nothing runs
 * until `compute`. The graph is kept as named layers (as Dask's HighLevelGraph) so combining
 * thousands of arrays costs one map entry per layer, not a copy of every task.
 */
import { inspect } from 'node:util';
import { type Computable, type GetOptions, type Graph, type Key } from '../../graph/index.js';
import { type Chunks } from './chunks.js';
import { type DType, type NDArray } from './ndarray.js';
import { type MapBlocksOptions, type Operand } from './elementwise.js';
import { type ReduceOptions } from './reductions.js';
import { type Index } from './slicing.js';
import type { ChunksSpec } from './chunks.js';
import type { TaskFn } from '../../graph/index.js';
/**
 * A stable short hash that names layers so equal expressions share keys. The graph's tokenizer,
 * not JSON: JSON writes NaN, Infinity and -Infinity all as null (three arrays were one key).
 */
export declare function tokenize(...parts: unknown[]): string;
/**
 * A layer: tasks, or a function giving them when the graph is first needed (a delayed value's
 * graph is only built at compute time, not for every one of 8610 `fromDelayed` calls).
 */
export type Layer = Graph | (() => Graph);
export type Layers = ReadonlyMap<string, Layer>;
export declare function layerGraph(layer: Layer): Graph;
/** The union of the layers of `arrays` and any extra ones (later entries win on equal names). */
export declare function mergeLayers(arrays: readonly {
    layers: Layers;
}[], extra?: [string, Layer][]): Map<string, Layer>;
export interface ArraySpec {
    name: string;
    shape: number[];
    chunks: Chunks;
    dtype: DType;
    keys: Key[];
    layers: Map<string, Layer>;
}
export declare class ChunkedArray implements Computable {
    #private;
    /** The layer that produced this array's blocks (`<operation>-<token>`). */
    readonly name: string;
    readonly shape: readonly number[];
    readonly chunks: Chunks;
    readonly dtype: DType;
    /** Graph key of every block, C order over `numBlocks`. */
    readonly keys: readonly Key[];
    readonly layers: Layers;
    constructor(spec: ArraySpec);
    get ndim(): number;
    get size(): number;
    get itemsize(): number;
    get nbytes(): number;
    /** Number of chunks along each axis. */
    get numBlocks(): number[];
    get npartitions(): number;
    /** The largest chunk extent along each axis (Dask's `chunksize`). */
    get chunksize(): number[];
    /** The key of the block at a block index. */
    blockKey(idx: readonly number[]): Key;
    /** The shape of the block at a block index. */
    blockShape(idx: readonly number[]): number[];
    add(other: Operand): ChunkedArray;
    sub(other: Operand): ChunkedArray;
    mul(other: Operand): ChunkedArray;
    div(other: Operand): ChunkedArray;
    pow(other: Operand): ChunkedArray;
    mod(other: Operand): ChunkedArray;
    neg(): ChunkedArray;
    abs(): ChunkedArray;
    sqrt(): ChunkedArray;
    exp(): ChunkedArray;
    log(): ChunkedArray;
    astype(dtype: DType): ChunkedArray;
    gt(other: Operand): ChunkedArray;
    ge(other: Operand): ChunkedArray;
    lt(other: Operand): ChunkedArray;
    le(other: Operand): ChunkedArray;
    eq(other: Operand): ChunkedArray;
    ne(other: Operand): ChunkedArray;
    /** Element-wise logical and/or/xor/not (NumPy's & | ^ ~ on bool arrays); non-zero is true. */
    and(other: Operand): ChunkedArray;
    or(other: Operand): ChunkedArray;
    xor(other: Operand): ChunkedArray;
    not(): ChunkedArray;
    /** Whether any (all) values along the axes are non-zero; a bool array. */
    any(opts?: Pick<ReduceOptions, 'axis' | 'keepdims' | 'splitEvery'>): ChunkedArray;
    all(opts?: Pick<ReduceOptions, 'axis' | 'keepdims' | 'splitEvery'>): ChunkedArray;
    /**
     * Basic indexing, one entry per axis: a number picks one index (and drops the axis),
     * `slice(start, stop, step)` a strided range (negative numbers count from the end, negative
     * steps walk backwards), `null` the whole axis; missing trailing axes are taken whole.
     * `x.get(slice(0, null, 2), slice(null, null, -1))` is NumPy's `x[0::2, ::-1]`.
     */
    get(...index: Index[]): ChunkedArray;
    /**
     * The same array with its unknown (NaN) chunk sizes found by computing its blocks' shapes
     * (Dask's `compute_chunk_sizes`); the blocks are computed again when the values are wanted.
     */
    computeChunkSizes(opts?: GetOptions): Promise<ChunkedArray>;
    /** The same values in new chunks (`x.rechunk([1000, -1])`, as Dask's). */
    rechunk(chunks: ChunksSpec): ChunkedArray;
    /** Axes permuted (reversed when `axes` is left out), as NumPy's `x.transpose(*axes)`. */
    transpose(...axes: number[]): ChunkedArray;
    get T(): ChunkedArray;
    /** The values in C order under a new shape (one extent may be -1). */
    reshape(...shape: number[] | [readonly number[]]): ChunkedArray;
    /** Running sum along `axis` (of the flattened array when left out). */
    cumsum(axis?: number): ChunkedArray;
    /** Index of the first smallest value along `axis` (of the flattened array when left out); int32. */
    argmin(axis?: number): ChunkedArray;
    argmax(axis?: number): ChunkedArray;
    /** `fn(block, ...args)` on every block; see `array.mapBlocks`. */
    mapBlocks(fn: TaskFn, opts?: MapBlocksOptions): ChunkedArray;
    sum(opts?: ReduceOptions): ChunkedArray;
    mean(opts?: ReduceOptions): ChunkedArray;
    min(opts?: ReduceOptions): ChunkedArray;
    max(opts?: ReduceOptions): ChunkedArray;
    var(opts?: ReduceOptions): ChunkedArray;
    std(opts?: ReduceOptions): ChunkedArray;
    nansum(opts?: ReduceOptions): ChunkedArray;
    nanmean(opts?: ReduceOptions): ChunkedArray;
    nanmin(opts?: ReduceOptions): ChunkedArray;
    nanmax(opts?: ReduceOptions): ChunkedArray;
    nanvar(opts?: ReduceOptions): ChunkedArray;
    nanstd(opts?: ReduceOptions): ChunkedArray;
    ssdpGraph(): Graph;
    ssdpKeys(): Key[];
    ssdpFinalize(results: unknown): NDArray;
    /** Number of tasks in this array's graph (what the summary's "Count" shows). */
    get taskCount(): number;
    /** Runs the graph and returns the whole array in memory. */
    compute(opts?: GetOptions): Promise<NDArray>;
    toString(): string;
    /** A Dask-style summary table (with a picture of the chunk grid) for notebooks and reports. */
    toHTML(): string;
    [inspect.custom](): string;
}
/**
 * Computes several arrays in one run: their graphs are merged, so blocks they share (the same
 * input read by four statistics) are computed once.
 */
export declare function computeArrays(arrays: readonly ChunkedArray[], opts?: GetOptions): Promise<NDArray[]>;
/** Puts computed blocks together into one array (no copy when there is a single block). */
export declare function assemble(a: ChunkedArray, blocks: readonly unknown[]): NDArray;
export declare function isChunkedArray(x: unknown): x is ChunkedArray;
export declare function requireArray(x: unknown, where: string): ChunkedArray;
