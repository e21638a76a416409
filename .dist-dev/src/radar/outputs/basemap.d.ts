import type { GeoReference } from '../geometry.js';
/** Polylines as flat [x0, y0, x1, y1, ...] lists. */
export type Polyline = Float64Array;
export interface Basemap {
    coast: Polyline[];
    borders: Polyline[];
}
/** Coastlines and borders in SWEREF 99 TM metres (easting, northing). */
export declare function basemapSweref(): Basemap;
/**
 * The basemap in pixel coordinates of a picture of a grid: x = column, y = row, with pixel (c, r)
 * covering [c, c + 1) x [r, r + 1), times `scale` (the map's upscaling).
 */
export declare function basemapPixels(geo: GeoReference, scale?: number): Basemap;
