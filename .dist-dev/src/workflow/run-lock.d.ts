import type { Reporter } from '../util/reporter.js';
export declare const runLockFile: (root: string) => string;
/** Takes the workflow's run lock; waits for it only when `wait`. Returns the release function. */
export declare function lockWorkflow(root: string, opts: {
    wait?: boolean;
    reporter: Reporter;
}): Promise<() => void>;
