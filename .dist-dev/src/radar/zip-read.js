/**
 * A small, fast zip reader for the radar day archives: it parses the central directory once and
 * inflates each entry with node's native zlib (measured faster than fflate, yauzl and unzipper for
 * this shape of archive). Every structural problem becomes `E_RADAR_BAD_ZIP` naming the file.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { SsdpError } from '../util/errors.js';
import { crc32 } from './crc32.js';
const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
function bad(file, what, hint) {
    return new SsdpError('E_RADAR_BAD_ZIP', `${file} is not a readable zip archive: ${what}.`, {
        hint: hint ?? 'The file is corrupt or truncated: delete it and download or generate it again.',
    });
}
/** Reads a zip archive from disk and parses its central directory (entries are inflated lazily). */
export function openZip(file) {
    let data;
    try {
        data = readFileSync(file);
    }
    catch (e) {
        throw new SsdpError('E_RADAR_BAD_ZIP', `cannot read ${file}: ${e.message}.`, { cause: e });
    }
    return parseZip(data, file);
}
/** Parses the central directory of an in-memory archive. */
export function parseZip(data, file = '<zip>') {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data.length < 22)
        throw bad(file, `only ${data.length} bytes long`);
    // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
    let eocd = -1;
    for (let i = data.length - 22, stop = Math.max(0, data.length - 22 - 65535); i >= stop; i--) {
        if (view.getUint32(i, true) === EOCD_SIG) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        throw bad(file, 'no end-of-central-directory record (the file is truncated or not a zip)');
    const commentLen = Math.min(view.getUint16(eocd + 20, true), data.length - eocd - 22);
    const archiveComment = Buffer.from(data.buffer, data.byteOffset + eocd + 22, commentLen).toString('latin1');
    const count = view.getUint16(eocd + 10, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const storedCdOffset = view.getUint32(eocd + 16, true);
    if (count === 0xffff || storedCdOffset === 0xffffffff) {
        throw bad(file, 'it is a zip64 archive, which radar day files never are');
    }
    // Bytes in front of the archive (a self-extracting stub, as unzip and Python's zipfile accept)
    // shift every stored offset by the same amount: the central directory ends where the EOCD starts.
    const shift = eocd - cdSize - storedCdOffset > 0 ? eocd - cdSize - storedCdOffset : 0;
    const cdOffset = storedCdOffset + shift;
    if (cdOffset + cdSize > eocd)
        throw bad(file, `the central directory (offset ${cdOffset}, ${cdSize} bytes) lies outside the file`);
    const entries = [];
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
        if (p + 46 > eocd || view.getUint32(p, true) !== CEN_SIG)
            throw bad(file, `central directory entry ${i + 1} of ${count} is damaged`);
        const method = view.getUint16(p + 10, true);
        const crc = view.getUint32(p + 16, true);
        const compressedSize = view.getUint32(p + 20, true);
        const size = view.getUint32(p + 24, true);
        const nameLen = view.getUint16(p + 28, true);
        const extraLen = view.getUint16(p + 30, true);
        const commentLen = view.getUint16(p + 32, true);
        const localOffset = view.getUint32(p + 42, true) + shift;
        const name = Buffer.from(data.buffer, data.byteOffset + p + 46, nameLen).toString('utf8');
        if (localOffset + 30 + compressedSize > cdOffset)
            throw bad(file, `entry ${name} points past the end of the data`);
        entries.push({ name, method, crc, compressedSize, size, localOffset });
        p += 46 + nameLen + extraLen + commentLen;
    }
    return { file, data, entries, comment: archiveComment };
}
/** Inflates one entry and checks its size and CRC-32. */
export function readEntry(zip, entry) {
    const { data, file } = zip;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const at = entry.localOffset;
    if (view.getUint32(at, true) !== LOC_SIG)
        throw bad(file, `the local header of ${entry.name} is missing`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > data.length)
        throw bad(file, `${entry.name} is cut off`);
    const raw = data.subarray(start, end);
    let out;
    if (entry.method === 0)
        out = raw;
    else if (entry.method === 8) {
        try {
            out = inflateRawSync(raw);
        }
        catch (e) {
            throw bad(file, `${entry.name} does not inflate (${e.message})`);
        }
    }
    else {
        const names = { 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'xz', 98: 'PPMd', 99: 'AES encryption' };
        throw new SsdpError('E_RADAR_UNSUPPORTED_ZIP', `${file}: ${entry.name} is stored with zip method ${names[entry.method] ?? entry.method}, which ssdp does not read (stored and deflate are read).`, {
            hint: `The archive is not damaged: re-zip its images with deflate, e.g. unzip it and run zip -r -Z deflate ${file} radar_*.tif.`,
        });
    }
    if (out.length !== entry.size)
        throw bad(file, `${entry.name} inflates to ${out.length} bytes, the directory says ${entry.size}`);
    if (crc32(out) !== entry.crc)
        throw bad(file, `${entry.name} fails its CRC-32 check`);
    return out;
}
/** Reads a whole archive into a name -> bytes map (small archives and tests). */
export function readZip(file) {
    const zip = openZip(file);
    const out = new Map();
    for (const e of zip.entries)
        if (!e.name.endsWith('/'))
            out.set(e.name, readEntry(zip, e));
    return out;
}
//# sourceMappingURL=zip-read.js.map