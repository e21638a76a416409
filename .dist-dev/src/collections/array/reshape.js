/**
 * `transpose`/`T` and `reshape` (C order, as NumPy). Transpose permutes the block grid and each
 * block. Reshape keeps the chunks of the leading axes that do not change; the first changing
 * input axis keeps chunks whose blocks are whole runs of output rows (rechunked to such sizes
 * otherwise), and later axes become one chunk, so every output block is one input block reshaped.
 */
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { blockIndices, hasUnknown, numBlocks, regularChunks, unknownChunksError } from './chunks.js';
import { reshapeChunk } from './kernels.js';
import { transposeChunk } from './layout-kernels.js';
import { sizeOf } from './ndarray.js';
import { rechunk } from './rechunk.js';
export function transpose(x, axes) {
    requireArray(x, 'array.transpose');
    const nd = x.ndim;
    const perm = axes ? axes.map((a) => (a < 0 ? a + nd : a)) : [...Array(nd).keys()].reverse();
    if (perm.length !== nd || new Set(perm).size !== nd || perm.some((a) => !Number.isInteger(a) || a < 0 || a >= nd)) {
        throw new SsdpError('E_ARRAY_AXIS', `array.transpose: axes [${axes?.join(', ')}] are not a permutation of the ${nd} axes.`, {
            hint: `Pass each of 0..${nd - 1} once, e.g. [${[...Array(nd).keys()].reverse().join(', ')}].`,
        });
    }
    if (perm.every((a, i) => a === i))
        return x;
    const chunks = perm.map((a) => [...x.chunks[a]]);
    const shape = perm.map((a) => x.shape[a]);
    const name = `transpose-${tokenize('transpose', x.name, perm)}`;
    const layer = {};
    const keys = [];
    for (const idx of blockIndices(numBlocks(chunks))) {
        const src = new Array(nd);
        perm.forEach((a, i) => (src[a] = idx[i]));
        const k = `${name}-${idx.join('-') || '0'}`;
        layer[k] = { fn: transposeChunk, args: [ref(x.blockKey(src)), perm] };
        keys.push(k);
    }
    return new ChunkedArray({ name, shape, chunks, dtype: x.dtype, keys, layers: mergeLayers([x], [[name, layer]]) });
}
function gcd(a, b) {
    return b === 0 ? a : gcd(b, a % b);
}
export function reshape(x, newShape) {
    requireArray(x, 'array.reshape');
    if (hasUnknown(x.chunks))
        throw unknownChunksError('array.reshape');
    const want = [...newShape];
    const unknown = want.filter((s) => s === -1).length;
    const bad = () => {
        throw new SsdpError('E_ARRAY_SHAPE', `array.reshape: cannot reshape an array of shape [${x.shape.join(', ')}] (${x.size} values) into [${newShape.join(', ')}].`, {
            hint: 'The new shape must hold the same number of values; at most one extent may be -1.',
        });
    };
    if (unknown > 1 || want.some((s) => !Number.isInteger(s) || (s < 0 && s !== -1)))
        bad();
    if (unknown) {
        const known = sizeOf(want.filter((s) => s !== -1));
        if (known === 0 || x.size % known !== 0)
            bad();
        want[want.indexOf(-1)] = x.size / known;
    }
    if (sizeOf(want) !== x.size)
        bad();
    if (want.length === x.ndim && want.every((s, d) => s === x.shape[d]))
        return x;
    let p = 0;
    while (p < Math.min(x.ndim, want.length) && x.shape[p] === want[p])
        p++;
    // After the common prefix: input axis p keeps (or gets) chunks of whole output rows.
    let inChunks;
    let outChunks;
    if (x.size === 0 || p >= x.ndim || p >= want.length) {
        inChunks = x.shape.map((n) => [n]);
        outChunks = want.map((n) => [n]);
    }
    else {
        const R = sizeOf(x.shape.slice(p + 1));
        const Rout = sizeOf(want.slice(p + 1));
        const g = Rout / gcd(R, Rout);
        let cp = x.chunks[p];
        if (cp.some((c) => c % g !== 0)) {
            const mean = x.shape[p] / cp.length;
            cp = x.shape[p] % g === 0 ? regularChunks(x.shape[p], Math.max(g, Math.round(mean / g) * g)) : [x.shape[p]];
        }
        inChunks = x.chunks.map((c, d) => (d < p ? [...c] : d === p ? cp : [x.shape[d]]));
        outChunks = want.map((n, d) => (d < p ? [...x.chunks[d]] : d === p ? cp.map((c) => (c * R) / Rout) : [n]));
    }
    const src = rechunk(x, inChunks);
    const name = `reshape-${tokenize('reshape', x.name, want)}`;
    const layer = {};
    const keys = [];
    const inGrid = numBlocks(inChunks);
    for (const idx of blockIndices(numBlocks(outChunks))) {
        const srcIdx = inGrid.map((_, d) => (d <= p && d < idx.length ? idx[d] : 0));
        const k = `${name}-${idx.join('-') || '0'}`;
        layer[k] = { fn: reshapeChunk, args: [ref(src.blockKey(srcIdx)), idx.map((b, d) => outChunks[d][b])] };
        keys.push(k);
    }
    return new ChunkedArray({ name, shape: want, chunks: outChunks, dtype: x.dtype, keys, layers: mergeLayers([src], [[name, layer]]) });
}
//# sourceMappingURL=reshape.js.map