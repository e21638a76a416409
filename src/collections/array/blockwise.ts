/**
 * `blockwise` (Dask's index notation: `blockwise(fn, 'ik', x, 'ij', y, 'jk', { concatenate: true })`)
 * and `block` (Dask's `da.block`, nested lists of arrays laid out as a grid). Blockwise lines up
 * blocks by index letter: arrays sharing a letter are cut at the same places first; a letter in
 * the inputs but not in the output is contracted (its blocks passed as a list, or joined into one
 * block with `concatenate`); `newAxes` adds output axes of a given length (one chunk each).
 */
import { ref, type Key, type TaskFn } from '../../graph/index.js';
import { fnToken, rememberCaller } from '../../graph/functions.js';
import { SsdpError } from '../../util/errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { ChunkedArray, mergeLayers, requireArray, tokenize } from './array.js';
import { blockIndices, flatIndex, hasUnknown, unknownChunksError, type Chunks } from './chunks.js';
import { concatenate } from './creation.js';
import { resultDType } from './kernels.js';
import { concatGridChunk } from './layout-kernels.js';
import { checkDType, type DType } from './ndarray.js';
import { commonChunks, rechunk, sameChunks } from './rechunk.js';
import { reshape } from './reshape.js';

export interface BlockwiseOptions {
  /** dtype of the blocks `fn` returns (default: the first array's). */
  dtype?: DType;
  /** Output axes not in any input: letter -> length. */
  newAxes?: Record<string, number>;
  /** Join the blocks along contracted letters into one block before calling `fn`. */
  concatenate?: boolean;
  /** Extra arguments passed after the blocks (plain data). */
  args?: unknown[];
  /** A name for the tasks (default: the function's name). */
  name?: string;
}

const bad = (why: string, hint = "Pass fn, the output's letters, then array and letters pairs: blockwise(fn, 'ij', x, 'ij', y, 'ji')."): never => {
  throw new SsdpError('E_ARRAY_ARGUMENT', `array.blockwise: ${why}.`, { hint });
};

export function blockwise(fn: TaskFn, outInd: string, ...rest: (ChunkedArray | string | BlockwiseOptions)[]): ChunkedArray {
  if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) bad('the first argument must be a function');
  if (typeof outInd !== 'string') bad('the second argument must be the output letters, e.g. \'ij\'');
  const opts = (rest.length % 2 === 1 ? rest.pop() : {}) as BlockwiseOptions;
  checkOptionKeys(opts, ['dtype', 'newAxes', 'concatenate', 'args', 'name'], 'array.blockwise');
  rememberCaller(fn);
  const pairs: { a: ChunkedArray; ind: string }[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const a = requireArray(rest[i], `array.blockwise: argument ${i + 3}`);
    const ind = rest[i + 1];
    if (typeof ind !== 'string' || ind.length !== a.ndim || new Set(ind).size !== ind.length) {
      bad(`array ${i / 2} has ${a.ndim} axes but letters ${JSON.stringify(ind)}`, 'Give each array one distinct letter per axis.');
    }
    if (hasUnknown(a.chunks)) throw unknownChunksError('array.blockwise');
    pairs.push({ a, ind: ind as string });
  }
  if (pairs.length === 0) bad('needs at least one array');
  if (new Set(outInd).size !== outInd.length) bad(`output letters ${JSON.stringify(outInd)} repeat a letter`);
  const newAxes = opts.newAxes ?? {};
  // chunks per letter: cut wherever any array using it is cut
  const letterChunks = new Map<string, number[]>();
  for (const letter of new Set(pairs.flatMap((p) => [...p.ind]))) {
    const users = pairs.flatMap((p) => [...p.ind].map((l, d) => (l === letter ? p.a.chunks[d]! : null)).filter((c): c is number[] => c !== null));
    const total = users[0]!.reduce((s, n) => s + n, 0);
    if (users.some((c) => c.reduce((s, n) => s + n, 0) !== total)) bad(`letter ${letter} stands for axes of different lengths`);
    letterChunks.set(letter, commonChunks(users));
  }
  for (const [l, n] of Object.entries(newAxes)) {
    if (letterChunks.has(l)) bad(`new axis ${l} is already an input letter`);
    if (!Number.isInteger(n) || n < 0) bad(`new axis ${l} needs a whole length >= 0, got ${n}`);
    letterChunks.set(l, [n]);
  }
  for (const l of outInd) if (!letterChunks.has(l)) bad(`output letter ${l} is in no input and not in newAxes`);
  const aligned = pairs.map(({ a, ind }) => {
    const want: Chunks = [...ind].map((l) => letterChunks.get(l)!);
    return { a: sameChunks(want, a.chunks) ? a : rechunk(a, want), ind };
  });
  const contracted = [...letterChunks.keys()].filter((l) => !outInd.includes(l) && !(l in newAxes));
  const chunks: Chunks = [...outInd].map((l) => [...letterChunks.get(l)!]);
  const shape = chunks.map((c) => c.reduce((s, n) => s + n, 0));
  const dtype = checkDType(opts.dtype ?? pairs[0]!.a.dtype, 'array.blockwise');
  const fname = opts.name ?? ((typeof fn === 'function' ? fn.name : fn.name) || 'blockwise');
  const name = `${fname.replace(/[^A-Za-z_]+/g, '_')}-${tokenize('blockwise', fnToken(fn), outInd, aligned.map((p) => [p.a.name, p.ind]), newAxes, !!opts.concatenate, opts.args ?? [], dtype)}`;
  const layer: Record<Key, { fn: TaskFn; args: unknown[] }> = {};
  const keys: Key[] = [];
  const cgrid = contracted.map((l) => letterChunks.get(l)!.length);
  for (const idx of blockIndices(chunks.map((c) => c.length))) {
    const k = `${name}-${idx.join('-') || '0'}`;
    const at = new Map([...outInd].map((l, d) => [l, idx[d]!]));
    const args = aligned.map(({ a, ind }, ai) => {
      const own = contracted.filter((l) => ind.includes(l));
      const keyAt = (cidx: Map<string, number>) => a.keys[flatIndex([...ind].map((l) => cidx.get(l) ?? at.get(l)!), a.numBlocks)]!;
      if (own.length === 0) return ref(keyAt(new Map()));
      // the blocks along the contracted letters, C-order in the array's own axis order
      const ordered = [...ind].filter((l) => own.includes(l));
      const grid = ordered.map((l) => cgrid[contracted.indexOf(l)]!);
      const list = blockIndices(grid).map((ci) => ref(keyAt(new Map(ordered.map((l, j) => [l, ci[j]!])))));
      if (!opts.concatenate) return nest(list, grid);
      const ck = `${name}-concat-${ai}-${idx.join('-') || '0'}`;
      layer[ck] = { fn: concatGridChunk, args: [list, grid, ordered.map((l) => ind.indexOf(l))] };
      return ref(ck);
    });
    layer[k] = { fn, args: [...args, ...(opts.args ?? [])] };
    keys.push(k);
  }
  return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: mergeLayers(aligned.map((p) => p.a), [[name, layer]]) });
}

/** A flat C-order list as nested lists of `grid` (Dask passes contracted blocks nested). */
function nest<T>(list: T[], grid: number[]): unknown {
  if (grid.length <= 1) return list;
  const inner = grid.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: grid[0]! }, (_, i) => nest(list.slice(i * inner, (i + 1) * inner), grid.slice(1)));
}

type Nested = ChunkedArray | readonly Nested[];

/**
 * Arrays laid out by nested lists (`da.block`): the innermost lists join along the last axis, the
 * next along the one before, and so on; arrays with fewer axes get leading axes of length 1.
 */
export function block(arrays: Nested): ChunkedArray {
  const depthOf = (n: Nested, path: string): number => {
    if (n instanceof ChunkedArray) return 0;
    if (!Array.isArray(n) || n.length === 0) bad(`${path} must be a non-empty list of arrays or lists`, 'Pass nested lists such as [[a, b], [c, d]].');
    const ds = n.map((m, i) => depthOf(m, `${path}[${i}]`));
    if (ds.some((d) => d !== ds[0])) {
      throw new SsdpError('E_ARRAY_ARGUMENT', `array.block: ${path} mixes lists and arrays at the same depth.`, { hint: 'Every entry of one list must be an array, or every entry a list.' });
    }
    return ds[0]! + 1;
  };
  if (arrays instanceof ChunkedArray) return arrays;
  const depth = depthOf(arrays, 'arrays');
  const leaves: ChunkedArray[] = [];
  const collect = (n: Nested): void => (n instanceof ChunkedArray ? void leaves.push(n) : n.forEach(collect));
  collect(arrays);
  const nd = Math.max(depth, ...leaves.map((a) => a.ndim));
  const dtype = leaves.map((a) => a.dtype as DType | number).reduce((p, q) => resultDType('add', p, q)) as DType;
  const rec = (n: Nested, level: number): ChunkedArray => {
    if (n instanceof ChunkedArray) {
      const up = n.ndim < nd ? reshape(n, [...Array(nd - n.ndim).fill(1), ...n.shape]) : n;
      return up.dtype === dtype ? up : up.astype(dtype);
    }
    const parts = n.map((m) => rec(m, level + 1));
    const axis = nd - depth + level;
    return concatenate(parts, axis); // which unifies their chunks off the axis
  };
  return rec(arrays, 0);
}

