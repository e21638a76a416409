/**
 * `rechunk` (Dask's `x.rechunk(chunks)`) and the chunk unification element-wise operations do
 * before lining blocks up, as Dask's split/merge: each input block is cut once into the pieces the
 * output blocks take, and every output block gathers its pieces in one task; an output block equal
 * to an input block is that block's key, so no task is added.
 */
import { ref, type Key, type Task } from '../../graph/index.js';
import { item } from '../../graph/builtins.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize, type Layer } from './array.js';
import { blockIndices, hasUnknown, unknownChunksError, normalizeChunks, numBlocks, offsets, type Chunks, type ChunksSpec } from './chunks.js';
import { cutChunk, gatherChunk, splitChunk } from './layout-kernels.js';
import type { AxisSelection } from './kernels.js';

/** For one axis: per output chunk, the input chunks it overlaps and where. */
interface Overlap {
  block: number;
  start: number;
  count: number;
  at: number;
}

function axisOverlaps(from: readonly number[], to: readonly number[]): Overlap[][] {
  const fo = offsets(from);
  const out: Overlap[][] = [];
  let o0 = 0;
  for (const size of to) {
    const o1 = o0 + size;
    const list: Overlap[] = [];
    for (let b = 0; b < from.length; b++) {
      const lo = Math.max(o0, fo[b]!);
      const hi = Math.min(o1, fo[b]! + from[b]!);
      if (hi > lo) list.push({ block: b, start: lo - fo[b]!, count: hi - lo, at: lo - o0 });
    }
    if (list.length === 0) list.push({ block: 0, start: 0, count: 0, at: 0 });
    out.push(list);
    o0 = o1;
  }
  return out;
}

/** Equal chunks (unknown NaN sizes equal each other). */
export function sameChunks(a: Chunks, b: Chunks): boolean {
  return a.length === b.length && a.every((c, d) => c.length === b[d]!.length && c.every((s, j) => Object.is(s, b[d]![j])));
}

/** `x` with new chunks (any form `normalizeChunks` takes: a size, sizes per axis, -1 for whole). */
export function rechunk(x: ChunkedArray, spec: ChunksSpec): ChunkedArray {
  requireArray(x, 'array.rechunk');
  if (hasUnknown(x.chunks)) throw unknownChunksError('array.rechunk');
  const chunks = normalizeChunks(spec, x.shape, 'array.rechunk');
  if (sameChunks(chunks, x.chunks)) return x;
  const perAxis = chunks.map((c, d) => axisOverlaps(x.chunks[d]!, c));
  const token = tokenize('rechunk', x.name, chunks);
  const name = `rechunk-${token}`;
  const split = `rechunk-split-${token}`;
  const layer: Record<Key, Task> = {};
  const splitLayer: Record<Key, Task> = {};
  // Per output block: the pieces of input blocks it takes, and where each goes.
  const outputs: { idx: number[]; pieces: Piece[]; shape: number[] }[] = [];
  // Per input block (by key): the pieces output blocks take from it, in output order.
  const cuts = new Map<Key, { block: number[]; sels: AxisSelection[][]; pieces: Piece[] }>();
  for (const idx of blockIndices(numBlocks(chunks))) {
    const lists = idx.map((b, d) => perAxis[d]![b]!);
    const combos = blockIndices(lists.map((l) => l.length)).map((c) => c.map((j, d) => lists[d]![j]!));
    const pieces: Piece[] = [];
    for (const c of combos) {
      const block = c.map((o) => o.block);
      const sel = c.map((o) => ({ start: o.start, step: 1, count: o.count }));
      const whole = c.every((o, d) => o.start === 0 && o.count === x.chunks[d]![o.block]);
      const piece: Piece = { key: whole ? x.blockKey(block) : '', whole, at: c.map((o) => o.at) };
      pieces.push(piece);
      if (whole) continue;
      const k = x.blockKey(block);
      let cut = cuts.get(k);
      if (!cut) cuts.set(k, (cut = { block, sels: [], pieces: [] }));
      cut.sels.push(sel);
      cut.pieces.push(piece);
    }
    outputs.push({ idx, pieces, shape: idx.map((b, d) => chunks[d]![b]!) });
  }
  // An input block cut in several pieces is split once, in one task, and each piece picked out
  // of that task's result by the scheduler (builtins `item`): the block itself never travels to
  // the output blocks, each piece travels once. A block giving one piece is cut by one task.
  for (const [k, cut] of cuts) {
    const at = cut.block.join('-') || '0';
    if (cut.pieces.length === 1) {
      const pk = `${split}-${at}`;
      splitLayer[pk] = { fn: cutChunk, args: [ref(k), cut.sels[0]!] };
      cut.pieces[0]!.key = pk;
      continue;
    }
    const sk = `${split}-${at}`;
    splitLayer[sk] = { fn: splitChunk, args: [ref(k), cut.sels] };
    cut.pieces.forEach((p, i) => {
      p.key = `${split}-${at}-${i}`;
      splitLayer[p.key] = { fn: item, args: [ref(sk), i] };
    });
  }
  const keys: Key[] = [];
  for (const o of outputs) {
    if (o.pieces.length === 1 && o.pieces[0]!.whole) {
      // an output block equal to an input block is that block
      keys.push(o.pieces[0]!.key);
      continue;
    }
    const k = `${name}-${o.idx.join('-') || '0'}`;
    layer[k] = { fn: gatherChunk, args: [o.pieces.map((p) => ref(p.key)), o.pieces.map((p) => p.at), o.shape, x.dtype] };
    keys.push(k);
  }
  const extra: [string, Layer][] = Object.keys(splitLayer).length ? [[split, splitLayer], [name, layer]] : [[name, layer]];
  return new ChunkedArray({ name, shape: [...x.shape], chunks, dtype: x.dtype, keys, layers: mergeLayers([x], extra) });
}

interface Piece {
  /** Key of the piece: the input block's own key when the piece is the whole block. */
  key: Key;
  whole: boolean;
  /** Its corner in the output block. */
  at: number[];
}

/**
 * The chunks of one axis that split wherever any of `sizes` splits (Dask's `common_blockdim`):
 * `[4, 2]` and `[3, 3]` give `[3, 1, 2]`.
 */
export function commonChunks(sizes: readonly (readonly number[])[]): number[] {
  const cuts = new Set<number>();
  for (const c of sizes) for (const o of offsets(c).slice(1)) cuts.add(o);
  const total = sizes[0]!.reduce((a, b) => a + b, 0);
  cuts.add(total);
  const out: number[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c > prev) out.push(c - prev);
    prev = c;
  }
  return out.length ? out : [...sizes[0]!];
}
