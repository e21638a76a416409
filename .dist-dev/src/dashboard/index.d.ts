import { Recorder, type DashState } from './recorder.js';
export { checkPort } from './port.js';
export { Recorder, type DashState } from './recorder.js';
export { DEFAULT_PORT } from './server.js';
export interface DashboardOptions {
    /** Serve the live page (default true); false only records, for a report. */
    serve?: boolean;
    /** Port on 127.0.0.1; taken or not allowed -> E_DASHBOARD_PORT. Default: 8787 or the next free one. */
    port?: number;
    /** Shown in the page's title. */
    title?: string;
    /** Task kind of a key (default: the key's prefix). */
    kindOf?: (key: string) => string;
}
export declare class Dashboard {
    readonly recorder: Recorder;
    private server;
    private slurmTimer;
    private constructor();
    /**
     * Records (into `recorder` when given: a Client makes its own before this module loads);
     * serves and prints the address on stderr unless `serve` is false.
     */
    static start(opts?: DashboardOptions, recorder?: Recorder): Promise<Dashboard>;
    /** The worker jobs of the Slurm clusters this process has open (a Client's, or ssdp run --cluster's), with their state. */
    private watchSlurm;
    /** The live page's address (undefined when not serving). */
    get url(): string | undefined;
    state(): DashState;
    /** Writes the self-contained report (HTML, charts and summary) to `file`; returns its absolute path. */
    writeReport(file: string, opts?: ReportOptions): Promise<string>;
    close(): Promise<void>;
}
export interface ReportOptions {
    /** Replace `file` even when it is not a report ssdp wrote (an older ssdp report is always replaced). */
    overwrite?: boolean;
}
export declare function writeReport(file: string, state: DashState, opts?: ReportOptions): Promise<string>;
