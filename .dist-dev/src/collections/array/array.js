/**
 * The lazy chunked array: shape, dtype, chunk sizes per axis, and one graph key per block
 * (C order over the block grid). Operations add graph layers and return new arrays; nothing runs
 * until `compute`. The graph is kept as named layers (as Dask's HighLevelGraph) so combining
 * thousands of arrays costs one map entry per layer, not a copy of every task.
 */
import { inspect } from 'node:util';
import { get, ref, registerModule } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { tokenize as graphTokenize } from '../../graph/tokenize.js';
import * as kernels from './kernels.js';
import * as reduceKernels from './reduce-kernels.js';
import * as layoutKernels from './layout-kernels.js';
import * as indexKernels from './index-kernels.js';
import * as npyKernels from './npy.js';
import * as zarrKernels from './zarr.js';
import { blockIndices, flatIndex, hasUnknown, numBlocks, offsets, resolveBlockShape } from './chunks.js';
import { empty, itemSize, sizeOf, stridesOf } from './ndarray.js';
import { formatHTML, formatText } from './repr.js';
import { astype, binary, mapBlocks, unary } from './elementwise.js';
import { reduce } from './reductions.js';
import { getItem } from './slicing.js';
import { anyAll, compare, logical } from './logic.js';
import { rechunk } from './rechunk.js';
import { reshape, transpose } from './reshape.js';
import { argReduce, cumsum } from './axis-ops.js';
registerModule(new URL('./kernels.js', import.meta.url).href, kernels);
registerModule(new URL('./reduce-kernels.js', import.meta.url).href, reduceKernels);
registerModule(new URL('./layout-kernels.js', import.meta.url).href, layoutKernels);
registerModule(new URL('./index-kernels.js', import.meta.url).href, indexKernels);
registerModule(new URL('./npy.js', import.meta.url).href, npyKernels);
registerModule(new URL('./zarr.js', import.meta.url).href, zarrKernels);
/**
 * A stable short hash that names layers so equal expressions share keys. The graph's tokenizer,
 * not JSON: JSON writes NaN, Infinity and -Infinity all as null (three arrays were one key).
 */
export function tokenize(...parts) {
    return graphTokenize(parts).slice(0, 12);
}
const resolved = new WeakMap();
export function layerGraph(layer) {
    if (typeof layer !== 'function')
        return layer;
    let g = resolved.get(layer);
    if (!g)
        resolved.set(layer, (g = layer()));
    return g;
}
/** The union of the layers of `arrays` and any extra ones (later entries win on equal names). */
export function mergeLayers(arrays, extra = []) {
    const out = new Map();
    for (const a of arrays)
        for (const [k, v] of a.layers)
            out.set(k, v);
    for (const [k, v] of extra)
        out.set(k, v);
    return out;
}
export class ChunkedArray {
    /** The layer that produced this array's blocks (`<operation>-<token>`). */
    name;
    shape;
    chunks;
    dtype;
    /** Graph key of every block, C order over `numBlocks`. */
    keys;
    layers;
    #graph;
    constructor(spec) {
        this.name = spec.name;
        this.shape = spec.shape;
        this.chunks = spec.chunks;
        this.dtype = spec.dtype;
        this.keys = spec.keys;
        this.layers = spec.layers;
        if (spec.keys.length !== this.numBlocks.reduce((a, b) => a * b, 1)) {
            throw new Error(`internal: ${spec.name} has ${spec.keys.length} keys for a block grid ${this.numBlocks.join('x')}`);
        }
    }
    get ndim() {
        return this.shape.length;
    }
    get size() {
        return sizeOf(this.shape);
    }
    get itemsize() {
        return itemSize(this.dtype);
    }
    get nbytes() {
        return this.size * this.itemsize;
    }
    /** Number of chunks along each axis. */
    get numBlocks() {
        return numBlocks(this.chunks);
    }
    get npartitions() {
        return this.keys.length;
    }
    /** The largest chunk extent along each axis (Dask's `chunksize`). */
    get chunksize() {
        return this.chunks.map((c) => Math.max(...c));
    }
    /** The key of the block at a block index. */
    blockKey(idx) {
        return this.keys[flatIndex(idx, this.numBlocks)];
    }
    /** The shape of the block at a block index. */
    blockShape(idx) {
        return idx.map((b, d) => this.chunks[d][b]);
    }
    // ---- operations (each returns a new lazy array) ----------------------------------------
    add(other) {
        return binary('add', this, other);
    }
    sub(other) {
        return binary('sub', this, other);
    }
    mul(other) {
        return binary('mul', this, other);
    }
    div(other) {
        return binary('div', this, other);
    }
    pow(other) {
        return binary('pow', this, other);
    }
    mod(other) {
        return binary('mod', this, other);
    }
    neg() {
        return unary('neg', this);
    }
    abs() {
        return unary('abs', this);
    }
    sqrt() {
        return unary('sqrt', this);
    }
    exp() {
        return unary('exp', this);
    }
    log() {
        return unary('log', this);
    }
    astype(dtype) {
        return astype(this, dtype);
    }
    // comparisons give bool arrays (Dask's > >= < <= == !=)
    gt(other) {
        return compare('gt', this, other);
    }
    ge(other) {
        return compare('ge', this, other);
    }
    lt(other) {
        return compare('lt', this, other);
    }
    le(other) {
        return compare('le', this, other);
    }
    eq(other) {
        return compare('eq', this, other);
    }
    ne(other) {
        return compare('ne', this, other);
    }
    /** Element-wise logical and/or/xor/not (NumPy's & | ^ ~ on bool arrays); non-zero is true. */
    and(other) {
        return logical('and', this, other);
    }
    or(other) {
        return logical('or', this, other);
    }
    xor(other) {
        return logical('xor', this, other);
    }
    not() {
        return unary('not', this);
    }
    /** Whether any (all) values along the axes are non-zero; a bool array. */
    any(opts) {
        return anyAll('any', this, opts);
    }
    all(opts) {
        return anyAll('all', this, opts);
    }
    /**
     * Basic indexing, one entry per axis: a number picks one index (and drops the axis),
     * `slice(start, stop, step)` a strided range (negative numbers count from the end, negative
     * steps walk backwards), `null` the whole axis; missing trailing axes are taken whole.
     * `x.get(slice(0, null, 2), slice(null, null, -1))` is NumPy's `x[0::2, ::-1]`.
     */
    get(...index) {
        return getItem(this, index);
    }
    /**
     * The same array with its unknown (NaN) chunk sizes found by computing its blocks' shapes
     * (Dask's `compute_chunk_sizes`); the blocks are computed again when the values are wanted.
     */
    async computeChunkSizes(opts = {}) {
        if (!hasUnknown(this.chunks))
            return this;
        const name = `chunk-shapes-${tokenize('chunk-shapes', this.name)}`;
        const graph = { ...this.ssdpGraph() };
        const keys = this.keys.map((k, i) => {
            const sk = `${name}-${i}`;
            graph[sk] = { fn: indexKernels.blockShapeOf, args: [ref(k)] };
            return sk;
        });
        const shapes = (await get(graph, keys, opts));
        return withChunks(this, chunksFromShapes(this, shapes));
    }
    /** The same values in new chunks (`x.rechunk([1000, -1])`, as Dask's). */
    rechunk(chunks) {
        return rechunk(this, chunks);
    }
    /** Axes permuted (reversed when `axes` is left out), as NumPy's `x.transpose(*axes)`. */
    transpose(...axes) {
        return transpose(this, axes.length ? axes : undefined);
    }
    get T() {
        return transpose(this);
    }
    /** The values in C order under a new shape (one extent may be -1). */
    reshape(...shape) {
        return reshape(this, (Array.isArray(shape[0]) ? shape[0] : shape));
    }
    /** Running sum along `axis` (of the flattened array when left out). */
    cumsum(axis) {
        return cumsum(this, axis);
    }
    /** Index of the first smallest value along `axis` (of the flattened array when left out); int32. */
    argmin(axis) {
        return argReduce(this, 'argmin', axis);
    }
    argmax(axis) {
        return argReduce(this, 'argmax', axis);
    }
    /** `fn(block, ...args)` on every block; see `array.mapBlocks`. */
    mapBlocks(fn, opts = {}) {
        return mapBlocks(fn, [this], opts);
    }
    sum(opts) {
        return reduce(this, 'sum', opts);
    }
    mean(opts) {
        return reduce(this, 'mean', opts);
    }
    min(opts) {
        return reduce(this, 'min', opts);
    }
    max(opts) {
        return reduce(this, 'max', opts);
    }
    var(opts) {
        return reduce(this, 'var', opts);
    }
    std(opts) {
        return reduce(this, 'std', opts);
    }
    nansum(opts) {
        return reduce(this, 'nansum', opts);
    }
    nanmean(opts) {
        return reduce(this, 'nanmean', opts);
    }
    nanmin(opts) {
        return reduce(this, 'nanmin', opts);
    }
    nanmax(opts) {
        return reduce(this, 'nanmax', opts);
    }
    nanvar(opts) {
        return reduce(this, 'nanvar', opts);
    }
    nanstd(opts) {
        return reduce(this, 'nanstd', opts);
    }
    // ---- the collection protocol ----------------------------------------------------------
    ssdpGraph() {
        if (!this.#graph) {
            const g = {};
            for (const layer of this.layers.values())
                Object.assign(g, layerGraph(layer));
            this.#graph = g;
        }
        return this.#graph;
    }
    ssdpKeys() {
        return [...this.keys];
    }
    ssdpFinalize(results) {
        return assemble(this, results);
    }
    /** Number of tasks in this array's graph (what the summary's "Count" shows). */
    get taskCount() {
        return Object.keys(this.ssdpGraph()).length;
    }
    /** Runs the graph and returns the whole array in memory. */
    async compute(opts = {}) {
        const [r] = await computeArrays([this], opts);
        return r;
    }
    toString() {
        return formatText(this);
    }
    /** A Dask-style summary table (with a picture of the chunk grid) for notebooks and reports. */
    toHTML() {
        return formatHTML(this);
    }
    [inspect.custom]() {
        return formatText(this);
    }
}
/**
 * Computes several arrays in one run: their graphs are merged, so blocks they share (the same
 * input read by four statistics) are computed once.
 */
export async function computeArrays(arrays, opts = {}) {
    const graph = {};
    const seen = new Set();
    for (const a of arrays) {
        for (const layer of a.layers.values()) {
            if (seen.has(layer))
                continue;
            seen.add(layer);
            Object.assign(graph, layerGraph(layer));
        }
    }
    const results = (await get(graph, arrays.map((a) => a.ssdpKeys()), opts));
    return arrays.map((a, i) => assemble(a, results[i]));
}
/** `a` with known chunk sizes in place of unknown ones (same blocks, same graph). */
function withChunks(a, chunks) {
    const shape = chunks.map((c) => c.reduce((s, n) => s + n, 0));
    return new ChunkedArray({ name: a.name, shape, chunks, dtype: a.dtype, keys: [...a.keys], layers: new Map(a.layers) });
}
/** Chunk sizes per axis read off every block's real shape (C order over the block grid). */
function chunksFromShapes(a, shapes) {
    const chunks = a.chunks.map((c) => [...c]);
    blockIndices(a.numBlocks).forEach((idx, i) => idx.forEach((b, d) => (chunks[d][b] = shapes[i][d])));
    return chunks;
}
/** Puts computed blocks together into one array (no copy when there is a single block). */
export function assemble(a, blocks) {
    if (hasUnknown(a.chunks)) {
        const idxs = blockIndices(a.numBlocks);
        const shapes = blocks.map((b, i) => {
            const v = b;
            const promised = a.blockShape(idxs[i]);
            return resolveBlockShape(v && v.shape && v.shape.length === promised.length && !hasUnknown(v.shape) ? v.shape : promised, ArrayBuffer.isView(b) ? b.length : v.data.length);
        });
        a = withChunks(a, chunksFromShapes(a, shapes));
    }
    const grid = a.numBlocks;
    const idxs = blockIndices(grid);
    const checked = blocks.map((b, i) => kernels.asChunk(b, a.blockShape(idxs[i]), a.dtype));
    if (checked.length === 1)
        return { ...checked[0], shape: [...a.shape] };
    const out = empty(a.shape, a.dtype);
    if (a.size === 0)
        return out;
    const offs = a.chunks.map((c) => offsets(c));
    const st = stridesOf(a.shape);
    for (let i = 0; i < checked.length; i++) {
        const blk = checked[i];
        const idx = idxs[i];
        const bshape = blk.shape;
        const nd = bshape.length;
        if (blk.data.length === 0)
            continue;
        const L = bshape[nd - 1];
        const rows = blk.data.length / L;
        const rowIdx = new Array(Math.max(nd - 1, 0)).fill(0);
        for (let r = 0; r < rows; r++) {
            let off = offs[nd - 1][idx[nd - 1]];
            for (let d = 0; d < nd - 1; d++)
                off += (offs[d][idx[d]] + rowIdx[d]) * st[d];
            out.data.set(blk.data.subarray(r * L, (r + 1) * L), off);
            for (let d = nd - 2; d >= 0; d--) {
                if (++rowIdx[d] < bshape[d])
                    break;
                rowIdx[d] = 0;
            }
        }
    }
    return out;
}
export function isChunkedArray(x) {
    return x instanceof ChunkedArray;
}
export function requireArray(x, where) {
    if (!isChunkedArray(x)) {
        throw new SsdpError('E_ARRAY_ARGUMENT', `${where}: expected a chunked array, got ${x === null ? 'null' : typeof x}.`, {
            hint: 'Make one with array.fromArray, array.fromDelayed, array.random.rand, array.zeros or array.ones.',
        });
    }
    return x;
}
//# sourceMappingURL=array.js.map