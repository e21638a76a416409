/**
 * The task graph contract: plain data that every part of ssdp's Dask half speaks.
 *
 * Glossary
 * - **key**: a string naming one result, by convention `<kind>-<hash>` (`add-3f9a0c1d2b`,
 *   `nansum-chunk-…`). The part before the last `-<hash>` is the task *kind*, used for summaries
 *   and pictures.
 * - **task**: `{ fn, args }` — call `fn(...args)` once every key referenced in `args` is computed.
 *   `fn` may return a promise (async task functions are awaited).
 * - **reference**: `{ $ref: key }` anywhere inside `args` (nested in arrays and plain objects) is
 *   replaced by that key's result before the call. `ref(key)` builds one.
 * - **literal**: any other value. Arrays and plain objects are walked for references; everything
 *   else (typed arrays, class instances, strings, numbers) is passed as is. `{ $lit: value }` passes
 *   `value` without walking it (for data that might contain `$ref`-shaped objects).
 * - **graph**: `Record<key, Task | DataNode>`; a DataNode `{ value }` is a key holding a literal.
 *
 * Worker-runnable functions
 * -------------------------
 * The `threads` and `processes` schedulers run tasks in other JS realms, which cannot receive a
 * function object. So a task's `fn` (and any function passed inside `args`) must be something a
 * worker can import: a reference `{ module, name }` to a named export of an ES module, `module`
 * being that module's file URL. A library declares its worker-runnable functions in one of two
 * ways:
 *
 * ```ts
 * // a) a reference built explicitly
 * export function nanSumChunk(a: Float32Array) { … }
 * const NAN_SUM = fnRef(import.meta.url, 'nanSumChunk');
 * graph[key] = { fn: NAN_SUM, args: [ref(chunkKey)] };
 *
 * // b) register the module's exports once, then use the functions themselves in tasks
 * export function nanSumChunk(a: Float32Array) { … }
 * registerModule(import.meta.url, { nanSumChunk, nanCountChunk });
 * graph[key] = { fn: nanSumChunk, args: [ref(chunkKey)] };
 * ```
 *
 * (`fnRef` and `registerModule` live in `./functions.ts` and are exported from `src/graph`.)
 * The `sync` scheduler calls inline closures directly. For threads/processes, a function that is
 * neither registered nor found as an export of the module that called `delayed` is shipped by its
 * source text as a last resort: that works only for self-contained functions (no captured
 * variables, no imports) — see `functions.ts`.
 */
export type Key = string;
/** A named export of an ES module: what a worker imports to run a task. */
export interface FnRef {
    /** File URL of the module (`import.meta.url` of the exporting module). */
    readonly module: string;
    /** Export name. */
    readonly name: string;
}
/** A function, given either as a reference a worker can import or as a function object. */
export type TaskFn = FnRef | ((...args: any[]) => unknown);
export interface Task {
    readonly fn: TaskFn;
    /** Arguments; may contain `{ $ref: key }` references nested in arrays and plain objects. */
    readonly args: readonly unknown[];
}
/** A key that holds a value directly (no call). */
export interface DataNode {
    readonly value: unknown;
}
export type GraphNode = Task | DataNode;
/** The graph: plain data, inspectable, JSON-serialisable when every fn is an FnRef. */
export type Graph = Record<Key, GraphNode>;
export interface Ref {
    readonly $ref: Key;
}
/** A key, or arrays of keys nested to any depth: `get` returns results in the same shape. */
export type KeyTree = Key | readonly KeyTree[];
/** 'distributed': remote workers through a broker (new Client({ broker })), never chosen by name. */
export type SchedulerName = 'sync' | 'threads' | 'processes' | 'distributed';
/** Options of `get` (and of `compute`, which passes them on). */
export interface GetOptions {
    /** Which scheduler runs the graph; default: the active Client's, else 'threads'. */
    scheduler?: SchedulerName;
    /** Number of workers for threads/processes when no Client is active. */
    nWorkers?: number;
    /** Rerun a failing task up to this many more times before giving up. Default 0. */
    retries?: number;
    /** Cull, fuse and order before running (default true). */
    optimize?: boolean;
    /** Show a progress bar on an interactive terminal (default: auto). */
    progress?: boolean;
    /** Print a summary (tasks, time per kind, peak memory) to stderr at the end. */
    summary?: boolean;
}
/**
 * The collection protocol (dask's `__dask_graph__` family): anything `compute()` accepts. Delayed
 * placeholders, bags and arrays implement it.
 */
export interface Computable {
    /** The graph needed for this collection's keys (may include more; culling drops the rest). */
    ssdpGraph(): Graph;
    /** The output keys, possibly nested. */
    ssdpKeys(): KeyTree;
    /** Turns the computed results (same shape as `ssdpKeys()`) into the user-facing value. */
    ssdpFinalize(results: unknown): unknown;
}
/** Per-kind timing and memory summary of one run. */
export interface RunSummary {
    scheduler: SchedulerName;
    nWorkers: number;
    tasks: number;
    /** Number of messages (batches) sent to workers; 0 for sync. */
    batches: number;
    wallMs: number;
    /** By task kind (key prefix): count and total time spent inside task functions. */
    kinds: Record<string, {
        count: number;
        totalMs: number;
    }>;
    /** Peak resident set size of this process while running (sampled), bytes. */
    peakRssBytes: number;
    /** Peak heap used reported by workers (max over workers), bytes. */
    peakWorkerHeapBytes: number;
    /** Largest number of results held at once by the scheduler. */
    peakHeldResults: number;
}
