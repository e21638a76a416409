/**
 * Block-by-block operations: element-wise arithmetic with NumPy broadcasting, dtype casts and
 * `mapBlocks`. Output block (i, j, ...) needs only input blocks at the same position (or block 0
 * on an axis an input broadcasts along), so no data moves between chunks.
 */
import { ref, type Key, type TaskFn } from '../../graph/index.js';
import { callerSite, fnToken, rememberCaller } from '../../graph/functions.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { blockIndices, flatIndex, hasUnknown, numBlocks, unknownChunksError, type Chunks } from './chunks.js';
import {
  asChunk,
  binaryChunk,
  broadcastShapes,
  castChunk,
  negativeIntegerPower,
  resultDType,
  unaryChunk,
  unaryResultDType,
  BINARY_OPS,
  UNARY_OPS,
  type BinaryOp,
  type UnaryOp,
} from './kernels.js';
import { checkDType, isFloat as isFloatDType, type DType } from './ndarray.js';
import { commonChunks, rechunk, sameChunks } from './rechunk.js';

export type Operand = ChunkedArray | number;

/**
 * Shape and chunks of broadcasting `arrays`, and the arrays rechunked so their blocks line up:
 * where two arrays split an axis differently, both are cut wherever either is (as Dask's
 * `unify_chunks`), so `(4, 6)` chunked `[2, 4]` plus `(6,)` chunked `[3]` works.
 */
export function alignChunks(arrays: readonly ChunkedArray[]): { shape: number[]; chunks: Chunks; arrays: ChunkedArray[] } {
  const shape = arrays.map((a) => [...a.shape]).reduce((s, t) => broadcastShapes(s, t));
  const nd = shape.length;
  const seen: number[][][] = shape.map(() => []);
  // the arrays that run along output axis d (not broadcast); an unknown extent counts as running
  const spans = (a: ChunkedArray, d: number, off: number) =>
    a.shape[d] !== 1 && (Object.is(a.shape[d], shape[d + off]) || Number.isNaN(shape[d + off]!)) && shape[d + off] !== 1;
  for (const a of arrays) {
    const off = nd - a.ndim;
    for (let d = 0; d < a.ndim; d++) if (spans(a, d, off)) seen[d + off]!.push(a.chunks[d]!);
  }
  const chunks: Chunks = shape.map((n, d) => {
    if (n === 1) return [1];
    const list = seen[d]!;
    if (!hasUnknown(list.flat())) return list.length ? commonChunks(list) : [];
    // unknown sizes line up only block for block, as in Dask
    if (list.some((c) => !sameChunks([c], [list[0]!]))) throw unknownChunksError(`combining arrays along axis ${d}`);
    return list[0]!;
  });
  const aligned = arrays.map((a) => {
    const off = nd - a.ndim;
    const want = a.chunks.map((c, d) => (spans(a, d, off) ? chunks[d + off]! : c));
    return sameChunks(want, a.chunks) ? a : rechunk(a, want);
  });
  return { shape, chunks, arrays: aligned };
}

/** The block of `a` that output block `idx` (of an `nd`-dimensional result) reads. */
function inputBlock(a: ChunkedArray, idx: readonly number[]): Key {
  const off = idx.length - a.ndim;
  const own = a.shape.map((n, d) => (n === 1 && a.numBlocks[d] === 1 ? 0 : idx[d + off]!));
  return a.keys[flatIndex(own, a.numBlocks)]!;
}

export function binary(op: BinaryOp, a: Operand, b: Operand): ChunkedArray {
  const where = `array.${op}`;
  if (!BINARY_OPS.includes(op)) throw new SsdpError('E_ARRAY_ARGUMENT', `unknown element-wise operation ${op}.`);
  for (const x of [a, b]) {
    if (typeof x !== 'number' && !(x instanceof ChunkedArray)) requireArray(x, where);
  }
  const arrays = [a, b].filter((x): x is ChunkedArray => typeof x !== 'number');
  if (arrays.length === 0) {
    throw new SsdpError('E_ARRAY_ARGUMENT', `${where}: needs at least one chunked array operand.`);
  }
  const dtype = resultDType(
    op,
    typeof a === 'number' ? a : a.dtype,
    typeof b === 'number' ? b : b.dtype,
  );
  if (op === 'pow' && typeof b === 'number' && b < 0 && !isFloatDType(dtype)) throw negativeIntegerPower(dtype);
  const { shape, chunks, arrays: al } = alignChunks(arrays);
  if (typeof a !== 'number') a = al.shift()!;
  if (typeof b !== 'number') b = al.shift()!;
  const name = `${op}-${tokenize(op, typeof a === 'number' ? a : a.name, typeof b === 'number' ? b : b.name)}`;
  const layer: Record<Key, { fn: typeof binaryChunk; args: unknown[] }> = {};
  const keys: Key[] = [];
  for (const idx of blockIndices(numBlocks(chunks))) {
    const k = `${name}-${idx.join('-') || '0'}`;
    layer[k] = {
      fn: binaryChunk,
      args: [op, typeof a === 'number' ? a : ref(inputBlock(a, idx)), typeof b === 'number' ? b : ref(inputBlock(b, idx)), dtype],
    };
    keys.push(k);
  }
  return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers([a, b].filter((x): x is ChunkedArray => typeof x !== 'number'), [[name, layer]]) });
}

/** Applies a per-block function that keeps the block's shape. */
function sameShape(x: ChunkedArray, kind: string, dtype: DType, task: (key: Key) => { fn: TaskFn; args: unknown[] }, token: unknown[]): ChunkedArray {
  const name = `${kind}-${tokenize(kind, x.name, ...token)}`;
  const layer: Record<Key, { fn: TaskFn; args: unknown[] }> = {};
  const keys = x.keys.map((src, i) => {
    const k = `${name}-${i}`;
    layer[k] = task(src);
    return k;
  });
  return new ChunkedArray({ name, shape: [...x.shape], chunks: x.chunks, dtype, keys, layers: mergeLayers([x], [[name, layer]]) });
}

export function unary(op: UnaryOp, x: ChunkedArray): ChunkedArray {
  requireArray(x, `array.${op}`);
  if (!UNARY_OPS.includes(op)) throw new SsdpError('E_ARRAY_ARGUMENT', `unknown element-wise operation ${op}.`);
  const dtype = unaryResultDType(op, x.dtype);
  return sameShape(x, op, dtype, (k) => ({ fn: unaryChunk, args: [op, ref(k), dtype] }), [op]);
}

export function astype(x: ChunkedArray, dtype: DType): ChunkedArray {
  const d = checkDType(dtype, 'astype');
  if (d === x.dtype) return x;
  return sameShape(x, 'astype', d, (k) => ({ fn: castChunk, args: [ref(k), d] }), [d]);
}

export interface MapBlocksOptions {
  /** dtype of the blocks `fn` returns (default: the first array's). */
  dtype?: DType;
  /** Chunks of the result when `fn` changes block shapes (default: the first array's). */
  chunks?: Chunks;
  /** Extra arguments passed after the blocks (plain data). */
  args?: unknown[];
  /** A name for the tasks (default: the function's name). */
  name?: string;
}

/**
 * Calls `fn(block, ...otherBlocks, ...args)` on every block (`da.map_blocks`). For the threads
 * and processes schedulers `fn` must be an exported function of a module (see the graph's
 * `registerModule`/`fnRef`), because workers import it. It returns an ndarray or a typed array of
 * the block's size.
 */
export function mapBlocks(fn: TaskFn, arrays: readonly ChunkedArray[], opts: MapBlocksOptions = {}): ChunkedArray {
  if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) {
    throw new SsdpError('E_ARRAY_ARGUMENT', 'array.mapBlocks: the first argument must be a function.');
  }
  checkOptionKeys(opts, ['dtype', 'chunks', 'args', 'name'], 'array.mapBlocks');
  rememberCaller(fn);
  const given = arrays.map((a, i) => requireArray(a, `array.mapBlocks: array ${i}`));
  if (given.length === 0) throw new SsdpError('E_ARRAY_ARGUMENT', 'array.mapBlocks: needs at least one array.');
  const { shape: bshape, chunks: bchunks, arrays: list } = alignChunks(given);
  const chunks = opts.chunks ?? bchunks;
  if (chunks.length !== bchunks.length || chunks.some((c, d) => c.length !== bchunks[d]!.length)) {
    throw new SsdpError('E_ARRAY_CHUNKS', 'array.mapBlocks: `chunks` must have as many chunks on every axis as the input.', {
      hint: 'mapBlocks maps block i of the input to block i of the output.',
    });
  }
  const shape = opts.chunks ? chunks.map((c) => c.reduce((a, b) => a + b, 0)) : bshape;
  const dtype = checkDType(opts.dtype ?? list[0]!.dtype, 'array.mapBlocks');
  const fname = opts.name ?? ((typeof fn === 'function' ? fn.name : fn.name) || 'map-blocks');
  const name = `${fname.replace(/[^A-Za-z_]+/g, '_')}-${tokenize('mapBlocks', fnToken(fn), list.map((a) => a.name), opts.args ?? [], chunks, dtype)}`;
  // Each block's result is checked against the block it promises (a task fused with the call),
  // so a wrong shape or a non-array is reported as this mapBlocks, at this block, at once.
  const site = callerSite();
  const shown = opts.name ?? ((typeof fn === 'function' ? fn.name : fn.name) || 'an anonymous function');
  const what = `array.mapBlocks(${shown})${site ? ` called at ${site}` : ''}`;
  const hint = opts.chunks
    ? 'Return blocks of the sizes given in `chunks` (per axis, block by block), or correct `chunks`.'
    : 'Return a block of the input block\'s shape, or pass `chunks` with the block sizes the function returns.';
  const layer: Record<Key, { fn: TaskFn; args: unknown[] }> = {};
  const keys: Key[] = [];
  for (const idx of blockIndices(numBlocks(chunks))) {
    const at = idx.join('-') || '0';
    const k = `${name}-${at}`;
    const call = `${name}-call-${at}`;
    layer[call] = { fn, args: [...list.map((a) => ref(inputBlock(a, idx))), ...(opts.args ?? [])] };
    layer[k] = { fn: asChunk, args: [ref(call), idx.map((b, d) => chunks[d]![b]!), dtype, { what, block: idx, hint }] };
    keys.push(k);
  }
  return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(list, [[name, layer]]) });
}
