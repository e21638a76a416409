/**
 * The sync executor: runs each batch in this thread, at once. For debugging (breakpoints and
 * stack traces work as usual) and as the reference every other executor must agree with. Async
 * task functions are awaited one at a time.
 */
import { runSteps, isFailure, toExecStep, type ExecStep, type TaskFailure } from './exec.js';
import { isFnRef, loadShipped, loadedShipped, unwrap, type AnyFn } from './functions.js';
import { isTask } from './graph.js';
import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { BatchRequest, BatchResult, ExecSession, Executor } from './executor.js';

export const INLINE: Executor = {
  name: 'sync',
  async open(plan: Plan, hooks: RunHooks): Promise<ExecSession> {
    await preloadRefs(plan);
    return new InlineSession(plan, hooks);
  },
};

class InlineSession implements ExecSession {
  readonly width = 1;
  readonly transfers = false;
  private busy = false;
  // FnRef objects are usually shared by many tasks: resolve each object once per run.
  private readonly byRef = new Map<unknown, AnyFn>();
  private readonly load = (fn: unknown): AnyFn => {
    let f = this.byRef.get(fn);
    if (f === undefined) {
      f = isFnRef(fn) ? loadedShipped(fn)! : unwrap(fn as AnyFn);
      this.byRef.set(fn, f);
    }
    return f;
  };

  constructor(
    private readonly plan: Plan,
    private readonly hooks: RunHooks,
  ) {}

  freeSlots(): number {
    return this.busy ? 0 : 1;
  }

  async submit(req: BatchRequest): Promise<BatchResult> {
    this.busy = true;
    try {
      return await this.run(req);
    } finally {
      this.busy = false;
    }
  }

  private run(req: BatchRequest): Promise<BatchResult> {
    return runBatchHere(this.plan, req, this.load, this.hooks.timing !== undefined);
  }

  async finalize(): Promise<void> {}

  close(): void {}

  stats(): { batches: number; peakWorkerHeapBytes: number; nWorkers: number } {
    return { batches: 0, peakWorkerHeapBytes: 0, nWorkers: 1 };
  }
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

/**
 * Runs one batch's units in this thread, in order, stopping at the first failure: the sync
 * executor's whole work, and the workflow's in-process executor's (src/workflow/in-process.ts).
 */
export async function runBatchHere(plan: Plan, req: BatchRequest, load: (fn: unknown) => AnyFn, timed: boolean): Promise<BatchResult> {
  const t0 = performance.now();
  const vals = new Map<string, unknown>();
  for (let i = 0; i < req.inputs.length; i++) vals.set(plan.units[req.inputs[i]!]!.key, req.inputValues[i]);
  const lookup = (k: string): unknown => vals.get(k);
  const timings: [string, number][] | undefined = timed ? [] : undefined;
  const timing = timings ? (k: string, ms: number) => void timings.push([k, ms]) : undefined;
  const done: number[] = [];
  const values: unknown[] = [];
  let failure: TaskFailure | undefined;
  for (const u of req.units) {
    const unit = plan.units[u]!;
    const steps: ExecStep[] = unit.steps.map((s) => toExecStep(s.key, s.node, load));
    let value = runSteps(steps, lookup, undefined, timing);
    if (value instanceof Promise) value = await value;
    if (isFailure(value)) {
      failure = value;
      break;
    }
    vals.set(unit.key, value);
    done.push(u);
    values.push(value);
  }
  return { done, values, failure, ms: performance.now() - t0, timings };
}
