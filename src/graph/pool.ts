/** Placeholder: worker pool (threads/processes) lands in the next commit. */
import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { SchedulerName } from './types.js';
import { runSync } from './sync.js';

export interface PoolOptions {
  kind: SchedulerName;
  nWorkers: number;
  node?: string;
  env?: NodeJS.ProcessEnv;
}
export interface PoolRunResult {
  results: unknown[];
  stats: { batches: number; peakWorkerHeapBytes: number; nWorkers: number };
}
export class WorkerPool {
  readonly name: SchedulerName;
  constructor(readonly opts: PoolOptions) {
    this.name = opts.kind;
  }
  async run(plan: Plan, hooks: RunHooks): Promise<PoolRunResult> {
    return { results: await runSync(plan, hooks), stats: { batches: 0, peakWorkerHeapBytes: 0, nWorkers: 1 } };
  }
  async close(): Promise<void> {}
}
