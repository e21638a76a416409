import type { RunObserver, RunStart, WorkerPlace, WorkerReport } from '../graph/events.js';
/** [slot, kind index, start ms, end ms, key, 1 when the task failed]; times from the recorder's start. */
export type TaskBar = [number, number, number, number, string, 1?];
/** [ms, bytes sent to workers so far, bytes returned so far]. */
export type MovedPoint = [number, number, number];
/** [ms, bytes of the whole run: this process plus its worker processes]. */
export type MemoryPoint = [number, number];
export interface KindProgress {
    total: number;
    running: number;
    done: number;
    failed: number;
}
export interface WorkerRow {
    slot: number;
    host: string;
    pid: number | null;
    rssBytes: number | null;
    peakRssBytes: number | null;
    heapBytes: number | null;
    task: string;
    /** ms since the recorder started when the worker last answered or was seen alive. */
    heartbeat: number;
    slurmJobId?: string;
    slurmState?: string;
}
export interface Failure {
    at: number;
    key: string;
    kind: string;
    message: string;
    stack: string;
}
export interface RunInfo {
    title: string;
    startedAt: string;
    scheduler: string;
    nWorkers: number;
    runs: number;
    /** Runs (computes of a Client) that ended with an error or were stopped. */
    failedRuns: number;
    /** 'stopped': cancelled (Ctrl-C, a signal, client.cancel). */
    status: 'idle' | 'running' | 'done' | 'failed' | 'stopped';
    /** ms since start when the last run ended. */
    endedMs: number | null;
    nowMs: number;
    error: string | null;
}
export interface DashState {
    run: RunInfo;
    kindNames: string[];
    kinds: Record<string, KindProgress>;
    workers: WorkerRow[];
    tasks: TaskBar[];
    moved: MovedPoint[];
    memory: MemoryPoint[];
    failures: Failure[];
    /** Task bars not kept (a run of more than MAX_BARS tasks keeps its first ones). */
    droppedBars: number;
}
/** Where a viewer is in the append-only lists. */
export interface Cursor {
    tasks: number;
    moved: number;
    memory: number;
    failures: number;
}
/** A Slurm worker job as squeue lists it (src/cluster's SlurmWorker). */
export interface SlurmJob {
    jobId: string;
    arrayJobId: string;
    state: string;
    node: string;
    reason: string;
}
export declare class Recorder implements RunObserver {
    private readonly kindFn;
    readonly t0: number;
    private readonly info;
    private readonly kindIndex;
    private readonly kindNames;
    private readonly kinds;
    private readonly workers;
    private readonly tasks;
    private readonly moved;
    private readonly memory;
    private readonly failures;
    private readonly failedKeys;
    private readonly slurmArrays;
    private readonly slurmState;
    private droppedBars;
    /** When each running task's batch was sent: a failed task's bar starts from it. */
    private readonly sentAt;
    /** Where the failed task of the batch that just answered started (its finished steps ran before it). */
    private failedFrom;
    private bytesIn;
    private bytesOut;
    private timer;
    private watched;
    /** Bytes moved at the last point of `moved`. */
    private movedAt;
    /** Settles once the page serves; a rejection (port taken) fails every run before it starts. */
    private serving;
    /** Called when something changed (the server pushes soon after). */
    onChange: () => void;
    constructor(title: string, kindFn?: (key: string) => string);
    servedBy(started: Promise<unknown>): void;
    ready(): Promise<void>;
    kindOf(key: string): string;
    private now;
    private kind;
    runStart(info: RunStart): void;
    private sampling;
    /** Whether a live page is watching (the server says): memory is then sampled more often. */
    setWatched(watched: boolean): void;
    batchSent(keys: readonly string[], bytesIn: number): void;
    batchDone(place: WorkerPlace | undefined, sentKeys: readonly string[], steps: readonly (readonly [string, number])[], finished: number, bytesOut: number): void;
    private bar;
    taskFailed(place: WorkerPlace | undefined, key: string, message: string, stack: string): void;
    worker(r: WorkerReport): void;
    /**
     * Slurm's view of the worker jobs (squeue): a worker that reported its job gets the job's
     * state; a job with no worker answering yet (pending, starting) has a row of its own until its
     * worker answers; a worker whose job squeue stopped listing shows ENDED.
     */
    slurmJobs(jobs: readonly SlurmJob[]): void;
    private rss;
    runEnd(error?: unknown): void;
    /**
     * Memory now: this process, and each local worker process read from /proc (alive = a
     * heartbeat). Remote workers report their own memory through worker().
     */
    private sample;
    close(): void;
    private runInfo;
    snapshot(): DashState;
    cursor(): Cursor;
    /** What changed since `c`: the whole small parts, the new items of the lists. */
    since(c: Cursor): Partial<DashState>;
}
