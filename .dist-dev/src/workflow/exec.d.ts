import type { TaskInstance } from './types.js';
export interface InstancePayload {
    inst: TaskInstance;
    root: string;
    /** Dependency instance id -> task name, to group results for the context. */
    depTasks: Record<string, string>;
    /** --json runs: a step's own output goes to stderr, so stdout holds the JSON alone. */
    stdoutToStderr?: boolean;
}
/** `ssdp:radar#f` is one of ssdp's own areas; other modules resolve from the workflow root. */
export declare function moduleUrl(spec: string, root: string): string;
export declare function executeInstance(payload: InstancePayload, ...depResults: unknown[]): Promise<unknown>;
