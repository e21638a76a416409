/**
 * `rechunk` (Dask's `x.rechunk(chunks)`) and the chunk unification element-wise operations do
 * before lining blocks up. Every output block gathers the pieces of the input blocks it overlaps
 * in one task; an output block equal to an input block is that block's key, so no task is added.
 */
import { ref } from '../../graph/index.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { blockIndices, hasUnknown, unknownChunksError, normalizeChunks, numBlocks, offsets } from './chunks.js';
import { gatherChunk } from './layout-kernels.js';
function axisOverlaps(from, to) {
    const fo = offsets(from);
    const out = [];
    let o0 = 0;
    for (const size of to) {
        const o1 = o0 + size;
        const list = [];
        for (let b = 0; b < from.length; b++) {
            const lo = Math.max(o0, fo[b]);
            const hi = Math.min(o1, fo[b] + from[b]);
            if (hi > lo)
                list.push({ block: b, start: lo - fo[b], count: hi - lo, at: lo - o0 });
        }
        if (list.length === 0)
            list.push({ block: 0, start: 0, count: 0, at: 0 });
        out.push(list);
        o0 = o1;
    }
    return out;
}
/** Equal chunks (unknown NaN sizes equal each other). */
export function sameChunks(a, b) {
    return a.length === b.length && a.every((c, d) => c.length === b[d].length && c.every((s, j) => Object.is(s, b[d][j])));
}
/** `x` with new chunks (any form `normalizeChunks` takes: a size, sizes per axis, -1 for whole). */
export function rechunk(x, spec) {
    requireArray(x, 'array.rechunk');
    if (hasUnknown(x.chunks))
        throw unknownChunksError('array.rechunk');
    const chunks = normalizeChunks(spec, x.shape, 'array.rechunk');
    if (sameChunks(chunks, x.chunks))
        return x;
    const perAxis = chunks.map((c, d) => axisOverlaps(x.chunks[d], c));
    const name = `rechunk-${tokenize('rechunk', x.name, chunks)}`;
    const layer = {};
    const keys = [];
    for (const idx of blockIndices(numBlocks(chunks))) {
        const lists = idx.map((b, d) => perAxis[d][b]);
        const combos = blockIndices(lists.map((l) => l.length)).map((c) => c.map((j, d) => lists[d][j]));
        const bshape = idx.map((b, d) => chunks[d][b]);
        if (combos.length === 1) {
            const only = combos[0];
            const inShape = only.map((o, d) => x.chunks[d][o.block]);
            if (only.every((o, d) => o.start === 0 && o.count === inShape[d])) {
                keys.push(x.blockKey(only.map((o) => o.block)));
                continue;
            }
        }
        const k = `${name}-${idx.join('-') || '0'}`;
        layer[k] = {
            fn: gatherChunk,
            args: [
                combos.map((c) => ref(x.blockKey(c.map((o) => o.block)))),
                combos.map((c) => c.map((o) => ({ start: o.start, step: 1, count: o.count }))),
                combos.map((c) => c.map((o) => o.at)),
                bshape,
                x.dtype,
            ],
        };
        keys.push(k);
    }
    return new ChunkedArray({ name, shape: [...x.shape], chunks, dtype: x.dtype, keys, layers: mergeLayers([x], [[name, layer]]) });
}
/**
 * The chunks of one axis that split wherever any of `sizes` splits (Dask's `common_blockdim`):
 * `[4, 2]` and `[3, 3]` give `[3, 1, 2]`.
 */
export function commonChunks(sizes) {
    const cuts = new Set();
    for (const c of sizes)
        for (const o of offsets(c).slice(1))
            cuts.add(o);
    const total = sizes[0].reduce((a, b) => a + b, 0);
    cuts.add(total);
    const out = [];
    let prev = 0;
    for (const c of [...cuts].sort((a, b) => a - b)) {
        if (c > prev)
            out.push(c - prev);
        prev = c;
    }
    return out.length ? out : [...sizes[0]];
}
//# sourceMappingURL=rechunk.js.map