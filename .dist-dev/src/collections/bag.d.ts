import { type ComputeOptions, type Delayed } from '../graph/delayed.js';
import type { Computable, Graph, Key } from '../graph/types.js';
export interface FromSequenceOptions {
    /** Number of partitions (default: about 100 partitions at most, as dask). */
    npartitions?: number;
    /** Items per partition (alternative to npartitions). */
    partitionSize?: number;
}
export declare class Bag<T = unknown> implements Computable {
    /** Key prefix of this bag's partitions: partition i is `${name}-${i}`. */
    readonly name: string;
    readonly npartitions: number;
    /** Every task this bag needs. */
    readonly graph: Graph;
    /** @internal use fromSequence / operations */
    constructor(
    /** Key prefix of this bag's partitions: partition i is `${name}-${i}`. */
    name: string, npartitions: number, 
    /** Every task this bag needs. */
    graph: Graph);
    /** Key of partition `i`. */
    key(i: number): Key;
    get keys(): Key[];
    private layer;
    /** Applies `f` to every element. */
    map<U>(f: (x: T) => U | Promise<U>): Bag<Awaited<U>>;
    /** Keeps the elements for which `pred` is true. */
    filter(pred: (x: T) => unknown): Bag<T>;
    /** Concatenates iterable elements into one bag of their items. */
    flatten(): Bag<T extends Iterable<infer U> ? U : T>;
    /**
     * Folds each partition with `binop(acc, x)` (from `initial` when given, else the first element)
     * and combines the partition results with `combine(a, b)` (default `binop`) in a tree.
     * `initial` is the value itself (Dask's order) or `{ initial: value }`; an initial value that
     * is itself an object with the single key `initial` must be wrapped: `{ initial: { initial } }`.
     */
    fold<A = T>(binop: (acc: A, x: T) => A, combine?: (a: A, b: A) => A, initial?: A | {
        initial: A;
    }): Delayed<A>;
    /** Folds with one function: `reduce((a, b) => a + b)`. */
    reduce(binop: (a: T, b: T) => T): Delayed<T>;
    /** dask's `reduction`: `perPartition(items)` on each partition, `aggregate(results)` over them. */
    reduction<P, R>(perPartition: (items: T[]) => P, aggregate: (parts: P[]) => R): Delayed<R>;
    /** `finishArgs` go before the combined value: `finish(...finishArgs, combined)`. */
    private treeReduction;
    /** `f(partition, ...args)` on each partition's list of elements; returns the new elements. */
    mapPartitions<U>(f: (part: T[], ...args: never[]) => Iterable<U> | Promise<Iterable<U>>, ...args: unknown[]): Bag<U>;
    /**
     * `x[key]` of each element; `key` a property name, an index, or a list of them (a tuple per
     * element). A missing key is an error unless a default is given: `pluck('name', null)`.
     */
    pluck(key: string | number | (string | number)[], ...fallback: [unknown?]): Bag<unknown>;
    /** A one-partition bag made by `combine(partitionResults...)` over every partition's `part` result. */
    private allToOne;
    /**
     * dask's foldby: groups by `key` (a property name/index or a function) and folds each group
     * with `binop(acc, x)` (from `initial`, else the group's first element) in each partition,
     * then merges partitions' results with `combine(a, b)` (default `binop`; from
     * `combineInitial` when given). A one-partition bag of `[key, value]` pairs.
     */
    foldby<K, A>(key: string | number | ((x: T) => K), binop: (acc: A, x: T) => A, ...rest: [initial?: A, combine?: (a: A, b: A) => A, combineInitial?: A]): Bag<[K, A]>;
    /** Groups elements by `key` (property name/index or function): a one-partition bag of `[key, items]`. */
    groupby<K>(key: string | number | ((x: T) => K)): Bag<[K, T[]]>;
    /** `[item, count]` for each distinct item; `{ sort: true }`: most frequent first. */
    frequencies(opts?: {
        sort?: boolean;
    }): Bag<[T, number]>;
    /** Each distinct element once (by `key` when given), in order of first appearance. */
    distinct(key?: string | number | ((x: T) => unknown)): Bag<T>;
    /** The `k` largest elements (by `key` when given), largest first. */
    topk(k: number, key?: string | number | ((x: T) => unknown)): Bag<T>;
    /** Smallest element (numbers or strings). */
    min(): Delayed<T>;
    /** Largest element (numbers or strings). */
    max(): Delayed<T>;
    /** Variance of the elements (numbers); `ddof` 0 (population, Dask's default) or 1 (sample). */
    var(ddof?: number): Delayed<number>;
    /** Standard deviation of the elements (numbers); `ddof` as `var`. */
    std(ddof?: number): Delayed<number>;
    /** Sum of the elements (numbers). */
    sum(): Delayed<number>;
    /** Number of elements. */
    count(): Delayed<number>;
    /** Arithmetic mean of the elements (numbers). */
    mean(): Delayed<number>;
    /**
     * The first `n` elements, computing only the partitions needed: the first partition, then the
     * next ones (1, 2, 4, ... more) only while fewer than `n` were found; none is computed twice.
     */
    take(n: number, opts?: ComputeOptions): Promise<T[]>;
    /** Computes every partition and returns all elements in order. */
    compute(opts?: ComputeOptions): Promise<T[]>;
    /** Computes the partitions now; the bag returned holds them (same keys), so later work starts there. */
    persist(opts?: ComputeOptions): Promise<Bag<T>>;
    ssdpPersisted(data: Graph): Bag<T>;
    /**
     * Writes each partition to a text file (elements must be strings, joined by '\n'); gzip for
     * names ending in .gz. `path`: `out/*.txt` (* is the partition number), a folder, or one path
     * per partition. Returns the files written.
     */
    toTextfiles(path: string | string[], opts?: import('./bag-io.js').ToTextfilesOptions): Promise<string[]>;
    /** A placeholder for the whole list, usable as an argument of delayed calls. */
    toDelayed(): Delayed<T[]>;
    /** Writes this bag's graph picture (DOT and SVG); returns the SVG text. */
    visualize(opts?: {
        filename?: string;
    }): Promise<string>;
    ssdpGraph(): Graph;
    ssdpKeys(): Key[];
    ssdpFinalize(results: unknown): unknown;
    toString(): string;
}
/** A bag of `items` split into partitions. */
export declare function fromSequence<T>(items: Iterable<T>, opts?: FromSequenceOptions): Bag<T>;
/** A bag of the numbers `0 .. n-1`. */
export declare function range(n: number, opts?: FromSequenceOptions): Bag<number>;
