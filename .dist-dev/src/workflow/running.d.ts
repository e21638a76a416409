import type { TaskInstance } from './types.js';
export declare function markRunning(root: string, inst: TaskInstance, shell?: number): void;
export declare function markDone(root: string, inst: TaskInstance): void;
/** Starts recording what the running steps' outputs look like; returns the stop function. */
export declare function watchRunning(root: string): () => void;
/**
 * Steps an earlier run left unfinished whose outputs a real run would move aside, read only (for
 * --dry-run, which must plan as a real run would). A step with an output changed since is planned
 * from the files as they are, as the real run does.
 */
export declare function unfinishedSteps(root: string): string[];
export interface Interrupted {
    id: string;
    /** Where its outputs went, if it had written any. */
    movedTo?: string;
    moved: string[];
    /** Outputs changed after the interrupted run stopped: not the step's, left where they are. */
    kept: string[];
    /** Those of `kept` that were absent at the run's last record. */
    appeared: string[];
    /** When the run last recorded its steps' outputs (ms), if it did. */
    lastSeen?: number;
}
/**
 * Cleans up after steps that did not finish. `stopCommands` only right after our own workers
 * were stopped: a pid from an older run may belong to an unrelated process by now.
 */
export declare function cleanUpInterrupted(root: string, opts: {
    stopCommands: boolean;
}): Interrupted[];
