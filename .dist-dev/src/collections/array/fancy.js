/**
 * Fancy indexing (Dask's `x[[0, 5, 2]]`, `x[:, idx]`, `x[mask]`): one integer list or array, or
 * one boolean mask, in a `get`. In-memory lists give known chunks (grouped by the input block
 * each run of positions falls in, as Dask's take); a chunked integer array gives its own chunks;
 * a chunked boolean mask gives chunks of unknown size (NaN), as in Dask.
 */
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { ChunkedArray, mergeLayers, tokenize } from './array.js';
import { blockIndices, hasUnknown, numBlocks, offsets, unknownChunksError } from './chunks.js';
import { alignChunks } from './elementwise.js';
import { compressChunk, maskChunk, takeChunk, takeFromBlocks } from './index-kernels.js';
import { isFloat } from './ndarray.js';
import { rechunk } from './rechunk.js';
import { reshape } from './reshape.js';
export function isArrayIndex(ix) {
    return Array.isArray(ix) || (ArrayBuffer.isView(ix) && !(ix instanceof DataView)) || ix instanceof ChunkedArray;
}
/** An output block whose tasks are `task(outer block index, position along the axis)`. */
function alongAxis(x, axis, kind, token, axisChunks, task, inputs) {
    const chunks = x.chunks.map((c, d) => (d === axis ? axisChunks : [...c]));
    const name = `${kind}-${tokenize(kind, x.name, axis, ...token)}`;
    const layer = {};
    const keys = [];
    for (const idx of blockIndices(numBlocks(chunks))) {
        const k = `${name}-${idx.join('-') || '0'}`;
        layer[k] = task(idx, idx[axis]);
        keys.push(k);
    }
    const shape = chunks.map((c) => c.reduce((a, b) => a + b, 0));
    return new ChunkedArray({ name, shape, chunks, dtype: x.dtype, keys, layers: mergeLayers(inputs, [[name, layer]]) });
}
/** `x` indexed along `axis` by an in-memory list of positions or booleans. */
function takeList(x, axis, list) {
    const n = x.shape[axis];
    let pos;
    if (list.length > 0 && Array.from(list).every((v) => typeof v === 'boolean')) {
        if (list.length !== n) {
            throw new SsdpError('E_ARRAY_INDEX', `boolean index of length ${list.length} does not match axis ${axis} of length ${n}.`, {
                hint: 'A boolean list must have one entry per element of the axis.',
            });
        }
        pos = [];
        list.forEach((v, i) => v && pos.push(i));
    }
    else {
        pos = Array.from(list, (v) => {
            if (typeof v !== 'number' || !Number.isInteger(v) || v < -n || v >= n) {
                throw new SsdpError('E_ARRAY_INDEX', `index ${JSON.stringify(v)} is out of bounds for axis ${axis} with size ${n}.`, {
                    hint: `Index lists hold whole numbers from ${-n} to ${n - 1}, or one boolean per element.`,
                });
            }
            return v < 0 ? v + n : v;
        });
    }
    // runs of positions that fall in the same input block make one output block each
    const starts = offsets(x.chunks[axis]);
    const blockOf = (p) => {
        let b = starts.length - 1;
        while (starts[b] > p)
            b--;
        return b;
    };
    const groups = [];
    for (const p of pos) {
        const b = blockOf(p);
        const last = groups[groups.length - 1];
        if (last && last.block === b)
            last.local.push(p - starts[b]);
        else
            groups.push({ block: b, local: [p - starts[b]] });
    }
    if (groups.length === 0)
        groups.push({ block: 0, local: [] });
    return alongAxis(x, axis, 'take', [pos], groups.map((g) => g.local.length), (idx, j) => {
        const src = [...idx];
        src[axis] = groups[j].block;
        return { fn: takeChunk, args: [ref(x.blockKey(src)), axis, groups[j].local] };
    }, [x]);
}
/** `x` indexed along `axis` by a chunked 1-d integer array: its chunks become the axis' chunks. */
function takeArray(x, axis, index) {
    const starts = offsets(x.chunks[axis]);
    return alongAxis(x, axis, 'take-array', [index.name], [...index.chunks[0]], (idx, j) => {
        const along = x.chunks[axis].map((_, b) => {
            const src = [...idx];
            src[axis] = b;
            return ref(x.blockKey(src));
        });
        return { fn: takeFromBlocks, args: [along, starts, axis, ref(index.keys[j]), x.shape[axis]] };
    }, [x, index]);
}
/** `x` where a 1-d boolean mask along `axis` is true: chunks of unknown size on that axis. */
function compressAxis(x, axis, mask) {
    const m = hasUnknown(mask.chunks) ? mask : rechunk(mask, [x.chunks[axis]]);
    if (m.chunks[0].length !== x.chunks[axis].length || m.chunks[0].some((c, i) => !Object.is(c, x.chunks[axis][i]))) {
        throw unknownChunksError(`indexing along axis ${axis} with a boolean mask chunked differently`);
    }
    return alongAxis(x, axis, 'compress', [m.name], x.chunks[axis].map(() => NaN), (idx, j) => ({
        fn: compressChunk,
        args: [ref(x.blockKey(idx)), ref(m.keys[j]), axis],
    }), [x, m]);
}
/**
 * `x[mask]` with a mask of x's own shape: the selected values in one dimension. With known
 * shapes both are flattened first, so the order is NumPy's C order (as Dask does); with unknown
 * chunks each block is masked where it is.
 */
function maskAll(x, mask) {
    const known = !hasUnknown(x.chunks) && !hasUnknown(mask.chunks);
    const [a, m] = alignChunks(known && x.ndim > 1 ? [reshape(x, [-1]), reshape(mask, [-1])] : [x, mask]).arrays;
    const name = `getitem-mask-${tokenize('mask', a.name, m.name)}`;
    const layer = {};
    const keys = a.keys.map((k, i) => {
        const key = `${name}-${i}`;
        layer[key] = { fn: maskChunk, args: [ref(k), ref(m.keys[i])] };
        return key;
    });
    const chunks = [keys.map(() => NaN)];
    return new ChunkedArray({ name, shape: [NaN], chunks, dtype: x.dtype, keys, layers: mergeLayers([a, m], [[name, layer]]) });
}
/** Applies an array index at `axis` of `x` (every other axis already taken care of). */
export function applyArrayIndex(x, axis, ix, wholeMask) {
    if (ix instanceof ChunkedArray) {
        if (ix.dtype === 'bool') {
            if (wholeMask)
                return maskAll(x, ix);
            if (ix.ndim !== 1 || !(Object.is(ix.shape[0], x.shape[axis]) || Number.isNaN(ix.shape[0]) || Number.isNaN(x.shape[axis]))) {
                throw new SsdpError('E_ARRAY_INDEX', `boolean mask of shape [${ix.shape.join(', ')}] does not match axis ${axis} of length ${x.shape[axis]}.`, {
                    hint: 'Mask one axis with a 1-d bool array of its length, or the whole array with a bool array of its shape.',
                });
            }
            return compressAxis(x, axis, ix);
        }
        if (isFloat(ix.dtype) || ix.ndim !== 1) {
            throw new SsdpError('E_ARRAY_INDEX', `an index array must be 1-d of an integer dtype (or bool), got ${ix.ndim}-d ${ix.dtype}.`, {
                hint: 'Convert positions with .astype(\'int32\'); make masks with comparisons such as x.gt(0).',
            });
        }
        if (hasUnknown(x.chunks[axis]))
            throw unknownChunksError(`indexing axis ${axis} with an integer array`);
        return takeArray(x, axis, ix);
    }
    if (hasUnknown(x.chunks[axis]))
        throw unknownChunksError(`indexing axis ${axis} with a list`);
    return takeList(x, axis, ix);
}
//# sourceMappingURL=fancy.js.map