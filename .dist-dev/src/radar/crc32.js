/**
 * CRC-32 (the zip/PNG polynomial). Node >= 20.15 has a native `zlib.crc32`; older nodes fall back to
 * a table implementation so the radar code runs on every Node 20.x.
 */
import * as zlib from 'node:zlib';
const native = zlib.crc32;
let table;
function tableCrc32(data, value = 0) {
    if (!table) {
        table = new Uint32Array(256);
        for (let n = 0; n < 256; n++) {
            let c = n;
            for (let k = 0; k < 8; k++)
                c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            table[n] = c >>> 0;
        }
    }
    let crc = ~value >>> 0;
    for (let i = 0; i < data.length; i++)
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    return ~crc >>> 0;
}
export function crc32(data, value = 0) {
    return native ? native(data, value) >>> 0 : tableCrc32(data, value);
}
/** The portable implementation, exported so tests can check the native one against it. */
export const crc32Portable = tableCrc32;
//# sourceMappingURL=crc32.js.map