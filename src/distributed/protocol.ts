/**
 * What the submitter and the workers put in Redis. One BullMQ queue carries every run's ready
 * batches; a run's shared facts (function table, code fingerprint, data folder, env) sit in one
 * key the workers read once per run.
 */
import type { ShippedFn } from '../graph/functions.js';
import type { WireUnit } from '../graph/wire.js';
import type { Key } from '../graph/types.js';
import type { CodeFingerprint } from './fingerprint.js';
import type { Enc } from './codec.js';
import { envNumber } from '../util/env-number.js';

export const QUEUE = 'tasks';
/** BullMQ's key prefix: everything ssdp keeps in Redis starts with `ssdp:`. */
export const PREFIX = 'ssdp';
export const runKey = (run: string): string => `ssdp:run:${run}`;
/**
 * The submitter's heartbeat of one run: 'live', renewed every RUN_ALIVE_RENEW_MS by a thread
 * with a connection of its own (run-beat.ts: neither a blob transfer nor the submitter's own
 * synchronous work delays it) and living RUN_ALIVE_TTL_MS; 'stopped' once the
 * submitter stopped the run (Ctrl-C, a failed step). Workers check the runs they serve every
 * RUN_CHECK_MS: a run stopped, or whose heartbeat lapsed (its submitter was killed with -9, or cut
 * off from the broker that long), has its running tasks killed there and is never started again;
 * one whose submitter is gone also has its data removed by the first worker that notices (serve.ts, stopRunHere).
 */
export const aliveKey = (run: string): string => `ssdp:run:${run}:alive`;
export const RUN_ALIVE_TTL_MS = 8000;
/**
 * A Client's heartbeat (RunMeta.client), set with its first run and renewed with its runs' by the
 * same thread, deleted when it closes: a worker stops the task processes it keeps for that Client
 * once the key is gone (closed, or killed with -9: lapsed after RUN_ALIVE_TTL_MS).
 */
export const clientAliveKey = (client: string): string => `ssdp:client:${client}:alive`;
export const RUN_ALIVE_RENEW_MS = 2000;
/**
 * The heartbeat's TTL this submitter sets: RUN_ALIVE_TTL_MS, or SSDP_RUN_HEARTBEAT_TTL_MS. Longer
 * keeps the runs of a submitter that stalls for a while (a heavily loaded machine, try11t T7);
 * shorter stops a killed submitter's tasks sooner. Workers take it from the run's record
 * (RunMeta.aliveTtlMs).
 */
export function runAliveTtlMs(): number {
  return envNumber('SSDP_RUN_HEARTBEAT_TTL_MS', 'milliseconds', true) ?? RUN_ALIVE_TTL_MS;
}
/** Renewed every RUN_ALIVE_RENEW_MS, or every quarter of a shorter TTL. */
export function runAliveRenewMs(): number {
  return Math.min(RUN_ALIVE_RENEW_MS, runAliveTtlMs() / 4);
}
export const RUN_CHECK_MS = 1000;
/** Left by the worker that removed the data of a run whose heartbeat lapsed: the submitter, if it comes back, says why its run is gone. */
export const droppedKey = (run: string): string => `ssdp:run:${run}:dropped`;
/**
 * Workers that decline a run (other code, an env they cannot make): worker id -> the refusal as
 * `[CODE] message\n  hint: ...`. The run fails with it only once every live worker has declined.
 */
export const declinedKey = (run: string): string => `ssdp:run:${run}:declined`;
/** A declined batch goes back to the queue this much later, so a worker that can run it takes it first. */
export const DECLINE_DELAY_MS = 500;
export const WORKER_KEYS = 'ssdp:worker:';
/** A worker re-announces itself this often; its key lives three times as long. */
export const HEARTBEAT_MS = 2000;

/** A job is held by a worker under a lock renewed this often; a dead worker's jobs run again after about lockDuration + stalledInterval. */
export const LOCK_MS = 4000;
export const STALLED_MS = 2000;

export interface RunMeta {
  /** Function table: steps name functions by index here. */
  readonly defs: readonly ShippedFn[];
  readonly code: CodeFingerprint;
  /** Folder for blob files, when the submitter has one every worker sees. */
  readonly shared?: string;
  /** Where the submitter's env lives and its lockfile text, for workers to use or recreate. */
  readonly env?: { readonly root: string; readonly prefix: string; readonly name?: string; readonly lock?: string };
  readonly submitter: string;
  /** Some task passes functions in its arguments (`{ $fn: index }`, renumbered by workers). */
  readonly argFns: boolean;
  /**
   * The run's tasks get task processes of their own on every worker, started for it and stopped
   * after it (`ssdp run`'s steps): a step module's top-level code runs per run, as in a local run's
   * new processes, instead of keeping what it read or made at an earlier run's import (try11x R2).
   */
  readonly fresh?: boolean;
  /**
   * The Client that sent the run (its id, random per Client): its runs share task processes of their
   * own on every worker, as a local Client keeps its processes across its computes, and another
   * Client (a later script) gets new ones, so module-level state (a file read at import, a counter)
   * does not carry over from an earlier script (try11z Z1). Unset: the processes of the run's code.
   */
  readonly client?: string;
  /** The TTL of the run's heartbeat (runAliveTtlMs() of its submitter); unset: RUN_ALIVE_TTL_MS. */
  readonly aliveTtlMs?: number;
}

/** The part of a batch that may hold arbitrary data (travels as one Enc). */
export interface BatchPayload {
  readonly units: readonly WireUnit[];
  readonly ik: readonly Key[];
  /** Function indices into RunMeta.defs this batch uses. */
  readonly fns: readonly number[];
  readonly timing: boolean;
}

export interface JobData {
  readonly r: string;
  readonly p: Enc;
  /** Input values, one per `ik` key: the scheduler holds results in their travelling form. */
  readonly iv: readonly Enc[];
  /** How often a killed task process handed this job back (serve.ts). */
  readonly hb?: number;
}

export interface JobResult {
  readonly us: readonly number[];
  readonly vs: readonly Enc[];
  /**
   * The task's failure, travelling as values do (codec.ts): its own properties may hold BigInts,
   * Dates, Maps or typed arrays, which the job's JSON would mangle or refuse (tester try11u C1).
   */
  readonly failure?: Enc;
  readonly ms: number;
  readonly heap: number;
  readonly timings?: readonly (readonly [Key, number])[];
  /** The worker (host:pid) that ran it. */
  readonly w: string;
  /** Which of the worker's task processes ran it (0 to --nprocs - 1), and that process's pid: a row of the dashboard each. */
  readonly p?: number;
  readonly pp?: number;
  /** The Slurm job (ARRAYJOB_TASK, as squeue -r lists it) the worker runs in, when it does: for the dashboard. */
  readonly j?: string;
}

export interface WorkerAnnouncement {
  readonly id: string;
  readonly nprocs: number;
  readonly host: string;
  readonly pid: number;
}

/**
 * The heartbeat of a submitter that started workers for its run (Slurm jobs): it renews the key
 * every OWNER_RENEW_MS; run-bound workers (`ssdp worker` with SSDP_WORKER_FOR_RUN) check it with
 * each announcement and stop once it is gone, so a submitter killed with -9 leaves no worker
 * serving past OWNER_TTL_MS + HEARTBEAT_MS (plus the hand-back).
 */
export const ownerKey = (id: string): string => `ssdp:owner:${id}`;
export const OWNER_TTL_MS = 20_000;
export const OWNER_RENEW_MS = 2000;
/** The environment variable that binds a worker to a run (the ownerKey id). */
export const WORKER_FOR_RUN = 'SSDP_WORKER_FOR_RUN';
/** Set to 1 for workers whose broker is their run's private redis-server (serve.ts privateBroker). */
export const BROKER_PRIVATE = 'SSDP_BROKER_PRIVATE';
