import type { GetOptions, SchedulerName } from './types.js';
import type { Executor } from './executor.js';
import { WorkerPool } from './pool.js';
import { type Future } from './futures.js';
import type { AnyFn } from './functions.js';
import type { DashboardOptions } from '../dashboard/index.js';
import type { RemoteExecutor } from '../distributed/remote.js';
import type { ClusterSpec } from '../cluster/index.js';
export interface ClientOptions {
    /** Number of workers (default: available cores). */
    nWorkers?: number;
    /** 'processes' (default, as Dask's Client) or 'threads'; 'sync' makes compute run in-process. */
    scheduler?: SchedulerName;
    /** processes only: the node binary workers run under (e.g. an ssdp env's bin/node). */
    node?: string;
    /** processes only: environment variables of the workers (default: this process's). */
    env?: NodeJS.ProcessEnv;
    /** processes only: options for the workers' node, e.g. ['--expose-gc']. */
    nodeArgs?: string[];
    /**
     * A live page of what this client computes (task stream, progress, workers, memory) on
     * 127.0.0.1, its address printed on stderr; `{ serve: false }` only records, for
     * `performanceReport`.
     */
    dashboard?: boolean | DashboardOptions;
    /** Run on the `ssdp worker`s serving this Redis broker: redis://[user:password@]host:port. */
    broker?: string;
    /** broker only: a folder every worker sees at the same path, for intermediate arrays (default $SSDP_SHARED_DIR; else they travel through Redis). */
    sharedDir?: string;
    /** broker only: the ssdp env (its prefix) the tasks need; a worker that does not see it recreates it from its lockfile under its own SSDP_ROOT. */
    workerEnv?: string;
    /** Start workers on a cluster, e.g. slurm({ workers: 4, cpus: 8 }); they serve `broker`, else a private redis-server. */
    cluster?: ClusterSpec;
}
export declare class Client {
    #private;
    readonly scheduler: SchedulerName;
    readonly nWorkers: number;
    readonly pool: WorkerPool | undefined;
    /** broker only: the remote executor, connected (a wrong address or password rejects). */
    readonly remote: Promise<RemoteExecutor> | undefined;
    constructor(opts?: ClientOptions & {
        n_workers?: number;
    });
    /** Resolves once the client can run work (broker: connected); rejects with the reason it cannot. */
    ready(): Promise<void>;
    /** The live page's address, once it serves (undefined with { serve: false } or none). */
    dashboardUrl(): Promise<string | undefined>;
    /**
     * Writes a self-contained HTML report (charts and summary) of everything this client has
     * computed, as dask's performance_report; returns its absolute path. An existing file that is
     * not an ssdp report is refused (E_REPORT_EXISTS) unless `{ overwrite: true }`.
     */
    performanceReport(file: string, opts?: {
        overwrite?: boolean;
    }): Promise<string>;
    /** Computes like `compute(...)`, on this client's workers. */
    compute(...args: unknown[]): Promise<unknown>;
    /** Starts `fn(...args)` now; a Future of its result. Futures among the arguments are awaited first. */
    submit<F extends AnyFn>(fn: F, ...args: unknown[]): Future<Awaited<ReturnType<F>>>;
    /** `fn` over the items of one or more iterables (zipped, shortest first), as Futures. */
    map<F extends AnyFn>(fn: F, ...iterables: Iterable<unknown>[]): Future<Awaited<ReturnType<F>>>[];
    /** The results of the futures in `futures` (a Future, or arrays/objects holding them), same shape. */
    gather<T>(futures: Future<T>): Promise<T>;
    gather<T>(futures: Future<T>[]): Promise<T[]>;
    gather(futures: unknown): Promise<unknown>;
    /** Futures holding data already here (an array gives one future per item), to pass to submit. */
    scatter<T>(data: T[]): Future<T>[];
    scatter<T>(data: T): Future<T>;
    /** Yields the futures in the order they finish. */
    asCompleted<T>(futures: Iterable<Future<T>>): AsyncGenerator<Future<T>>;
    /** Cancels futures: queued ones never run; every one's result() rejects with E_FUTURE_CANCELLED. */
    cancel(futures: Future | Future[]): void;
    private runner;
    get closed(): boolean;
    /** Stops the workers; `compute` goes back to the default scheduler. */
    close(): Promise<void>;
    executor(): Executor;
    static current(): Client | undefined;
}
/** The executor a run uses: explicit scheduler, else the active client's, else default threads. */
export declare function activeExecutor(opts: GetOptions & {
    client?: Client;
}): Executor;
/**
 * Starts the workers a run with `opts` will use, without waiting for them: thread/process boot
 * then overlaps building the graph and planning, instead of following them (a fresh process's
 * first compute paid both in turn).
 */
export declare function prestartWorkers(opts: GetOptions & {
    client?: Client;
}): void;
/** Stops the default pools (tests and benchmarks call this to exit promptly). */
export declare function shutdownDefaultPools(): Promise<void>;
