/**
 * Basic indexing: `x.get(slice(0, null, 2), 5)` — per axis a Python-style slice (steps of any
 * sign) or an integer (which drops the axis); missing trailing axes are taken whole. Each output
 * block reads exactly one input block.
 */
import { ref, type Key } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { ChunkedArray, mergeLayers, tokenize } from './array.js';
import { blockIndices, isSlice, resolveIndex, resolveSlice, slicePieces, type AxisPiece, type Slice } from './chunks.js';
import { sliceChunk } from './kernels.js';

export type Index = number | Slice | null | undefined;

export function getItem(x: ChunkedArray, index: readonly Index[]): ChunkedArray {
  if (index.length > x.ndim) {
    throw new SsdpError('E_ARRAY_INDEX', `too many indices: ${index.length} for an array of ${x.ndim} dimension${x.ndim === 1 ? '' : 's'}.`);
  }
  const pieces: AxisPiece[][] = [];
  const dropped: boolean[] = [];
  const resolved: unknown[] = [];
  for (let d = 0; d < x.ndim; d++) {
    const ix = index[d];
    const n = x.shape[d]!;
    if (typeof ix === 'number') {
      const i = resolveIndex(ix, n, d);
      pieces.push(slicePieces({ start: i, step: 1, count: 1 }, x.chunks[d]!));
      dropped.push(true);
      resolved.push(i);
    } else if (ix === null || ix === undefined || isSlice(ix)) {
      const r = resolveSlice(ix ?? { start: null, stop: null, step: null }, n, d);
      pieces.push(slicePieces(r, x.chunks[d]!));
      dropped.push(false);
      resolved.push([r.start, r.step, r.count]);
    } else {
      throw new SsdpError('E_ARRAY_INDEX', `index on axis ${d} must be a number or slice(start, stop, step), got ${JSON.stringify(ix)}.`);
    }
  }
  if (resolved.every((r, d) => Array.isArray(r) && r[0] === 0 && r[1] === 1 && r[2] === x.shape[d])) return x;
  const chunks = pieces.map((p) => p.map((q) => q.count)).filter((_, d) => !dropped[d]);
  const shape = chunks.map((c) => c.reduce((a, b) => a + b, 0));
  const name = `getitem-${tokenize('getitem', x.name, resolved)}`;
  const layer: Record<Key, { fn: typeof sliceChunk; args: unknown[] }> = {};
  const keys: Key[] = [];
  for (const pidx of blockIndices(pieces.map((p) => p.length))) {
    const sel = pidx.map((p, d) => pieces[d]![p]!);
    const inKey = x.blockKey(sel.map((s) => s.block));
    const outIdx = pidx.filter((_, d) => !dropped[d]);
    const bshape = sel.filter((_, d) => !dropped[d]).map((s) => s.count);
    const k = `${name}-${outIdx.join('-') || '0'}`;
    layer[k] = { fn: sliceChunk, args: [ref(inKey), sel.map(({ start, step, count }) => ({ start, step, count })), bshape] };
    keys.push(k);
  }
  return new ChunkedArray({ name, shape, chunks, dtype: x.dtype, keys, layers: mergeLayers([x], [[name, layer]]) });
}
