/**
 * What the pipeline hands to writeOutputs, and what it gets back. Kept in one small contract file
 * so the workflow side can depend on it without the writers.
 */
import type { GeoReference } from './geo.js';
import type { LogScale } from './colormap.js';
/** Per-pixel statistics over all images, each rows x cols row-major, NaN where never covered. */
export interface RadarStats {
    nanmin: Float32Array;
    nanmax: Float32Array;
    nanmean: Float32Array;
    nanstd: Float32Array;
}
export declare const STAT_NAMES: readonly ["nanmin", "nanmax", "nanmean", "nanstd"];
export type StatName = (typeof STAT_NAMES)[number];
/** Map titles in plain words (the file names keep numpy's names). */
export declare const STAT_TITLES: Record<StatName, string>;
export interface StageTiming {
    stage: string;
    seconds: number;
}
/**
 * The run's own summary, written into summary.json and the report. Every field is optional;
 * fields not listed here are kept as they are under `run`.
 */
export interface RunSummary {
    /** Effective parameters (source, start, days, data, out, ...). */
    parameters?: Record<string, unknown>;
    /** Days read, as YYYY-MM-DD. */
    daysUsed?: string[];
    /** Days left out (missing or bad with --on-missing skip), with the reason when known. */
    daysSkipped?: Array<string | {
        day: string;
        reason?: string;
    }>;
    /** Days by what their data is (the synthetic mark in the zip), to label maps and the report. */
    dataOrigin?: {
        synthetic: number;
        smhi: number;
        user: number;
    };
    /** Warnings found while reading the days (kept in their partials), shown in summary.json and the report. */
    warnings?: string[];
    /** Number of input images averaged into the frames (8610 for the lecture's month). */
    imageCount?: number;
    /** Seconds per pipeline stage, in order: a list, or an object stage -> seconds. */
    timings?: StageTiming[] | Record<string, number>;
    [extra: string]: unknown;
}
export interface OutputProgress {
    /** The file being written ("radar.gif", "frames.npy", ...). */
    step: string;
    /** Units of work done / total over the whole call (a unit is one frame or one small file). */
    done: number;
    total: number;
}
export interface WriteOutputsOptions {
    outDir: string;
    /** Frames of rows x cols rain rate (mm/h), NaN = nodata. */
    frames: readonly Float32Array[];
    /** Start of each frame's period, UTC. */
    timestamps: readonly Date[];
    stats: RadarStats;
    /** Georeferencing of the frames' grid; default SUBSAMPLED_GEO (SMHI's composite grid, pixels doubled). */
    geo?: GeoReference;
    summary?: RunSummary;
    onProgress?: (p: OutputProgress) => void;
    /** Grid size; default 443 rows x 235 columns. */
    rows?: number;
    cols?: number;
    /** Length of each frame's period for the labels; default: the most common gap between timestamps, else 180. */
    frameMinutes?: number;
    /** GIF frame delay in hundredths of a second; default 5 (20 frames/s). */
    delayCs?: number;
    /** Integer upscaling of the map in the GIF; default 1 (the report shows it enlarged). */
    gifMapScale?: number;
    /** Integer upscaling of the statistic maps (PNG); default 2. */
    mapScale?: number;
    /** Colour scale of the GIF; default 0.01-100 mm/h. */
    gifScale?: LogScale;
}
export interface OutputFile {
    name: string;
    bytes: number;
    seconds: number;
    description: string;
}
export interface OutputsResult {
    outDir: string;
    files: OutputFile[];
    /** Seconds spent per output file, plus the total. */
    timings: StageTiming[];
    summary: SummaryJson;
}
export interface ValueRange {
    min: number | null;
    max: number | null;
    mean: number | null;
    /** Number of NaN (nodata) values. */
    nan: number;
    /** Number of finite values. */
    count: number;
}
export interface PictureGeometry {
    width: number;
    height: number;
    mapX: number;
    mapY: number;
    mapScale: number;
}
/** The content of summary.json. */
export interface SummaryJson {
    generatedAt: string;
    /** Where the data came from: the run's `source` parameter and a sentence for people. */
    source: {
        parameter: string | null;
        description: string;
        days?: {
            synthetic: number;
            smhi: number;
            user: number;
        };
    };
    /** Things a reader must know about the results (e.g. SMHI's compositing change inside the period). */
    warnings: string[];
    parameters: Record<string, unknown>;
    days: {
        used: string[];
        skipped: Array<{
            day: string;
            reason?: string;
        }>;
    };
    counts: {
        frames: number;
        images: number | null;
        daysUsed: number;
        daysSkipped: number;
    };
    period: {
        firstFrameStart: string;
        lastFrameEnd: string;
        frameMinutes: number;
        label: string;
    };
    grid: {
        rows: number;
        cols: number;
        crs: string;
    } & GeoReference;
    valueRanges: {
        frames: ValueRange;
    } & Record<StatName, ValueRange & {
        colorScale: LogScale;
    }>;
    /**
     * Where the map sits in each picture (radar.gif and the PNG maps), in picture pixels: grid pixel
     * (col, row) covers x = mapX + col * mapScale ..., y = mapY + row * mapScale ...
     */
    pictures: Record<string, PictureGeometry>;
    gif: {
        file: string;
        frames: number;
        framesPerSecond: number;
        width: number;
        height: number;
        colorScale: LogScale;
    };
    timings: StageTiming[];
    outputs: Array<{
        file: string;
        bytes: number | null;
        description: string;
    }>;
    run: Record<string, unknown>;
}
