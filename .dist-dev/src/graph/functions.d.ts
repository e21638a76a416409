import { SsdpError } from '../util/errors.js';
import type { FnRef, TaskFn } from './types.js';
export type AnyFn = (...args: any[]) => unknown;
/** Property of a delayed wrapper holding the wrapped function (so exporting the wrapper works). */
export declare const WRAPPED: unique symbol;
/**
 * How a function travels: an export reference; its source text; or, for a function of a module
 * that is still running its top-level code here (a script awaiting compute), the export of
 * `module` with this source (the worker imports the module itself), else the source.
 */
export type ShippedFn = FnRef | {
    readonly src: string;
    readonly name: string;
    readonly module?: string;
};
/** A reference to export `name` of the module at `moduleUrl` (pass `import.meta.url`). */
export declare function fnRef(moduleUrl: string, name: string): FnRef;
export declare function isFnRef(fn: unknown): fn is FnRef;
/**
 * Declares the functions a module exports as worker-runnable: after this, tasks may use the
 * function objects themselves and workers import them by name.
 */
export declare function registerModule(moduleUrl: string, exportsObject: Record<string, unknown>): void;
/** Records that `fn` is exported as `name` from `moduleUrl`. */
export declare function registerFunction(fn: AnyFn, moduleUrl: string, name?: string): void;
/** Remembers which module asked for `fn` to be delayed, to search its exports later. */
export declare function rememberCallerModule(fn: AnyFn, moduleUrl: string): void;
/** True when `fn` is registered or its calling module is already remembered. */
export declare function knowsWhereFrom(fn: AnyFn): boolean;
export declare function unwrap(fn: AnyFn): AnyFn;
/** The reference of a function, if already known without importing anything. */
export declare function knownRef(fn: AnyFn): FnRef | undefined;
/**
 * The file URL of the first stack frame outside ssdp's own library folder: the user module that
 * called into ssdp. Undefined when the caller is not a file (REPL, eval).
 */
export declare function callerModuleUrl(): string | undefined;
/**
 * Turns a function into something a worker can load: an export reference when one can be found,
 * else its source text. Throws E_FN_NOT_SHIPPABLE when neither works.
 */
export declare function shipFunction(fnOrRef: TaskFn): Promise<ShippedFn>;
export declare function fnToken(fnOrRef: TaskFn): string;
/** The display name of a task function. */
export declare function fnName(fnOrRef: TaskFn): string;
/**
 * Where a result's class is exported, searching the modules this realm imported task functions
 * from; undefined when it is not found (the instance then travels as a plain object).
 */
export declare function classRefOf(ctor: object): FnRef | undefined;
/** Imports the class a `classRefOf` reference names. */
export declare function loadClass(r: FnRef): Promise<{
    prototype: object;
} | undefined>;
/** True for a function this realm made from shipped source text (it cannot see its module). */
export declare function isFromSource(fn: AnyFn): boolean;
/** Loads a shipped function in a worker (cached). */
export declare function loadShipped(s: ShippedFn): Promise<AnyFn>;
/** Synchronous lookup for already-loaded shipped functions (hot path in workers). */
export declare function loadedShipped(s: ShippedFn): AnyFn | undefined;
/**
 * The task module this worker is importing right now, if any: a computation started while it
 * loads comes from the module's main part, which a worker must not run (see runsAsMain).
 */
export declare function workerImporting(): {
    module: string;
    fn: string;
} | undefined;
/** Records which modules are on the stack of the code calling compute/get, before any await. */
export declare function noteComputeCallers(): void;
/** The error a worker gives when importing a task module starts a computation. */
export declare function mainNotGuarded(where: {
    module: string;
    fn: string;
}): SsdpError;
