import type { Reporter } from '../util/reporter.js';
import type { WorkflowSpec } from './types.js';
export interface WorkflowEnv {
    name: string;
    prefix: string;
    /** The env's own node when it pins one, else the node running ssdp. */
    node: string;
    env: NodeJS.ProcessEnv;
}
export declare function prepareWorkflowEnv(spec: WorkflowSpec, opts: {
    root?: string;
    offline?: boolean;
    reporter: Reporter;
}): Promise<WorkflowEnv>;
