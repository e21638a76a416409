import { type AnyFn } from './functions.js';
import type { Client } from './client.js';
import type { Key } from './types.js';
export type FutureStatus = 'pending' | 'finished' | 'error' | 'cancelled';
/** One task's eventual result (dask's `Future`). */
export declare class Future<T = unknown> {
    #private;
    readonly key: Key;
    /** @internal made by Client.submit/map/scatter */
    constructor(key: Key);
    get status(): FutureStatus;
    /** True once the future has a result, an error, or was cancelled. */
    done(): boolean;
    /** The result; rejects with the task's error, or E_FUTURE_CANCELLED. */
    result(): Promise<T>;
    /** The task's error, or undefined when it succeeded. */
    exception(): Promise<unknown>;
    /** Settles when done, whatever the outcome (for asCompleted). */
    wait(): Promise<this>;
    /** @internal */
    settle(ok: boolean, v: unknown): void;
    /** @internal the result of a finished future, synchronously (to hand it to later tasks) */
    get value(): unknown;
    toString(): string;
}
export declare function isFuture(v: unknown): v is Future;
/** A client's futures: pending jobs, batched per event-loop turn into graph runs. */
export declare class FutureRunner {
    private readonly client;
    /** Live futures by key (pure submissions of the same call share one). */
    private readonly live;
    private queue;
    private flushing;
    private running;
    constructor(client: Client);
    submit<F extends AnyFn>(fn: F, args: unknown[]): Future<Awaited<ReturnType<F>>>;
    scatter<T>(value: T): Future<T>;
    cancel(futures: Future[]): void;
    /** The client is closing: nothing pending will run; settles when the run in progress has ended. */
    cancelAll(): Promise<void>;
    /** Runs what is queued at the end of this turn, after the run in progress. */
    private schedule;
    private run;
}
/** Futures anywhere inside arrays and plain objects of `v`. */
export declare function futuresIn(v: unknown, out?: Future[]): Future[];
/** The results of futures anywhere inside `v` (arrays, plain objects), in the same shape. */
export declare function gather(v: unknown): Promise<unknown>;
/** Yields the futures as each finishes (with a result, an error or cancelled), first done first. */
export declare function asCompleted<T>(futures: Iterable<Future<T>>): AsyncGenerator<Future<T>>;
