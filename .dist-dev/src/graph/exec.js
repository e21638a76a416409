/**
 * Running one unit (a task or fused chain) given a way to look up dependency results. Shared by
 * the sync scheduler and the workers, so a task behaves the same everywhere. Failures become a
 * value (`TaskFailure`), never an exception crossing a thread or process boundary.
 */
import { isTask, substitute } from './graph.js';
import { classRefOf } from './functions.js';
const classes = new WeakMap();
/** Calls a task function; a class is constructed, as Dask calls a class given to `delayed`. */
function call(fn, args) {
    let isClass = classes.get(fn);
    if (isClass === undefined)
        classes.set(fn, (isClass = /^class[\s{]/.test(Function.prototype.toString.call(fn))));
    return isClass ? new fn(...args) : fn(...args);
}
/** Brand of a failure value (a string, so it survives structured cloning). */
export const FAILED = 'ssdp.task-failure';
export function isFailure(v) {
    return typeof v === 'object' && v !== null && v.failed === FAILED && typeof v.key === 'string';
}
export function toFailure(key, e) {
    if (isCodedError(e)) {
        return { failed: FAILED, key, name: e.name, message: e.message, stack: taskFrames(e.stack ?? `${e.name}: ${e.message}`), code: e.code, hint: e.hint, exitCode: e.exitCode };
    }
    if (e instanceof Error) {
        const f = { failed: FAILED, key, name: e.name, message: e.message, stack: taskFrames(e.stack ?? `${e.name}: ${e.message}`), ...classOf(e) };
        // in-process (sync) the error itself is rethrown; non-enumerable, so it never crosses to a worker's parent
        Object.defineProperty(f, 'error', { value: e, enumerable: false });
        return f;
    }
    return { failed: FAILED, key, name: 'Error', message: String(e), stack: String(e) };
}
/** The error thrown in-process, when the failure did not cross a thread or process boundary. */
export function originalError(f) {
    return f.error;
}
/** Built-in error classes (TypeError...) stay wrapped as E_TASK_FAILED, which shows the task's stack. */
export function isBuiltinError(ctor) {
    return typeof ctor === 'function' && globalThis[ctor.name] === ctor;
}
/** Where a user-defined error class is exported (workers look among the task modules they loaded), and its own data. */
function classOf(e) {
    const ctor = Object.getPrototypeOf(e)?.constructor;
    if (isBuiltinError(ctor))
        return {};
    const props = {};
    for (const k of Object.keys(e)) {
        try {
            props[k] = structuredClone(e[k]);
        }
        catch {
            // a property that cannot be copied (a function, a socket) stays behind
        }
    }
    const cls = ctor ? classRefOf(ctor) : undefined;
    return cls ? { cls, props } : { props };
}
/**
 * An SsdpError, recognised by shape: a worker may hold another copy of the class (a task module
 * importing ssdp from another path), so `instanceof` is not enough.
 */
function isCodedError(e) {
    return e instanceof Error && e.name === 'SsdpError' && typeof e.code === 'string';
}
/** The task's own part of a stack: frames from the engine that called it are cut off. */
function taskFrames(stack) {
    const lines = stack.split('\n');
    const cut = lines.findIndex((l) => /\/graph\/exec\.[jt]s:/.test(l));
    return (cut > 0 ? lines.slice(0, cut) : lines).join('\n');
}
function isThenable(v) {
    return typeof v === 'object' && v !== null && typeof v.then === 'function';
}
/**
 * Runs a chain of steps; the last step's value is the unit's result. `lookup` resolves keys from
 * outside the chain. Returns a promise only when some task was async.
 */
export function runSteps(steps, lookup, fnValue, timing) {
    let local;
    const find = steps.length === 1 ? lookup : (k) => (local !== undefined && local.has(k) ? local.get(k) : lookup(k));
    for (let i = 0; i < steps.length; i++) {
        const s = steps[i];
        let v;
        const t0 = timing ? performance.now() : 0;
        try {
            const fn = s.fn;
            v = fn === undefined ? s.value : call(fn, substitute(s.args, find, fnValue));
        }
        catch (e) {
            return toFailure(s.key, e);
        }
        if (isThenable(v))
            return continueAsync(steps, i, v, find, fnValue, timing, t0, () => (local ??= new Map()));
        if (timing)
            timing(s.key, performance.now() - t0);
        if (i === steps.length - 1)
            return v;
        (local ??= new Map()).set(s.key, v);
    }
    return undefined;
}
async function continueAsync(steps, i, pending, find, fnValue, timing, t0, localMap) {
    let v;
    try {
        v = await pending;
    }
    catch (e) {
        return toFailure(steps[i].key, e);
    }
    if (timing)
        timing(steps[i].key, performance.now() - t0);
    for (;;) {
        if (i === steps.length - 1)
            return v;
        const local = localMap();
        local.set(steps[i].key, v);
        i++;
        const s = steps[i];
        const t1 = timing ? performance.now() : 0;
        try {
            const fn = s.fn;
            v = fn === undefined ? s.value : await call(fn, substitute(s.args, find, fnValue));
        }
        catch (e) {
            return toFailure(s.key, e);
        }
        if (timing)
            timing(s.key, performance.now() - t1);
    }
}
/** Converts a graph node to an ExecStep given a loader for its function. */
export function toExecStep(key, node, load) {
    if (isTask(node))
        return { key, fn: load(node.fn), args: node.args };
    return { key, value: node.value };
}
//# sourceMappingURL=exec.js.map