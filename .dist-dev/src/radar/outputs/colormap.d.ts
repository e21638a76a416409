export type Rgb = [number, number, number];
/** Colormap levels in the palette: indexes 0 .. LEVELS-1. */
export declare const LEVELS = 240;
/** First magma table entry used (level 0). */
export declare const FIRST_ENTRY = 48;
/** Zero rain (value <= 0); also the text colour. */
export declare const BLACK = 240;
/** Nodata (NaN); also the background. */
export declare const WHITE = 241;
/** Frames, tick marks. */
export declare const GREY = 242;
/** Coastlines. */
export declare const COAST = 243;
/** National borders. */
export declare const BORDER = 244;
/** Anti-aliased text: INK[0] = BLACK ... INK[INK.length - 1] = WHITE, evenly spaced greys between. */
export declare const INK: readonly number[];
/**
 * Never drawn: the GIF writer uses it as the transparent "unchanged since the previous frame"
 * index, so it must not collide with a visible colour.
 */
export declare const KEEP = 255;
/** Cyan and light green: colours magma never takes, visible on black, on white and on every level. */
export declare const COAST_RGB: Rgb;
export declare const BORDER_RGB: Rgb;
/** The 256-entry magma table (index 0 = darkest), as d3-scale-chromatic ships it. */
export declare const MAGMA: readonly Rgb[];
/** Magma table entry used for colormap level k. */
export declare function magmaEntryForLevel(k: number): number;
/** The palette shared by all outputs: LEVELS magma levels, then black, white, grey, lines, ink greys, keep. */
export declare const PALETTE: readonly Rgb[];
/** A logarithmic colour scale between two positive bounds (values outside clamp to the ends). */
export interface LogScale {
    readonly lo: number;
    readonly hi: number;
}
export declare const RAIN_SCALE: LogScale;
/**
 * Palette index of one value: NaN -> WHITE, <= 0 -> BLACK, otherwise the level of its position
 * t = log(v / lo) / log(hi / lo) on the scale, floor(t * LEVELS) clamped (matplotlib's LogNorm
 * followed by a LEVELS-entry colormap lookup).
 */
export declare function levelOf(v: number, scale?: LogScale): number;
/**
 * Maps a whole field to palette indexes, giving exactly levelOf() for every value. This is the
 * GIF's hot loop (25 million values a month), and Math.log10 per value costs ~30 ns, so values
 * are looked up by the top 17 bits of their float32 pattern (sign, exponent, 8 mantissa bits:
 * 256 bins per octave). A bin whose two ends get the same index holds only values of that index
 * (levelOf is monotonic); the few bins that straddle a level boundary, or mix NaN with infinity,
 * are marked SLOW and fall back to levelOf.
 */
export declare function indexField(src: Float32Array, out: Uint8Array, scale?: LogScale): Uint8Array;
/** Palette as a flat [r,g,b,...] byte list (for the GIF colour table). */
export declare function paletteBytes(): Uint8Array;
/**
 * A log range that shows a statistic well: whole decades from the 1st percentile of its positive
 * values to its maximum, at least one decade wide, within 0.001 .. 1000. Falls back to the rain
 * scale when nothing is positive.
 */
export declare function autoScale(values: Float32Array): LogScale;
