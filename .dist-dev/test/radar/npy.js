/** A minimal reader of NumPy's .npy format (v1-3, little-endian float32/float64/uint8), for tests. */
import { readFileSync } from 'node:fs';
export function readNpy(path) {
    const buf = readFileSync(path);
    if (buf.toString('latin1', 0, 6) !== '\x93NUMPY')
        throw new Error(`${path}: not a .npy file`);
    const major = buf[6];
    const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
    const start = (major === 1 ? 10 : 12) + headerLen;
    const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
    const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
    const fortran = /'fortran_order':\s*True/.test(header);
    const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(Number);
    if (fortran)
        throw new Error(`${path}: Fortran order not supported`);
    const body = buf.subarray(start);
    const copy = new Uint8Array(body).buffer;
    let data;
    if (descr === '<f4')
        data = new Float32Array(copy);
    else if (descr === '<f8')
        data = new Float64Array(copy);
    else if (descr === '|u1')
        data = new Uint8Array(copy);
    else
        throw new Error(`${path}: dtype ${descr} not supported`);
    return { shape, dtype: descr, data };
}
//# sourceMappingURL=npy.js.map