import { type PrivateRedis } from './redis-server.js';
import { SlurmCluster } from './slurm.js';
import { type SlurmOptions } from './slurm-options.js';
import type { ClusterSettings } from './config.js';
export { startPrivateRedis, type PrivateRedis, type PrivateRedisOptions } from './redis-server.js';
export { SlurmCluster, listSlurmWorkers, batchScript, BROKER_ARG, type SlurmWorker, type SlurmStartOptions } from './slurm.js';
export { checkSlurmOptions, SLURM_KEYS, type SlurmOptions } from './slurm-options.js';
export type { ClusterSettings } from './config.js';
export { stopAll } from '../util/stop-on-exit.js';
export interface ClusterSpec {
    kind: 'slurm';
    options: SlurmOptions;
}
/** `new Client({ cluster: slurm({ workers: 2, cpus: 4, walltime: '1:00:00' }) })`. */
export declare function slurm(options?: SlurmOptions): ClusterSpec;
/** This machine's address as other machines see it: its first non-loopback IPv4. */
export declare function hostAddress(): string;
/**
 * `ssdp worker --nprocs CPUS [ENV ARGS]`, run by this node from this ssdp. The worker reads the
 * broker URL from SSDP_BROKER (the job's environment), so its password never shows in `ps`.
 */
export declare function workerCommand(options: SlurmOptions, envArgs?: readonly string[]): string[];
export interface RunningCluster {
    /** The URL the workers serve. */
    readonly broker: string;
    readonly slurm: SlurmCluster;
    readonly redis?: PrivateRedis;
    /** Rejects if every worker has ended while the cluster is open (they failed or were cancelled). */
    readonly lost: Promise<never>;
    /**
     * Resolves once the workers Slurm runs have announced themselves on the broker (rejects as
     * `lost` does). A run started before that would size its first batches for one worker.
     */
    ready(): Promise<void>;
    close(): Promise<void>;
}
export interface StartClusterOptions {
    /** A running broker to use instead of a private redis-server. */
    broker?: string;
    /** The workers' command line (default workerCommand(options, envArgs)). */
    command?: readonly string[];
    /** Extra arguments of `ssdp worker` naming the env, e.g. ['-p', PREFIX]. */
    envArgs?: readonly string[];
    logDir?: string;
    /** How often squeue is asked whether any worker is left (ms, default 2000). */
    pollMs?: number;
}
export declare function startCluster(spec: ClusterSpec, opts?: StartClusterOptions): Promise<RunningCluster>;
/** Starts the cluster, runs `fn` against its broker, and stops the cluster however `fn` ends. */
export declare function withCluster<T>(spec: ClusterSpec, opts: StartClusterOptions, fn: (broker: string, cluster: RunningCluster) => Promise<T>): Promise<T>;
/**
 * The cluster `ssdp run --cluster slurm [--workers N]` asks for: ssdp.yaml's `cluster: slurm:`
 * settings, with --workers winning. Undefined when no --cluster is given.
 */
export declare function runCluster(args: {
    cluster?: string;
    workers?: number;
}, settings?: ClusterSettings): ClusterSpec | undefined;
