/**
 * The in-memory n-dimensional array every chunk is: a plain object (shape, dtype, C-order typed
 * data) so that it crosses worker boundaries by structured clone or transfer without any class
 * reconstruction. Chunk kernels take and return these.
 */
import { SsdpError } from '../../util/errors.js';
const CTORS = {
    float32: Float32Array,
    float64: Float64Array,
    int8: Int8Array,
    int16: Int16Array,
    int32: Int32Array,
    uint8: Uint8Array,
    uint16: Uint16Array,
    uint32: Uint32Array,
    // after uint8, so a bare Uint8Array is read as uint8: bool is only ever chosen by name
    bool: Uint8Array,
};
export const DTYPES = Object.keys(CTORS);
export function isDType(x) {
    return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CTORS, x);
}
export function checkDType(x, where) {
    if (!isDType(x)) {
        throw new SsdpError('E_ARRAY_DTYPE', `${where}: unknown dtype ${JSON.stringify(x)}.`, {
            hint: `Use one of ${DTYPES.join(', ')}.`,
        });
    }
    return x;
}
export function itemSize(dtype) {
    return CTORS[dtype].BYTES_PER_ELEMENT;
}
export function isFloat(dtype) {
    return dtype === 'float32' || dtype === 'float64';
}
export function allocate(dtype, length) {
    return new CTORS[dtype](length);
}
/**
 * `src` copied into a new array of `dtype`. To bool every non-zero value (NaN too, as NumPy's
 * `bool(nan)`) becomes 1; otherwise a typed-array store (float to int truncates).
 */
export function convert(src, dtype) {
    const out = allocate(dtype, src.length);
    if (dtype === 'bool')
        for (let i = 0; i < src.length; i++)
            out[i] = Number(src[i]) !== 0 ? 1 : 0;
    else
        out.set(src);
    return out;
}
export function dtypeOf(data) {
    for (const d of DTYPES)
        if (data instanceof CTORS[d])
            return d;
    throw new SsdpError('E_ARRAY_DTYPE', `unsupported typed array ${Object.prototype.toString.call(data)}.`, {
        hint: `Use one of ${DTYPES.map((d) => CTORS[d].name).join(', ')}.`,
    });
}
export function sizeOf(shape) {
    let n = 1;
    for (const s of shape)
        n *= s;
    return n;
}
/** Element strides (not bytes) of a C-order array. */
export function stridesOf(shape) {
    const st = new Array(shape.length);
    let acc = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
        st[i] = acc;
        acc *= shape[i];
    }
    return st;
}
export function empty(shape, dtype = 'float64') {
    return { shape: [...shape], dtype, data: allocate(dtype, sizeOf(shape)) };
}
export function full(shape, value, dtype = 'float64') {
    const a = empty(shape, dtype);
    a.data.fill(value);
    return a;
}
/**
 * Wraps a typed array (not copied) or a plain number array (copied into `dtype`, float64 by
 * default) with a shape; the shape defaults to one dimension.
 */
export function ndarray(data, shape, dtype) {
    const sh = shape ? [...shape] : [data.length];
    let typed;
    if (ArrayBuffer.isView(data)) {
        if (dtype && dtype !== dtypeOf(data))
            typed = convert(data, dtype);
        else
            typed = data;
    }
    else {
        typed = convert(data, dtype ?? 'float64');
    }
    for (const s of sh) {
        if (!Number.isInteger(s) || s < 0) {
            throw new SsdpError('E_ARRAY_SHAPE', `invalid shape [${sh.join(', ')}]: every extent must be a whole number >= 0.`);
        }
    }
    if (sizeOf(sh) !== typed.length) {
        throw new SsdpError('E_ARRAY_SHAPE', `shape [${sh.join(', ')}] holds ${sizeOf(sh)} values but the data has ${typed.length}.`, { hint: 'Pass data whose length is the product of the shape.' });
    }
    return { shape: sh, dtype: dtype === 'bool' ? 'bool' : dtypeOf(typed), data: typed };
}
/** Reads one element by its (non-negative) index along every axis. */
export function at(a, ...index) {
    const st = stridesOf(a.shape);
    let off = 0;
    for (let i = 0; i < st.length; i++)
        off += index[i] * st[i];
    return a.data[off];
}
/** Nested plain JavaScript arrays, like NumPy's `tolist()` (bool values as true/false). */
export function toNested(a) {
    const v = a.dtype === 'bool' ? (i) => a.data[i] !== 0 : (i) => a.data[i];
    if (a.shape.length === 0)
        return v(0);
    const st = stridesOf(a.shape);
    const rec = (dim, off) => {
        const out = [];
        for (let i = 0; i < a.shape[dim]; i++) {
            const o = off + i * st[dim];
            out.push(dim === a.shape.length - 1 ? v(o) : rec(dim + 1, o));
        }
        return out;
    };
    return rec(0, 0);
}
/** Converts values to another dtype (a copy; float to int truncates like a typed-array store). */
export function astype(a, dtype) {
    if (a.dtype === dtype)
        return a;
    return { shape: [...a.shape], dtype, data: convert(a.data, dtype) };
}
//# sourceMappingURL=ndarray.js.map