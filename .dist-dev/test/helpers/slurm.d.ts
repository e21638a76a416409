export declare const slurmSkip: string | false;
/** Starts Slurm before the file's tests (sets SLURM_CONF) and stops it after them. */
export declare function useLocalSlurm(): void;
/** squeue's lines for jobs of that name (all states Slurm still lists). */
export declare function squeue(name: string): string[];
/** Whether a process with that pid exists (signal 0 checks without sending anything). */
export declare function alive(pid: number): boolean;
/**
 * Processes of this file's Slurm jobs (workers and their task processes): those whose environment
 * names this SLURM_CONF and a SLURM_JOB_ID, so other clusters on the machine are not counted.
 */
export declare function slurmJobPids(): number[];
/** Slurm's KillWait in ms: how long a cancelled job's processes get between SIGTERM and Slurm's SIGKILL. */
export declare function killWaitMs(): number;
