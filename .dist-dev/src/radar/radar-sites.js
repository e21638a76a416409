/**
 * Sweden's 12 weather radars (approximate sites of SMHI's network around 2020) and the coverage
 * mask they give the composite: the union of circles of `RADAR_RANGE_M` around them.
 */
import { HEIGHT, NODATA, PIXEL_SIZE, PIXELS, WIDTH, sweref99tm, toPixel } from './geometry.js';
export const RADAR_SITES = [
    { name: 'Kiruna', lat: 67.709, lon: 20.617 },
    { name: 'Luleå', lat: 65.431, lon: 21.865 },
    { name: 'Örnsköldsvik', lat: 63.638, lon: 18.402 },
    { name: 'Östersund', lat: 63.295, lon: 14.759 },
    { name: 'Hudiksvall', lat: 61.577, lon: 16.714 },
    { name: 'Leksand', lat: 60.723, lon: 14.878 },
    { name: 'Arlanda', lat: 59.655, lon: 17.946 },
    { name: 'Vilebo', lat: 58.106, lon: 15.937 },
    { name: 'Vara', lat: 58.256, lon: 12.826 },
    { name: 'Hemse', lat: 57.235, lon: 18.400 },
    { name: 'Ängelholm', lat: 56.368, lon: 12.852 },
    { name: 'Karlskrona', lat: 56.296, lon: 15.610 },
];
/** Range of the composite around each radar, metres. */
export const RADAR_RANGE_M = 240_000;
/** Each radar's position as fractional (col, row) pixel coordinates of the composite grid. */
export function radarPixels() {
    return RADAR_SITES.map((s) => {
        const { e, n } = sweref99tm(s.lat, s.lon);
        return { name: s.name, ...toPixel(e, n) };
    });
}
let cachedMask;
/**
 * The composite's coverage: 0 inside the union of radar circles, `NODATA` outside. Computed once
 * per process and shared (callers copy it, never write to it).
 */
export function coverageMask() {
    if (cachedMask)
        return cachedMask;
    const mask = new Uint8Array(PIXELS).fill(NODATA);
    const r = RADAR_RANGE_M / PIXEL_SIZE;
    for (const site of radarPixels()) {
        // Pixel centres at (col + 0.5, row + 0.5).
        const r0 = Math.max(0, Math.floor(site.row - r)), r1 = Math.min(HEIGHT - 1, Math.ceil(site.row + r));
        for (let row = r0; row <= r1; row++) {
            const dy = row + 0.5 - site.row;
            const half = r * r - dy * dy;
            if (half < 0)
                continue;
            const w = Math.sqrt(half);
            const c0 = Math.max(0, Math.ceil(site.col - w - 0.5)), c1 = Math.min(WIDTH - 1, Math.floor(site.col + w - 0.5));
            if (c1 >= c0)
                mask.fill(0, row * WIDTH + c0, row * WIDTH + c1 + 1);
        }
    }
    cachedMask = mask;
    return mask;
}
//# sourceMappingURL=radar-sites.js.map