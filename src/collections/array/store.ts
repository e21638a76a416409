/**
 * Writing arrays out block by block (Dask's `da.store`) and reading them back lazily. Each block
 * is written by its own task the moment it is computed, at its place in the target, so no task
 * holds the whole array. Targets are written under a temporary name and moved into place only
 * when every block has been written: a failed or interrupted store leaves the target as it was.
 */
import { closeSync, ftruncateSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { get, ref, type GetOptions, type Graph, type Key, type Task } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { onStop } from '../../util/stop-on-exit.js';
import { checkOptionKeys } from '../option-keys.js';
import { OPTION_NAMES } from '../../graph/options.js';
import { ChunkedArray, layerGraph, requireArray, tokenize } from './array.js';
import { blockIndices, hasUnknown, normalizeChunks, numBlocks, offsets, unknownChunksError, type ChunksSpec } from './chunks.js';
import { checkDType, itemSize, sizeOf, type DType } from './ndarray.js';
import { npyHeader, readNpyBlock, readNpyHeader, writeNpyBlock } from './npy.js';
import { checkDistinct, checkTarget, removeStaleTemps, tempSibling } from '../write-target.js';

/** A target opened for one source: the write task of each block, then commit or abort. */
export interface OpenTarget {
  /** The task writing block `idx` (its computed value at `block`) starting at `start`. */
  task(block: Key, idx: number[], start: number[]): Task;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Where `store` writes one array: made by `npyTarget` or `zarrTarget`. */
export interface StoreTarget {
  readonly description: string;
  /** The file or folder written, when there is one (two targets may not share it). */
  readonly path?: string;
  open(x: ChunkedArray): Promise<{ target: OpenTarget; source: ChunkedArray }>;
}

export function checkFolder(path: string, where: string): void {
  const dir = dirname(path);
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new SsdpError('E_ARRAY_STORE', `${where}: the folder ${dir} of ${path} does not exist.`, { hint: 'Create the folder first.' });
}

/**
 * A .npy file at `path` (replaced only once every block is written); `dtype` converts on the way.
 * An existing non-empty file is replaced only with `overwrite: true`, and only if it is a .npy file.
 */
export function npyTarget(path: string, opts: { dtype?: DType; overwrite?: boolean } = {}, madeBy = 'array.npyTarget'): StoreTarget {
  checkOptionKeys(opts, ['dtype', 'overwrite'], 'array.npyTarget');
  if (typeof path !== 'string' || path === '') throw new SsdpError('E_ARRAY_ARGUMENT', 'array.toNpy: the path must be a non-empty string.');
  return {
    description: path,
    path,
    async open(x) {
      checkFolder(path, 'array.toNpy');
      // numpy.save writes through a symlink: the file it points to is replaced, the link kept
      const dest = checkTarget(path, 'npy', opts.overwrite === true, 'array.toNpy', madeBy);
      removeStaleTemps(dest);
      if (hasUnknown(x.chunks)) throw unknownChunksError('array.toNpy');
      const dtype = checkDType(opts.dtype ?? x.dtype, 'array.toNpy');
      const header = npyHeader(dtype, x.shape);
      const tmp = tempSibling(dest);
      const fd = openSync(tmp, 'wx');
      try {
        writeSync(fd, header);
        ftruncateSync(fd, header.length + sizeOf(x.shape) * itemSize(dtype));
      } finally {
        closeSync(fd);
      }
      const unregister = onStop(async () => rmSync(tmp, { force: true }), () => rmSync(tmp, { force: true }));
      const shape = [...x.shape];
      return {
        source: x,
        target: {
          task: (block, _idx, start) => ({ fn: writeNpyBlock, args: [ref(block), tmp, header.length, shape, start, dtype] }),
          async commit() {
            renameSync(tmp, dest);
            unregister();
          },
          async abort() {
            rmSync(tmp, { force: true });
            unregister();
          },
        },
      };
    },
  };
}

function isTarget(t: unknown): t is StoreTarget {
  return typeof t === 'object' && t !== null && typeof (t as StoreTarget).open === 'function';
}

/**
 * Computes `sources` and writes each into its target block by block, in one run (blocks the
 * sources share are computed once). A string target ending in `.npy` is a .npy file. Either every
 * target is written, or none is changed.
 */
export async function store(
  sources: ChunkedArray | readonly ChunkedArray[],
  targets: StoreTarget | string | readonly (StoreTarget | string)[],
  opts: GetOptions & { overwrite?: boolean } = {},
): Promise<void> {
  checkOptionKeys(opts, ['overwrite', ...OPTION_NAMES], 'array.store');
  const { overwrite, ...run } = opts;
  const plan = await planStore(sources, targets, overwrite === true);
  try {
    await get(plan.graph, plan.keys, run);
  } catch (e) {
    await plan.abort();
    throw e;
  }
  await plan.commit();
}

/** The targets opened and the graph that writes them: one write task per source block. */
export interface StorePlan {
  graph: Graph;
  keys: Key[];
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function planStore(
  sources: ChunkedArray | readonly ChunkedArray[],
  targets: StoreTarget | string | readonly (StoreTarget | string)[],
  overwrite = false,
): Promise<StorePlan> {
  const srcs = (Array.isArray(sources) ? sources : [sources]).map((s, i) => requireArray(s, `array.store: source ${i}`));
  const tgts = (Array.isArray(targets) ? targets : [targets]).map((t, i) => {
    if (typeof t === 'string' && t.endsWith('.npy')) return npyTarget(t, overwrite ? { overwrite } : {}, 'array.store');
    if (overwrite && isTarget(t)) {
      throw new SsdpError('E_ARRAY_ARGUMENT', `array.store: { overwrite: true } applies to targets given as paths; target ${i} (${t.description}) was made by npyTarget or zarrTarget, which take their own overwrite.`, {
        hint: "Pass it where the target is made: array.npyTarget(path, { overwrite: true }) or array.zarrTarget(path, { overwrite: true }).",
      });
    }
    if (!isTarget(t)) {
      throw new SsdpError('E_ARRAY_ARGUMENT', `array.store: target ${i} is neither a .npy path nor a target made by npyTarget/zarrTarget.`, {
        hint: "Pass e.g. 'out.npy', array.npyTarget(path) or array.zarrTarget(path).",
      });
    }
    return t;
  });
  if (srcs.length !== tgts.length) {
    throw new SsdpError('E_ARRAY_ARGUMENT', `array.store: ${srcs.length} sources but ${tgts.length} targets.`, { hint: 'Give one target per source.' });
  }
  checkDistinct(tgts.flatMap((t) => (t.path === undefined ? [] : [t.path])), 'array.store', 'E_ARRAY_STORE');
  const opened: OpenTarget[] = [];
  const abort = async () => {
    for (const t of opened) await t.abort().catch(() => {});
  };
  try {
    const graph: Graph = {};
    const keys: Key[] = [];
    for (const [i, t] of tgts.entries()) {
      const { target, source } = await t.open(srcs[i]!);
      opened.push(target);
      for (const layer of source.layers.values()) Object.assign(graph, layerGraph(layer));
      const name = `store-${tokenize('store', source.name, t.description, i)}`;
      const offs = source.chunks.map((c) => offsets(c));
      blockIndices(source.numBlocks).forEach((idx, b) => {
        const k = `${name}-${b}`;
        graph[k] = target.task(source.keys[b]!, idx, idx.map((j, d) => offs[d]![j]!));
        keys.push(k);
      });
    }
    return {
      graph,
      keys,
      abort,
      async commit() {
        for (const t of opened) await t.commit();
      },
    };
  } catch (e) {
    await abort();
    throw e;
  }
}

/** Writes `x` to a .npy file (numpy.load reads it), one block at a time. */
export async function toNpy(x: ChunkedArray, path: string, opts: GetOptions & { dtype?: DType; overwrite?: boolean } = {}): Promise<void> {
  checkOptionKeys(opts, ['dtype', 'overwrite', ...OPTION_NAMES], 'array.toNpy');
  const { dtype, overwrite, ...run } = opts;
  return store([x], [npyTarget(path, { ...(dtype ? { dtype } : {}), ...(overwrite ? { overwrite } : {}) }, 'array.toNpy')], run);
}

/**
 * A chunked array read lazily from a .npy file (each block reads only its bytes when computed).
 * NumPy's int64/uint64 are read as float64 (ssdp has no 64-bit integers; exact up to 2**53).
 */
export function fromNpy(path: string, opts: { chunks?: ChunksSpec } = {}): ChunkedArray {
  checkOptionKeys(opts, ['chunks'], 'array.fromNpy');
  const h = readNpyHeader(path);
  const size = statSync(path).size;
  if (size < h.offset + sizeOf(h.shape) * h.itemsize) {
    throw new SsdpError('E_ARRAY_NPY', `${path}: the file holds ${size} bytes, fewer than its header's shape [${h.shape.join(', ')}] needs.`, {
      hint: 'The file was cut short; write it again.',
    });
  }
  const chunks = normalizeChunks(opts.chunks, h.shape, 'array.fromNpy');
  const name = `from-npy-${tokenize('from-npy', path, statSync(path).mtimeMs, size, chunks)}`;
  const offs = chunks.map((c) => offsets(c));
  const layer: Graph = {};
  const keys = blockIndices(numBlocks(chunks)).map((idx) => {
    const k = `${name}-${idx.join('-') || '0'}`;
    layer[k] = { fn: readNpyBlock, args: [path, h, idx.map((j, d) => offs[d]![j]!), idx.map((j, d) => chunks[d]![j]!)] };
    return k;
  });
  return new ChunkedArray({ name, shape: [...h.shape], chunks, dtype: h.dtype, keys, layers: new Map([[name, layer]]) });
}
