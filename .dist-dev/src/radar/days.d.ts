/** Parses `YYYY-MM-DD` as a UTC date, rejecting impossible ones (2020-02-30). */
export declare function parseDate(s: string, what?: string): Date;
export declare function formatDate(d: Date): string;
/** `days` consecutive dates from `start` (YYYY-MM-DD strings). */
export declare function dateRange(start: string, days: number): string[];
/** The file a day is stored in. */
export declare function dayFile(dir: string, date: string): string;
export interface DayFile {
    date: string;
    path: string;
}
export interface DayListing {
    files: DayFile[];
    /** Dates asked for but not found (only with onMissing: 'skip'). */
    missing: string[];
    /** One line per thing left out, for the reporter. */
    warnings: string[];
    /** One sentence about what was left out, or undefined when nothing was. */
    summary?: string;
}
export interface ListDaysOptions {
    dir: string;
    /** First day; without it every `YYYY-MM-DD.zip` in `dir` is listed. */
    start?: string;
    days?: number;
    onMissing?: 'error' | 'skip';
}
/** The day archives to process, in date order. */
export declare function listDays(opts: ListDaysOptions): DayListing;
