import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { SchedulerName, TaskFn } from './types.js';
import { type FromWorker, type ToWorker } from './wire.js';
import type { ExecSession, Executor } from './executor.js';
import type { RunObserver, WorkerPlace } from './events.js';
export interface PoolOptions {
    kind: SchedulerName;
    nWorkers: number;
    /** processes: node binary to run workers with. */
    node?: string;
    /** processes: environment of the workers. */
    env?: NodeJS.ProcessEnv;
    /** processes: options for the workers' node (e.g. --expose-gc). */
    nodeArgs?: string[];
}
export interface Handle {
    readonly pid: number | undefined;
    /** Row of the dashboard's task stream: the lowest slot free when the worker started. */
    place: WorkerPlace;
    send(msg: ToWorker, transfer?: ArrayBuffer[]): void;
    kill(): void;
    setRef(on: boolean): void;
    readonly sentFns: Set<number>;
    inflight: number;
    alive: boolean;
    /** Called with each message; set by the pool. */
    onMessage: (m: FromWorker) => void;
    /** `signal`: the process was ended by a signal (killed from outside, not failed on its own). */
    onExit: (detail: string, signal?: NodeJS.Signals) => void;
}
export declare class WorkerPool implements Executor {
    readonly opts: PoolOptions;
    readonly name: SchedulerName;
    readonly nWorkers: number;
    observer?: RunObserver;
    private workers;
    private readonly shippedIds;
    private readonly shippedDefs;
    private readonly fnIds;
    private queue;
    private closed;
    constructor(opts: PoolOptions);
    /** Process ids of the worker processes (processes scheduler; empty for threads). */
    get pids(): number[];
    close(): Promise<void>;
    /** Kills every worker immediately (Ctrl-C, failures). */
    killAll(): void;
    /** Starts the workers now (a Client does this so the first compute does not pay startup). */
    start(): void;
    private ensureWorkers;
    /**
     * Gives every function in the plan an id the workers can load it by. Returns the id lookup
     * (by object identity: FnRef objects are shared by many tasks), the ids of functions passed
     * inside arguments, and which tasks have such arguments (only those need rewriting).
     */
    private shipPlanFunctions;
    /** Starts a run of `plan` once the previous run has ended (a pool serves one at a time). */
    open(plan: Plan, hooks: RunHooks): Promise<ExecSession>;
    private openNow;
}
export declare function encodeFns(v: unknown, idOf: (fn: TaskFn) => number): unknown;
export declare function startProcess(opts: PoolOptions): Handle;
