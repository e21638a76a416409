/** Errors of the graph engine, one place so codes stay unique. */
import { SsdpError } from '../util/errors.js';
import { type TaskFailure } from './exec.js';
/** The run-stopping error for a task that threw: names the key, carries the task's own stack. */
export declare class TaskFailedError extends SsdpError {
    readonly key: string;
    readonly taskStack: string;
    readonly attempts: number;
    constructor(f: TaskFailure, attempts: number);
}
/**
 * The error a failed task stops the run with. A task's own SsdpError is rethrown as itself (same
 * code, message and hint, no stack: the user sees the message the task author wrote, once);
 * anything else becomes E_TASK_FAILED with the task's stack.
 */
export declare function taskError(f: TaskFailure, attempts: number): SsdpError;
/**
 * `taskError`, but a task's own Error subclass comes back as that class (as Dask re-raises the
 * task's exception): the very object on the sync scheduler; from a worker, an instance of the
 * class imported from where the worker found it exported, with the task's name, message, stack
 * and own properties, plus `key`. A class that is not exported, or a built-in one, gives taskError's.
 */
export declare function taskErrorOfClass(f: TaskFailure, attempts: number): Promise<Error>;
/** `keys`: the tasks the worker had been given and not answered, when known. */
export declare function workerDied(detail: string, keys?: readonly string[]): SsdpError;
export declare function cancelled(): SsdpError;
