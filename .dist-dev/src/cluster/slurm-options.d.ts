export interface SlurmOptions {
    /** Number of workers (array tasks) to start with (default 1). */
    workers?: number;
    /** CPUs per worker (--cpus-per-task); each worker runs this many task processes. */
    cpus?: number;
    /** Memory per worker (--mem), e.g. 4G or 4000M. */
    memory?: string;
    /** Walltime per worker (--time), e.g. 30, 1:00:00 or 1-00:00:00. */
    walltime?: string;
    partition?: string;
    account?: string;
    /** Address of this machine the workers reach the broker on (default: its first non-loopback IPv4). */
    host?: string;
    /** Seconds before the walltime the workers are told to drain (default 60; --signal). */
    drain?: number;
    /** Signal for draining (default USR2; TERM makes an ssdp worker hand its batches back and exit). */
    drainSignal?: string;
    /** Slurm job name of the workers (default ssdp-worker). */
    jobName?: string;
}
export declare const SLURM_KEYS: readonly ["workers", "cpus", "memory", "walltime", "partition", "account", "host", "drain", "drainSignal", "jobName"];
/** Throws E_CLUSTER_OPTION for an unknown key (with did-you-mean) or a value of the wrong shape. */
export declare function checkSlurmOptions(opts: Record<string, unknown>, what: string, where?: (_key: string, _onValue: boolean) => string): void;
