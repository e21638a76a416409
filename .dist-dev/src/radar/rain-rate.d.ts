/** Reflectivity below this (dBZ) counts as no rain. */
export declare const MIN_RAIN_DBZ = 5;
export declare function pixelToDbz(x: number): number;
/** Rain rate (mm/h) for one pixel value, in float64. */
export declare function pixelToRainRate(x: number): number;
/** Inverse of the reflectivity scale: the pixel value nearest a dBZ (clamped to 0..254). */
export declare function dbzToPixel(dbz: number): number;
/** The 256-entry float32 table: computed in float64, rounded once to float32. */
export declare function rainRateLut(): Float32Array;
/** Converts a whole image of pixel values to rain rates (mm/h, NaN outside coverage). */
export declare function toRainRate(pixels: Uint8Array, out?: Float32Array<ArrayBuffer>): Float32Array;
