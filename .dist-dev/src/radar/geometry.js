/**
 * The fixed geometry of SMHI's Swedish radar composite: image size, georeferencing in
 * SWEREF 99 TM (EPSG:3006) and the subsampled grid the pipeline works on.
 */
/** Columns of one composite image. */
export const WIDTH = 471;
/** Rows of one composite image (north up). */
export const HEIGHT = 887;
/** Pixels of one composite image. */
export const PIXELS = WIDTH * HEIGHT;
/** Rows after `[:-1:2, :-1:2]`: every other row of all but the last. */
export const SUB_HEIGHT = Math.ceil((HEIGHT - 1) / 2); // 443
/** Columns after `[:-1:2, :-1:2]`. */
export const SUB_WIDTH = Math.ceil((WIDTH - 1) / 2); // 235
/** Pixels of one subsampled image. */
export const SUB_PIXELS = SUB_HEIGHT * SUB_WIDTH;
/** Value SMHI uses outside radar coverage. */
export const NODATA = 255;
/** EPSG code of SWEREF 99 TM, the composite's projected CRS. */
export const EPSG = 3006;
/** Upper-left corner of the upper-left pixel (easting, northing, metres). */
export const ORIGIN_E = 126648.404;
export const ORIGIN_N = 7771252.876;
/** Pixel size in metres (square pixels). */
export const PIXEL_SIZE = 2014.958;
/** The full-resolution composite grid. */
export const COMPOSITE_GEO = {
    originE: ORIGIN_E,
    originN: ORIGIN_N,
    pixelSizeX: PIXEL_SIZE,
    pixelSizeY: PIXEL_SIZE,
    epsg: EPSG,
};
/**
 * The subsampled grid: pixel (r, c) is the composite's pixel (2r, 2c), so its centre is that
 * pixel's centre, composite (2c + 0.5, 2r + 0.5). With pixels twice as large, the upper-left
 * corner moves half a composite pixel west and north of the composite's corner (PixelIsArea);
 * keeping the composite's corner would put every centre 1 km east and south of its data.
 */
export const SUBSAMPLED_GEO = {
    originE: ORIGIN_E - PIXEL_SIZE / 2,
    originN: ORIGIN_N + PIXEL_SIZE / 2,
    pixelSizeX: 2 * PIXEL_SIZE,
    pixelSizeY: 2 * PIXEL_SIZE,
    epsg: EPSG,
};
/**
 * Latitude/longitude (GRS80, degrees) to SWEREF 99 TM easting/northing (metres), with the
 * Gauss-Krüger series Lantmäteriet publishes (millimetre accuracy within Sweden).
 */
export function sweref99tm(latDeg, lonDeg) {
    const a = 6378137;
    const f = 1 / 298.257222101;
    const k0 = 0.9996;
    const lon0 = (15 * Math.PI) / 180;
    const fe = 500000;
    const e2 = f * (2 - f);
    const n = f / (2 - f);
    const aRoof = (a / (1 + n)) * (1 + (n * n) / 4 + (n ** 4) / 64);
    const A = e2;
    const B = (5 * e2 ** 2 - e2 ** 3) / 6;
    const C = (104 * e2 ** 3 - 45 * e2 ** 4) / 120;
    const D = (1237 * e2 ** 4) / 1260;
    const b1 = n / 2 - (2 * n * n) / 3 + (5 * n ** 3) / 16 + (41 * n ** 4) / 180;
    const b2 = (13 * n * n) / 48 - (3 * n ** 3) / 5 + (557 * n ** 4) / 1440;
    const b3 = (61 * n ** 3) / 240 - (103 * n ** 4) / 140;
    const b4 = (49561 * n ** 4) / 161280;
    const phi = (latDeg * Math.PI) / 180;
    const dl = (lonDeg * Math.PI) / 180 - lon0;
    const s = Math.sin(phi);
    const phiStar = phi - s * Math.cos(phi) * (A + B * s ** 2 + C * s ** 4 + D * s ** 6);
    const xi = Math.atan(Math.tan(phiStar) / Math.cos(dl));
    const eta = Math.atanh(Math.cos(phiStar) * Math.sin(dl));
    const north = k0 * aRoof *
        (xi + b1 * Math.sin(2 * xi) * Math.cosh(2 * eta) + b2 * Math.sin(4 * xi) * Math.cosh(4 * eta) +
            b3 * Math.sin(6 * xi) * Math.cosh(6 * eta) + b4 * Math.sin(8 * xi) * Math.cosh(8 * eta));
    const east = k0 * aRoof *
        (eta + b1 * Math.cos(2 * xi) * Math.sinh(2 * eta) + b2 * Math.cos(4 * xi) * Math.sinh(4 * eta) +
            b3 * Math.cos(6 * xi) * Math.sinh(6 * eta) + b4 * Math.cos(8 * xi) * Math.sinh(8 * eta)) + fe;
    return { e: east, n: north };
}
/** Easting/northing to fractional pixel coordinates (column, row) of the composite grid. */
export function toPixel(e, n, geo = COMPOSITE_GEO) {
    return { col: (e - geo.originE) / geo.pixelSizeX, row: (geo.originN - n) / geo.pixelSizeY };
}
//# sourceMappingURL=geometry.js.map