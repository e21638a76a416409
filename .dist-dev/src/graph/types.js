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
export {};
//# sourceMappingURL=types.js.map