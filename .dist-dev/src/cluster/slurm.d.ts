import { type SlurmOptions } from './slurm-options.js';
export type { SlurmOptions } from './slurm-options.js';
/** Stands for the broker URL in a worker command; the job reads it from its environment. */
export declare const BROKER_ARG = "$SSDP_BROKER";
export interface SlurmWorker {
    /** Slurm's id of the worker: ARRAYJOB_TASK, e.g. 1234_0. */
    jobId: string;
    arrayJobId: string;
    taskId: number;
    /** squeue's state: PENDING, RUNNING, COMPLETING, ... */
    state: string;
    /** The node it runs on ('' while pending). */
    node: string;
    /** Why it is pending, as squeue says (None when running). */
    reason: string;
}
export declare function slurmProgram(name: string): string;
/** The batch script: `exec` makes the worker the job's main process, so Slurm's signals reach it. */
export declare function batchScript(command: readonly string[]): string;
export interface SlurmStartOptions {
    /** The broker URL the workers connect to; passed to the jobs in their environment, not in argv. */
    broker: string;
    /** The worker's command line; BROKER_ARG stands for the broker URL. */
    command: readonly string[];
    /** Folder for the workers' Slurm logs (default ./.ssdp/slurm). */
    logDir?: string;
}
export declare class SlurmCluster {
    #private;
    readonly options: Required<Pick<SlurmOptions, 'workers' | 'drain'>> & SlurmOptions;
    readonly logDir: string;
    /** The array jobs this cluster submitted, in order. */
    readonly arrays: string[];
    /** Resolves when close() begins (also when a signal begins it), so waits on the workers can end. */
    readonly closingStarted: Promise<void>;
    private constructor();
    /** Submits the first array of `options.workers` workers. */
    static start(options: SlurmOptions, start: SlurmStartOptions): Promise<SlurmCluster>;
    /** This cluster's workers that Slurm still knows about, with their job id and state. */
    workers(): Promise<SlurmWorker[]>;
    /**
     * Every worker's job id with Slurm's word on how it ended, e.g. `12_0 FAILED (NonZeroExitCode)`:
     * squeue while slurmctld still remembers the jobs (MinJobAge), else sacct where accounting runs.
     */
    endings(): Promise<string[]>;
    /** Workers that are pending or running (not ending). */
    liveWorkers(): Promise<SlurmWorker[]>;
    /** Submits or cancels workers until `n` are pending or running; cancels pending ones first. */
    scale(n: number): Promise<void>;
    /** Cancels every job of this cluster and waits until squeue no longer lists them. */
    close(): Promise<void>;
    /** True once close() has begun (also when a signal began it). */
    get closing(): boolean;
}
/** Workers of every Slurm cluster this process has open (for the dashboard's worker table). */
export declare function listSlurmWorkers(): Promise<SlurmWorker[]>;
