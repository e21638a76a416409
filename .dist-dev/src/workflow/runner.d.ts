import type { Reporter } from '../util/reporter.js';
import type { Graph } from '../graph/types.js';
import { type PlanOptions } from './expand.js';
import { type Stamp } from './stamps.js';
import type { TaskInstance, WorkflowSpec } from './types.js';
export declare const EXEC_FN: {
    readonly module: string;
    readonly name: "executeInstance";
};
export interface WorkflowPlan {
    instances: TaskInstance[];
    /** Skipped: up to date, or found data (then also in `data`). */
    fresh: Map<string, Stamp>;
    /** Steps not run because their outputs are files ssdp did not write: id -> those files. */
    data: Map<string, string[]>;
    toRun: TaskInstance[];
}
/** `unfinished`: steps an earlier run left half-done; a real run moves their outputs aside first, a dry run plans as if it had. */
export declare function planRun(spec: WorkflowSpec, targets: string[], opts?: PlanOptions & {
    force?: boolean;
    unfinished?: ReadonlySet<string>;
}): WorkflowPlan;
/** The graph for a plan: fresh instances are data (their stamped result), the rest are tasks. */
export declare function workflowGraph(spec: WorkflowSpec, plan: WorkflowPlan, opts?: {
    stdoutToStderr?: boolean;
}): Graph;
export interface ExecuteOptions {
    jobs?: number;
    /** Node binary for worker processes (the env's), and their environment. */
    node?: string;
    env?: NodeJS.ProcessEnv;
    progress?: boolean;
    reporter?: Reporter;
    /** --json: steps' own output goes to stderr. */
    stdoutToStderr?: boolean;
    /** --dashboard: serve the live page (on `port` when given). The report is written either way. */
    dashboard?: {
        port?: number;
    };
    /** Run the steps on the `ssdp worker`s serving this broker instead of local processes. */
    broker?: string;
    /** broker: the workflow env's prefix, which workers use or recreate from its lockfile. */
    envPrefix?: string;
}
export declare function executePlan(spec: WorkflowSpec, plan: WorkflowPlan, targets: string[], opts?: ExecuteOptions): Promise<unknown[]>;
