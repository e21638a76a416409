import { WRAPPED, type AnyFn } from './functions.js';
import { type GetResult } from './run.js';
import { type Client } from './client.js';
import type { VisualizeOptions } from './visualize.js';
import type { Computable, GetOptions, Graph, Key } from './types.js';
export interface DelayedOptions {
    /** false: every call is a new task (for impure functions). Default true. */
    pure?: boolean;
    /** Key prefix instead of the function's name. */
    name?: string;
    /** File URL of a module that exports this function (usually `import.meta.url`). */
    module?: string;
    /** Export name in `module`, when it differs from the function's name. */
    exportName?: string;
    /** For `delayed(value)`: the key to use. */
    key?: Key;
    /**
     * The call returns this many values (an array): its placeholder can be destructured,
     * `const [q, r] = delayed(divmod, { nout: 2 })(7, 2)`, each part a placeholder of its own.
     */
    nout?: number;
}
export interface ComputeOptions extends GetOptions {
    client?: Client;
}
/** The placeholder type. Everything else on it is lazy: `d.anything` is a `Delayed` too. */
export interface Delayed<T = unknown> extends Computable {
    readonly key: Key;
    /** The graph this placeholder needs. */
    readonly graph: Graph;
    compute(opts?: ComputeOptions): Promise<T>;
    /** Computes now and returns a placeholder (same key) holding the result: later graphs reuse it. */
    persist(opts?: ComputeOptions): Promise<Delayed<T>>;
    visualize(opts?: VisualizeOptions): Promise<string>;
    toDot(): string;
    $attr(name: string): Delayed;
    $call(name: string, ...args: unknown[]): Delayed;
    add(x: unknown): Delayed;
    sub(x: unknown): Delayed;
    mul(x: unknown): Delayed;
    div(x: unknown): Delayed;
    mod(x: unknown): Delayed;
    pow(x: unknown): Delayed;
    neg(): Delayed;
    eq(x: unknown): Delayed<boolean>;
    ne(x: unknown): Delayed<boolean>;
    lt(x: unknown): Delayed<boolean>;
    le(x: unknown): Delayed<boolean>;
    gt(x: unknown): Delayed<boolean>;
    ge(x: unknown): Delayed<boolean>;
    not(): Delayed<boolean>;
    /** Destructuring: the parts of a `delayed(f, { nout })` call; any other placeholder throws. */
    [Symbol.iterator](): Iterator<Delayed>;
    readonly [prop: string]: unknown;
}
/** The lazy version of `F`: same parameters (each may also be a placeholder), returns a Delayed. */
export type DelayedFn<F extends AnyFn> = ((...args: LazyArgs<Parameters<F>>) => Delayed<Awaited<ReturnType<F>>>) & {
    readonly [WRAPPED]: F;
};
type LazyArgs<P extends unknown[]> = {
    [K in keyof P]: P[K] | Delayed | unknown;
};
export declare function isDelayed(v: unknown): v is Delayed;
/**
 * Makes `fn` lazy, or wraps a plain value as a placeholder (`delayed(value)`).
 */
export declare function delayed<F extends AnyFn>(fn: F, opts?: DelayedOptions): DelayedFn<F>;
/** A class: the task constructs it (`new C(...args)`), as Dask calls a class given to delayed. */
export declare function delayed<C extends new (...args: any[]) => unknown>(cls: C, opts?: DelayedOptions): (...args: LazyArgs<ConstructorParameters<C>>) => Delayed<InstanceType<C>>;
export declare function delayed<T>(value: T, opts?: DelayedOptions): Delayed<T>;
/**
 * Turns a collection (bag, array) into a placeholder whose value is the collection's computed
 * value; `finalize` must be a worker-importable function when results are combined on workers.
 */
export declare function fromGraph(key: Key, graph: Graph): Delayed;
/**
 * Computes several placeholders/collections together: shared work runs once.
 * `const [a, b] = await compute(result1, result2)`. A trailing plain object whose keys are
 * option names (`scheduler`, `nWorkers`, `retries`, `optimize`, `progress`, `summary`, `client`),
 * or misspellings of them (an error), is taken as options. Placeholders inside arrays and plain
 * objects are computed; values holding none are returned unchanged.
 */
export declare function compute(...args: unknown[]): Promise<unknown[]>;
/** Like `compute`, also returning the run summary (tasks, time per task kind, peak memory). */
export declare function computeWithSummary(...args: unknown[]): Promise<{
    results: unknown[];
    summary: GetResult['summary'];
}>;
/** The merged graph of several placeholders/collections (for inspection). */
export declare function graphOfAll(...items: unknown[]): Graph;
/**
 * A collection that can hold its computed partitions (dask's `__dask_postpersist__`): given the
 * graph of its own keys' results as data, it returns the same collection backed by them.
 */
export interface Persistable extends Computable {
    ssdpPersisted(data: Graph): unknown;
}
/**
 * Computes placeholders/collections now and returns them backed by their results (dask.persist):
 * `const [x2] = await persist(x)`; graphs built on `x2` start from the held values, nothing
 * upstream reruns. Other values are returned unchanged; a trailing options object as `compute`.
 */
export declare function persist(...args: unknown[]): Promise<unknown[]>;
export {};
