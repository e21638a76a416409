/**
 * A deterministic zip writer: the same entries give byte-identical archives (fixed timestamps from
 * the caller, no extra fields), which is what makes the synthetic source reproducible.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
function dosTime(d) {
    if (!d)
        return { time: 0, date: (0 << 9) | (1 << 5) | 1 };
    const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
    const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
    return { time, date };
}
/** Builds a zip archive in memory. */
export function writeZip(inputs, opts = {}) {
    const level = opts.level ?? 6;
    const parts = [];
    const central = [];
    let offset = 0;
    for (const input of inputs) {
        const name = Buffer.from(input.name, 'utf8');
        const crc = crc32(input.data);
        let body = input.data;
        let method = 0;
        if (level > 0) {
            const deflated = deflateRawSync(input.data, { level });
            // Incompressible entries are stored, as zip tools do.
            if (deflated.length < input.data.length) {
                body = deflated;
                method = 8;
            }
        }
        const { time, date } = dosTime(input.mtime);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(20, 4); // version needed
        local.writeUInt16LE(0x0800, 6); // UTF-8 names
        local.writeUInt16LE(method, 8);
        local.writeUInt16LE(time, 10);
        local.writeUInt16LE(date, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(body.length, 18);
        local.writeUInt32LE(input.data.length, 22);
        local.writeUInt16LE(name.length, 26);
        local.writeUInt16LE(0, 28);
        const cen = Buffer.alloc(46);
        cen.writeUInt32LE(0x02014b50, 0);
        cen.writeUInt16LE(0x031e, 4); // made by: unix, 3.0
        cen.writeUInt16LE(20, 6);
        cen.writeUInt16LE(0x0800, 8);
        cen.writeUInt16LE(method, 10);
        cen.writeUInt16LE(time, 12);
        cen.writeUInt16LE(date, 14);
        cen.writeUInt32LE(crc, 16);
        cen.writeUInt32LE(body.length, 20);
        cen.writeUInt32LE(input.data.length, 24);
        cen.writeUInt16LE(name.length, 28);
        cen.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
        cen.writeUInt32LE(offset, 42);
        parts.push(local, name, body);
        central.push(cen, name);
        offset += 30 + name.length + body.length;
    }
    const cdSize = central.reduce((s, b) => s + b.length, 0);
    const comment = Buffer.from(opts.comment ?? '', 'latin1');
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(inputs.length, 8);
    eocd.writeUInt16LE(inputs.length, 10);
    eocd.writeUInt32LE(cdSize, 12);
    eocd.writeUInt32LE(offset, 16);
    eocd.writeUInt16LE(comment.length, 20);
    return Buffer.concat([...parts, ...central, eocd, comment]);
}
//# sourceMappingURL=zip-write.js.map