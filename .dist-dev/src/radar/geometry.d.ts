/**
 * The fixed geometry of SMHI's Swedish radar composite: image size, georeferencing in
 * SWEREF 99 TM (EPSG:3006) and the subsampled grid the pipeline works on.
 */
/** Columns of one composite image. */
export declare const WIDTH = 471;
/** Rows of one composite image (north up). */
export declare const HEIGHT = 887;
/** Pixels of one composite image. */
export declare const PIXELS: number;
/** Rows after `[:-1:2, :-1:2]`: every other row of all but the last. */
export declare const SUB_HEIGHT: number;
/** Columns after `[:-1:2, :-1:2]`. */
export declare const SUB_WIDTH: number;
/** Pixels of one subsampled image. */
export declare const SUB_PIXELS: number;
/** Value SMHI uses outside radar coverage. */
export declare const NODATA = 255;
/** EPSG code of SWEREF 99 TM, the composite's projected CRS. */
export declare const EPSG = 3006;
/** Upper-left corner of the upper-left pixel (easting, northing, metres). */
export declare const ORIGIN_E = 126648.404;
export declare const ORIGIN_N = 7771252.876;
/** Pixel size in metres (square pixels). */
export declare const PIXEL_SIZE = 2014.958;
/** Georeferencing of a grid: its upper-left corner and pixel size, in EPSG:`epsg` metres. */
export interface GeoReference {
    originE: number;
    originN: number;
    pixelSizeX: number;
    pixelSizeY: number;
    epsg: number;
}
/** The full-resolution composite grid. */
export declare const COMPOSITE_GEO: GeoReference;
/**
 * The subsampled grid: pixel (r, c) is the composite's pixel (2r, 2c), so its centre is that
 * pixel's centre, composite (2c + 0.5, 2r + 0.5). With pixels twice as large, the upper-left
 * corner moves half a composite pixel west and north of the composite's corner (PixelIsArea);
 * keeping the composite's corner would put every centre 1 km east and south of its data.
 */
export declare const SUBSAMPLED_GEO: GeoReference;
/**
 * Latitude/longitude (GRS80, degrees) to SWEREF 99 TM easting/northing (metres), with the
 * Gauss-Krüger series Lantmäteriet publishes (millimetre accuracy within Sweden).
 */
export declare function sweref99tm(latDeg: number, lonDeg: number): {
    e: number;
    n: number;
};
/** Easting/northing to fractional pixel coordinates (column, row) of the composite grid. */
export declare function toPixel(e: number, n: number, geo?: GeoReference): {
    col: number;
    row: number;
};
