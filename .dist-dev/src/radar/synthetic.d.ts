export interface SyntheticDayOptions {
    seed: number;
    /** YYYY-MM-DD (UTC). */
    date: string;
    /** Images in the day, evenly spaced (default 288: every 5 minutes). */
    imagesPerDay?: number;
    /** Deflate level of the TIFF strips (default 1: synthetic fields compress well even so). */
    level?: number;
}
/** The composites of one synthetic day, as (name, time, pixel values). */
export declare function syntheticImages(opts: SyntheticDayOptions): Generator<{
    name: string;
    time: Date;
    pixels: Uint8Array;
}>;
/** One synthetic day archive, in memory. */
export declare function syntheticDayZip(opts: SyntheticDayOptions): Buffer;
/** The start of the archive comment of every synthetic day: how ssdp tells its own zips from data. */
export declare const SYNTHETIC_MARK = "ssdp synthetic radar day";
/** Whether an archive on disk is a synthetic day written by ssdp (its comment carries the mark). */
export declare function isSyntheticZip(path: string): boolean;
/** Writes one day as `dir/YYYY-MM-DD.zip` (atomically: a partial file never has the final name). */
export declare function writeSyntheticDay(opts: SyntheticDayOptions & {
    dir: string;
}): string;
export interface WriteSyntheticDaysOptions {
    dir: string;
    /** First day, YYYY-MM-DD (default 2020-11-01). */
    start?: string;
    days: number;
    seed?: number;
    imagesPerDay?: number;
    level?: number;
    /** Days written at once in worker threads (default 1: in this thread). */
    concurrency?: number;
    onDay?: (date: string, path: string) => void;
}
/** Writes `days` synthetic day archives from `start`; returns their paths in date order. */
export declare function writeSyntheticDays(opts: WriteSyntheticDaysOptions): Promise<string[]>;
