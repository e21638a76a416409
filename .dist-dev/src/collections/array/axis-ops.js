/**
 * `where`, `cumsum` and `argmin`/`argmax` (Dask's `da.where`, `x.cumsum(axis)`, `x.argmin(axis)`).
 * cumsum passes each block's running total to the next block along the axis (one small carry
 * task per block); argmin/argmax read the blocks along the axis in one task per output block.
 */
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { blockIndices, numBlocks, offsets } from './chunks.js';
import { alignChunks } from './elementwise.js';
import { resultDType } from './kernels.js';
import { argChunks, carryChunk, cumsumChunk, whereChunk } from './layout-kernels.js';
import { isFloat } from './ndarray.js';
import { reshape } from './reshape.js';
function axisOf(x, axis, where) {
    const nd = x.ndim;
    if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -nd || axis >= nd) {
        throw new SsdpError('E_ARRAY_AXIS', `${where}: axis ${JSON.stringify(axis)} is out of range for an array of ${nd} dimension${nd === 1 ? '' : 's'}.`, {
            hint: `Use an axis from ${-nd} to ${nd - 1}.`,
        });
    }
    return axis < 0 ? axis + nd : axis;
}
/** `x` where `cond` is non-zero, else `y`; all three broadcast together (numbers allowed). */
export function where(cond, x, y) {
    const ops = [cond, x, y];
    ops.forEach((o, i) => typeof o !== 'number' && requireArray(o, `array.where: argument ${i + 1}`));
    const arrays = ops.filter((o) => typeof o !== 'number');
    if (arrays.length === 0)
        throw new SsdpError('E_ARRAY_ARGUMENT', 'array.where: needs at least one chunked array.');
    const dt = (o) => (typeof o === 'number' ? o : o.dtype);
    const dtype = resultDType('add', dt(x), dt(y));
    const { shape, chunks, arrays: al } = alignChunks(arrays);
    const [c, a, b] = ops.map((o) => (typeof o === 'number' ? o : al.shift()));
    const name = `where-${tokenize('where', [c, a, b].map((o) => (typeof o === 'number' ? o : o.name)))}`;
    const layer = {};
    const keys = [];
    const nd = shape.length;
    for (const idx of blockIndices(numBlocks(chunks))) {
        const k = `${name}-${idx.join('-') || '0'}`;
        const arg = (o) => {
            if (typeof o === 'number')
                return o;
            const off = nd - o.ndim;
            return ref(o.blockKey(o.shape.map((n, d) => (n === 1 && o.numBlocks[d] === 1 ? 0 : idx[d + off]))));
        };
        layer[k] = { fn: whereChunk, args: [arg(c), arg(a), arg(b), idx.map((j, d) => chunks[d][j]), dtype] };
        keys.push(k);
    }
    const used = [c, a, b].filter((o) => typeof o !== 'number');
    return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(used, [[name, layer]]) });
}
/** Running sum along `axis` (the flattened array when left out, as NumPy); ints sum in float64 (there is no int64). */
export function cumsum(x, axis) {
    requireArray(x, 'array.cumsum');
    if (axis === undefined || axis === null)
        return cumsum(reshape(x, [-1]), 0);
    const ax = axisOf(x, axis, 'array.cumsum');
    const dtype = isFloat(x.dtype) ? x.dtype : 'float64';
    const name = `cumsum-${tokenize('cumsum', x.name, ax)}`;
    const carryName = `cumsum-carry-${tokenize('cumsum-carry', x.name, ax)}`;
    const layer = {};
    const keys = [];
    for (const idx of blockIndices(x.numBlocks)) {
        const j = idx[ax];
        const prev = [...idx];
        prev[ax] = j - 1;
        const carry = j === 0 ? null : ref(`${carryName}-${prev.join('-')}`);
        if (j < x.numBlocks[ax] - 1)
            layer[`${carryName}-${idx.join('-')}`] = { fn: carryChunk, args: [ref(x.blockKey(idx)), ax, dtype, carry] };
        const k = `${name}-${idx.join('-')}`;
        layer[k] = { fn: cumsumChunk, args: [ref(x.blockKey(idx)), ax, dtype, carry] };
        keys.push(k);
    }
    return new ChunkedArray({ name, shape: [...x.shape], chunks: x.chunks, dtype, keys, layers: mergeLayers([x], [[name, layer]]) });
}
/** Index of the smallest (argmin) or largest (argmax) value along `axis`, or in the flattened array. */
export function argReduce(x, op, axis) {
    requireArray(x, `array.${op}`);
    if (axis === undefined || axis === null)
        return argReduce(reshape(x, [-1]), op, 0);
    const ax = axisOf(x, axis, `array.${op}`);
    if (x.shape[ax] === 0)
        throw new SsdpError('E_ARRAY_EMPTY_REDUCTION', `array.${op}: attempt to get ${op} of an empty sequence (axis ${ax} has length 0).`);
    const chunks = x.chunks.filter((_, d) => d !== ax);
    const starts = offsets(x.chunks[ax]);
    const name = `${op}-${tokenize(op, x.name, ax)}`;
    const layer = {};
    const keys = [];
    for (const idx of blockIndices(numBlocks(chunks))) {
        const along = x.chunks[ax].map((_, j) => {
            const full = [...idx];
            full.splice(ax, 0, j);
            return ref(x.blockKey(full));
        });
        const k = `${name}-${idx.join('-') || '0'}`;
        layer[k] = { fn: argChunks, args: [along, starts, ax, op] };
        keys.push(k);
    }
    return new ChunkedArray({ name, shape: x.shape.filter((_, d) => d !== ax), chunks, dtype: 'int32', keys, layers: mergeLayers([x], [[name, layer]]) });
}
//# sourceMappingURL=axis-ops.js.map