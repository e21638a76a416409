export interface RadarSite {
    name: string;
    lat: number;
    lon: number;
}
export declare const RADAR_SITES: readonly RadarSite[];
/** Range of the composite around each radar, metres. */
export declare const RADAR_RANGE_M = 240000;
/** Each radar's position as fractional (col, row) pixel coordinates of the composite grid. */
export declare function radarPixels(): {
    name: string;
    col: number;
    row: number;
}[];
/**
 * The composite's coverage: 0 inside the union of radar circles, `NODATA` outside. Computed once
 * per process and shared (callers copy it, never write to it).
 */
export declare function coverageMask(): Uint8Array;
