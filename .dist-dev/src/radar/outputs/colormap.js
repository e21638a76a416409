/**
 * The one 256-colour palette every picture uses (GIF frames, PNG maps), and the log-scale mapping
 * from rain rate to a palette index.
 *
 * Why a fixed palette: a GIF holds at most 256 colours, and our pictures are colormapped values,
 * so the palette can be the colormap itself. Encoding indexes into it is lossless and needs no
 * quantisation. Besides the LEVELS colormap levels the palette holds black (zero rain), white
 * (nodata), a grey for frames, the coastline and border colours, and a ramp of greys so text
 * rendered anti-aliased on white keeps its smooth edges in the GIF.
 *
 * The colormap is magma without its darkest part: magma starts at near-black (#000004), which
 * nobody can tell from the black of "no rain", so the levels start at table entry FIRST_ENTRY
 * (#36106b, a clear dark purple). Level k takes table entry
 * FIRST_ENTRY + floor(k * (256 - FIRST_ENTRY) / (LEVELS - 1)), capped at 255: matplotlib's
 * `ListedColormap(colormaps['magma'](np.linspace(FIRST_ENTRY / 256, 1, LEVELS)))`.
 *
 * The table is d3-scale-chromatic's magma: matplotlib's float `_magma_data` rounded to the nearest
 * byte (checked entry by entry against matplotlib 3.6). matplotlib's own image output truncates
 * instead of rounding, so its PNGs differ from these by at most 1/255 in some entries.
 */
import { interpolateMagma } from 'd3-scale-chromatic';
/** Colormap levels in the palette: indexes 0 .. LEVELS-1. */
export const LEVELS = 240;
/** First magma table entry used (level 0). */
export const FIRST_ENTRY = 48;
/** Zero rain (value <= 0); also the text colour. */
export const BLACK = 240;
/** Nodata (NaN); also the background. */
export const WHITE = 241;
/** Frames, tick marks. */
export const GREY = 242;
/** Coastlines. */
export const COAST = 243;
/** National borders. */
export const BORDER = 244;
/** Anti-aliased text: INK[0] = BLACK ... INK[INK.length - 1] = WHITE, evenly spaced greys between. */
export const INK = [BLACK, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, WHITE];
/**
 * Never drawn: the GIF writer uses it as the transparent "unchanged since the previous frame"
 * index, so it must not collide with a visible colour.
 */
export const KEEP = 255;
/** Cyan and light green: colours magma never takes, visible on black, on white and on every level. */
export const COAST_RGB = [0, 200, 255];
export const BORDER_RGB = [120, 230, 120];
/** The 256-entry magma table (index 0 = darkest), as d3-scale-chromatic ships it. */
export const MAGMA = Array.from({ length: 256 }, (_, i) => parseHex(interpolateMagma((i + 0.5) / 256)));
function parseHex(s) {
    // d3 returns "#rrggbb" for its listed schemes
    if (!/^#[0-9a-f]{6}$/i.test(s))
        throw new Error(`unexpected colour from d3-scale-chromatic: ${s}`);
    return [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
}
/** Magma table entry used for colormap level k. */
export function magmaEntryForLevel(k) {
    return Math.min(255, FIRST_ENTRY + Math.floor((k * (256 - FIRST_ENTRY)) / (LEVELS - 1)));
}
/** The palette shared by all outputs: LEVELS magma levels, then black, white, grey, lines, ink greys, keep. */
export const PALETTE = (() => {
    const p = [];
    for (let k = 0; k < LEVELS; k++)
        p.push(MAGMA[magmaEntryForLevel(k)]);
    p[BLACK] = [0, 0, 0];
    p[WHITE] = [255, 255, 255];
    p[GREY] = [128, 128, 128];
    p[COAST] = COAST_RGB;
    p[BORDER] = BORDER_RGB;
    INK.forEach((idx, i) => {
        const g = Math.round((i * 255) / (INK.length - 1));
        p[idx] = [g, g, g];
    });
    p[KEEP] = [190, 190, 190];
    return p;
})();
export const RAIN_SCALE = { lo: 0.01, hi: 100 };
/**
 * Palette index of one value: NaN -> WHITE, <= 0 -> BLACK, otherwise the level of its position
 * t = log(v / lo) / log(hi / lo) on the scale, floor(t * LEVELS) clamped (matplotlib's LogNorm
 * followed by a LEVELS-entry colormap lookup).
 */
export function levelOf(v, scale = RAIN_SCALE) {
    if (Number.isNaN(v))
        return WHITE;
    if (v <= 0)
        return BLACK;
    const l0 = Math.log10(scale.lo);
    const t = (Math.log10(v) - l0) / (Math.log10(scale.hi) - l0);
    const k = Math.floor(t * LEVELS);
    return k < 0 ? 0 : k >= LEVELS ? LEVELS - 1 : k;
}
/**
 * Maps a whole field to palette indexes, giving exactly levelOf() for every value. This is the
 * GIF's hot loop (25 million values a month), and Math.log10 per value costs ~30 ns, so values
 * are looked up by the top 17 bits of their float32 pattern (sign, exponent, 8 mantissa bits:
 * 256 bins per octave). A bin whose two ends get the same index holds only values of that index
 * (levelOf is monotonic); the few bins that straddle a level boundary, or mix NaN with infinity,
 * are marked SLOW and fall back to levelOf.
 */
export function indexField(src, out, scale = RAIN_SCALE) {
    const table = lookupTable(scale);
    const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
    for (let i = 0; i < bits.length; i++) {
        const k = table[bits[i] >>> SHIFT];
        out[i] = k === SLOW ? levelOf(src[i], scale) : k;
    }
    return out;
}
const SHIFT = 15;
const SLOW = KEEP; // never a result of levelOf, so free to mean "look closer"
const tables = new Map();
function lookupTable(scale) {
    const key = `${scale.lo}/${scale.hi}`;
    let t = tables.get(key);
    if (t)
        return t;
    t = new Uint8Array(1 << (32 - SHIFT));
    const u = new Uint32Array(1), f = new Float32Array(u.buffer);
    for (let b = 0; b < t.length; b++) {
        u[0] = b << SHIFT;
        const first = levelOf(f[0], scale);
        u[0] = ((b + 1) << SHIFT) - 1;
        const last = levelOf(f[0], scale);
        t[b] = first === last ? first : SLOW;
    }
    tables.set(key, t);
    return t;
}
/** Palette as a flat [r,g,b,...] byte list (for the GIF colour table). */
export function paletteBytes() {
    const out = new Uint8Array(256 * 3);
    PALETTE.forEach((c, i) => out.set(c, i * 3));
    return out;
}
/**
 * A log range that shows a statistic well: whole decades from the 1st percentile of its positive
 * values to its maximum, at least one decade wide, within 0.001 .. 1000. Falls back to the rain
 * scale when nothing is positive.
 */
export function autoScale(values) {
    const pos = [];
    for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v > 0 && v !== Infinity)
            pos.push(v);
    }
    if (pos.length === 0)
        return RAIN_SCALE;
    const sorted = Float64Array.from(pos).sort();
    const p01 = sorted[Math.floor((sorted.length - 1) * 0.01)];
    const max = sorted[sorted.length - 1];
    let lo = Math.max(-3, Math.min(2, Math.floor(Math.log10(p01))));
    let hi = Math.min(3, Math.max(lo + 1, Math.ceil(Math.log10(max))));
    if (hi <= lo)
        lo = hi - 1;
    return { lo: 10 ** lo, hi: 10 ** hi };
}
//# sourceMappingURL=colormap.js.map