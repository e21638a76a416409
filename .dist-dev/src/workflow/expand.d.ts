import type { TaskInstance, TaskSpec, WorkflowSpec } from './types.js';
export declare function substitute(text: string, vars: Record<string, string>, where: string): string;
/** `dates(2020-11-01, 30)`, `range(0, 4)`, `a, b, c` or a YAML list. */
export declare function expandValues(expr: string | string[], vars: Record<string, string>, where: string): string[];
export interface PlanOptions {
    /** Overrides of the workflow's params (from --param). */
    params?: Record<string, string>;
    /** Extra text that changes every fingerprint (e.g. the version of the code that runs). */
    codeVersion?: (task: TaskSpec) => string;
}
/** The instances needed for `targets` (and everything they depend on), in dependency order. */
export declare function planInstances(spec: WorkflowSpec, targets: string[], opts?: PlanOptions): TaskInstance[];
