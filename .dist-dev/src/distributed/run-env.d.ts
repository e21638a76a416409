import type { RunMeta } from './protocol.js';
export type RunEnv = NonNullable<RunMeta['env']>;
/** How a worker starts the task processes of a run: pool key, node binary and environment. */
export interface ChildSetup {
    readonly key: string;
    readonly node?: string;
    readonly env?: NodeJS.ProcessEnv;
}
/** The submitter's side: what a run tells its workers about the env at `prefix`. */
export declare function describeRunEnv(prefix: string): Promise<RunEnv>;
export interface WorkerEnvOptions {
    /** The worker's root (default $SSDP_ROOT or ~/.ssdp). */
    root?: string;
    /** The env the worker was started in (-n/-p), used when it is the run's. */
    ownEnv?: string;
    offline?: boolean;
    log?: (line: string) => void;
}
/**
 * The worker's side: the task-process setup for a run's env. The submitter's env itself when the
 * worker uses the same root (SSDP_ROOT shared) or was started in that env; else the env recreated
 * under the worker's own root, never touching another root's envs. Throws E_WORKER_ENV saying why
 * when it cannot be recreated (registry unreachable, package gone, disk full).
 */
export declare function workerRunEnv(want: RunEnv, opts?: WorkerEnvOptions): Promise<ChildSetup>;
