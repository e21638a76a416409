/**
 * Making chunked arrays: from random numbers, constants, in-memory data and delayed values, and by
 * stacking or concatenating other arrays.
 */
import { createHash, randomInt } from 'node:crypto';
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, layerGraph, mergeLayers, requireArray, tokenize } from './array.js';
import { blockIndices, checkShape, normalizeChunks, numBlocks, offsets } from './chunks.js';
import { asChunk, fullChunk, randomChunk, reshapeChunk, sliceChunk } from './kernels.js';
import { checkDType, isFloat, ndarray } from './ndarray.js';
function blockKey(name, idx) {
    return idx.length ? `${name}-${idx.join('-')}` : `${name}-0`;
}
/** An array whose every block is one task made by `task(blockIndex, blockShape)`. */
function fromBlockTasks(kind, token, shape, chunks, dtype, task, inputs = [], extra = []) {
    const name = `${kind}-${token}`;
    const layer = {};
    const keys = [];
    blockIndices(numBlocks(chunks)).forEach((idx, flat) => {
        const k = blockKey(name, idx);
        layer[k] = task(idx, idx.map((b, d) => chunks[d][b]), flat);
        keys.push(k);
    });
    return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(inputs, [...extra, [name, layer]]) });
}
/**
 * Uniform random numbers in [0, 1), like `da.random.random`. Each chunk is generated where it is
 * used from (seed, chunk number), so no data moves to make it.
 */
export function rand(opts) {
    checkOptionKeys(opts, ['shape', 'size', 'chunks', 'seed', 'dtype'], 'array.random.rand');
    if (opts?.shape !== undefined && opts.size !== undefined) {
        throw new SsdpError('E_ARRAY_SHAPE', 'array.random.rand: give shape or size (the same thing), not both.');
    }
    const shape = checkShape(opts?.shape ?? opts?.size, 'array.random.rand');
    const chunks = normalizeChunks(opts.chunks, shape, 'array.random.rand');
    const dtype = checkDType(opts.dtype ?? 'float64', 'array.random.rand');
    if (!isFloat(dtype)) {
        throw new SsdpError('E_ARRAY_DTYPE', `array.random.rand makes floats, not ${dtype}.`, { hint: "Use dtype 'float32' or 'float64'." });
    }
    // randomInt accepts a range below 2^48 only (max is exclusive): 2^48 - 1 values is plenty of seeds
    const seed = opts.seed ?? randomInt(0, 2 ** 48 - 1);
    if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new SsdpError('E_ARRAY_SEED', `array.random.rand: seed must be a whole number from 0 to 2^53-1, got ${seed}.`);
    }
    return fromBlockTasks('rand', tokenize('rand', seed, shape, chunks, dtype), shape, chunks, dtype, (_idx, bs, flat) => ({
        fn: randomChunk,
        args: [seed, flat, bs, dtype],
    }));
}
/** An array of one value everywhere (each chunk made where it is used). */
export function full(shape, value, opts = {}) {
    checkOptionKeys(opts, ['chunks', 'dtype'], 'array.full');
    const sh = checkShape(shape, 'array.full');
    const chunks = normalizeChunks(opts.chunks, sh, 'array.full');
    const dtype = checkDType(opts.dtype ?? 'float64', 'array.full');
    const kind = Object.is(value, 0) ? 'zeros' : value === 1 ? 'ones' : 'full';
    return fromBlockTasks(kind, tokenize(kind, value, sh, chunks, dtype), sh, chunks, dtype, (_i, bs) => ({
        fn: fullChunk,
        args: [bs, value, dtype],
    }));
}
export function zeros(shape, opts = {}) {
    return full(shape, 0, opts);
}
export function ones(shape, opts = {}) {
    return full(shape, 1, opts);
}
/**
 * Splits an in-memory array into chunks (the split happens now, once; each chunk is a data node
 * of the graph). Accepts an ndarray, or a typed array with `shape`.
 */
export function fromArray(source, opts = {}) {
    checkOptionKeys(opts, ['chunks', 'shape'], 'array.fromArray');
    const nd = ArrayBuffer.isView(source) ? ndarray(source, opts.shape) : source;
    if (!nd || !ArrayBuffer.isView(nd.data) || !Array.isArray(nd.shape)) {
        throw new SsdpError('E_ARRAY_ARGUMENT', 'array.fromArray: expected an ndarray ({ shape, dtype, data }) or a typed array.', {
            hint: 'Build one with ndarray(data, shape).',
        });
    }
    const checked = ndarray(nd.data, nd.shape, nd.dtype);
    const chunks = normalizeChunks(opts.chunks, checked.shape, 'array.fromArray');
    const offs = chunks.map((c) => offsets(c));
    const token = createHash('sha1')
        .update(JSON.stringify([checked.shape, checked.dtype, chunks]))
        .update(new Uint8Array(checked.data.buffer, checked.data.byteOffset, checked.data.byteLength))
        .digest('hex')
        .slice(0, 12);
    return fromBlockTasks('array', token, checked.shape, chunks, checked.dtype, (idx, bs) => ({
        value: chunks.every((c) => c.length === 1)
            ? checked
            : sliceChunk(checked, idx.map((b, d) => ({ start: offs[d][b], step: 1, count: bs[d] })), bs),
    }));
}
function isComputable(x) {
    return (typeof x === 'object' || typeof x === 'function'
        ? x !== null && typeof x.ssdpGraph === 'function' && typeof x.ssdpKeys === 'function'
        : false);
}
/**
 * A one-chunk array whose data a delayed value will produce (`da.from_delayed`). The shape and
 * dtype are promised up front; the value is checked against them when it is computed (a typed
 * array of the right length is accepted too, and converted to `dtype`).
 */
export function fromDelayed(value, opts) {
    if (!isComputable(value)) {
        throw new SsdpError('E_ARRAY_ARGUMENT', 'array.fromDelayed: expected a delayed value (the result of calling a delayed function).', {
            hint: 'Wrap the loading function with delayed(fn) and pass the placeholder its call returns.',
        });
    }
    const keyTree = value.ssdpKeys();
    if (typeof keyTree !== 'string') {
        throw new SsdpError('E_ARRAY_ARGUMENT', 'array.fromDelayed: the value stands for several results, not one array.', {
            hint: 'Pass a single delayed value per array and stack the arrays.',
        });
    }
    checkOptionKeys(opts, ['shape', 'dtype'], 'array.fromDelayed');
    const shape = checkShape(opts?.shape, 'array.fromDelayed');
    const dtype = checkDType(opts.dtype ?? 'float64', 'array.fromDelayed');
    const chunks = shape.map((n) => [n]);
    const name = `from-delayed-${tokenize(keyTree, shape, dtype)}`;
    const key = blockKey(name, shape.map(() => 0));
    const layers = new Map([
        [`delayed:${keyTree}`, () => value.ssdpGraph()],
        [name, { [key]: { fn: asChunk, args: [ref(keyTree), shape, dtype] } }],
    ]);
    return new ChunkedArray({ name, shape, chunks, dtype, keys: [key], layers });
}
function checkSameDType(arrays, where) {
    const dtype = arrays[0].dtype;
    const other = arrays.find((a) => a.dtype !== dtype);
    if (other) {
        throw new SsdpError('E_ARRAY_DTYPE', `${where}: arrays have different dtypes (${dtype} and ${other.dtype}).`, {
            hint: 'Convert them first with .astype(dtype).',
        });
    }
    return dtype;
}
function normaliseAxis(axis, ndim, where) {
    if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
        throw new SsdpError('E_ARRAY_AXIS', `${where}: axis ${axis} is out of range for ${ndim} dimension${ndim === 1 ? '' : 's'}.`, {
            hint: `Use an axis from ${-ndim} to ${ndim - 1}.`,
        });
    }
    return axis < 0 ? axis + ndim : axis;
}
/**
 * Joins equal-shaped arrays along a new axis (`da.stack`). Each input block becomes a block with
 * an extra axis of length 1; blocks made by `fromDelayed` are re-declared with the new shape
 * directly, so stacking adds no tasks of its own to the work.
 */
export function stack(arrays, axis = 0) {
    if (!Array.isArray(arrays) || arrays.length === 0) {
        throw new SsdpError('E_ARRAY_ARGUMENT', 'array.stack: needs a non-empty list of arrays.');
    }
    const list = arrays.map((a, i) => requireArray(a, `array.stack: item ${i}`));
    const first = list[0];
    const ax = normaliseAxis(axis, first.ndim + 1, 'array.stack');
    const dtype = checkSameDType(list, 'array.stack');
    for (const [i, a] of list.entries()) {
        if (a.shape.length !== first.shape.length || a.shape.some((s, d) => s !== first.shape[d])) {
            throw new SsdpError('E_ARRAY_SHAPE', `array.stack: item ${i} has shape [${a.shape.join(', ')}] but item 0 has [${first.shape.join(', ')}].`, { hint: 'All stacked arrays must have the same shape.' });
        }
        if (a.chunks.some((c, d) => c.length !== first.chunks[d].length || c.some((s, j) => s !== first.chunks[d][j]))) {
            throw new SsdpError('E_ARRAY_CHUNKS', `array.stack: item ${i} is chunked differently from item 0.`, {
                hint: 'Create the arrays with the same chunks.',
            });
        }
    }
    const shape = [...first.shape];
    shape.splice(ax, 0, list.length);
    const chunks = first.chunks.map((c) => [...c]);
    chunks.splice(ax, 0, list.map(() => 1));
    const token = tokenize('stack', ax, list.map((a) => a.name));
    return fromBlockTasks('stack', token, shape, chunks, dtype, (idx, bs) => {
        const src = list[idx[ax]];
        const inner = idx.filter((_, d) => d !== ax);
        const srcKey = src.blockKey(inner);
        const own = src.layers.get(src.name);
        const srcTask = (own ? layerGraph(own)[srcKey] : undefined);
        if (srcTask && srcTask.fn === asChunk)
            return { fn: asChunk, args: [srcTask.args[0], bs, dtype] };
        return { fn: reshapeChunk, args: [ref(srcKey), bs] };
    }, list);
}
/** Joins arrays along an existing axis (`da.concatenate`); blocks are reused as they are. */
export function concatenate(arrays, axis = 0) {
    if (!Array.isArray(arrays) || arrays.length === 0) {
        throw new SsdpError('E_ARRAY_ARGUMENT', 'array.concatenate: needs a non-empty list of arrays.');
    }
    const list = arrays.map((a, i) => requireArray(a, `array.concatenate: item ${i}`));
    const first = list[0];
    if (first.ndim === 0)
        throw new SsdpError('E_ARRAY_AXIS', 'array.concatenate: cannot concatenate 0-dimensional arrays.');
    const ax = normaliseAxis(axis, first.ndim, 'array.concatenate');
    const dtype = checkSameDType(list, 'array.concatenate');
    for (const [i, a] of list.entries()) {
        const bad = a.ndim !== first.ndim ||
            a.shape.some((s, d) => d !== ax && s !== first.shape[d]) ||
            a.chunks.some((c, d) => d !== ax && (c.length !== first.chunks[d].length || c.some((s, j) => s !== first.chunks[d][j])));
        if (bad) {
            throw new SsdpError('E_ARRAY_SHAPE', `array.concatenate: item ${i} (shape [${a.shape.join(', ')}]) does not match item 0 (shape [${first.shape.join(', ')}]) off axis ${ax}.`, { hint: 'All arrays need the same shape and chunks on every axis but the one joined along.' });
        }
    }
    const shape = [...first.shape];
    shape[ax] = list.reduce((s, a) => s + a.shape[ax], 0);
    const chunks = first.chunks.map((c) => [...c]);
    chunks[ax] = list.flatMap((a) => a.chunks[ax]);
    // A zero-length input contributes an empty chunk only if everything is empty.
    const keep = list.map((a) => a.shape[ax] > 0 || shape[ax] === 0);
    const used = list.filter((_, i) => keep[i]);
    const usable = used.length ? used : [first];
    chunks[ax] = usable.flatMap((a) => a.chunks[ax]);
    if (shape[ax] === 0)
        chunks[ax] = [0];
    const grid = numBlocks(chunks);
    const owner = [];
    for (const a of usable)
        for (let b = 0; b < a.numBlocks[ax]; b++)
            owner.push({ arr: a, block: b });
    const keys = blockIndices(grid).map((idx) => {
        const o = owner[idx[ax]];
        const inner = [...idx];
        inner[ax] = o.block;
        return o.arr.blockKey(inner);
    });
    const name = `concatenate-${tokenize('concatenate', ax, list.map((a) => a.name))}`;
    return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(list) });
}
//# sourceMappingURL=creation.js.map