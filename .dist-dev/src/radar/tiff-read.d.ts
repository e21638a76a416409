import { SsdpError } from '../util/errors.js';
export interface DecodedTiff {
    width: number;
    height: number;
    /** Bands in the file (only the first is decoded). */
    bands: number;
    bitsPerSample: number;
    /** 1 = unsigned integer, 3 = IEEE float. */
    sampleFormat: number;
    compression: number;
    /** The first band, row-major: Uint8Array for 8-bit files, Float32Array for 32-bit float ones. */
    data: Uint8Array | Float32Array;
    /** Raw tags by number (`t33550` etc. as utif2 names them), for georeferencing checks. */
    tags: Record<string, unknown>;
}
export declare const compressionName: (c: number) => string;
export declare const sampleFormatName: (f: number) => string;
/** A valid TIFF in a layout ssdp does not read: not damaged, so the hint says how to convert it. */
export declare function unsupportedTiff(label: string, what: string): SsdpError;
/** Sample sizes and formats the reader takes. */
export declare const SAMPLE_SUPPORT = "ssdp reads 8-bit unsigned and 32-bit float samples, and radar composites are 8-bit unsigned";
export declare function badTiff(label: string, what: string): SsdpError;
/**
 * Decodes the first band of the first image of a TIFF, whatever its layout. `label` names the file
 * in errors (for radar images: "day.zip: radar_2011010000.tif").
 */
export declare function readTiff(bytes: Uint8Array, label: string): Promise<DecodedTiff>;
/** `readTiff` for the layouts the synchronous fast path reads (stripped classic TIFF); others are an error. */
export declare function decodeTiff(bytes: Uint8Array, label: string): DecodedTiff;
