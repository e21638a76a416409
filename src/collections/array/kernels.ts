/**
 * Chunk kernels: pure functions from chunks (NDArray) and plain numbers to a chunk. They are
 * exported from this module so that worker threads import them by name; arguments and results
 * are structured-clonable. Reductions live in reduce-kernels.ts.
 */
import { SsdpError } from '../../util/errors.js';
import {
  allocate,
  convert,
  dtypeOf,
  isFloat,
  sizeOf,
  stridesOf,
  type DType,
  type NDArray,
  type TypedArray,
} from './ndarray.js';
import { fillUniform } from './rng.js';
import { resolveBlockShape } from './chunks.js';

// ---------------------------------------------------------------------------------------------
// Sources

/** One chunk of uniform [0, 1) values: stream `stream` of `seed` (see rng.ts). */
export function randomChunk(seed: number, stream: number, shape: number[], dtype: DType): NDArray {
  const data = allocate(dtype, sizeOf(shape)) as Float32Array | Float64Array;
  fillUniform(data, seed, stream);
  return { shape, dtype, data };
}

export function fullChunk(shape: number[], value: number, dtype: DType): NDArray {
  const data = allocate(dtype, sizeOf(shape));
  if (!Object.is(value, 0)) data.fill(value); // -0 too: np.full keeps its sign
  return { shape, dtype, data };
}

/** Who produced a chunk, for messages: an API call (with its call site) and the block index. */
export interface ChunkSource {
  /** e.g. `array.mapBlocks(double) called at /home/me/run.mjs:5:13` */
  readonly what: string;
  readonly block: readonly number[];
  /** What to do about a wrong result (defaults to fromDelayed's advice). */
  readonly hint?: string;
}

/**
 * Accepts what a delayed task produced as the chunk `fromDelayed` promised: an NDArray or a bare
 * typed array of the right length, converted to the promised dtype, viewed with `shape` (which may
 * add axes of length 1, as `stack` does). `from` names another producer (a mapBlocks function)
 * in the errors, which would otherwise blame fromDelayed.
 */
export function asChunk(value: unknown, promised: number[], dtype: DType, from?: ChunkSource): NDArray {
  let data: TypedArray;
  let got: string;
  const what = from ? `${from.what} returned` : 'a delayed value given to array.fromDelayed produced';
  const where = from ? ` for block [${from.block.join(', ')}]` : '';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    data = value as TypedArray;
    got = `a ${value.constructor.name} of length ${(value as TypedArray).length}`;
  } else if (value && typeof value === 'object' && 'data' in value && 'shape' in value && ArrayBuffer.isView((value as NDArray).data)) {
    const v = value as NDArray;
    data = v.data;
    got = `an array of shape [${(Array.isArray(v.shape) ? v.shape : []).join(', ')}] (${v.data.length} values${from ? `, ${typeof v.dtype === 'string' ? v.dtype : dtypeOf(v.data)}` : ''})`;
  } else {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'a plain Array' : typeof value === 'object' ? 'an object that is not an ndarray' : typeof value;
    throw new SsdpError('E_ARRAY_CHUNK_TYPE', `${what} ${kind}${where}, not an array.`, {
      hint: from
        ? `Return an ndarray ({ shape, dtype, data }) or a typed array of the block's size (here shape [${promised.join(', ')}], dtype ${dtype}).`
        : 'Make the delayed function return an ndarray ({ shape, dtype, data }) or a typed array.',
    });
  }
  // a block of unknown length (after a boolean mask) is as long as it turned out to be
  const shape = resolveBlockShape(promised, data.length);
  if (data.length !== sizeOf(shape)) {
    const promise = from ? `but that block has shape [${shape.join(', ')}] (${sizeOf(shape)} values, ${dtype})` : `but shape [${shape.join(', ')}] (${sizeOf(shape)} values) was promised`;
    throw new SsdpError('E_ARRAY_CHUNK_SHAPE', `${what} ${got}${where}, ${promise}.`, {
      hint: from?.hint ?? 'Pass the shape the delayed function really returns to array.fromDelayed.',
    });
  }
  if (dtypeOf(data) !== dtype || (dtype === 'bool' && (value as NDArray).dtype !== 'bool')) data = convert(data, dtype);
  return { shape, dtype, data };
}

/** The same values under another shape of equal size (no copy). */
export function reshapeChunk(a: NDArray, shape: number[]): NDArray {
  return { shape, dtype: a.dtype, data: a.data };
}

export function castChunk(a: NDArray, dtype: DType): NDArray {
  if (a.dtype === dtype) return a;
  return { shape: a.shape, dtype, data: convert(a.data, dtype) };
}

// ---------------------------------------------------------------------------------------------
// Element-wise arithmetic

export type CompareOp = 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';
export const COMPARE_OPS: readonly CompareOp[] = ['gt', 'ge', 'lt', 'le', 'eq', 'ne'];
export type LogicalOp = 'and' | 'or' | 'xor';
export const LOGICAL_OPS: readonly LogicalOp[] = ['and', 'or', 'xor'];
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'mod' | 'maximum' | 'minimum' | CompareOp | LogicalOp;
export const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'mod', 'maximum', 'minimum', ...COMPARE_OPS, ...LOGICAL_OPS];

export type UnaryOp = 'neg' | 'abs' | 'sqrt' | 'exp' | 'log' | 'log10' | 'isnan' | 'floor' | 'ceil' | 'round' | 'not';
export const UNARY_OPS: readonly UnaryOp[] = ['neg', 'abs', 'sqrt', 'exp', 'log', 'log10', 'isnan', 'floor', 'ceil', 'round', 'not'];

const INT_RANK: Record<string, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 3, uint32: 3 };

function promoteInts(a: DType, b: DType): DType {
  if (a === b) return a;
  const ra = INT_RANK[a]!;
  const rb = INT_RANK[b]!;
  const signed = a.startsWith('int') || b.startsWith('int');
  const unsignedWidest = (!a.startsWith('int') && ra >= rb) || (!b.startsWith('int') && rb >= ra);
  const r = Math.max(ra, rb);
  // A signed and an unsigned of the same width need the next signed width (NumPy's rule).
  const need = signed && unsignedWidest && a.startsWith('int') !== b.startsWith('int') ? r + 1 : r;
  if (need > 3) return 'float64';
  const bits = [0, 8, 16, 32][need];
  return (signed ? `int${bits}` : `uint${bits}`) as DType;
}

/**
 * NumPy's np.min_scalar_type of an integer, except that a positive one meeting a signed array is
 * taken as signed (NumPy 1.24 does so: int8 + 1000 is int16); int64/uint64 become float64.
 */
function minIntType(v: number, signed: boolean): DType {
  if (v >= 0 && signed) return v <= 0x7f ? 'int8' : v <= 0x7fff ? 'int16' : v <= 0x7fffffff ? 'int32' : 'float64';
  if (v >= 0) return v <= 0xff ? 'uint8' : v <= 0xffff ? 'uint16' : v <= 0xffffffff ? 'uint32' : 'float64';
  return v >= -0x80 ? 'int8' : v >= -0x8000 ? 'int16' : v >= -0x80000000 ? 'int32' : 'float64';
}

/**
 * An array with a plain number, by NumPy 1.24's value-based casting (what Dask 2022 gives, and what
 * the tests compare against): a number of the array's kind or lower widens the dtype only as far
 * as its value needs (int8 + 1000 is int16, uint8 + -1 is int16, float32 + 70000 is float64), so
 * nothing wraps; a fractional number with an integer array gives float64.
 */
function scalarResultDType(arr: DType, num: number): DType {
  if (arr === 'float64') return 'float64';
  if (!Number.isInteger(num)) {
    if (arr !== 'float32') return 'float64';
    return Number.isFinite(num) && Math.abs(num) > 3.4028234663852886e38 ? 'float64' : 'float32';
  }
  const t = minIntType(num, arr.startsWith('int'));
  if (t === 'float64') return 'float64';
  if (arr === 'float32') return INT_RANK[t]! <= 2 ? 'float32' : 'float64';
  return promoteInts(arr, t);
}

/**
 * The dtype of `a op b`, NumPy-like for these dtypes: floats win; float32 stays float32 against
 * small ints; a plain number widens the array's dtype only as far as its value needs (NumPy
 * 1.24's value-based casting); true division of integers gives float64. (There is no int64: it
 * becomes float64.)
 */
export function resultDType(op: BinaryOp, a: DType | number, b: DType | number): DType {
  if ((COMPARE_OPS as readonly string[]).includes(op) || (LOGICAL_OPS as readonly string[]).includes(op)) return 'bool';
  if (a === 'bool' || b === 'bool') return boolResultDType(op, a, b);
  let d: DType;
  if (typeof a === 'number' && typeof b === 'number') d = 'float64';
  else if (typeof a === 'number' || typeof b === 'number') {
    d = scalarResultDType((typeof a === 'number' ? b : a) as DType, (typeof a === 'number' ? a : b) as number);
  } else if (isFloat(a) || isFloat(b)) {
    if (a === 'float64' || b === 'float64') d = 'float64';
    else {
      const other = a === 'float32' ? b : a;
      d = other === 'float32' || INT_RANK[other]! <= 2 ? 'float32' : 'float64';
    }
  } else d = promoteInts(a, b);
  if (op === 'div' && !isFloat(d)) d = 'float64';
  return d;
}

/**
 * NumPy's arithmetic with bool: bool with bool stays bool for + * maximum minimum (they act as
 * or/and), minus is refused as NumPy refuses it, ** and % give int8; a bool array with a plain
 * number is int64 in NumPy, float64 here (no int64); with another dtype, that dtype.
 */
function boolResultDType(op: BinaryOp, a: DType | number, b: DType | number): DType {
  if (a === 'bool' && b === 'bool') {
    if (op === 'sub') {
      throw new SsdpError('E_ARRAY_DTYPE', 'array.sub: subtracting two bool arrays is not supported (NumPy refuses it too).', {
        hint: 'Use array.logicalXor for "one but not the other", or convert with .astype(\'int8\') first.',
      });
    }
    if (op === 'div') return 'float64';
    return op === 'pow' || op === 'mod' ? 'int8' : 'bool';
  }
  if (typeof a === 'number' || typeof b === 'number') return 'float64';
  const other = (a === 'bool' ? b : a) as DType;
  return op === 'div' && !isFloat(other) ? 'float64' : other;
}

export function unaryResultDType(op: UnaryOp, a: DType): DType {
  if (op === 'isnan' || op === 'not') return 'bool';
  if (a === 'bool' && op === 'neg') {
    throw new SsdpError('E_ARRAY_DTYPE', 'array.neg: negating a bool array is not supported (NumPy refuses it too).', {
      hint: 'Use array.logicalNot (or .not()) to flip true and false.',
    });
  }
  if (op === 'neg' || op === 'abs' || op === 'floor' || op === 'ceil' || op === 'round') return a;
  return isFloat(a) ? a : 'float64';
}

function binaryFn(op: BinaryOp): (x: number, y: number) => number {
  switch (op) {
    case 'add':
      return (x, y) => x + y;
    case 'sub':
      return (x, y) => x - y;
    case 'mul':
      return (x, y) => x * y;
    case 'div':
      return (x, y) => x / y;
    case 'pow':
      return (x, y) => x ** y;
    case 'mod':
      // NumPy's mod takes the sign of the divisor.
      return (x, y) => {
        const r = x % y;
        return r !== 0 && r < 0 !== y < 0 ? r + y : r;
      };
    case 'maximum':
      return (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y);
    case 'minimum':
      return (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y);
    case 'gt':
      return (x, y) => (x > y ? 1 : 0);
    case 'ge':
      return (x, y) => (x >= y ? 1 : 0);
    case 'lt':
      return (x, y) => (x < y ? 1 : 0);
    case 'le':
      return (x, y) => (x <= y ? 1 : 0);
    case 'eq':
      return (x, y) => (x === y ? 1 : 0);
    case 'ne':
      return (x, y) => (x !== y ? 1 : 0);
    // NaN counts as true, as NumPy's bool(nan)
    case 'and':
      return (x, y) => (x !== 0 && y !== 0 ? 1 : 0);
    case 'or':
      return (x, y) => (x !== 0 || y !== 0 ? 1 : 0);
    case 'xor':
      return (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0);
  }
}

function unaryFn(op: UnaryOp): (x: number) => number {
  switch (op) {
    case 'neg':
      return (x) => -x;
    case 'abs':
      return Math.abs;
    case 'sqrt':
      return Math.sqrt;
    case 'exp':
      return Math.exp;
    case 'log':
      return Math.log;
    case 'log10':
      return Math.log10;
    case 'isnan':
      return (x) => (x !== x ? 1 : 0);
    case 'not':
      return (x) => (x === 0 ? 1 : 0);
    case 'floor':
      return Math.floor;
    case 'ceil':
      return Math.ceil;
    case 'round':
      // NumPy rounds halves to even.
      return (x) => {
        const r = Math.round(x);
        return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
      };
  }
}

/** NumPy broadcasting of two shapes, or an error naming both. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    // an unknown extent (NaN, after a mask) is taken to match; chunk alignment checks it
    if (x !== y && x !== 1 && y !== 1 && !Number.isNaN(x) && !Number.isNaN(y)) {
      throw new SsdpError(
        'E_ARRAY_BROADCAST',
        `shapes [${a.join(', ')}] and [${b.join(', ')}] cannot be broadcast together (axis ${i}: ${x} vs ${y}).`,
        { hint: 'Element-wise operations need equal extents, or 1, on every axis counted from the right.' },
      );
    }
    out[i] = x === 1 || Number.isNaN(y) ? y : x;
  }
  return out;
}

/** Strides of `shape` read as if it had `outShape` (0 on broadcast axes). */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = stridesOf(shape);
  const off = outShape.length - shape.length;
  return outShape.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : st[i - off]!));
}

/** `a op b` for chunks and/or numbers, with broadcasting; `dtype` is the result dtype. */
/**
 * NumPy refuses integers to negative integer powers (ValueError) instead of truncating 1/x to 0;
 * so does ssdp, at build time for a plain number, at compute time for an array of exponents.
 */
export function negativeIntegerPower(dtype: DType): SsdpError {
  return new SsdpError('E_ARRAY_DTYPE', `array.pow: integers to negative integer powers are not allowed (the result dtype is ${dtype}; NumPy refuses it too).`, {
    hint: "Convert to a float first, e.g. x.astype('float64').pow(-1).",
  });
}

/**
 * x ** y for integers, wrapping modulo 2^32 at every step as NumPy's integer power does (the
 * typed array the result goes to keeps the low bits of its width). Exponentiation by squaring on
 * Math.imul: exact, where a float64 power past 2^53 loses the low bits before any wrap.
 */
function intPow(x: number, y: number): number {
  let r = 1;
  let b = x | 0;
  for (let e = y; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
  }
  return r;
}

export function binaryChunk(op: BinaryOp, a: NDArray | number, b: NDArray | number, dtype: DType): NDArray {
  // integer products and powers wrap as NumPy's: exactly, via Math.imul (a float64 product past
  // 2^53 is rounded before the typed array wraps it, giving values NumPy never gives)
  const wraps = !isFloat(dtype) && dtype !== 'bool';
  const p = wraps && op === 'mul' ? Math.imul : binaryFn(op);
  const g =
    op === 'pow' && wraps
      ? (x: number, y: number) => {
          if (y < 0) throw negativeIntegerPower(dtype);
          return intPow(x, y);
        }
      : op === 'pow' && !isFloat(dtype)
        ? (x: number, y: number) => {
            if (y < 0) throw negativeIntegerPower(dtype);
            return p(x, y);
          }
        : p;
  // bool + bool is "or", bool * bool "and": any non-zero result is true
  const f = dtype === 'bool' ? (x: number, y: number) => (g(x, y) !== 0 ? 1 : 0) : g;
  if (typeof a === 'number' && typeof b === 'number') {
    const data = allocate(dtype, 1);
    data[0] = f(a, b);
    return { shape: [], dtype, data };
  }
  if (typeof b === 'number') {
    const x = (a as NDArray).data;
    const out = allocate(dtype, x.length);
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, b);
    return { shape: (a as NDArray).shape, dtype, data: out };
  }
  if (typeof a === 'number') {
    const y = b.data;
    const out = allocate(dtype, y.length);
    for (let i = 0; i < y.length; i++) out[i] = f(a, y[i]!);
    return { shape: b.shape, dtype, data: out };
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const x = a.data;
  const y = b.data;
  if (x.length === n && y.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(x[i]!, y[i]!);
    return { shape, dtype, data: out };
  }
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const idx = new Array<number>(shape.length).fill(0);
  let oa = 0;
  let ob = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(x[oa]!, y[ob]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      oa += sa[d]!;
      ob += sb[d]!;
      if (idx[d]! < shape[d]!) break;
      oa -= sa[d]! * shape[d]!;
      ob -= sb[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { shape, dtype, data: out };
}

export function unaryChunk(op: UnaryOp, a: NDArray, dtype: DType): NDArray {
  const f = unaryFn(op);
  const x = a.data;
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return { shape: a.shape, dtype, data: out };
}

// ---------------------------------------------------------------------------------------------
// Slicing

/** Per axis: first index, step (non-zero, may be negative), and how many elements. */
export interface AxisSelection {
  start: number;
  step: number;
  count: number;
}

/** Picks a strided sub-block; `shape` is the output shape (it may drop axes of count 1). */
export function sliceChunk(a: NDArray, sel: AxisSelection[], shape: number[]): NDArray {
  if (sel.some((s) => Number.isNaN(s.count))) {
    // an axis of unknown length taken whole
    sel = sel.map((s, d) => (Number.isNaN(s.count) ? { start: 0, step: 1, count: a.shape[d]! } : s));
    shape = resolveBlockShape(shape, sizeOf(sel.map((s) => s.count)));
  }
  const n = sizeOf(sel.map((s) => s.count));
  const out = allocate(a.dtype, n);
  if (n > 0) {
    const st = stridesOf(a.shape);
    const nd = sel.length;
    const base = sel.reduce((acc, s, d) => acc + s.start * st[d]!, 0);
    const step = sel.map((s, d) => s.step * st[d]!);
    const last = nd - 1;
    const lastCount = nd ? sel[last]!.count : 1;
    const lastStep = nd ? step[last]! : 0;
    const x = a.data;
    const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
    let off = base;
    let o = 0;
    for (;;) {
      if (lastStep === 1) {
        // contiguous rows (rechunk pieces, plain slices): one block copy per row
        out.set(x.subarray(off, off + lastCount), o);
        o += lastCount;
      } else for (let j = 0, p = off; j < lastCount; j++, p += lastStep) out[o++] = x[p]!;
      let d = nd - 2;
      for (; d >= 0; d--) {
        idx[d]!++;
        off += step[d]!;
        if (idx[d]! < sel[d]!.count) break;
        off -= step[d]! * sel[d]!.count;
        idx[d] = 0;
      }
      if (d < 0) break;
    }
  }
  return { shape, dtype: a.dtype, data: out };
}

/** Joins chunks along `axis` (all other extents equal): used to assemble results. */
export function concatChunks(parts: NDArray[], axis: number): NDArray {
  const first = parts[0]!;
  const shape = [...first.shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
  const out = allocate(first.dtype, sizeOf(shape));
  const outer = sizeOf(shape.slice(0, axis));
  const innerOut = sizeOf(shape.slice(axis));
  let col = 0;
  for (const p of parts) {
    const inner = sizeOf(p.shape.slice(axis));
    for (let i = 0; i < outer; i++) out.set(p.data.subarray(i * inner, (i + 1) * inner), i * innerOut + col);
    col += inner;
  }
  return { shape, dtype: first.dtype, data: out };
}
