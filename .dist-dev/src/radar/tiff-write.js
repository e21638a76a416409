/**
 * Writes single-band GeoTIFFs the way SMHI's composites are written: stripped, deflate-compressed,
 * georeferenced with ModelPixelScale (33550), ModelTiepoint (33922) and a GeoKeyDirectory (34735)
 * naming a projected CRS by EPSG code, optionally GDAL_NODATA (42113). uint8 for radar images,
 * float32 for the statistics maps. Output is deterministic: the same pixels give the same bytes.
 */
import { deflateSync } from 'node:zlib';
const SHORT = 3, LONG = 4, DOUBLE = 12, ASCII = 2;
/** GTRasterTypeGeoKey values. */
const PIXEL_IS_AREA = 1, PIXEL_IS_POINT = 2;
const TYPE_SIZE = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [ASCII]: 1 };
/** Encodes a little-endian, stripped, single-band TIFF. */
export function encodeTiff(opts) {
    const { width, height, data } = opts;
    const isFloat = data instanceof Float32Array;
    const bytesPerPixel = isFloat ? 4 : 1;
    if (data.length !== width * height)
        throw new Error(`encodeTiff: ${data.length} pixels given for ${width}x${height}`);
    const rowBytes = width * bytesPerPixel;
    const rowsPerStrip = Math.max(1, Math.min(height, opts.rowsPerStrip ?? Math.max(1, Math.floor(32768 / rowBytes))));
    const compress = (opts.compression ?? 'deflate') === 'deflate';
    const level = opts.level ?? 6;
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const strips = [];
    for (let y = 0; y < height; y += rowsPerStrip) {
        const chunk = raw.subarray(y * rowBytes, Math.min(height, y + rowsPerStrip) * rowBytes);
        strips.push(compress ? deflateSync(chunk, { level, strategy: opts.strategy }) : chunk);
    }
    const tags = [
        { tag: 256, type: width > 65535 ? LONG : SHORT, values: [width] },
        { tag: 257, type: height > 65535 ? LONG : SHORT, values: [height] },
        { tag: 258, type: SHORT, values: [isFloat ? 32 : 8] },
        { tag: 259, type: SHORT, values: [compress ? 8 : 1] },
        { tag: 262, type: SHORT, values: [1] }, // BlackIsZero
        { tag: 273, type: LONG, values: strips.map(() => 0) }, // patched below
        { tag: 277, type: SHORT, values: [1] },
        { tag: 278, type: LONG, values: [rowsPerStrip] },
        { tag: 279, type: LONG, values: strips.map((s) => s.length) },
        { tag: 284, type: SHORT, values: [1] },
        { tag: 339, type: SHORT, values: [isFloat ? 3 : 1] },
    ];
    if (opts.geo) {
        const g = opts.geo;
        tags.push({ tag: 33550, type: DOUBLE, values: [g.pixelSizeX, g.pixelSizeY, 0] }, { tag: 33922, type: DOUBLE, values: [0, 0, 0, g.originE, g.originN, 0] }, {
            tag: 34735,
            type: SHORT,
            // Header (version 1.1.0, 4 keys), then GTModelType = projected, GTRasterType = PixelIsArea
            // (the tie point is the corner of pixel (0, 0)), ProjectedCSType = EPSG code, ProjLinearUnits = metre.
            values: [1, 1, 0, 4, 1024, 0, 1, 1, 1025, 0, 1, PIXEL_IS_AREA, 3072, 0, 1, g.epsg, 3076, 0, 1, 9001],
        });
    }
    if (opts.nodata !== undefined) {
        const s = Number.isNaN(opts.nodata) ? 'nan' : String(opts.nodata);
        tags.push({ tag: 42113, type: ASCII, values: s + '\0' });
    }
    // Layout: header, IFD, out-of-line tag values, strips.
    const ifdOffset = 8;
    const ifdSize = 2 + tags.length * 12 + 4;
    let extra = ifdOffset + ifdSize;
    const extraOffsets = new Map();
    for (const t of tags) {
        const size = TYPE_SIZE[t.type] * t.values.length;
        if (size > 4) {
            extra += extra & 1; // word alignment
            extraOffsets.set(t, extra);
            extra += size;
        }
    }
    let stripAt = extra + (extra & 1);
    const stripOffsets = strips.map((s) => {
        const at = stripAt;
        stripAt += s.length;
        return at;
    });
    tags[5].values.splice(0, strips.length, ...stripOffsets);
    const out = Buffer.alloc(stripAt);
    out.write('II', 0, 'latin1');
    out.writeUInt16LE(42, 2);
    out.writeUInt32LE(ifdOffset, 4);
    out.writeUInt16LE(tags.length, ifdOffset);
    let p = ifdOffset + 2;
    for (const t of tags) {
        out.writeUInt16LE(t.tag, p);
        out.writeUInt16LE(t.type, p + 2);
        out.writeUInt32LE(t.values.length, p + 4);
        const at = extraOffsets.get(t);
        if (at !== undefined)
            out.writeUInt32LE(at, p + 8);
        writeValues(out, at ?? p + 8, t);
        p += 12;
    }
    out.writeUInt32LE(0, p); // no next IFD
    for (let i = 0; i < strips.length; i++)
        out.set(strips[i], stripOffsets[i]);
    return out;
}
function writeValues(out, at, t) {
    if (typeof t.values === 'string') {
        out.write(t.values, at, 'latin1');
        return;
    }
    const size = TYPE_SIZE[t.type];
    t.values.forEach((v, i) => {
        if (t.type === SHORT)
            out.writeUInt16LE(v, at + i * size);
        else if (t.type === LONG)
            out.writeUInt32LE(v, at + i * size);
        else
            out.writeDoubleLE(v, at + i * size);
    });
}
/**
 * The georeferencing a TIFF carries (from its raw tags), or undefined if it has none: always the
 * upper-left corner of pixel (0, 0), whatever raster type the file declares.
 */
export function readGeoReference(tags) {
    const scale = tags['t33550'];
    const tie = tags['t33922'];
    const keys = tags['t34735'];
    if (!scale || !tie || !keys)
        return undefined;
    let epsg = 0, rasterType = PIXEL_IS_AREA;
    for (let i = 4; i + 3 < keys.length; i += 4) {
        if (keys[i] === 3072)
            epsg = Number(keys[i + 3]);
        if (keys[i] === 1025)
            rasterType = Number(keys[i + 3]);
    }
    // The tie point maps raster (i, j) to model (x, y). Under PixelIsPoint (GDAL's AREA_OR_POINT=Point)
    // raster (0, 0) is the centre of the first pixel, not its corner, so the corner is half a pixel
    // further up and left; reading it as a corner would shift the grid by half a pixel.
    const half = rasterType === PIXEL_IS_POINT ? 0.5 : 0;
    return {
        originE: Number(tie[3]) - (Number(tie[0]) + half) * Number(scale[0]),
        originN: Number(tie[4]) + (Number(tie[1]) + half) * Number(scale[1]),
        pixelSizeX: Number(scale[0]),
        pixelSizeY: Number(scale[1]),
        epsg,
    };
}
//# sourceMappingURL=tiff-write.js.map