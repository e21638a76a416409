/** Colour of a value: LogNorm(lo, hi) position, 240 levels over magma's entries 48-255; 0 black, NaN white. */
export declare function expectedRgb(v: number, lo?: number, hi?: number): number[];
/** Longitude/latitude (WGS84) to SWEREF 99 TM easting/northing, by GDAL's gdaltransform. */
export declare function gdalToSweref(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]>;
