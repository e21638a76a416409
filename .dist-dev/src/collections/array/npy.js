/**
 * The NumPy `.npy` format (version 1.0 header, 2.0/3.0 read too): header parsing and writing, and
 * the block kernels that read or write one block in place at its byte offsets, so neither
 * `toNpy` nor `fromNpy` ever holds more than a block. Exported by name for workers.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { SsdpError } from '../../util/errors.js';
import { allocate, convert, itemSize, sizeOf, stridesOf } from './ndarray.js';
const MAGIC = '\x93NUMPY';
const DESCR = {
    float32: '<f4',
    float64: '<f8',
    int8: '|i1',
    int16: '<i2',
    int32: '<i4',
    uint8: '|u1',
    uint16: '<u2',
    uint32: '<u4',
    bool: '|b1',
};
/** Stored dtypes read into an ssdp dtype: int64/uint64 (NumPy's default int) become float64. */
const READ = {
    ...Object.fromEntries(Object.entries(DESCR).map(([d, s]) => [s, { dtype: d }])),
    '<i1': { dtype: 'int8' },
    '<u1': { dtype: 'uint8' },
    '<b1': { dtype: 'bool' },
    '<i8': { dtype: 'float64', wide: 'i8' },
    '<u8': { dtype: 'float64', wide: 'u8' },
};
function checkEndian(where) {
    if (endianness() !== 'LE')
        throw new SsdpError('E_ARRAY_NPY', `${where}: .npy files are read and written little-endian; this machine is big-endian.`);
}
/** The header bytes for an array of `dtype` and `shape` (padded to 64 bytes, as NumPy). */
export function npyHeader(dtype, shape) {
    const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
    let dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${tuple}, }`;
    const total = Math.ceil((MAGIC.length + 4 + dict.length + 1) / 64) * 64;
    dict = dict.padEnd(total - MAGIC.length - 4 - 1, ' ') + '\n';
    const out = new Uint8Array(total);
    out.set(Buffer.from(MAGIC, 'latin1'), 0);
    out[6] = 1;
    out[7] = 0;
    new DataView(out.buffer).setUint16(8, dict.length, true);
    out.set(Buffer.from(dict, 'latin1'), 10);
    return out;
}
/** Reads and checks the header of `path`. */
export function readNpyHeader(path) {
    const bad = (why, hint = 'Write the file with numpy.save (C order, little-endian) or array.toNpy.') => {
        throw new SsdpError('E_ARRAY_NPY', `${path}: ${why}.`, { hint });
    };
    let fd;
    try {
        fd = openSync(path, 'r');
    }
    catch (e) {
        throw new SsdpError('E_ARRAY_NPY', `${path}: cannot open the .npy file (${e.code ?? e.message}).`, {
            hint: 'Check the path.',
        });
    }
    try {
        const head = Buffer.alloc(12);
        const got = readSync(fd, head, 0, 12, 0);
        if (got < 10 || head.toString('latin1', 0, 6) !== MAGIC)
            bad('not a .npy file (no \\x93NUMPY magic at the start)');
        const major = head[6];
        const lenBytes = major === 1 ? 2 : 4;
        if (major < 1 || major > 3)
            bad(`unsupported .npy format version ${major}.${head[7]}`);
        const hlen = lenBytes === 2 ? head.readUInt16LE(8) : head.readUInt32LE(8);
        const dict = Buffer.alloc(hlen);
        if (readSync(fd, dict, 0, hlen, 8 + lenBytes) !== hlen)
            bad('the header is cut short');
        const text = dict.toString(major === 3 ? 'utf8' : 'latin1');
        const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
        const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
        const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
        if (descr === undefined || fortran === undefined || shapeText === undefined)
            bad(`cannot read the header ${JSON.stringify(text.trim())}`);
        if (fortran === 'True')
            bad('the array is stored in Fortran order', 'Save a C-ordered copy: numpy.save(path, numpy.ascontiguousarray(a)).');
        const read = READ[descr];
        if (!read) {
            bad(`stored dtype ${descr} is not supported`, `Supported: ${Object.keys(READ).join(', ')} (little-endian); convert with a.astype('<f8') before saving.`);
        }
        const shape = shapeText
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
            .map(Number);
        if (shape.some((s) => !Number.isInteger(s) || s < 0))
            bad(`invalid shape (${shapeText})`);
        const offset = 8 + lenBytes + hlen;
        return { descr: descr, dtype: read.dtype, shape, offset, itemsize: read.wide ? 8 : itemSize(read.dtype) };
    }
    finally {
        closeSync(fd);
    }
}
/**
 * Contiguous runs of a block inside the whole C-order array: the run length (elements), and the
 * element offset of each run. Trailing axes the block covers whole merge into one run.
 */
function runs(shape, start, bshape) {
    const nd = shape.length;
    let j = nd;
    while (j > 0 && bshape[j - 1] === shape[j - 1])
        j--;
    // axes j.. are whole: one run covers them and the axis before (partially)
    const k = Math.max(j - 1, 0);
    const len = nd === 0 ? 1 : sizeOf(bshape.slice(k));
    const st = stridesOf(shape);
    const outer = bshape.slice(0, k);
    const at = [];
    const count = sizeOf(outer);
    const idx = new Array(k).fill(0);
    for (let r = 0; r < count; r++) {
        let off = 0;
        for (let d = 0; d < nd; d++)
            off += (start[d] + (d < k ? idx[d] : 0)) * st[d];
        at.push(off);
        for (let d = k - 1; d >= 0; d--) {
            if (++idx[d] < outer[d])
                break;
            idx[d] = 0;
        }
    }
    return { len, at };
}
/** Writes one block into the (pre-sized) file at its place; returns the bytes written. */
export function writeNpyBlock(block, path, offset, shape, start, dtype) {
    checkEndian('array.toNpy');
    const data = block.dtype === dtype ? block.data : convert(block.data, dtype);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const size = itemSize(dtype);
    const { len, at } = runs(shape, start, block.shape);
    const fd = openSync(path, 'r+');
    try {
        at.forEach((elem, r) => writeSync(fd, bytes, r * len * size, len * size, offset + elem * size));
    }
    finally {
        closeSync(fd);
    }
    return bytes.length;
}
/** Reads one block of `bshape` at `start` from a .npy file described by `h`. */
export function readNpyBlock(path, h, start, bshape) {
    checkEndian('array.fromNpy');
    const n = sizeOf(bshape);
    const buf = Buffer.alloc(n * h.itemsize);
    const { len, at } = runs(h.shape, start, bshape);
    const fd = openSync(path, 'r');
    try {
        at.forEach((elem, r) => {
            const want = len * h.itemsize;
            if (want && readSync(fd, buf, r * want, want, h.offset + elem * h.itemsize) !== want) {
                throw new SsdpError('E_ARRAY_NPY', `${path}: the file is shorter than its header's shape [${h.shape.join(', ')}] says.`, {
                    hint: 'The file was cut short; write it again.',
                });
            }
        });
    }
    finally {
        closeSync(fd);
    }
    let data;
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    if (h.descr.endsWith('i8') || h.descr.endsWith('u8')) {
        const wide = h.descr.endsWith('i8') ? new BigInt64Array(ab) : new BigUint64Array(ab);
        data = allocate('float64', n);
        for (let i = 0; i < n; i++)
            data[i] = Number(wide[i]);
    }
    else {
        data = new (allocate(h.dtype, 0).constructor)(ab);
        if (h.dtype === 'bool')
            data = convert(data, 'bool');
    }
    return { shape: bshape, dtype: h.dtype, data };
}
//# sourceMappingURL=npy.js.map