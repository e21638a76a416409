export declare const DEFAULT_SMHI_URL = "https://opendata-download-radar.smhi.se";
/** The API address of one day's archive (month and day unpadded, as SMHI's API wants them). */
export declare function smhiDayUrl(baseUrl: string, date: string): string;
export interface DownloadProgress {
    date: string;
    /** 'cached' (already there), 'start', 'data' (bytes so far), 'retry', 'done'. */
    event: 'cached' | 'start' | 'data' | 'retry' | 'done';
    bytes?: number;
    total?: number;
    attempt?: number;
    error?: string;
}
export interface DownloadOptions {
    /** Default: $SSDP_SMHI_URL, else SMHI's open-data server. */
    baseUrl?: string;
    dir: string;
    /** Attempts after the first (default 4). */
    retries?: number;
    /** First backoff delay in ms, doubled per attempt (default 500). */
    backoffMs?: number;
    /** Per-request inactivity timeout in ms (default 60 s). */
    timeoutMs?: number;
    onProgress?: (p: DownloadProgress) => void;
}
export interface DownloadDaysOptions extends DownloadOptions {
    start: string;
    days: number;
    /** Days downloaded at once (default 2). */
    concurrency?: number;
}
export interface DownloadResult {
    files: string[];
    downloaded: string[];
    cached: string[];
}
/** Whether a file is a complete, readable zip (every entry inflates and passes its CRC). */
export declare function verifyZip(path: string): void;
/** Downloads one day unless it is already in `dir`; returns its path and whether it was fetched. */
export declare function downloadSmhiDay(date: string, opts: DownloadOptions): Promise<{
    path: string;
    downloaded: boolean;
}>;
/** Downloads `days` days from `start` into `dir`, a few at a time. */
export declare function downloadSmhiDays(opts: DownloadDaysOptions): Promise<DownloadResult>;
