import type { TaskContext } from '../../workflow/types.js';
export interface DayOutcome {
    day: string;
    skipped?: string;
    partial?: string;
    images?: number;
    seconds?: number;
    /** The node that processed the day (the env's own when it pins one). */
    node?: string;
}
export interface FetchArgs {
    source: string;
    day: string;
    dir: string;
    seed?: string | number;
    url?: string;
    imagesPerDay?: string | number;
    onMissing?: string;
}
/** Makes sure `dir/DAY.zip` exists: synthesised, downloaded from SMHI, or (local) already there. */
export declare function fetchDay(args: FetchArgs, ctx?: TaskContext): Promise<DayOutcome>;
export interface ProcessArgs {
    zip: string;
    partial: string;
    day: string;
    onMissing?: string;
}
/** One day: rain rates, 8 mean frames (subsampled), and its partial statistics, stored in one file. */
export declare function processDay(args: ProcessArgs, ctx?: TaskContext): Promise<DayOutcome>;
export interface SummarizeArgs {
    out: string;
    [param: string]: unknown;
}
/** The month: merged statistics, all frames, and every output file (GIF, maps, npy, GeoTIFF, report). */
export declare function summarize(args: SummarizeArgs, ctx?: TaskContext): Promise<Record<string, unknown>>;
