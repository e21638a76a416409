/** Shortest time between two writes. */
export declare const CHECKPOINT_MS = 2000;
export interface Checkpoints {
    /** Stops writing; resolves once a write under way has landed (so it cannot replace a later one). */
    stop(): Promise<void>;
}
export declare function keepWriting(write: () => Promise<unknown>, everyMs?: number): Checkpoints;
/** Marks the status of the run a report shows, in its head, for `unfinishedReport` to read without parsing the page. */
export declare const statusMeta: (status: string) => string;
/** Marks a page as ssdp's, in its head: a file without it is the user's and is not replaced. */
export declare const REPORT_MARK = "<meta name=\"generator\" content=\"ssdp performance report\">";
/** Whether `file` is a report ssdp wrote (reports from before REPORT_MARK carry only the status mark). */
export declare function isReport(file: string): boolean;
/**
 * Where an earlier run's unfinished report (written mid-run, never replaced by a final one) is
 * kept: beside `file`. Returns the new path, or undefined when `file` is missing or finished.
 */
export declare function keepUnfinished(file: string): string | undefined;
