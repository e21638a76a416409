export interface Layout {
    /** gdal.Translate options, or a PIL save. */
    kind: 'gdal' | 'pil';
    /** GDAL creation options (-co). */
    co?: string[];
    /** GDAL output format (default GTiff). */
    format?: string;
    /** Bands written (band 1 repeated), as SMHI's 3-band years. */
    bands?: number;
    /** -a_srs */
    srs?: string;
    /** -a_ullr [ulx, uly, lrx, lry] */
    ullr?: number[];
    /** PIL compression name. */
    compression?: string;
}
/** The layouts the issue lists, and the common ones the fast path must keep reading right. */
export declare const LAYOUTS: Record<string, Layout>;
/** Re-writes every day archive of `srcDir` into `outDir/<layout>/<day>.zip` for each layout. */
export declare function buildCorpus(srcDir: string, outDir: string, layouts?: Record<string, Layout>): void;
/**
 * The notebook's result for each day archive (one python run for all), images read by GDAL:
 * `out.pixels` (band 1 of every image, uint8) and `out.frames` (the 8 mean frames, subsampled,
 * float32) for each `[zip, out]`.
 */
export declare function gdalReference(jobs: Array<[zip: string, out: string]>): void;
