import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Plan } from '../graph/plan.js';
import type { RunHooks } from '../graph/hooks.js';
import type { ExecSession, Executor } from '../graph/executor.js';
import type { RunObserver, WorkerPlace } from '../graph/events.js';
import { type BrokerAddress } from './broker.js';
import { type JobResult, type RunMeta } from './protocol.js';
export interface RemoteOptions {
    /** redis://[user:password@]host:port */
    broker: string;
    /** A folder every worker sees at the same path: blobs go there as files (default: SSDP_SHARED_DIR, else Redis keys). */
    sharedDir?: string;
    /** The env the tasks expect (workers use it when they see it, else recreate it from `lock`). */
    env?: RunMeta['env'];
}
interface Waiter {
    resolve(r: JobResult): void;
    reject(e: unknown): void;
}
/** One broker connection set: a client for data, the queue, and its completion events. */
declare class Connection {
    readonly addr: BrokerAddress;
    readonly redis: Redis;
    readonly queue: Queue;
    readonly events: QueueEvents;
    private readonly window;
    readonly waiters: Map<string, Waiter>;
    private lostTimer;
    private lost;
    private workerCount;
    /** Ids (host:pid) of the live workers, from their announcements. */
    workerIds: readonly string[];
    private countTimer;
    private constructor();
    closing: boolean;
    /** Clean-ups of ended runs, awaited before the connection closes. */
    readonly cleanups: Set<Promise<unknown>>;
    static open(addr: BrokerAddress): Promise<Connection>;
    /** Worker processes (sum of --nprocs) announced by live `ssdp worker`s. */
    get workers(): number;
    refreshWorkers(): Promise<void>;
    /**
     * After a reconnect: a broker restarted without persistence has forgotten the queued jobs, whose
     * results would then be awaited forever; runs whose record is gone fail with E_BROKER_DATA.
     */
    private checkRunsKept;
    check(): void;
    /** Fails the waiting batches of one run. */
    failRun(run: string, e: unknown): void;
    failAll(e: unknown): void;
    close(): Promise<void>;
}
export declare class RemoteExecutor implements Executor {
    readonly opts: RemoteOptions;
    readonly name: "distributed";
    readonly addr: BrokerAddress;
    /** A dashboard watching the runs (set by a Client with one). */
    observer?: RunObserver;
    /** Workers are rows of the task stream in the order they first answered. */
    readonly places: Map<string, WorkerPlace>;
    private conn;
    constructor(opts: RemoteOptions);
    /** Connects now (a Client does this so a wrong address fails at once). */
    connect(): Promise<Connection>;
    /** How many worker processes serve the broker now. */
    workers(): Promise<number>;
    open(plan: Plan, hooks: RunHooks): Promise<ExecSession>;
    close(): Promise<void>;
}
export {};
