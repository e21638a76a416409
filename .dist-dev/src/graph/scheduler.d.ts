import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { ExecStats, Executor } from './executor.js';
export interface RunPlanResult {
    /** Results by unit index (outputs are held; the rest were released). */
    results: unknown[];
    stats: ExecStats;
}
export declare function runPlan(plan: Plan, executor: Executor, hooks: RunHooks): Promise<RunPlanResult>;
