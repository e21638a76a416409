import type { GeoReference } from './geometry.js';
export interface TiffWriteOptions {
    width: number;
    height: number;
    /** Row-major pixels of the single band. */
    data: Uint8Array | Float32Array;
    geo?: GeoReference;
    /** Written as GDAL_NODATA, e.g. 255 or NaN. */
    nodata?: number;
    /** 'deflate' (default) or 'none'. */
    compression?: 'deflate' | 'none';
    /** zlib level 1-9 (default 6). */
    level?: number;
    /** Rows per strip (default: strips of about 32 KiB). */
    rowsPerStrip?: number;
    /** zlib strategy (default: zlib's default); Z_RLE is several times faster on radar fields. */
    strategy?: number;
}
/** Encodes a little-endian, stripped, single-band TIFF. */
export declare function encodeTiff(opts: TiffWriteOptions): Buffer;
/**
 * The georeferencing a TIFF carries (from its raw tags), or undefined if it has none: always the
 * upper-left corner of pixel (0, 0), whatever raster type the file declares.
 */
export declare function readGeoReference(tags: Record<string, unknown>): GeoReference | undefined;
