import type { GetOptions, Graph, Key, KeyTree, RunSummary, SchedulerName } from './types.js';
import type { Executor } from './executor.js';
export interface GetResult {
    results: unknown;
    summary: RunSummary;
}
/** Runs `graph` and returns the results of `keys`, shaped like `keys`. */
export declare function get(graph: Graph, keys: KeyTree, opts?: GetOptions): Promise<unknown>;
/** Like `get`, also returning the run summary (tasks, time per kind, peak memory). */
export declare function getWithSummary(graph: Graph, keys: KeyTree, opts?: GetOptions): Promise<GetResult>;
/**
 * Like `get` for a list of keys, also telling `onResult` each key's raw result as soon as it is
 * computed (futures resolve one by one, not when the whole run ends).
 */
export declare function getEach(graph: Graph, keys: Key[], opts: GetOptions, onResult: (key: Key, value: unknown) => void): Promise<GetResult>;
export declare function formatSummary(s: RunSummary): string;
export type { SchedulerName, Executor };
