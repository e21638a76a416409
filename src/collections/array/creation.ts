/**
 * Making chunked arrays: from random numbers, constants, in-memory data and delayed values, and by
 * stacking or concatenating other arrays.
 */
import { ref, type Computable, type Graph, type Key, type Task } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, layerGraph, mergeLayers, requireArray, tokenize, type Layer } from './array.js';
import { blockIndices, checkShape, hasUnknown, normalizeChunks, numBlocks, offsets, type ChunksSpec } from './chunks.js';
import { asChunk, fullChunk, randomChunk, reshapeChunk, resultDType, sliceChunk } from './kernels.js';
import { commonChunks, rechunk, sameChunks } from './rechunk.js';
import { checkDType, isFloat, ndarray, type DType, type NDArray, type TypedArray } from './ndarray.js';

function blockKey(name: string, idx: readonly number[]): Key {
  return idx.length ? `${name}-${idx.join('-')}` : `${name}-0`;
}

/** An array whose every block is one task made by `task(blockIndex, blockShape)`. */
function fromBlockTasks(
  kind: string,
  token: string,
  shape: number[],
  chunks: number[][],
  dtype: DType,
  task: (idx: number[], blockShape: number[], flat: number) => Task | { value: unknown },
  inputs: readonly ChunkedArray[] = [],
  extra: [string, Layer][] = [],
): ChunkedArray {
  const name = `${kind}-${token}`;
  const layer: Graph = {};
  const keys: Key[] = [];
  blockIndices(numBlocks(chunks)).forEach((idx, flat) => {
    const k = blockKey(name, idx);
    layer[k] = task(
      idx,
      idx.map((b, d) => chunks[d]![b]!),
      flat,
    );
    keys.push(k);
  });
  return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(inputs, [...extra, [name, layer]]) });
}

export interface RandOptions {
  shape?: number[];
  /** The lecture's (and NumPy's) name for `shape`. */
  size?: number[];
  chunks?: ChunksSpec;
  /** Same seed and chunks, same numbers, on any scheduler. Default: a fresh random seed. */
  seed?: number;
  /** float64 (default, as NumPy) or float32. */
  dtype?: 'float32' | 'float64';
}

/**
 * Uniform random numbers in [0, 1), like `da.random.random`. Each chunk is generated where it is
 * used from (seed, chunk number), so no data moves to make it.
 */
export function rand(opts: RandOptions): ChunkedArray {
  checkOptionKeys(opts, ['shape', 'size', 'chunks', 'seed', 'dtype'], 'array.random.rand');
  if (opts?.shape !== undefined && opts.size !== undefined) {
    throw new SsdpError('E_ARRAY_SHAPE', 'array.random.rand: give shape or size (the same thing), not both.');
  }
  const shape = checkShape(opts?.shape ?? opts?.size, 'array.random.rand');
  const chunks = normalizeChunks(opts.chunks, shape, 'array.random.rand');
  const dtype = checkDType(opts.dtype ?? 'float64', 'array.random.rand');
  if (!isFloat(dtype)) {
    throw new SsdpError('E_ARRAY_DTYPE', `array.random.rand makes floats, not ${dtype}.`, { hint: "Use dtype 'float32' or 'float64'." });
  }
  // randomInt accepts a range below 2^48 only (max is exclusive): 2^48 - 1 values is plenty of seeds
  const seed = opts.seed ?? process.getBuiltinModule('node:crypto').randomInt(0, 2 ** 48 - 1);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SsdpError('E_ARRAY_SEED', `array.random.rand: seed must be a whole number from 0 to 2^53-1, got ${seed}.`);
  }
  return fromBlockTasks('rand', tokenize('rand', seed, shape, chunks, dtype), shape, chunks, dtype, (_idx, bs, flat) => ({
    fn: randomChunk,
    args: [seed, flat, bs, dtype],
  }));
}

/** An array of one value everywhere (each chunk made where it is used). */
export function full(shape: number[], value: number, opts: { chunks?: ChunksSpec; dtype?: DType } = {}): ChunkedArray {
  if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
    throw new SsdpError('E_ARRAY_ARGUMENT', `array.full: the fill value must be a single number, got ${Array.isArray(value) ? `a list [${(value as unknown[]).join(', ')}]` : describeValue(value)}.`, {
      hint: 'The shape comes first, then the fill value, then options: array.full([3, 4], 0.5, { chunks: 2 }).',
    });
  }
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new SsdpError('E_ARRAY_ARGUMENT', `array.full: the third argument is the options object, got ${describeValue(opts)}.`, {
      hint: 'The shape comes first, then the fill value, then options: array.full([3, 4], 0.5, { chunks: 2, dtype: "float32" }).',
    });
  }
  checkOptionKeys(opts, ['chunks', 'dtype'], 'array.full');
  const sh = checkShape(shape, 'array.full');
  const chunks = normalizeChunks(opts.chunks, sh, 'array.full');
  const dtype = checkDType(opts.dtype ?? 'float64', 'array.full');
  const kind = Object.is(value, 0) ? 'zeros' : value === 1 ? 'ones' : 'full';
  return fromBlockTasks(kind, tokenize(kind, value, sh, chunks, dtype), sh, chunks, dtype, (_i, bs) => ({
    fn: fullChunk,
    args: [bs, value, dtype],
  }));
}

export function zeros(shape: number[], opts: { chunks?: ChunksSpec; dtype?: DType } = {}): ChunkedArray {
  return full(shape, 0, opts);
}

export function ones(shape: number[], opts: { chunks?: ChunksSpec; dtype?: DType } = {}): ChunkedArray {
  return full(shape, 1, opts);
}

/**
 * Splits an in-memory array into chunks (the split happens now, once; each chunk is a data node
 * of the graph). Accepts an ndarray, or a typed array with `shape`.
 */
export function fromArray(
  source: NDArray | TypedArray,
  opts: { chunks?: ChunksSpec; shape?: number[] } = {},
): ChunkedArray {
  checkOptionKeys(opts, ['chunks', 'shape'], 'array.fromArray');
  const nd: NDArray = ArrayBuffer.isView(source) ? ndarray(source as TypedArray, opts.shape) : (source as NDArray);
  if (!nd || !ArrayBuffer.isView(nd.data) || !Array.isArray(nd.shape)) {
    throw new SsdpError('E_ARRAY_ARGUMENT', 'array.fromArray: expected an ndarray ({ shape, dtype, data }) or a typed array.', {
      hint: 'Build one with ndarray(data, shape).',
    });
  }
  const checked = ndarray(nd.data, nd.shape, nd.dtype);
  const chunks = normalizeChunks(opts.chunks, checked.shape, 'array.fromArray');
  const offs = chunks.map((c) => offsets(c));
  // node:crypto loaded here, not by importing the array module (see graph/tokenize.ts)
  const token = process.getBuiltinModule('node:crypto').createHash('sha1')
    .update(JSON.stringify([checked.shape, checked.dtype, chunks]))
    .update(new Uint8Array(checked.data.buffer, checked.data.byteOffset, checked.data.byteLength))
    .digest('hex')
    .slice(0, 12);
  return fromBlockTasks('array', token, checked.shape, chunks, checked.dtype, (idx, bs) => ({
    value:
      chunks.every((c) => c.length === 1)
        ? checked
        : sliceChunk(
            checked,
            idx.map((b, d) => ({ start: offs[d]![b]!, step: 1, count: bs[d]! })),
            bs,
          ),
  }));
}

function isComputable(x: unknown): x is Computable {
  return (
    typeof x === 'object' || typeof x === 'function'
      ? x !== null && typeof (x as Computable).ssdpGraph === 'function' && typeof (x as Computable).ssdpKeys === 'function'
      : false
  );
}

/**
 * A one-chunk array whose data a delayed value will produce (`da.from_delayed`). The shape and
 * dtype are promised up front; the value is checked against them when it is computed (a typed
 * array of the right length is accepted too, and converted to `dtype`).
 */
export function fromDelayed(value: Computable, opts: { shape: number[]; dtype?: DType }): ChunkedArray {
  if (!isComputable(value)) {
    throw new SsdpError('E_ARRAY_ARGUMENT', 'array.fromDelayed: expected a delayed value (the result of calling a delayed function).', {
      hint: 'Wrap the loading function with delayed(fn) and pass the placeholder its call returns.',
    });
  }
  const keyTree = value.ssdpKeys();
  if (typeof keyTree !== 'string') {
    throw new SsdpError('E_ARRAY_ARGUMENT', 'array.fromDelayed: the value stands for several results, not one array.', {
      hint: 'Pass a single delayed value per array and stack the arrays.',
    });
  }
  checkOptionKeys(opts, ['shape', 'dtype'], 'array.fromDelayed');
  const shape = checkShape(opts?.shape, 'array.fromDelayed');
  const dtype = checkDType(opts.dtype ?? 'float64', 'array.fromDelayed');
  const chunks = shape.map((n) => [n]);
  const name = `from-delayed-${tokenize(keyTree, shape, dtype)}`;
  const key = blockKey(name, shape.map(() => 0));
  const layers = new Map<string, Layer>([
    [`delayed:${keyTree}`, () => value.ssdpGraph()],
    [name, { [key]: { fn: asChunk, args: [ref(keyTree), shape, dtype] } }],
  ]);
  return new ChunkedArray({ name, shape, chunks, dtype, keys: [key], layers });
}

/**
 * The arrays to join, as Dask's concatenate/stack take them: of one dtype (NumPy's promotion,
 * int8 with float64 is float64) and chunked alike on every axis but `along` (Dask's
 * unify_chunks: each axis splits wherever any array splits it). Their shapes must agree there.
 */
function joinable(list: ChunkedArray[], along: number | undefined, where: string, shapeError: (i: number) => SsdpError): ChunkedArray[] {
  const first = list[0]!;
  for (const [i, a] of list.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((s, d) => d !== along && s !== first.shape[d])) throw shapeError(i);
  }
  const dtype = list.map((a) => a.dtype as DType).reduce((p, q) => (p === q ? p : resultDType('add', p, q)));
  const want = first.chunks.map((c, d) => {
    if (d === along || list.every((a) => sameChunks([a.chunks[d]!], [c]))) return null;
    const all = list.map((a) => a.chunks[d]!);
    if (hasUnknown(all.flat())) {
      throw new SsdpError('E_ARRAY_CHUNKS', `${where}: the arrays are chunked differently on axis ${d}, where some chunk sizes are unknown (NaN).`, {
        hint: 'Call `await x.computeChunkSizes()` on them first, or rechunk them alike.',
      });
    }
    return commonChunks(all);
  });
  return list.map((a) => {
    const typed = a.dtype === dtype ? a : a.astype(dtype);
    const target = a.chunks.map((c, d) => want[d] ?? c);
    return sameChunks(target, a.chunks) ? typed : rechunk(typed, target);
  });
}

function normaliseAxis(axis: number, ndim: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new SsdpError('E_ARRAY_AXIS', `${where}: axis ${axis} is out of range for ${ndim} dimension${ndim === 1 ? '' : 's'}.`, {
      hint: `Use an axis from ${-ndim} to ${ndim - 1}.`,
    });
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Joins equal-shaped arrays along a new axis (`da.stack`). Each input block becomes a block with
 * an extra axis of length 1; blocks made by `fromDelayed` are re-declared with the new shape
 * directly, so stacking adds no tasks of its own to the work.
 */
export function stack(arrays: readonly ChunkedArray[], axis = 0): ChunkedArray {
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new SsdpError('E_ARRAY_ARGUMENT', 'array.stack: needs a non-empty list of arrays.');
  }
  const given = arrays.map((a, i) => requireArray(a, `array.stack: item ${i}`));
  const ax = normaliseAxis(axis, given[0]!.ndim + 1, 'array.stack');
  const list = joinable(given, undefined, 'array.stack', (i) =>
    new SsdpError('E_ARRAY_SHAPE', `array.stack: item ${i} has shape [${given[i]!.shape.join(', ')}] but item 0 has [${given[0]!.shape.join(', ')}].`, {
      hint: 'All stacked arrays must have the same shape.',
    }),
  );
  const first = list[0]!;
  const dtype = first.dtype;
  const shape = [...first.shape];
  shape.splice(ax, 0, list.length);
  const chunks = first.chunks.map((c) => [...c]);
  chunks.splice(ax, 0, list.map(() => 1));
  const token = tokenize('stack', ax, list.map((a) => a.name));
  return fromBlockTasks(
    'stack',
    token,
    shape,
    chunks,
    dtype,
    (idx, bs) => {
      const src = list[idx[ax]!]!;
      const inner = idx.filter((_, d) => d !== ax);
      const srcKey = src.blockKey(inner);
      const own = src.layers.get(src.name);
      const srcTask = (own ? layerGraph(own)[srcKey] : undefined) as Task | undefined;
      // fromDelayed's check folds into the stacked view; a mapBlocks check (with its source) stays,
      // so its message gives the mapBlocks block's own shape
      if (srcTask && srcTask.fn === asChunk && srcTask.args.length === 3) return { fn: asChunk, args: [srcTask.args[0], bs, dtype] };
      return { fn: reshapeChunk, args: [ref(srcKey), bs] };
    },
    list,
  );
}

/** Joins arrays along an existing axis (`da.concatenate`); blocks are reused as they are. */
export function concatenate(arrays: readonly ChunkedArray[], axis = 0): ChunkedArray {
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new SsdpError('E_ARRAY_ARGUMENT', 'array.concatenate: needs a non-empty list of arrays.');
  }
  const given = arrays.map((a, i) => requireArray(a, `array.concatenate: item ${i}`));
  if (given[0]!.ndim === 0) throw new SsdpError('E_ARRAY_AXIS', 'array.concatenate: cannot concatenate 0-dimensional arrays.');
  const ax = normaliseAxis(axis, given[0]!.ndim, 'array.concatenate');
  const list = joinable(given, ax, 'array.concatenate', (i) =>
    new SsdpError(
      'E_ARRAY_SHAPE',
      `array.concatenate: item ${i} (shape [${given[i]!.shape.join(', ')}]) does not match item 0 (shape [${given[0]!.shape.join(', ')}]) off axis ${ax}.`,
      { hint: 'All arrays need the same number of axes and the same length on every axis but the one joined along.' },
    ),
  );
  const first = list[0]!;
  const dtype = first.dtype;
  const shape = [...first.shape];
  shape[ax] = list.reduce((s, a) => s + a.shape[ax]!, 0);
  const chunks = first.chunks.map((c) => [...c]);
  chunks[ax] = list.flatMap((a) => a.chunks[ax]!);
  // A zero-length input contributes an empty chunk only if everything is empty.
  const keep = list.map((a) => a.shape[ax]! > 0 || shape[ax] === 0);
  const used = list.filter((_, i) => keep[i]);
  const usable = used.length ? used : [first];
  chunks[ax] = usable.flatMap((a) => a.chunks[ax]!);
  if (shape[ax] === 0) chunks[ax] = [0];
  const grid = numBlocks(chunks);
  const owner: { arr: ChunkedArray; block: number }[] = [];
  for (const a of usable) for (let b = 0; b < a.numBlocks[ax]!; b++) owner.push({ arr: a, block: b });
  const keys = blockIndices(grid).map((idx) => {
    const o = owner[idx[ax]!]!;
    const inner = [...idx];
    inner[ax] = o.block;
    return o.arr.blockKey(inner);
  });
  const name = `concatenate-${tokenize('concatenate', ax, list.map((a) => a.name))}`;
  return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(list) });
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return `the ${typeof v} ${String(v)}`;
}
