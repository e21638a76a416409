/**
 * Chunk kernels of fancy indexing: taking positions along an axis (integer lists and integer
 * arrays) and keeping what a boolean mask marks. Exported by name so workers import them.
 */
import { SsdpError } from '../../util/errors.js';
import { resolveBlockShape } from './chunks.js';
import { allocate, sizeOf } from './ndarray.js';
/** Sizes before, along and after `axis`. */
function split(shape, axis) {
    return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}
/** The entries `index` (positions within the block) along `axis` of one block, in that order. */
export function takeChunk(a, axis, index) {
    return takeFromBlocks([a], [0], axis, index);
}
/**
 * Entries along `axis` gathered from consecutive blocks `blocks` (starting at `starts` on the
 * axis): `index` holds positions on the whole axis (negative counts from the end of `length`),
 * as an int array or a chunk of one.
 */
export function takeFromBlocks(blocks, starts, axis, index, length) {
    const first = blocks[0];
    const pos = Array.isArray(index) ? index : index.data;
    const n = length ?? starts[starts.length - 1] + blocks[blocks.length - 1].shape[axis];
    const [outer, , inner] = split(first.shape, axis);
    const shape = [...first.shape];
    shape[axis] = pos.length;
    const out = allocate(first.dtype, sizeOf(shape));
    const k = pos.length;
    for (let j = 0; j < k; j++) {
        let p = pos[j];
        if (p < 0)
            p += n;
        if (!Number.isInteger(p) || p < 0 || p >= n) {
            throw new SsdpError('E_ARRAY_INDEX', `index ${pos[j]} is out of bounds for axis ${axis} with size ${n}.`, {
                hint: `Index values must lie from ${-n} to ${n - 1}.`,
            });
        }
        let b = starts.length - 1;
        while (starts[b] > p)
            b--;
        const src = blocks[b];
        const len = src.shape[axis];
        const local = p - starts[b];
        for (let o = 0; o < outer; o++) {
            const from = (o * len + local) * inner;
            out.set(src.data.subarray(from, from + inner), (o * k + j) * inner);
        }
    }
    return { shape, dtype: first.dtype, data: out };
}
/** The entries along `axis` where the 1-d `mask` chunk is true. */
export function compressChunk(a, mask, axis) {
    const keep = [];
    for (let i = 0; i < mask.data.length; i++)
        if (mask.data[i] !== 0)
            keep.push(i);
    return takeFromBlocks([a], [0], axis, keep);
}
/** The values where the same-shaped `mask` is true, in C order (one dimension). */
export function maskChunk(a, mask) {
    const m = mask.data;
    let count = 0;
    for (let i = 0; i < m.length; i++)
        if (m[i] !== 0)
            count++;
    const out = allocate(a.dtype, count);
    for (let i = 0, o = 0; i < m.length; i++)
        if (m[i] !== 0)
            out[o++] = a.data[i];
    return { shape: [count], dtype: a.dtype, data: out };
}
/** A block's real shape (the promised one with unknown extents filled in). */
export function blockShapeOf(a) {
    return resolveBlockShape(a.shape, a.data.length);
}
//# sourceMappingURL=index-kernels.js.map