/**
 * Zarr v2 and v3 stores on the file system through zarrita (the maintained JavaScript zarr
 * library): `toZarr`/`zarrTarget` write one zarr chunk per array block (the array is rechunked to
 * the store's regular chunk grid first), so blocks write in parallel without touching each other's
 * files; `fromZarr` reads lazily, one block per zarr chunk. Writes go to a temporary folder moved
 * into place when every chunk is written. Kernels are exported by name for workers.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as Zarr from 'zarrita';
import type FileSystemStore from '@zarrita/storage/fs';
import { ref, type GetOptions, type Graph } from '../../graph/index.js';
import { SsdpError } from '../../util/errors.js';
import { onStop } from '../../util/stop-on-exit.js';
import { checkOptionKeys } from '../option-keys.js';
import { OPTION_NAMES } from '../../graph/options.js';
import { ChunkedArray, tokenize } from './array.js';
import { blockIndices, hasUnknown, normalizeChunks, numBlocks, regularChunks, unknownChunksError, type ChunksSpec } from './chunks.js';
import { allocate, checkDType, sizeOf, type DType, type NDArray, type TypedArray } from './ndarray.js';
import { rechunk } from './rechunk.js';
import { checkFolder, store, type StoreTarget } from './store.js';
import { checkTarget, removeStaleTemps, tempSibling } from '../write-target.js';

// loaded on first use, so importing ssdp's arrays (and every worker) does not load zarrita
type ZarrArray = Zarr.Array<Zarr.DataType, FileSystemStore>;
const lib = (): Promise<typeof Zarr> => import('zarrita');
async function fsStore(path: string): Promise<FileSystemStore> {
  return new (await import('@zarrita/storage/fs')).default(path);
}
async function openAt(path: string): Promise<ZarrArray> {
  return (await (await lib()).open(await fsStore(path), { kind: 'array' })) as ZarrArray;
}

const V2: Record<DType, string> = { float32: '<f4', float64: '<f8', int8: '|i1', int16: '<i2', int32: '<i4', uint8: '|u1', uint16: '<u2', uint32: '<u4', bool: '|b1' };
/** zarrita's dtype names (v3's) that ssdp reads; int64/uint64 become float64 as in fromNpy. */
const FROM_ZARR: Record<string, DType> = { float32: 'float32', float64: 'float64', int8: 'int8', int16: 'int16', int32: 'int32', uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', bool: 'bool', int64: 'float64', uint64: 'float64' };

export interface ZarrOptions {
  /** Zarr format version: 2 or 3 (default 3). */
  format?: 2 | 3;
  /** Convert to this dtype on the way. */
  dtype?: DType;
  /** Replace a zarr array already at the path (never a folder that is not a zarr array). */
  overwrite?: boolean;
}

async function openArray(path: string, where: string): Promise<ZarrArray> {
  try {
    return await openAt(path);
  } catch (e) {
    throw whyNotArray(path, where) ?? new SsdpError('E_ARRAY_ZARR', `${where}: ${path} is not a zarr array (${(e as Error).message}).`, {
      hint: 'Give the folder holding .zarray (zarr v2) or zarr.json (zarr v3).',
    });
  }
}

const V2_NAMES: Record<string, string> = { f2: 'float16', c8: 'complex64', c16: 'complex128', M8: 'datetime64', m8: 'timedelta64', U: 'unicode string', S: 'byte string', O: 'object', V: 'structured/void' };

/**
 * What zarrita's "Not found" means for a folder it could not open: a group (name its arrays), or
 * a v2 array of a dtype zarrita does not read (float16...). Undefined when it is neither.
 */
function whyNotArray(path: string, where: string): SsdpError | undefined {
  const meta = (f: string): Record<string, any> | undefined => {
    try {
      return JSON.parse(readFileSync(join(path, f), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const draft = draftV3Store(path, where);
  if (draft) return draft;
  const v2 = meta('.zarray');
  if (v2 && v2.dtype !== undefined && typeof v2.dtype !== 'string') {
    // a structured (record) dtype is a list of [name, type] fields; zarrita failed on it inside
    const fields = Array.isArray(v2.dtype) ? v2.dtype.map((f: unknown) => (Array.isArray(f) ? `('${f[0]}', '${typeof f[1] === 'string' ? f[1] : JSON.stringify(f[1])}')` : JSON.stringify(f))).join(', ') : JSON.stringify(v2.dtype);
    return new SsdpError('E_ARRAY_ZARR', `${where}: ${path} is a zarr v2 array of structured dtype [${fields}], which ssdp arrays do not have (one number type per array).`, {
      hint: `Supported: ${Object.keys(FROM_ZARR).join(', ')}. Save each field as its own array in Python first, e.g. z = zarr.open('${path}', mode='r'); zarr.array(z['${Array.isArray(v2.dtype) && Array.isArray(v2.dtype[0]) ? v2.dtype[0][0] : 'a'}'], chunks=z.chunks, store='field.zarr').`,
    });
  }
  const code = typeof v2?.dtype === 'string' ? v2.dtype.replace(/^[<>|=]/, '') : undefined;
  if (code !== undefined && !['f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1'].includes(code)) {
    const name = V2_NAMES[code] ?? V2_NAMES[code.replace(/\d+$/, '')] ?? code;
    return new SsdpError('E_ARRAY_ZARR', `${where}: ${path} is a zarr v2 array of dtype ${v2!.dtype} (${name}), which ssdp arrays do not have.`, {
      hint: `Supported: ${Object.keys(FROM_ZARR).join(', ')}${code === 'f2' ? "; convert it in Python first, e.g. zarr.save('out.zarr', z[:].astype('f4'))" : ''}.`,
    });
  }
  const v3 = meta('zarr.json');
  if (meta('.zgroup') || v3?.node_type === 'group') {
    const arrays = arraysIn(path, '', 3).slice(0, 8);
    return new SsdpError('E_ARRAY_ZARR', `${where}: ${path} is a zarr group, not an array; ${arrays.length ? `name an array inside: ${arrays.map((a) => join(path, a)).join(', ')}` : 'it holds no array'}.`, {
      hint: arrays.length ? `E.g. array.fromZarr('${join(path, arrays[0]!)}').` : 'Give the folder of a zarr array (it holds .zarray or an array zarr.json).',
    });
  }
  return undefined;
}

/** The draft v3 protocol zarr-python 2.x writes with zarr_version=3 (never final; zarrita reads final v3 only). */
const DRAFT_V3 = 'https://purl.org/zarr/spec/protocol/core/3.0';

/**
 * A path in (or at the root of) a draft-v3 store: its root holds a zarr.json whose zarr_format is
 * the draft protocol URL, arrays are meta/root/NAME.array.json with chunks under data/root/NAME.
 * Such a store opened as final v3 is only "not found", so it is named here with what to do.
 */
function draftV3Store(path: string, where: string): SsdpError | undefined {
  let dir = resolve(path);
  for (let up = 0; up < 8; up++) {
    let head: { zarr_format?: unknown } | undefined;
    try {
      head = JSON.parse(readFileSync(join(dir, 'zarr.json'), 'utf8'));
    } catch {
      head = undefined;
    }
    if (head && typeof head.zarr_format === 'string' && head.zarr_format.startsWith(DRAFT_V3.replace(/3\.0$/, ''))) {
      const arrays = draftArrays(join(dir, 'meta', 'root'), '').slice(0, 8);
      const name = arrays[0] ?? 'NAME';
      return new SsdpError('E_ARRAY_ZARR', `${where}: ${path} is ${up === 0 ? '' : `inside ${dir}, `}a zarr v3 draft store (zarr_format ${head.zarr_format}), the layout zarr-python 2.x writes with zarr_version=3 under ZARR_V3_EXPERIMENTAL_API; that draft was never final and ssdp reads zarr v2 and final v3 only${arrays.length ? `; it holds the array${arrays.length > 1 ? 's' : ''} ${arrays.join(', ')}` : ''}.`, {
        hint: `Save the array again as zarr v2 (or as final v3 with zarr-python 3) and read that, e.g. ZARR_V3_EXPERIMENTAL_API=1 python3 -c "import zarr; z = zarr.open_array('${dir}', mode='r', zarr_version=3, path='${name}'); zarr.array(z[...], chunks=z.chunks, store='${name}.zarr')", then array.fromZarr('${name}.zarr').`,
      });
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Array names in a draft-v3 store's meta/root folder (`NAME.array.json`, nested in groups). */
function draftArrays(metaRoot: string, rel: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(metaRoot, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const sub = rel ? `${rel}/${e.name}` : e.name;
    if (e.isFile() && e.name.endsWith('.array.json')) out.push(sub.slice(0, -'.array.json'.length));
    else if (e.isDirectory()) out.push(...draftArrays(metaRoot, sub));
  }
  return out;
}

/** Arrays under a group folder (relative paths), `depth` levels down. */
function arraysIn(root: string, rel: string, depth: number): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, rel), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const sub = rel ? join(rel, n) : n;
    const dir = join(root, sub);
    let v3: { node_type?: unknown } | undefined;
    try {
      v3 = JSON.parse(readFileSync(join(dir, 'zarr.json'), 'utf8'));
    } catch {
      v3 = undefined;
    }
    if (existsSync(join(dir, '.zarray')) || v3?.node_type === 'array') out.push(sub);
    else if (depth > 1 && (existsSync(join(dir, '.zgroup')) || v3?.node_type === 'group')) out.push(...arraysIn(root, sub, depth - 1));
  }
  return out;
}

/** Writes one block as the zarr chunk at `idx` (the block is that chunk, or the edge part of it). */
export async function writeZarrBlock(block: NDArray, path: string, idx: number[], chunkShape: number[], dtype: DType): Promise<number> {
  if (block.data.length === 0) return 0; // a zero-size array has no chunk files
  const zarr = await lib();
  const arr = await openAt(path);
  if (block.shape.length === 0) {
    // zarrita sets a 0-d array from a scalar, not from a 0-d view
    await zarr.set(arr, null, (dtype === 'bool' ? block.data[0] !== 0 : block.data[0]) as never);
    return block.data.byteLength;
  }
  const data: unknown = dtype === 'bool' ? new zarr.BoolArray(block.data.buffer, block.data.byteOffset, block.data.length) : block.data;
  const sel = idx.map((b, d) => zarr.slice(b * chunkShape[d]!, b * chunkShape[d]! + block.shape[d]!));
  const stride = block.shape.map((_, d) => block.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  await zarr.set(arr, sel, { data, shape: block.shape, stride } as never);
  return block.data.byteLength;
}

/** Where a store keeps its chunk files, and whether they are Blosc frames (which carry their size). */
interface ChunkLayout {
  file(coords: readonly number[]): string;
  blosc: boolean;
}

function chunkLayout(path: string): ChunkLayout {
  const read = (f: string): Record<string, any> | null => (existsSync(join(path, f)) ? JSON.parse(readFileSync(join(path, f), 'utf8')) : null);
  const v2 = read('.zarray');
  if (v2) {
    const sep: string = v2.dimension_separator ?? '.';
    return { file: (c) => join(path, c.length ? c.join(sep) : '0'), blosc: v2.compressor?.id === 'blosc' };
  }
  const v3 = read('zarr.json') ?? {};
  const enc = v3.chunk_key_encoding ?? {};
  const blosc = ((v3.codecs ?? []) as { name?: string }[]).some((c) => c.name === 'blosc');
  if (enc.name === 'v2') {
    const sep: string = enc.configuration?.separator ?? '.';
    return { file: (c) => join(path, c.length ? c.join(sep) : '0'), blosc };
  }
  const sep: string = enc.configuration?.separator ?? '/';
  return { file: (c) => join(path, ['c', ...c].join(sep)), blosc };
}

function damaged(file: string, why: string): SsdpError {
  return new SsdpError('E_ARRAY_ZARR', `array.fromZarr: the chunk file ${file} ${why}.`, { hint: 'The store is damaged (cut short or overwritten); write it again.' });
}

/** A Blosc frame's header holds its own length: a frame cut short has fewer bytes than it says. */
function checkBloscFrame(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return; // a missing chunk is the fill value, as in zarr
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    const size = fstatSync(fd).size;
    if (n < 16) throw damaged(file, `holds ${size} bytes, less than a Blosc header`);
    const cbytes = head.readUInt32LE(12);
    if (cbytes !== size) throw damaged(file, `holds ${size} bytes where its Blosc header says ${cbytes}`);
  } finally {
    closeSync(fd);
  }
}

/** Copies the part of a decoded chunk (any strides: zarr's order F chunks come transposed) into `out`. */
function copyRegion(src: ArrayLike<number | bigint | boolean>, srcStride: readonly number[], srcStart: readonly number[], out: TypedArray, outShape: readonly number[], outStart: readonly number[], extent: readonly number[]): void {
  const nd = extent.length;
  if (extent.some((e) => e === 0)) return;
  const outStride = outShape.map((_, d) => outShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const last = nd - 1;
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  const inner = nd === 0 ? 1 : extent[last]!;
  const sIn = nd === 0 ? 0 : srcStride[last]!;
  const oIn = nd === 0 ? 0 : outStride[last]!;
  for (;;) {
    let s = 0;
    let o = 0;
    for (let d = 0; d < nd; d++) {
      const i = d < last ? idx[d]! : 0;
      s += (srcStart[d]! + i) * srcStride[d]!;
      o += (outStart[d]! + i) * outStride[d]!;
    }
    for (let k = 0; k < inner; k++) out[o + k * oIn] = Number(src[s + k * sIn]);
    let d = last - 1;
    for (; d >= 0; d--) {
      if (++idx[d]! < extent[d]!) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/**
 * Reads the region of one block (its corner `start`, its `shape`) from the zarr array at `path`,
 * chunk by chunk: each chunk's own strides are followed (order F stores), and a chunk file cut
 * short or failing to decode is E_ARRAY_ZARR naming the file (zarr raises, never gives garbage).
 */
export async function readZarrBlock(path: string, start: number[], shape: number[], dtype: DType): Promise<NDArray> {
  const zarr = await lib();
  const arr = await openAt(path);
  const out = allocate(dtype, sizeOf(shape));
  if (out.length === 0) return { shape, dtype, data: out };
  const cs = arr.chunks;
  const perChunk = sizeOf(cs);
  const layout = chunkLayout(path);
  const first = start.map((s, d) => Math.floor(s / cs[d]!));
  const count = start.map((s, d) => Math.ceil((s + shape[d]!) / cs[d]!) - first[d]!);
  for (const rel of blockIndices(count)) {
    const coords = rel.map((r, d) => first[d]! + r);
    const file = layout.file(coords);
    if (layout.blosc) checkBloscFrame(file);
    let chunk: { data: unknown; stride: number[] };
    try {
      chunk = (await arr.getChunk(coords)) as never;
    } catch (e) {
      throw damaged(file, `does not decode (${(e as Error).message.split('\n')[0]})`);
    }
    let data = chunk.data as ArrayLike<number | bigint>;
    if (data instanceof zarr.BoolArray) data = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (data.length !== perChunk) throw damaged(file, `decodes to ${data.length} values where the chunk shape [${cs.join(', ')}] needs ${perChunk}`);
    const lo = coords.map((c, d) => Math.max(c * cs[d]!, start[d]!));
    const hi = coords.map((c, d) => Math.min((c + 1) * cs[d]!, start[d]! + shape[d]!));
    copyRegion(data, chunk.stride, lo.map((l, d) => l - coords[d]! * cs[d]!), out, shape, lo.map((l, d) => l - start[d]!), hi.map((h, d) => h - lo[d]!));
  }
  return { shape, dtype, data: out };
}

/**
 * A zarr array at `path` (a folder, replaced only once every chunk is written). An existing zarr
 * array is replaced only with `overwrite: true`; a file or a folder of other files never is.
 */
export function zarrTarget(path: string, opts: ZarrOptions = {}, madeBy = 'array.zarrTarget'): StoreTarget {
  checkOptionKeys(opts, ['format', 'dtype', 'overwrite'], 'array.zarrTarget');
  const format = opts.format ?? 3;
  if (format !== 2 && format !== 3) throw new SsdpError('E_ARRAY_ARGUMENT', `array.toZarr: format must be 2 or 3, got ${JSON.stringify(opts.format)}.`);
  return {
    description: `zarr:${path}`,
    path,
    async open(x) {
      checkFolder(path, 'array.toZarr');
      checkTarget(path, 'zarr', opts.overwrite === true, 'array.toZarr', madeBy);
      removeStaleTemps(path);
      if (hasUnknown(x.chunks)) throw unknownChunksError('array.toZarr');
      const dtype = checkDType(opts.dtype ?? x.dtype, 'array.toZarr');
      // zarr chunks are one regular grid: blocks become exactly its chunks
      const chunkShape = x.chunks.map((c) => Math.max(c[0]!, 1));
      const regular = x.chunks.map((c, d) => regularChunks(x.shape[d]!, chunkShape[d]!));
      const source = (dtype === x.dtype ? x : x.astype(dtype)).rechunk(regular);
      const tmp = tempSibling(path);
      const cleanup = () => rmSync(tmp, { recursive: true, force: true });
      const unregister = onStop(async () => cleanup(), cleanup);
      mkdirSync(tmp);
      try {
        if (format === 3) {
          await (await lib()).create(await fsStore(tmp), {
            shape: [...x.shape],
            chunkShape,
            dtype: dtype as Zarr.DataType,
            codecs: [{ name: 'bytes', configuration: { endian: 'little' } }],
            fillValue: (dtype === 'bool' ? false : 0) as never,
          });
        } else {
          // zarrita creates v3 only; a v2 array is its .zarray (uncompressed, C order), which zarrita then opens
          writeFileSync(join(tmp, '.zarray'), JSON.stringify({ zarr_format: 2, shape: [...x.shape], chunks: chunkShape, dtype: V2[dtype], compressor: null, fill_value: dtype === 'bool' ? false : 0, order: 'C', filters: null, dimension_separator: '.' }, null, 2));
          writeFileSync(join(tmp, '.zattrs'), '{}');
        }
      } catch (e) {
        cleanup();
        unregister();
        throw e;
      }
      return {
        source,
        target: {
          task: (block, idx) => ({ fn: writeZarrBlock, args: [ref(block), tmp, idx, chunkShape, dtype] }),
          async commit() {
            // a zarr store is a folder: the old one goes only once the new one is complete
            const old = existsSync(path) ? tempSibling(path) : null;
            if (old) renameSync(path, old);
            renameSync(tmp, path);
            if (old) rmSync(old, { recursive: true, force: true });
            unregister();
          },
          async abort() {
            cleanup();
            unregister();
          },
        },
      };
    },
  };
}

/** Writes `x` as a zarr v3 (default) or v2 array at `path`, one zarr chunk per block, in parallel. */
export async function toZarr(x: ChunkedArray, path: string, opts: ZarrOptions & GetOptions = {}): Promise<void> {
  // its own options and compute's, so a misspelt 'format' is not reported as a compute option
  checkOptionKeys(opts, ['format', 'dtype', 'overwrite', ...OPTION_NAMES], 'array.toZarr');
  const { format, dtype, overwrite, ...run } = opts;
  return store([x], [zarrTarget(path, { ...(format ? { format } : {}), ...(dtype ? { dtype } : {}), ...(overwrite ? { overwrite } : {}) }, 'array.toZarr')], run);
}

/**
 * A chunked array read lazily from a zarr v2 or v3 array (each block reads its region when
 * computed); chunks default to the store's own. zarr's int64/uint64 are read as float64.
 */
export async function fromZarr(path: string, opts: { chunks?: ChunksSpec } = {}): Promise<ChunkedArray> {
  checkOptionKeys(opts, ['chunks'], 'array.fromZarr');
  const arr = await openArray(path, 'array.fromZarr');
  const dtype = FROM_ZARR[arr.dtype];
  if (!dtype) {
    throw new SsdpError('E_ARRAY_ZARR', `array.fromZarr: ${path} holds dtype ${arr.dtype}, which ssdp arrays do not have.`, {
      hint: `Supported: ${Object.keys(FROM_ZARR).join(', ')}.`,
    });
  }
  const shape = [...arr.shape];
  const chunks = normalizeChunks(opts.chunks ?? arr.chunks, shape, 'array.fromZarr');
  const name = `from-zarr-${tokenize('from-zarr', path, shape, dtype, chunks)}`;
  const layer: Graph = {};
  const keys = blockIndices(numBlocks(chunks)).map((idx) => {
    const k = `${name}-${idx.join('-') || '0'}`;
    const start = idx.map((b, d) => chunks[d]!.slice(0, b).reduce((a, n) => a + n, 0));
    layer[k] = { fn: readZarrBlock, args: [path, start, idx.map((b, d) => chunks[d]![b]!), dtype] };
    return k;
  });
  return new ChunkedArray({ name, shape, chunks, dtype, keys, layers: new Map([[name, layer]]) });
}
