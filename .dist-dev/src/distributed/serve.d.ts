import { type ChildSetup, type RunEnv } from './run-env.js';
export interface ServeOptions {
    broker: string;
    /** Child processes running tasks (default 1). */
    nprocs?: number;
    /** The node binary and environment of the children (an env's, see envProcessEnv). */
    node?: string;
    env?: NodeJS.ProcessEnv;
    /** The prefix of the env `node` and `env` come from: a run naming that env uses these processes. */
    ownEnv?: string;
    nodeArgs?: string[];
    /** Lines about what the worker does (default: stderr). */
    log?: (line: string) => void;
    /**
     * The task processes for a run that names an env (RunMeta.env): the env itself when it is
     * visible here, else one recreated from the run's lockfile. Throws to refuse the run's tasks.
     * Default: workerRunEnv under this worker's SSDP_ROOT.
     */
    prepareRun?: (env: RunEnv) => Promise<ChildSetup>;
}
export interface WorkerHandle {
    readonly id: string;
    /** Stops taking jobs, lets running ones finish, stops the children. */
    stop(): Promise<void>;
    /**
     * Stops now: kills the task processes and hands their jobs back to the queue for other workers
     * (what scancel's SIGTERM asks for). Waits for the broker at most a few seconds.
     */
    handBack(): Promise<void>;
    /** Resolves when the worker has stopped; rejects when it lost the broker for good. */
    readonly done: Promise<void>;
}
/** Connects (clear error at once when the broker cannot be used) and starts serving. */
export declare function serveBroker(opts: ServeOptions): Promise<WorkerHandle>;
/**
 * The CLI's loop: serve until a signal. SIGINT (Ctrl-C) and SIGUSR2 (Slurm's warning before the
 * walltime, sbatch --signal) drain: no new batches, running ones finish. SIGTERM (scancel, kill,
 * a supervisor) means now: running batches go back to the queue and the worker exits within a few
 * seconds, before Slurm's KillWait would kill it. A second signal stops at once.
 */
export declare function runWorker(opts: ServeOptions): Promise<number>;
/** The Slurm job this process runs in, named as squeue -r names an array's task (1234_0). */
export declare function slurmJobOf(env: NodeJS.ProcessEnv): string | undefined;
