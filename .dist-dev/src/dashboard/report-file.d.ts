export declare const performanceReportFile: (root: string) => string;
/**
 * What `ssdp run --dashboard` says when there is nothing to run. No page is served (there is
 * nothing to watch) and no report written: the last run's report describes the outputs that are
 * up to date, and the radar report links to it, so an empty one must not replace it.
 */
export declare function nothingToRunNote(root: string): string;
