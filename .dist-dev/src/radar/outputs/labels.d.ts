/** Date-time labels of frames: "2020-11-01 00:00–03:00 UTC". */
export declare function frameLabel(start: Date, minutes: number): string;
/** The most common positive gap between consecutive timestamps, in minutes; 180 (8 a day) when unknown. */
export declare function inferFrameMinutes(ts: readonly Date[]): number;
/**
 * The period a run covers, for map subtitles: "2020-11-01 – 2020-11-30" when it is whole UTC days
 * (the end is exclusive, so the last day shown is the one before it), else with the times.
 */
export declare function periodLabel(first: Date, endExclusive: Date): string;
/** Where the data came from, from the run's `source` parameter. */
export declare function dataOrigin(source: unknown): {
    short: string;
    long: string;
};
/** Where the data came from, from what the days are; with a mix, how many days of each. */
export declare function dataOriginOfDays(days: {
    synthetic: number;
    smhi: number;
    user: number;
}): {
    short: string;
    long: string;
};
/** The day SMHI moved its composites from height-based to quality-based compositing. */
export declare const SMHI_COMPOSITING_CHANGE: Date;
/** A warning when frames fall on both sides of SMHI's compositing change, else nothing. */
export declare function compositingWarning(first: Date, last: Date): string | undefined;
