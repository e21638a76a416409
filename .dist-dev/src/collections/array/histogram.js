/**
 * `histogram` (Dask's `da.histogram`): one counting task per block against the bin edges, the
 * per-block counts stacked and summed as a tree reduction. As in Dask, the edges are known up
 * front: given as an array, or as a number of bins with a range.
 */
import { ref } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { hasUnknown, unknownChunksError } from './chunks.js';
import { fromArray } from './creation.js';
import { histogramChunk } from './layout-kernels.js';
import { ndarray } from './ndarray.js';
import { reduce } from './reductions.js';
/** NumPy's linspace(lo, hi, n + 1): lo + i * step, the last edge exactly hi. */
function equalEdges(lo, hi, n) {
    const step = (hi - lo) / n;
    const edges = Array.from({ length: n + 1 }, (_, i) => i * step + lo);
    edges[n] = hi;
    return edges;
}
/** The counts (float64; NumPy's int64) per bin, lazily, and the bin edges. */
export function histogram(x, opts) {
    requireArray(x, 'array.histogram');
    checkOptionKeys(opts, ['bins', 'range', 'density'], 'array.histogram');
    if (hasUnknown(x.chunks))
        throw unknownChunksError('array.histogram');
    let edges;
    if (typeof opts.bins === 'number') {
        if (!Number.isInteger(opts.bins) || opts.bins < 1)
            throw new SsdpError('E_ARRAY_ARGUMENT', `array.histogram: bins must be a whole number >= 1, got ${opts.bins}.`);
        const r = opts.range;
        if (!r || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] <= r[1])) {
            throw new SsdpError('E_ARRAY_ARGUMENT', 'array.histogram: a number of bins needs range: [low, high] (finite, low <= high), as Dask requires.', {
                hint: 'Pass e.g. { bins: 10, range: [0, 1] }, or the bin edges as bins: [0, 0.5, 1].',
            });
        }
        edges = equalEdges(r[0], r[1], opts.bins);
    }
    else {
        edges = [...opts.bins];
        if (edges.length < 2 || edges.some((e, i) => !Number.isFinite(e) || (i > 0 && e < edges[i - 1]))) {
            throw new SsdpError('E_ARRAY_ARGUMENT', 'array.histogram: bin edges must be at least two finite numbers, increasing.', {
                hint: 'Pass e.g. bins: [0, 0.5, 1].',
            });
        }
    }
    const nb = edges.length - 1;
    const name = `histogram-${tokenize('histogram', x.name, edges)}`;
    const layer = {};
    const keys = x.keys.map((k, i) => {
        const hk = `${name}-${i}-0`;
        layer[hk] = { fn: histogramChunk, args: [ref(k), edges] };
        return hk;
    });
    const perBlock = new ChunkedArray({ name, shape: [keys.length, nb], chunks: [keys.map(() => 1), [nb]], dtype: 'float64', keys, layers: mergeLayers([x], [[name, layer]]) });
    let counts = reduce(perBlock, 'sum', { axis: 0 });
    if (opts.density) {
        // Dask's order of operations: counts / widths / total
        const widths = fromArray(ndarray(edges.slice(1).map((e, i) => e - edges[i]), [nb]));
        counts = counts.div(widths).div(counts.sum());
    }
    return [counts, ndarray(Float64Array.from(edges), [edges.length])];
}
//# sourceMappingURL=histogram.js.map