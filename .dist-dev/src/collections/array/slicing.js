/**
 * Basic indexing: `x.get(slice(0, null, 2), 5)` — per axis a Python-style slice (steps of any
 * sign) or an integer (which drops the axis); missing trailing axes are taken whole. Each output
 * block reads exactly one input block.
 */
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { ChunkedArray, mergeLayers, tokenize } from './array.js';
import { blockIndices, isSlice, resolveIndex, resolveSlice, slicePieces, unknownChunksError } from './chunks.js';
import { sliceChunk } from './kernels.js';
import { applyArrayIndex, isArrayIndex } from './fancy.js';
function isWhole(ix) {
    return ix === null || ix === undefined || (isSlice(ix) && ix.start === null && ix.stop === null && (ix.step ?? 1) === 1);
}
/**
 * Basic and fancy indexing. At most one axis takes a list, an integer array or a boolean mask
 * (Dask's limit too); a boolean mask of the array's own shape selects values into one dimension.
 */
export function getItem(x, index) {
    const fancy = index.map((ix, d) => (isArrayIndex(ix) ? d : -1)).filter((d) => d >= 0);
    if (fancy.length > 1) {
        throw new SsdpError('E_ARRAY_INDEX', `${fancy.length} array indices in one get: only one axis may take a list, an integer array or a mask.`, {
            hint: 'Index one axis at a time: x.get(rows).get(null, cols).',
        });
    }
    if (fancy.length === 1) {
        const at = fancy[0];
        const ix = index[at];
        const wholeMask = ix instanceof ChunkedArray && ix.dtype === 'bool' && ix.ndim > 1;
        if (wholeMask) {
            if (index.length > 1 || at !== 0 || ix.ndim !== x.ndim || ix.shape.some((n, d) => !Object.is(n, x.shape[d]) && !Number.isNaN(n) && !Number.isNaN(x.shape[d]))) {
                throw new SsdpError('E_ARRAY_INDEX', `boolean mask of shape [${ix.shape.join(', ')}] does not match the array's shape [${x.shape.join(', ')}].`, {
                    hint: 'A mask of several dimensions must have the array\'s shape and be the only index.',
                });
            }
            return applyArrayIndex(x, 0, ix, true);
        }
        if (ix instanceof ChunkedArray && ix.dtype === 'bool' && ix.ndim === 1 && x.ndim === 1)
            return applyArrayIndex(x, 0, ix, true);
        const basic = getItem(x, index.map((v, d) => (d === at ? null : v)));
        // axes dropped by a number before the array index shift it left
        const axis = at - index.slice(0, at).filter((v) => typeof v === 'number').length;
        return applyArrayIndex(basic, axis, ix, false);
    }
    if (index.length <= x.ndim && index.every(isWhole))
        return x;
    if (index.length > x.ndim) {
        throw new SsdpError('E_ARRAY_INDEX', `too many indices: ${index.length} for an array of ${x.ndim} dimension${x.ndim === 1 ? '' : 's'}.`);
    }
    const pieces = [];
    const dropped = [];
    const resolved = [];
    for (let d = 0; d < x.ndim; d++) {
        const ix = index[d];
        const n = x.shape[d];
        if (Number.isNaN(n)) {
            if (!isWhole(ix))
                throw unknownChunksError(`slicing axis ${d}`);
            // taken whole: each block keeps its own (unknown) length
            pieces.push(x.chunks[d].map((count, block) => ({ block, start: 0, step: 1, count })));
            dropped.push(false);
            resolved.push('all');
            continue;
        }
        if (typeof ix === 'number') {
            const i = resolveIndex(ix, n, d);
            pieces.push(slicePieces({ start: i, step: 1, count: 1 }, x.chunks[d]));
            dropped.push(true);
            resolved.push(i);
        }
        else if (ix === null || ix === undefined || isSlice(ix)) {
            const r = resolveSlice(ix ?? { start: null, stop: null, step: null }, n, d);
            pieces.push(slicePieces(r, x.chunks[d]));
            dropped.push(false);
            resolved.push([r.start, r.step, r.count]);
        }
        else {
            throw new SsdpError('E_ARRAY_INDEX', `index on axis ${d} must be a number or slice(start, stop, step), got ${JSON.stringify(ix)}.`);
        }
    }
    if (resolved.every((r, d) => Array.isArray(r) && r[0] === 0 && r[1] === 1 && r[2] === x.shape[d]))
        return x;
    const chunks = pieces.map((p) => p.map((q) => q.count)).filter((_, d) => !dropped[d]);
    const shape = chunks.map((c) => c.reduce((a, b) => a + b, 0));
    const name = `getitem-${tokenize('getitem', x.name, resolved)}`;
    const layer = {};
    const keys = [];
    for (const pidx of blockIndices(pieces.map((p) => p.length))) {
        const sel = pidx.map((p, d) => pieces[d][p]);
        const inKey = x.blockKey(sel.map((s) => s.block));
        const outIdx = pidx.filter((_, d) => !dropped[d]);
        const bshape = sel.filter((_, d) => !dropped[d]).map((s) => s.count);
        const k = `${name}-${outIdx.join('-') || '0'}`;
        layer[k] = { fn: sliceChunk, args: [ref(inKey), sel.map(({ start, step, count }) => ({ start, step, count })), bshape] };
        keys.push(k);
    }
    return new ChunkedArray({ name, shape, chunks, dtype: x.dtype, keys, layers: mergeLayers([x], [[name, layer]]) });
}
//# sourceMappingURL=slicing.js.map