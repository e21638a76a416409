type Fn = (...args: unknown[]) => unknown;
export declare function mapPartition(f: Fn, part: readonly unknown[]): unknown[] | Promise<unknown[]>;
export declare function filterPartition(pred: Fn, part: readonly unknown[]): unknown[] | Promise<unknown[]>;
export declare function flattenPartition(part: readonly unknown[]): unknown[];
/** Folds one partition: `binop(acc, x)` from `initial` (or from the first element). */
export declare function foldPartition(binop: Fn, hasInitial: boolean, initial: unknown, part: readonly unknown[]): unknown;
/** Combines folded partitions with `combine(a, b)`, skipping empty ones. */
export declare function combineFolds(combine: Fn, ...parts: unknown[]): unknown;
/** Marks "no value" (an empty partition folded without an initial value); survives cloning. */
export declare const EMPTY = "\0ssdp:empty";
export declare function reducePartition(perPartition: Fn, part: readonly unknown[]): unknown;
export declare function aggregateParts(aggregate: Fn, ...parts: unknown[]): unknown;
export declare function sumPartition(part: readonly number[]): number;
export declare function countPartition(part: readonly unknown[]): number;
export declare function sumCountPartition(part: readonly number[]): [number, number];
export declare function addPairs(...pairs: [number, number][]): [number, number];
export declare function addNumbers(...xs: number[]): number;
export declare function divide(pair: [number, number]): number;
export declare function concatParts(...parts: unknown[][]): unknown[];
export declare function takeFrom(n: number, ...parts: unknown[][]): unknown[];
export declare function finalizeFold(v: unknown): unknown;
/** A key given as a property name (or index), a list of them (a tuple), or a function. */
export type KeySpec = string | number | (string | number)[] | Fn;
export declare function keyOf(spec: KeySpec, x: unknown): unknown;
/** `x[key]` for each element; a missing key gives `fallback` when one was given, else an error. */
export declare function pluckPartition(spec: string | number | (string | number)[], hasDefault: boolean, fallback: unknown, part: readonly unknown[]): unknown[];
/** foldby, per partition: `[key, folded]` pairs. */
export declare function foldbyPartition(spec: KeySpec, binop: Fn, hasInitial: boolean, initial: unknown, part: readonly unknown[]): [unknown, unknown][];
/** foldby, across partitions: one partition of `[key, combined]` pairs. */
export declare function foldbyCombine(combine: Fn, hasInitial: boolean, initial: unknown, ...parts: [unknown, unknown][][]): [unknown, unknown][];
export declare function groupPartition(spec: KeySpec, part: readonly unknown[]): [unknown, unknown[]][];
export declare function groupCombine(...parts: [unknown, unknown[]][][]): [unknown, unknown[]][];
export declare function countPartitionItems(part: readonly unknown[]): [unknown, number][];
/** frequencies across partitions; `sort`: most frequent first (ties keep first-seen order). */
export declare function addCounts(sort: boolean, ...parts: [unknown, number][][]): [unknown, number][];
/** distinct, per partition and across them: first occurrences (by key when given), in order. */
export declare function distinctItems(spec: KeySpec | null, ...parts: unknown[][]): unknown[];
/** The `k` largest elements (by key when given), largest first; `...parts` are lists. */
export declare function topkItems(k: number, spec: KeySpec | null, ...parts: unknown[][]): unknown[];
export declare function mapPartitionsCall(f: Fn, part: readonly unknown[], ...extra: unknown[]): unknown;
export declare function minPartition(part: readonly unknown[]): unknown;
export declare function maxPartition(part: readonly unknown[]): unknown;
export declare function minOf(...xs: unknown[]): unknown;
export declare function maxOf(...xs: unknown[]): unknown;
export declare function notEmpty(kind: string, v: unknown): unknown;
/** Sum, sum of squares and count of a partition (dask's var_chunk). */
export declare function momentsPartition(part: readonly number[]): [number, number, number];
export declare function addMoments(...ms: [number, number, number][]): [number, number, number];
/** dask's var_aggregate: E[x^2] - E[x]^2, scaled by n / (n - ddof). */
export declare function variance(ddof: number, sqrt: boolean, m: [number, number, number]): number;
export {};
