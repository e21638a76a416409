/**
 * `histogram` (Dask's `da.histogram`): one counting task per block against the bin edges, the
 * per-block counts stacked and summed as a tree reduction. As in Dask, the edges are given as
 * numbers, as a number of bins with a range, or as a chunked array (computed with the counts).
 * Blocks of unknown size (after a boolean mask) are counted as they turn out.
 */
import { ref, type Key } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { hasUnknown, slice } from './chunks.js';
import { fromArray } from './creation.js';
import { histogramChunk } from './layout-kernels.js';
import { ndarray, type NDArray } from './ndarray.js';
import { reduce } from './reductions.js';

export interface HistogramOptions {
  /** A number of equal bins (then `range` is required), or the bin edges (increasing), also as a 1-d chunked array. */
  bins: number | readonly number[] | ChunkedArray;
  /** [low, high] of the equal bins. */
  range?: readonly [number, number];
  /** Divide counts by (total count x bin width), so the histogram integrates to 1. */
  density?: boolean;
}

/** NumPy's linspace(lo, hi, n + 1): lo + i * step, the last edge exactly hi. */
function equalEdges(lo: number, hi: number, n: number): number[] {
  const step = (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => i * step + lo);
  edges[n] = hi;
  return edges;
}

/** The counts (float64; NumPy's int64) per bin, lazily, and the bin edges (chunked when given chunked, as Dask). */
export function histogram(x: ChunkedArray, opts: HistogramOptions & { bins: ChunkedArray }): [ChunkedArray, ChunkedArray];
export function histogram(x: ChunkedArray, opts: HistogramOptions & { bins: number | readonly number[] }): [ChunkedArray, NDArray];
export function histogram(x: ChunkedArray, opts: HistogramOptions): [ChunkedArray, NDArray | ChunkedArray];
export function histogram(x: ChunkedArray, opts: HistogramOptions): [ChunkedArray, NDArray | ChunkedArray] {
  requireArray(x, 'array.histogram');
  checkOptionKeys(opts, ['bins', 'range', 'density'], 'array.histogram');
  if (opts.bins instanceof ChunkedArray) return histogramChunkedEdges(x, opts.bins, opts.density === true);
  let edges: number[];
  if (typeof opts.bins === 'number') {
    if (!Number.isInteger(opts.bins) || opts.bins < 1) throw new SsdpError('E_ARRAY_ARGUMENT', `array.histogram: bins must be a whole number >= 1, got ${opts.bins}.`);
    const r = opts.range;
    if (!r || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] <= r[1])) {
      throw new SsdpError('E_ARRAY_ARGUMENT', 'array.histogram: a number of bins needs range: [low, high] (finite, low <= high), as Dask requires.', {
        hint: 'Pass e.g. { bins: 10, range: [0, 1] }, or the bin edges as bins: [0, 0.5, 1].',
      });
    }
    edges = equalEdges(r[0], r[1], opts.bins);
  } else {
    edges = [...(opts.bins as readonly number[])];
    if (edges.length < 2 || edges.some((e, i) => !Number.isFinite(e) || (i > 0 && e < edges[i - 1]!))) {
      throw new SsdpError('E_ARRAY_ARGUMENT', 'array.histogram: bin edges must be at least two finite numbers, increasing.', {
        hint: 'Pass e.g. bins: [0, 0.5, 1].',
      });
    }
  }
  const nb = edges.length - 1;
  const name = `histogram-${tokenize('histogram', x.name, edges)}`;
  const layer: Record<Key, { fn: typeof histogramChunk; args: unknown[] }> = {};
  const keys = x.keys.map((k, i) => {
    const hk = `${name}-${i}-0`;
    layer[hk] = { fn: histogramChunk, args: [ref(k), edges] };
    return hk;
  });
  const perBlock = new ChunkedArray({ name, shape: [keys.length, nb], chunks: [keys.map(() => 1), [nb]], dtype: 'float64', keys, layers: mergeLayers([x], [[name, layer]]) });
  let counts = reduce(perBlock, 'sum', { axis: 0 });
  if (opts.density) {
    // Dask's order of operations: counts / widths / total
    const widths = fromArray(ndarray(edges.slice(1).map((e, i) => e - edges[i]!), [nb]));
    counts = counts.div(widths).div(counts.sum());
  }
  return [counts, ndarray(Float64Array.from(edges), [edges.length])];
}

/**
 * Edges given as a chunked array (Dask accepts a dask array): gathered into one block that every
 * counting task takes as an input, checked when computed; the edges come back as that array.
 */
function histogramChunkedEdges(x: ChunkedArray, bins: ChunkedArray, density: boolean): [ChunkedArray, ChunkedArray] {
  if (bins.ndim !== 1 || hasUnknown(bins.chunks) || bins.shape[0]! < 2) {
    throw new SsdpError('E_ARRAY_ARGUMENT', `array.histogram: bin edges given as an array must be 1-d, of known length, with at least two edges; got shape [${bins.shape.join(', ')}].`, {
      hint: 'Pass e.g. bins: array.fromArray(ndarray([0, 0.5, 1])), or bins: [0, 0.5, 1].',
    });
  }
  const nb = bins.shape[0]! - 1;
  const whole = bins.astype('float64').rechunk(-1);
  const name = `histogram-${tokenize('histogram', x.name, whole.name)}`;
  const layer: Record<Key, { fn: typeof histogramChunk; args: unknown[] }> = {};
  const keys = x.keys.map((k, i) => {
    const hk = `${name}-${i}-0`;
    layer[hk] = { fn: histogramChunk, args: [ref(k), ref(whole.keys[0]!)] };
    return hk;
  });
  const perBlock = new ChunkedArray({ name, shape: [keys.length, nb], chunks: [keys.map(() => 1), [nb]], dtype: 'float64', keys, layers: mergeLayers([x, whole], [[name, layer]]) });
  let counts = reduce(perBlock, 'sum', { axis: 0 });
  if (density) counts = counts.div(whole.get(slice(1, null)).sub(whole.get(slice(0, -1)))).div(counts.sum());
  return [counts, bins];
}
