/** Errors of the graph engine, one place so codes stay unique. */
import { SsdpError } from '../util/errors.js';
import { isBuiltinError, originalError } from './exec.js';
import { loadClass } from './functions.js';
/** The run-stopping error for a task that threw: names the key, carries the task's own stack. */
export class TaskFailedError extends SsdpError {
    key;
    taskStack;
    attempts;
    constructor(f, attempts) {
        super('E_TASK_FAILED', `task ${f.key} failed${attempts > 1 ? ` (after ${attempts} attempts)` : ''}: ${f.name}: ${f.message}\n${indent(f.stack)}`, {
            hint: 'The stack above is the task function\'s own; fix the function or its inputs, or pass { retries: N } for flaky tasks.',
        });
        this.key = f.key;
        this.taskStack = f.stack;
        this.attempts = attempts;
    }
}
/**
 * The error a failed task stops the run with. A task's own SsdpError is rethrown as itself (same
 * code, message and hint, no stack: the user sees the message the task author wrote, once);
 * anything else becomes E_TASK_FAILED with the task's stack.
 */
export function taskError(f, attempts) {
    if (f.code === undefined)
        return new TaskFailedError(f, attempts);
    const e = new SsdpError(f.code, f.message, { hint: f.hint, exitCode: f.exitCode });
    Object.defineProperty(e, 'key', { value: f.key, enumerable: false });
    return e;
}
/**
 * `taskError`, but a task's own Error subclass comes back as that class (as Dask re-raises the
 * task's exception): the very object on the sync scheduler; from a worker, an instance of the
 * class imported from where the worker found it exported, with the task's name, message, stack
 * and own properties, plus `key`. A class that is not exported, or a built-in one, gives taskError's.
 */
export async function taskErrorOfClass(f, attempts) {
    const own = originalError(f);
    if (own && f.code === undefined && !isBuiltinError(Object.getPrototypeOf(own)?.constructor)) {
        if (!('key' in own))
            Object.defineProperty(own, 'key', { value: f.key, enumerable: false, configurable: true });
        return own;
    }
    if (f.cls && f.code === undefined) {
        const cls = await loadClass(f.cls).catch(() => undefined);
        if (cls && cls.prototype instanceof Error) {
            const e = Object.create(cls.prototype);
            Object.assign(e, f.props ?? {});
            for (const [k, v] of [['message', f.message], ['stack', f.stack], ['key', f.key]])
                Object.defineProperty(e, k, { value: v, enumerable: false, writable: true, configurable: true });
            if (e.name !== f.name)
                Object.defineProperty(e, 'name', { value: f.name, enumerable: false, writable: true, configurable: true });
            return e;
        }
    }
    return taskError(f, attempts);
}
function indent(s) {
    return s.split('\n').map((l) => '    | ' + l).join('\n');
}
/** `keys`: the tasks the worker had been given and not answered, when known. */
export function workerDied(detail, keys = []) {
    const tasks = keys.length === 0 ? 'tasks' : `task${keys.length > 1 ? 's' : ''} ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
    const e = new SsdpError('E_WORKER_DIED', `a worker stopped unexpectedly while running ${tasks}: ${detail}`, {
        hint: 'A task may have exhausted memory or called process.exit; run with { scheduler: "sync" } to debug it in-process.',
    });
    // for callers that say it in their own words (the workflow runner names steps)
    Object.defineProperty(e, 'detail', { value: detail, enumerable: false });
    return e;
}
export function cancelled() {
    return new SsdpError('E_CANCELLED', 'the computation was cancelled and its workers stopped', { exitCode: 130 });
}
//# sourceMappingURL=errors.js.map