/**
 * Pixel value -> rain rate. SMHI's composite stores reflectivity as x with dBZ = 0.4x - 30; the
 * Marshall-Palmer relation Z = 200 R^1.6 gives R = (10^(dBZ/10) / 200)^(2/3) mm/h. Echoes below
 * 5 dBZ count as no rain, and 255 (outside radar coverage) becomes NaN. Every pixel is one of 256
 * values, so the conversion is a table lookup.
 */
import { NODATA } from './geometry.js';
/** Reflectivity below this (dBZ) counts as no rain. */
export const MIN_RAIN_DBZ = 5;
export function pixelToDbz(x) {
    return 0.4 * x - 30;
}
/** Rain rate (mm/h) for one pixel value, in float64. */
export function pixelToRainRate(x) {
    if (x === NODATA)
        return NaN;
    const dbz = pixelToDbz(x);
    if (dbz < MIN_RAIN_DBZ)
        return 0;
    return Math.pow(Math.pow(10, dbz / 10) / 200, 2 / 3);
}
/** Inverse of the reflectivity scale: the pixel value nearest a dBZ (clamped to 0..254). */
export function dbzToPixel(dbz) {
    const x = Math.round((dbz + 30) / 0.4);
    return x < 0 ? 0 : x > 254 ? 254 : x;
}
let lut;
/** The 256-entry float32 table: computed in float64, rounded once to float32. */
export function rainRateLut() {
    if (!lut) {
        lut = new Float32Array(256);
        for (let x = 0; x < 256; x++)
            lut[x] = pixelToRainRate(x);
    }
    return lut;
}
/** Converts a whole image of pixel values to rain rates (mm/h, NaN outside coverage). */
export function toRainRate(pixels, out = new Float32Array(pixels.length)) {
    const t = rainRateLut();
    for (let i = 0; i < pixels.length; i++)
        out[i] = t[pixels[i]];
    return out;
}
//# sourceMappingURL=rain-rate.js.map