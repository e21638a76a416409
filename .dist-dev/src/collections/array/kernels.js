/**
 * Chunk kernels: pure functions from chunks (NDArray) and plain numbers to a chunk. They are
 * exported from this module so that worker threads import them by name; arguments and results
 * are structured-clonable. Reductions live in reduce-kernels.ts.
 */
import { SsdpError } from '../../util/errors.js';
import { allocate, convert, dtypeOf, isFloat, sizeOf, stridesOf, } from './ndarray.js';
import { fillUniform } from './rng.js';
import { resolveBlockShape } from './chunks.js';
// ---------------------------------------------------------------------------------------------
// Sources
/** One chunk of uniform [0, 1) values: stream `stream` of `seed` (see rng.ts). */
export function randomChunk(seed, stream, shape, dtype) {
    const data = allocate(dtype, sizeOf(shape));
    fillUniform(data, seed, stream);
    return { shape, dtype, data };
}
export function fullChunk(shape, value, dtype) {
    const data = allocate(dtype, sizeOf(shape));
    if (!Object.is(value, 0))
        data.fill(value); // -0 too: np.full keeps its sign
    return { shape, dtype, data };
}
/**
 * Accepts what a delayed task produced as the chunk `fromDelayed` promised: an NDArray or a bare
 * typed array of the right length, converted to the promised dtype, viewed with `shape` (which may
 * add axes of length 1, as `stack` does).
 */
export function asChunk(value, promised, dtype) {
    let data;
    let got;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        data = value;
        got = `a ${value.constructor.name} of length ${value.length}`;
    }
    else if (value && typeof value === 'object' && 'data' in value && 'shape' in value) {
        const v = value;
        data = v.data;
        got = `an array of shape [${v.shape.join(', ')}] (${v.data.length} values)`;
    }
    else {
        throw new SsdpError('E_ARRAY_CHUNK_TYPE', `a delayed value given to array.fromDelayed produced ${value === null ? 'null' : typeof value}, not an array.`, { hint: 'Make the delayed function return an ndarray ({ shape, dtype, data }) or a typed array.' });
    }
    // a block of unknown length (after a boolean mask) is as long as it turned out to be
    const shape = resolveBlockShape(promised, data.length);
    if (data.length !== sizeOf(shape)) {
        throw new SsdpError('E_ARRAY_CHUNK_SHAPE', `a delayed value given to array.fromDelayed produced ${got}, but shape [${shape.join(', ')}] (${sizeOf(shape)} values) was promised.`, { hint: 'Pass the shape the delayed function really returns to array.fromDelayed.' });
    }
    if (dtypeOf(data) !== dtype || (dtype === 'bool' && value.dtype !== 'bool'))
        data = convert(data, dtype);
    return { shape, dtype, data };
}
/** The same values under another shape of equal size (no copy). */
export function reshapeChunk(a, shape) {
    return { shape, dtype: a.dtype, data: a.data };
}
export function castChunk(a, dtype) {
    if (a.dtype === dtype)
        return a;
    return { shape: a.shape, dtype, data: convert(a.data, dtype) };
}
export const COMPARE_OPS = ['gt', 'ge', 'lt', 'le', 'eq', 'ne'];
export const LOGICAL_OPS = ['and', 'or', 'xor'];
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'mod', 'maximum', 'minimum', ...COMPARE_OPS, ...LOGICAL_OPS];
export const UNARY_OPS = ['neg', 'abs', 'sqrt', 'exp', 'log', 'log10', 'isnan', 'floor', 'ceil', 'round', 'not'];
const INT_RANK = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 3, uint32: 3 };
function promoteInts(a, b) {
    if (a === b)
        return a;
    const ra = INT_RANK[a];
    const rb = INT_RANK[b];
    const signed = a.startsWith('int') || b.startsWith('int');
    const unsignedWidest = (!a.startsWith('int') && ra >= rb) || (!b.startsWith('int') && rb >= ra);
    const r = Math.max(ra, rb);
    // A signed and an unsigned of the same width need the next signed width (NumPy's rule).
    const need = signed && unsignedWidest && a.startsWith('int') !== b.startsWith('int') ? r + 1 : r;
    if (need > 3)
        return 'float64';
    const bits = [0, 8, 16, 32][need];
    return (signed ? `int${bits}` : `uint${bits}`);
}
/**
 * The dtype of `a op b`, NumPy-like for these dtypes: floats win; float32 stays float32 against
 * small ints; a plain number does not widen an array's dtype unless it is fractional and the
 * array is integer; true division of integers gives float64. (There is no int64: it becomes
 * float64.)
 */
export function resultDType(op, a, b) {
    if (COMPARE_OPS.includes(op) || LOGICAL_OPS.includes(op))
        return 'bool';
    if (a === 'bool' || b === 'bool')
        return boolResultDType(op, a, b);
    let d;
    if (typeof a === 'number' && typeof b === 'number')
        d = 'float64';
    else if (typeof a === 'number' || typeof b === 'number') {
        const arr = (typeof a === 'number' ? b : a);
        const num = (typeof a === 'number' ? a : b);
        d = isFloat(arr) || Number.isInteger(num) ? arr : 'float64';
    }
    else if (isFloat(a) || isFloat(b)) {
        if (a === 'float64' || b === 'float64')
            d = 'float64';
        else {
            const other = a === 'float32' ? b : a;
            d = other === 'float32' || INT_RANK[other] <= 2 ? 'float32' : 'float64';
        }
    }
    else
        d = promoteInts(a, b);
    if (op === 'div' && !isFloat(d))
        d = 'float64';
    return d;
}
/**
 * NumPy's arithmetic with bool: bool with bool stays bool for + * maximum minimum (they act as
 * or/and), minus is refused as NumPy refuses it, ** and % give int8; a bool array with a plain
 * number is int64 in NumPy, float64 here (no int64); with another dtype, that dtype.
 */
function boolResultDType(op, a, b) {
    if (a === 'bool' && b === 'bool') {
        if (op === 'sub') {
            throw new SsdpError('E_ARRAY_DTYPE', 'array.sub: subtracting two bool arrays is not supported (NumPy refuses it too).', {
                hint: 'Use array.logicalXor for "one but not the other", or convert with .astype(\'int8\') first.',
            });
        }
        if (op === 'div')
            return 'float64';
        return op === 'pow' || op === 'mod' ? 'int8' : 'bool';
    }
    if (typeof a === 'number' || typeof b === 'number')
        return 'float64';
    const other = (a === 'bool' ? b : a);
    return op === 'div' && !isFloat(other) ? 'float64' : other;
}
export function unaryResultDType(op, a) {
    if (op === 'isnan' || op === 'not')
        return 'bool';
    if (a === 'bool' && op === 'neg') {
        throw new SsdpError('E_ARRAY_DTYPE', 'array.neg: negating a bool array is not supported (NumPy refuses it too).', {
            hint: 'Use array.logicalNot (or .not()) to flip true and false.',
        });
    }
    if (op === 'neg' || op === 'abs' || op === 'floor' || op === 'ceil' || op === 'round')
        return a;
    return isFloat(a) ? a : 'float64';
}
function binaryFn(op) {
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
function unaryFn(op) {
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
export function broadcastShapes(a, b) {
    const n = Math.max(a.length, b.length);
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
        const x = a[a.length - n + i] ?? 1;
        const y = b[b.length - n + i] ?? 1;
        // an unknown extent (NaN, after a mask) is taken to match; chunk alignment checks it
        if (x !== y && x !== 1 && y !== 1 && !Number.isNaN(x) && !Number.isNaN(y)) {
            throw new SsdpError('E_ARRAY_BROADCAST', `shapes [${a.join(', ')}] and [${b.join(', ')}] cannot be broadcast together (axis ${i}: ${x} vs ${y}).`, { hint: 'Element-wise operations need equal extents, or 1, on every axis counted from the right.' });
        }
        out[i] = x === 1 || Number.isNaN(y) ? y : x;
    }
    return out;
}
/** Strides of `shape` read as if it had `outShape` (0 on broadcast axes). */
function broadcastStrides(shape, outShape) {
    const st = stridesOf(shape);
    const off = outShape.length - shape.length;
    return outShape.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : st[i - off]));
}
/** `a op b` for chunks and/or numbers, with broadcasting; `dtype` is the result dtype. */
export function binaryChunk(op, a, b, dtype) {
    const g = binaryFn(op);
    // bool + bool is "or", bool * bool "and": any non-zero result is true
    const f = dtype === 'bool' ? (x, y) => (g(x, y) !== 0 ? 1 : 0) : g;
    if (typeof a === 'number' && typeof b === 'number') {
        const data = allocate(dtype, 1);
        data[0] = f(a, b);
        return { shape: [], dtype, data };
    }
    if (typeof b === 'number') {
        const x = a.data;
        const out = allocate(dtype, x.length);
        for (let i = 0; i < x.length; i++)
            out[i] = f(x[i], b);
        return { shape: a.shape, dtype, data: out };
    }
    if (typeof a === 'number') {
        const y = b.data;
        const out = allocate(dtype, y.length);
        for (let i = 0; i < y.length; i++)
            out[i] = f(a, y[i]);
        return { shape: b.shape, dtype, data: out };
    }
    const shape = broadcastShapes(a.shape, b.shape);
    const n = sizeOf(shape);
    const out = allocate(dtype, n);
    const x = a.data;
    const y = b.data;
    if (x.length === n && y.length === n) {
        for (let i = 0; i < n; i++)
            out[i] = f(x[i], y[i]);
        return { shape, dtype, data: out };
    }
    const sa = broadcastStrides(a.shape, shape);
    const sb = broadcastStrides(b.shape, shape);
    const idx = new Array(shape.length).fill(0);
    let oa = 0;
    let ob = 0;
    for (let i = 0; i < n; i++) {
        out[i] = f(x[oa], y[ob]);
        for (let d = shape.length - 1; d >= 0; d--) {
            idx[d]++;
            oa += sa[d];
            ob += sb[d];
            if (idx[d] < shape[d])
                break;
            oa -= sa[d] * shape[d];
            ob -= sb[d] * shape[d];
            idx[d] = 0;
        }
    }
    return { shape, dtype, data: out };
}
export function unaryChunk(op, a, dtype) {
    const f = unaryFn(op);
    const x = a.data;
    const out = allocate(dtype, x.length);
    for (let i = 0; i < x.length; i++)
        out[i] = f(x[i]);
    return { shape: a.shape, dtype, data: out };
}
/** Picks a strided sub-block; `shape` is the output shape (it may drop axes of count 1). */
export function sliceChunk(a, sel, shape) {
    if (sel.some((s) => Number.isNaN(s.count))) {
        // an axis of unknown length taken whole
        sel = sel.map((s, d) => (Number.isNaN(s.count) ? { start: 0, step: 1, count: a.shape[d] } : s));
        shape = resolveBlockShape(shape, sizeOf(sel.map((s) => s.count)));
    }
    const n = sizeOf(sel.map((s) => s.count));
    const out = allocate(a.dtype, n);
    if (n > 0) {
        const st = stridesOf(a.shape);
        const nd = sel.length;
        const base = sel.reduce((acc, s, d) => acc + s.start * st[d], 0);
        const step = sel.map((s, d) => s.step * st[d]);
        const last = nd - 1;
        const lastCount = nd ? sel[last].count : 1;
        const lastStep = nd ? step[last] : 0;
        const x = a.data;
        const idx = new Array(Math.max(nd - 1, 0)).fill(0);
        let off = base;
        let o = 0;
        for (;;) {
            for (let j = 0, p = off; j < lastCount; j++, p += lastStep)
                out[o++] = x[p];
            let d = nd - 2;
            for (; d >= 0; d--) {
                idx[d]++;
                off += step[d];
                if (idx[d] < sel[d].count)
                    break;
                off -= step[d] * sel[d].count;
                idx[d] = 0;
            }
            if (d < 0)
                break;
        }
    }
    return { shape, dtype: a.dtype, data: out };
}
/** Joins chunks along `axis` (all other extents equal): used to assemble results. */
export function concatChunks(parts, axis) {
    const first = parts[0];
    const shape = [...first.shape];
    shape[axis] = parts.reduce((s, p) => s + p.shape[axis], 0);
    const out = allocate(first.dtype, sizeOf(shape));
    const outer = sizeOf(shape.slice(0, axis));
    const innerOut = sizeOf(shape.slice(axis));
    let col = 0;
    for (const p of parts) {
        const inner = sizeOf(p.shape.slice(axis));
        for (let i = 0; i < outer; i++)
            out.set(p.data.subarray(i * inner, (i + 1) * inner), i * innerOut + col);
        col += inner;
    }
    return { shape, dtype: first.dtype, data: out };
}
//# sourceMappingURL=kernels.js.map