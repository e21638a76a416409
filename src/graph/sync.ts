/**
 * The sync scheduler: runs a plan in this thread, in plan order. For debugging (breakpoints and
 * stack traces work as usual) and as the reference every other scheduler must agree with.
 * Async task functions are awaited one at a time.
 */
import { runSteps, isFailure, toExecStep, type ExecStep, type TaskFailure } from './exec.js';
import { isFnRef, loadShipped, loadedShipped, unwrap, type AnyFn } from './functions.js';
import { isTask } from './graph.js';
import type { Plan } from './plan.js';
import { taskError } from './errors.js';
import type { RunHooks } from './hooks.js';

export async function runSync(plan: Plan, hooks: RunHooks): Promise<unknown[]> {
  await preloadRefs(plan);
  // FnRef objects are usually shared by many tasks: resolve each object once per run.
  const byRef = new Map<unknown, AnyFn>();
  const load = (fn: unknown): AnyFn => {
    let f = byRef.get(fn);
    if (f === undefined) {
      f = isFnRef(fn) ? loadedShipped(fn)! : unwrap(fn as AnyFn);
      byRef.set(fn, f);
    }
    return f;
  };
  const n = plan.units.length;
  const results: unknown[] = new Array(n);
  const remaining = new Int32Array(n);
  const isOutput = new Uint8Array(n);
  for (const o of plan.outputs) isOutput[o] = 1;
  for (let u = 0; u < n; u++) remaining[u] = plan.units[u]!.dependents.length;
  const lookup = (k: string): unknown => results[plan.index.get(k)!];
  let held = 0;
  for (const u of plan.order) {
    if (hooks.cancelled()) throw hooks.cancelError();
    const unit = plan.units[u]!;
    const steps: ExecStep[] = unit.steps.length === 1 ? [toExecStep(unit.steps[0]!.key, unit.steps[0]!.node, load)] : unit.steps.map((s) => toExecStep(s.key, s.node, load));
    let value: unknown;
    for (let attempt = 1; ; attempt++) {
      value = runSteps(steps, lookup, undefined, hooks.timing);
      if (value instanceof Promise) value = await value;
      if (!isFailure(value)) break;
      if (attempt > hooks.retries) throw taskError(value as TaskFailure, attempt);
    }
    results[u] = value;
    held++;
    for (const d of unit.deps) {
      if (--remaining[d]! === 0 && !isOutput[d]) {
        results[d] = undefined;
        held--;
      }
    }
    hooks.progress(unit.steps.length, held);
  }
  return results;
}

/** Imports every module referenced by the plan's tasks once, before the loop. */
async function preloadRefs(plan: Plan): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const seen = new Set<string>();
  const seenObjects = new Set<unknown>();
  for (const unit of plan.units) {
    for (const s of unit.steps) {
      if (!isTask(s.node) || seenObjects.has(s.node.fn) || !isFnRef(s.node.fn)) continue;
      seenObjects.add(s.node.fn);
      const id = `${s.node.fn.module}#${s.node.fn.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      pending.push(loadShipped(s.node.fn));
    }
  }
  await Promise.all(pending);
}
