/**
 * NumPy .npy files (format version 1.0), written byte for byte as `numpy.save` writes them and
 * read back for tests and cross-checks.
 *
 * Header rules (numpy/lib/format.py): magic "\x93NUMPY", version 1 0, a little-endian uint16
 * header length, then the dict literal "{'descr': '<f4', 'fortran_order': False, 'shape': (443,
 * 235), }", followed by spaces for growth (21 minus the digits of the first dimension, so the
 * first dimension can later grow in place) and by more spaces and one '\n' so that magic + length
 * + header is a multiple of 64 bytes. The growth spaces are what let `createNpyWriter` stream
 * frames whose count is only known at the end and patch the header in place.
 */
import { open, readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { SsdpError } from '../../util/errors.js';
import { openAtomic } from '../../util/atomic-file.js';

export type NpyArray = Float32Array | Float64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

const DESCR_OF: Array<[new (n: number) => NpyArray, string]> = [
  [Float32Array, '<f4'], [Float64Array, '<f8'], [Uint8Array, '|u1'], [Int8Array, '|i1'],
  [Int16Array, '<i2'], [Uint16Array, '<u2'], [Int32Array, '<i4'], [Uint32Array, '<u4'],
];
const CTOR_OF = new Map<string, new (n: number) => NpyArray>(DESCR_OF.map(([c, d]) => [d, c]));

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;

if (endianness() !== 'LE') {
  // Typed arrays use the host's byte order and every descr above is little-endian.
  throw new Error('ssdp writes .npy files from typed arrays and needs a little-endian host');
}

export function descrOf(data: NpyArray): string {
  for (const [ctor, descr] of DESCR_OF) if (data instanceof ctor) return descr;
  throw new SsdpError('E_NPY_DTYPE', `cannot write a ${data.constructor.name} as .npy`);
}

function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The complete header (magic through '\n') numpy.save would write for this dtype and shape. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const hlen = dict.length + 1; // + '\n'
  const pad = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN);
  const total = hlen + pad;
  if (total > 0xffff) throw new SsdpError('E_NPY_HEADER', `.npy header for shape ${shapeRepr(shape)} is too long for format 1.0`);
  const out = new Uint8Array(10 + total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = total & 0xff;
  out[9] = total >> 8;
  const text = dict + ' '.repeat(pad) + '\n';
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

function bytesOf(a: NpyArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function checkShape(path: string, length: number, shape: readonly number[]): void {
  const n = shape.reduce((p, d) => p * d, 1);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || n !== length) {
    throw new SsdpError('E_NPY_SHAPE', `cannot write ${path}: shape ${shapeRepr(shape)} holds ${n} values but the data has ${length}`);
  }
}

/** Writes one array as a .npy file (atomically). */
export async function writeNpy(path: string, data: NpyArray, shape: readonly number[]): Promise<void> {
  checkShape(path, data.length, shape);
  const f = await openAtomic(path);
  try {
    await f.write(npyHeader(descrOf(data), shape));
    await f.write(bytesOf(data));
    await f.commit();
  } catch (e) {
    await f.abort();
    throw e;
  }
}

/**
 * Streams an array along its first axis: append slabs of `innerShape` one at a time, then
 * `close()` writes the final count into the header and renames the file into place. Memory stays
 * one slab, whatever the count.
 */
export interface NpyWriter {
  append(slab: NpyArray): Promise<void>;
  /** Number of slabs appended so far. */
  readonly count: number;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export async function createNpyWriter(path: string, descr: string, innerShape: readonly number[]): Promise<NpyWriter> {
  if (!CTOR_OF.has(descr)) throw new SsdpError('E_NPY_DTYPE', `cannot write dtype ${descr} to ${path}`);
  const slabLen = innerShape.reduce((p, d) => p * d, 1);
  const f = await openAtomic(path);
  const header0 = npyHeader(descr, [0, ...innerShape]);
  let count = 0;
  try {
    await f.write(header0);
  } catch (e) {
    await f.abort();
    throw e;
  }
  return {
    get count() {
      return count;
    },
    async append(slab) {
      if (descrOf(slab) !== descr || slab.length !== slabLen) {
        throw new SsdpError('E_NPY_SHAPE', `cannot append to ${path}: expected ${slabLen} values of ${descr}, got ${slab.length} of ${descrOf(slab)}`);
      }
      await f.write(bytesOf(slab));
      count++;
    },
    async close() {
      try {
        const header = npyHeader(descr, [count, ...innerShape]);
        // the growth padding keeps the header the same size for any count below 10^21
        if (header.length !== header0.length) throw new Error('npy header size changed while streaming');
        await f.write(header, 0);
        await f.commit();
      } catch (e) {
        await f.abort();
        throw e;
      }
    },
    abort: () => f.abort(),
  };
}

export interface NpyContent {
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  data: NpyArray;
}

/** Reads a .npy file of a little-endian numeric dtype (versions 1.0, 2.0, 3.0). */
export async function readNpy(path: string): Promise<NpyContent> {
  const buf = await readFile(path);
  const bad = (why: string) => new SsdpError('E_NPY_INVALID', `${path} is not a readable .npy file: ${why}`, { hint: 'Write it with numpy.save or ssdp, and check that it was not truncated.' });
  if (buf.length < 10 || !MAGIC.every((b, i) => buf[i] === b)) throw bad('missing the \\x93NUMPY magic');
  const major = buf[6]!;
  let hlen: number, start: number;
  if (major === 1) {
    hlen = buf.readUInt16LE(8);
    start = 10;
  } else if (major === 2 || major === 3) {
    hlen = buf.readUInt32LE(8);
    start = 12;
  } else throw bad(`unknown format version ${major}.${buf[7]}`);
  if (start + hlen > buf.length) throw bad('header runs past the end of the file');
  const header = buf.subarray(start, start + hlen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw bad(`cannot parse header ${JSON.stringify(header.trim())}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw bad(`bad shape (${shapeText})`);
  const ctor = CTOR_OF.get(descr.replace(/^=/, '<'));
  if (!ctor) throw bad(`unsupported dtype ${descr} (ssdp reads little-endian integers and floats)`);
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new ctor(n);
  const bytes = n * (data as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const body = start + hlen;
  if (buf.length - body !== bytes) throw bad(`expected ${bytes} data bytes for shape (${shape.join(', ')}) ${descr}, found ${buf.length - body}`);
  new Uint8Array(data.buffer).set(buf.subarray(body, body + bytes));
  return { descr, shape, fortranOrder: fortran === 'True', data };
}

/** Reads only the header (dtype, shape) without loading the data. */
export async function readNpyHeader(path: string): Promise<{ descr: string; shape: number[] }> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
    const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
    if (descr === undefined || shapeText === undefined) throw new SsdpError('E_NPY_INVALID', `${path} is not a readable .npy file`);
    return { descr, shape: shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number) };
  } finally {
    await fh.close();
  }
}
