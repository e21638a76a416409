import { type StatsPartial } from './stats.js';
export interface RadarImage {
    /** Entry name in the day archive, e.g. radar_2011010005.tif. */
    name: string;
    /** UTC time from the name (ISO), if it follows SMHI's naming. */
    time?: string;
    /** 471 x 887 pixel values, row-major. */
    pixels: Uint8Array;
}
export interface DayResult {
    /** The archive this came from. */
    file: string;
    /** Frames, each SUB_HEIGHT x SUB_WIDTH float32 rain rates, concatenated. */
    frames: Float32Array;
    nFrames: number;
    /** Time of each frame's first image (ISO), or the entry name where there is no time. */
    frameTimes: string[];
    /** Images per frame. */
    frameSizes: number[];
    /** Partial statistics over the day's subsampled images. */
    partial: StatsPartial;
    /** Time (or name) of every image, in order. */
    timestamps: string[];
    imageCount: number;
}
export interface ReadDayOptions {
    /**
     * What images of other days in a `YYYY-MM-DD.zip` do: 'error' (default) refuses the archive,
     * 'skip' leaves them out and says so in `warnings`.
     */
    otherDays?: 'error' | 'skip';
    /** Receives one line per thing left out. */
    warn?: (message: string) => void;
}
/**
 * Decodes every image of a day archive in time order and hands each to `fn` without keeping it, so
 * a day costs one image of memory. Returns the number of images.
 */
export declare function forEachImage(zipPath: string, fn: (img: RadarImage, index: number, total: number) => void, opts?: ReadDayOptions): Promise<number>;
/** All images of a day archive, in time order. */
export declare function readDay(zipPath: string, opts?: ReadDayOptions): Promise<RadarImage[]>;
/** Images per frame when `n` images go into `nFrames` bins of consecutive images. */
export declare function frameSizes(n: number, nFrames?: number): number[];
/** `image[:-1:2, :-1:2]` of a full composite's pixel values. */
export declare function subsample(pixels: Uint8Array, out?: Uint8Array<ArrayBuffer>): Uint8Array;
/**
 * Accumulates frames and statistics image by image. Frame sums are float32 added in image order,
 * exactly as NumPy's `mean(axis=0)` over a float32 stack does, so frames match the notebook's
 * bit for bit; statistics use float64 (see stats.ts).
 */
export declare class DayAccumulator {
    readonly total: number;
    readonly nFrames: number;
    readonly sizes: number[];
    readonly frames: Float32Array;
    readonly partial: StatsPartial;
    private readonly lut;
    private readonly binOf;
    private seen;
    constructor(total: number, nFrames?: number);
    /** Folds the next image (full 471 x 887 pixel values) in. */
    add(pixels: Uint8Array): void;
    /** Divides the frame sums; call once after all images. Empty frames become NaN, as numpy's mean. */
    finish(): Float32Array;
}
/** The day's frames from images already in memory (see `dayPartial` to stream from a zip). */
export declare function dayFrames(images: Array<Uint8Array | RadarImage>, nFrames?: number): Float32Array;
/** Reads a day archive once and returns its frames and partial statistics. */
export declare function dayPartial(zipPath: string, opts?: {
    nFrames?: number;
} & ReadDayOptions): Promise<DayResult>;
