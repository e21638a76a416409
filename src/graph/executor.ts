/**
 * The seam between the one scheduling loop (scheduler.ts) and whatever runs tasks: this thread
 * (inline.ts), worker threads or processes (pool.ts), and later remote workers. As dask's
 * `get_async(submit, ...)`, the loop decides what runs and when; an executor only runs batches
 * it is given and answers each with what finished.
 */
import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { TaskFailure } from './exec.js';
import type { SchedulerName } from './types.js';
import type { RunObserver, WorkerPlace } from './events.js';

export interface Executor {
  readonly name: SchedulerName;
  /** Starts serving one run of `plan` (an executor may serve one run at a time: it waits). */
  open(plan: Plan, hooks: RunHooks): Promise<ExecSession>;
  /** A dashboard watching every run of this executor (set by a Client with a dashboard). */
  observer?: RunObserver;
  /** Workers it runs on, when known before a run. */
  readonly nWorkers?: number;
}

/** One run on an executor. */
export interface ExecSession {
  /** How many batches can run side by side (workers): the loop splits ready work this many ways. */
  readonly width: number;
  /** True when inputs may be handed over by transfer (the loop then forgets them on sending). */
  readonly transfers: boolean;
  /** How many more batches may be submitted now; `shortTasks`: tasks take under a millisecond. */
  freeSlots(shortTasks: boolean): number;
  /**
   * Resolves when `width` grows during the run (workers joining a broker): the loop then hands
   * out work at once instead of waiting for a running batch to finish. Absent: a fixed width.
   */
  widthGrew?(): Promise<void>;
  /**
   * Workers may join during the run: ready work is never split fewer than 2 ways (nor a fan-in
   * kept in one batch as it would be for a lone worker), so a worker that joins finds some.
   */
  readonly elastic?: boolean;
  /**
   * Adds a worker (width grows by one) when the executor started with fewer than it may run;
   * false when it cannot. The loop asks when the measured tasks keep the workers busy (scheduler.ts).
   */
  grow?(): boolean;
  /** Runs a batch. Rejects only when the executor itself fails (a worker died, Ctrl-C). */
  submit(req: BatchRequest): Promise<BatchResult>;
  /** Turns output results into their final form (class instances rebuilt), in place. */
  finalize(results: unknown[], outputs: readonly number[]): Promise<void>;
  /**
   * Ends the run; `failed`: batches may still be running and are abandoned. A promise: the run
   * reports its end once it resolves (remote workers stop a failed run's batches first).
   */
  close(failed: boolean): void | Promise<void>;
  stats(): ExecStats;
}

export interface ExecStats {
  batches: number;
  peakWorkerHeapBytes: number;
  nWorkers: number;
}

export interface BatchRequest {
  /** Units in a valid run order. */
  readonly units: readonly number[];
  /** 1 where the unit's result must come back (an output, or needed outside the batch). */
  readonly send: Uint8Array;
  /** 1 where no unit of the batch uses the result (a worker need not keep it); absent: keep all. */
  readonly drop?: Uint8Array;
  /** Units outside the batch whose results it needs, and those results. */
  readonly inputs: readonly number[];
  readonly inputValues: readonly unknown[];
  /** Buffers inside `inputValues` that may be transferred (nobody else holds them). */
  readonly transfer?: ArrayBuffer[];
}

export interface BatchResult {
  /** Units that finished (on failure: those finished before it). */
  readonly done: readonly number[];
  /** `values[i]` is the result of `done[i]` when `returned` is absent or `returned[i]` is 1. */
  readonly values: readonly unknown[];
  readonly returned?: Uint8Array;
  readonly failure?: TaskFailure;
  /** Time spent running the batch, ms (sizes later batches). */
  readonly ms: number;
  /** Per-step timings, when hooks.timing was set. */
  readonly timings?: readonly (readonly [string, number])[];
  /** Which worker ran it (for the dashboard's task stream). */
  readonly place?: WorkerPlace;
  /** Heap used in that worker after the batch, bytes. */
  readonly heap?: number;
}
