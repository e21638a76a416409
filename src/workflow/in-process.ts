/**
 * The executor of a workflow run whose steps are all `cmd:` steps: they run from this process,
 * up to `width` (-j) at once, with no worker process. A worker costs about a second of CPU to
 * start (Node, the engine's modules), and a cmd step's command is a child process of its own
 * anyway, started the same way (exec.ts's runShell) from here as from a worker. Runs with a
 * function step keep the worker processes (runner.ts decides).
 *
 * What a worker gave the steps, kept here: each command's output goes through the reporter line
 * by line (off the progress bar, no two steps' lines mixed); a run that ends early (a failed step,
 * Ctrl-C) lets go of the commands still running as a killed worker would (abandonShells: their
 * watcher stops them, and their step's records are left to the run's clean-up).
 */
import { runBatchHere } from '../graph/inline.js';
import type { Plan } from '../graph/plan.js';
import type { RunHooks } from '../graph/hooks.js';
import type { BatchRequest, BatchResult, ExecSession, ExecStats, Executor } from '../graph/executor.js';
import type { RunObserver } from '../graph/events.js';
import type { AnyFn } from '../graph/functions.js';
import type { FnRef } from '../graph/types.js';
import { abandonShells, executeInstance, loadShellRunner, runStepsHere } from './exec.js';

/** The engine's task function of every step (runner.ts's EXEC_FN), run here by this module's own copy. */
export class InProcessSteps implements Executor {
  readonly name = 'processes' as const;
  observer?: RunObserver;

  /** `env`: the environment the steps' commands get (the workflow env's; undefined: this process's). */
  constructor(
    readonly nWorkers: number,
    private readonly stepFn: FnRef,
    private readonly env: NodeJS.ProcessEnv | undefined,
  ) {}

  async open(plan: Plan, hooks: RunHooks): Promise<ExecSession> {
    runStepsHere(this.env);
    await loadShellRunner(); // before any step: no import between a step's marker and its shell

    const load = (fn: unknown): AnyFn => {
      const ref = fn as FnRef;
      if (ref?.module !== this.stepFn.module || ref.name !== this.stepFn.name) throw new Error(`ssdp: a workflow run in this process was given a task other than its steps (${ref?.module}#${ref?.name})`);
      return executeInstance as AnyFn;
    };
    return new InProcessSession(plan, hooks, this.nWorkers, load);
  }
}

class InProcessSession implements ExecSession {
  readonly transfers = false;
  /** Slots (rows of the dashboard's task stream) running a batch now. */
  private readonly busy = new Set<number>();
  private readonly execStats: ExecStats;

  constructor(
    private readonly plan: Plan,
    private readonly hooks: RunHooks,
    readonly width: number,
    private readonly load: (fn: unknown) => AnyFn,
  ) {
    this.execStats = { batches: 0, peakWorkerHeapBytes: 0, nWorkers: width };
    for (let slot = 0; slot < width; slot++) hooks.observer?.worker({ slot, pid: process.pid, task: '' });
  }

  freeSlots(): number {
    return this.width - this.busy.size;
  }

  async submit(req: BatchRequest): Promise<BatchResult> {
    let slot = 0;
    while (this.busy.has(slot)) slot++;
    this.busy.add(slot);
    this.execStats.batches++;
    const place = { slot, pid: process.pid };
    const { plan } = this;
    this.hooks.observer?.worker({ ...place, task: plan.units[req.units[0]!]!.steps[0]!.key });
    try {
      return { ...(await runBatchHere(plan, req, this.load, this.hooks.timing !== undefined)), place };
    } finally {
      this.busy.delete(slot);
      this.hooks.observer?.worker({ ...place, task: '' });
    }
  }

  async finalize(): Promise<void> {}

  close(failed: boolean): void {
    // Batches still running belong to a run that has ended: their commands are let go of as a
    // killed worker's would be.
    if (failed && this.busy.size > 0) abandonShells();
  }

  stats(): ExecStats {
    return this.execStats;
  }
}
