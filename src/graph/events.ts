/**
 * What a live view (the dashboard, a performance report) is told while a run goes on. The
 * scheduler and executors call these only through `hooks.observer`, which is undefined unless a
 * dashboard asked: with none, a run pays one null check per batch and nothing per task.
 *
 * Executors that run tasks elsewhere (remote workers, Slurm jobs) report their workers through
 * `worker()` with whatever they know (host, pid, memory, job id and state).
 */
export interface RunStart {
  /** Tasks of the run by kind (key prefix). */
  readonly kinds: Readonly<Record<string, number>>;
  /**
   * Keys holding a value rather than a task (a workflow's up-to-date steps): not tasks, so not in
   * `kinds`; they still pass through batches, counted apart by kind in `givenKinds`.
   */
  readonly given?: ReadonlySet<string>;
  readonly givenKinds?: Readonly<Record<string, number>>;
  readonly scheduler: string;
  readonly nWorkers: number;
}

/** Where a batch ran: a worker slot of the executor (row of the task stream). */
export interface WorkerPlace {
  readonly slot: number;
  readonly pid?: number;
  readonly host?: string;
  /** An `ssdp worker` serving several processes (--nprocs): its id (host:pid) and which of its processes this slot is. */
  readonly worker?: string;
  readonly proc?: number;
}

export interface WorkerReport extends WorkerPlace {
  /** Resident memory of the worker's process, bytes (threads: the whole process). */
  readonly rssBytes?: number;
  /** JS heap used in the worker, bytes. */
  readonly heapBytes?: number;
  /** Key of the task running now ('' when idle). */
  readonly task?: string;
  readonly slurmJobId?: string;
  readonly slurmState?: string;
}

export interface RunObserver {
  /** The kind of a key for progress and colours (default: the key's prefix, keyKind). */
  kindOf?(key: string): string;
  /** Rejects when the view cannot show the run (a dashboard's port taken): the run then fails before any work. */
  ready?(): Promise<void>;
  runStart(info: RunStart): void;
  /** A batch was sent: its tasks count as running. */
  batchSent(keys: readonly string[], bytesIn: number): void;
  /**
   * A batch answered. `steps`: [key, ms] of each task run in it, in run order (their start times
   * follow from `endedAt` and the durations); `keys`: the tasks of the batch that finished.
   */
  batchDone(place: WorkerPlace | undefined, sentKeys: readonly string[], steps: readonly (readonly [string, number])[], finished: number, bytesOut: number): void;
  taskFailed(place: WorkerPlace | undefined, key: string, message: string, stack: string): void;
  worker(report: WorkerReport): void;
  runEnd(error?: unknown): void;
}

/** Rough size of a value in bytes (typed arrays exactly; other values approximately), for "data moved". */
export function sizeOf(v: unknown, depth = 0): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 4;
    case 'string':
      return v.length;
    case 'object':
      break;
    default:
      return 0;
  }
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (depth > 4) return 0;
  let n = 0;
  if (Array.isArray(v)) {
    const len = Math.min(v.length, 1000);
    for (let i = 0; i < len; i++) n += sizeOf(v[i], depth + 1);
    return v.length > len ? Math.round((n * v.length) / len) : n;
  }
  for (const k in v as Record<string, unknown>) n += k.length + sizeOf((v as Record<string, unknown>)[k], depth + 1);
  return n;
}
