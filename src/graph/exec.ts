/**
 * Running one unit (a task or fused chain) given a way to look up dependency results. Shared by
 * the sync scheduler and the workers, so a task behaves the same everywhere. Failures become a
 * value (`TaskFailure`), never an exception crossing a thread or process boundary.
 */
import { isTask, substitute } from './graph.js';
import type { FnRef, Key } from './types.js';
import { classRefOf, type AnyFn } from './functions.js';

const classes = new WeakMap<AnyFn, boolean>();

/** Calls a task function; a class is constructed, as Dask calls a class given to `delayed`. */
function call(fn: AnyFn, args: unknown[]): unknown {
  let isClass = classes.get(fn);
  if (isClass === undefined) classes.set(fn, (isClass = /^class[\s{]/.test(Function.prototype.toString.call(fn))));
  return isClass ? new (fn as unknown as new (...a: unknown[]) => unknown)(...args) : fn(...args);
}

/** Brand of a failure value (a string, so it survives structured cloning). */
export const FAILED = 'ssdp.task-failure';

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

export function isFailure(v: unknown): v is TaskFailure {
  return typeof v === 'object' && v !== null && (v as TaskFailure).failed === FAILED && typeof (v as TaskFailure).key === 'string';
}

export function toFailure(key: Key, e: unknown): TaskFailure {
  if (isCodedError(e)) {
    return { failed: FAILED, key, name: e.name, message: e.message, stack: taskFrames(e.stack ?? `${e.name}: ${e.message}`), code: e.code, hint: e.hint, exitCode: e.exitCode };
  }
  if (e instanceof Error) {
    const f: TaskFailure = { failed: FAILED, key, name: e.name, message: e.message, stack: taskFrames(e.stack ?? `${e.name}: ${e.message}`), ...classOf(e) };
    // in-process (sync) the error itself is rethrown; non-enumerable, so it never crosses to a worker's parent
    Object.defineProperty(f, 'error', { value: e, enumerable: false });
    return f;
  }
  return { failed: FAILED, key, name: 'Error', message: String(e), stack: String(e) };
}

/** The error thrown in-process, when the failure did not cross a thread or process boundary. */
export function originalError(f: TaskFailure): Error | undefined {
  return (f as { error?: Error }).error;
}

/** Built-in error classes (TypeError...) stay wrapped as E_TASK_FAILED, which shows the task's stack. */
export function isBuiltinError(ctor: unknown): boolean {
  return typeof ctor === 'function' && (globalThis as Record<string, unknown>)[ctor.name] === ctor;
}

/** Where a user-defined error class is exported (workers look among the task modules they loaded), and its own data. */
function classOf(e: Error): { cls?: FnRef; props?: Record<string, unknown> } {
  const ctor = Object.getPrototypeOf(e)?.constructor;
  if (isBuiltinError(ctor)) return {};
  const props: Record<string, unknown> = {};
  for (const k of Object.keys(e)) {
    try {
      props[k] = structuredClone((e as unknown as Record<string, unknown>)[k]);
    } catch {
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
function isCodedError(e: unknown): e is Error & { code: string; hint?: string; exitCode?: number } {
  return e instanceof Error && e.name === 'SsdpError' && typeof (e as { code?: unknown }).code === 'string';
}

/** The task's own part of a stack: frames from the engine that called it are cut off. */
function taskFrames(stack: string): string {
  const lines = stack.split('\n');
  const cut = lines.findIndex((l) => /\/graph\/exec\.[jt]s:/.test(l));
  return (cut > 0 ? lines.slice(0, cut) : lines).join('\n');
}

/** A step as the executor sees it: key, function (already loaded) and raw arguments. */
export interface ExecStep {
  readonly key: Key;
  /** Undefined for data steps. */
  readonly fn?: AnyFn;
  readonly args?: readonly unknown[];
  readonly value?: unknown;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as PromiseLike<unknown>).then === 'function';
}

/**
 * Runs a chain of steps; the last step's value is the unit's result. `lookup` resolves keys from
 * outside the chain. Returns a promise only when some task was async.
 */
export function runSteps(
  steps: readonly ExecStep[],
  lookup: (key: Key) => unknown,
  fnValue: ((v: unknown) => unknown) | undefined,
  timing?: (key: Key, ms: number) => void,
): unknown | Promise<unknown> {
  let local: Map<Key, unknown> | undefined;
  const find = steps.length === 1 ? lookup : (k: Key) => (local !== undefined && local.has(k) ? local.get(k) : lookup(k));
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    let v: unknown;
    const t0 = timing ? performance.now() : 0;
    try {
      const fn = s.fn;
      v = fn === undefined ? s.value : call(fn, substitute(s.args, find, fnValue) as unknown[]);
    } catch (e) {
      return toFailure(s.key, e);
    }
    if (isThenable(v)) return continueAsync(steps, i, v, find, fnValue, timing, t0, () => (local ??= new Map()));
    if (timing) timing(s.key, performance.now() - t0);
    if (i === steps.length - 1) return v;
    (local ??= new Map()).set(s.key, v);
  }
  return undefined;
}

async function continueAsync(
  steps: readonly ExecStep[],
  i: number,
  pending: PromiseLike<unknown>,
  find: (k: Key) => unknown,
  fnValue: ((v: unknown) => unknown) | undefined,
  timing: ((key: Key, ms: number) => void) | undefined,
  t0: number,
  localMap: () => Map<Key, unknown>,
): Promise<unknown> {
  let v: unknown;
  try {
    v = await pending;
  } catch (e) {
    return toFailure(steps[i]!.key, e);
  }
  if (timing) timing(steps[i]!.key, performance.now() - t0);
  for (;;) {
    if (i === steps.length - 1) return v;
    const local = localMap();
    local.set(steps[i]!.key, v);
    i++;
    const s = steps[i]!;
    const t1 = timing ? performance.now() : 0;
    try {
      const fn = s.fn;
      v = fn === undefined ? s.value : await call(fn, substitute(s.args, find, fnValue) as unknown[]);
    } catch (e) {
      return toFailure(s.key, e);
    }
    if (timing) timing(s.key, performance.now() - t1);
  }
}

/** Converts a graph node to an ExecStep given a loader for its function. */
export function toExecStep(key: Key, node: import('./types.js').GraphNode, load: (fn: unknown) => AnyFn): ExecStep {
  if (isTask(node)) return { key, fn: load(node.fn), args: node.args };
  return { key, value: (node as { value: unknown }).value };
}
