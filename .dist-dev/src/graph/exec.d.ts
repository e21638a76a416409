import type { FnRef, Key } from './types.js';
import { type AnyFn } from './functions.js';
/** Brand of a failure value (a string, so it survives structured cloning). */
export declare const FAILED = "ssdp.task-failure";
export interface TaskFailure {
    readonly failed: typeof FAILED;
    readonly key: Key;
    readonly name: string;
    readonly message: string;
    readonly stack: string;
    /** Set when the task threw an SsdpError: its code, hint and exit code travel with it. */
    readonly code?: string;
    readonly hint?: string;
    readonly exitCode?: number;
    /** The class of a thrown Error subclass, when the worker found where it is exported. */
    readonly cls?: FnRef;
    /** The thrown error's own enumerable properties that can be copied to another realm. */
    readonly props?: Record<string, unknown>;
}
export declare function isFailure(v: unknown): v is TaskFailure;
export declare function toFailure(key: Key, e: unknown): TaskFailure;
/** The error thrown in-process, when the failure did not cross a thread or process boundary. */
export declare function originalError(f: TaskFailure): Error | undefined;
/** Built-in error classes (TypeError...) stay wrapped as E_TASK_FAILED, which shows the task's stack. */
export declare function isBuiltinError(ctor: unknown): boolean;
/** A step as the executor sees it: key, function (already loaded) and raw arguments. */
export interface ExecStep {
    readonly key: Key;
    /** Undefined for data steps. */
    readonly fn?: AnyFn;
    readonly args?: readonly unknown[];
    readonly value?: unknown;
}
/**
 * Runs a chain of steps; the last step's value is the unit's result. `lookup` resolves keys from
 * outside the chain. Returns a promise only when some task was async.
 */
export declare function runSteps(steps: readonly ExecStep[], lookup: (key: Key) => unknown, fnValue: ((v: unknown) => unknown) | undefined, timing?: (key: Key, ms: number) => void): unknown | Promise<unknown>;
/** Converts a graph node to an ExecStep given a loader for its function. */
export declare function toExecStep(key: Key, node: import('./types.js').GraphNode, load: (fn: unknown) => AnyFn): ExecStep;
