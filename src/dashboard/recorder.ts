/**
 * The dashboard's record of everything a Client (or one `ssdp run`) computed: progress per task
 * kind, one bar per task on its worker's row, data moved, workers, memory over time, failures.
 * The live page and the static report both draw this one state; the live page gets it in
 * pieces (append-only lists are sent from where each viewer left off).
 */
import { hostname } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { keyKind } from '../graph/graph.js';
import { SsdpError } from '../util/errors.js';
import type { RunObserver, RunStart, WorkerPlace, WorkerReport } from '../graph/events.js';

/** [slot, kind index, start ms, end ms, key, 1 when the task failed]; times from the recorder's start. */
export type TaskBar = [number, number, number, number, string, 1?];
/** [ms, bytes sent to workers so far, bytes returned so far]. */
export type MovedPoint = [number, number, number];
/** [ms, bytes of the whole run: this process plus its worker processes]. */
export type MemoryPoint = [number, number];

export interface KindProgress {
  total: number;
  running: number;
  done: number;
  failed: number;
  /** Steps that were up to date (values, not tasks): shown apart, never in a kind's times. */
  upToDate: number;
}

export interface WorkerRow {
  slot: number;
  host: string;
  /** The `ssdp worker` (host:pid) this slot is a process of, and which one (--nprocs). */
  worker?: string;
  proc?: number;
  pid: number | null;
  rssBytes: number | null;
  peakRssBytes: number | null;
  heapBytes: number | null;
  task: string;
  /** ms since the recorder started when the worker last answered or was seen alive. */
  heartbeat: number;
  slurmJobId?: string;
  slurmState?: string;
}

export interface Failure {
  at: number;
  key: string;
  kind: string;
  message: string;
  stack: string;
}

export interface RunInfo {
  title: string;
  startedAt: string;
  scheduler: string;
  /** Workers (processes of a local pool, `ssdp worker`s of a broker) and their task slots, as seen. */
  nWorkers: number;
  nSlots: number;
  runs: number;
  /** Runs (computes of a Client) that ended with an error or were stopped. */
  failedRuns: number;
  /** 'stopped': cancelled (Ctrl-C, a signal, client.cancel). */
  status: 'idle' | 'running' | 'done' | 'failed' | 'stopped';
  /** ms since start when the last run ended. */
  endedMs: number | null;
  nowMs: number;
  error: string | null;
}

export interface DashState {
  run: RunInfo;
  kindNames: string[];
  kinds: Record<string, KindProgress>;
  workers: WorkerRow[];
  tasks: TaskBar[];
  moved: MovedPoint[];
  memory: MemoryPoint[];
  failures: Failure[];
  /** Task bars not kept (a run of more than MAX_BARS tasks keeps its first ones). */
  droppedBars: number;
}

/** Where a viewer is in the append-only lists. */
export interface Cursor {
  tasks: number;
  moved: number;
  memory: number;
  failures: number;
}

const MAX_BARS = 200_000;
/** Key of the row of a Slurm job whose worker has not answered yet. */
const JOB_ROW = 'slurm-job:';

/** A Slurm worker job as squeue lists it (src/cluster's SlurmWorker). */
export interface SlurmJob {
  jobId: string;
  arrayJobId: string;
  state: string;
  node: string;
  reason: string;
}
/**
 * How often memory (and the data moved) is sampled: often while a page watches, seldom for the
 * report alone (each sample reads every local worker's /proc status).
 */
const SAMPLE_MS = 1000;
const SAMPLE_MS_WATCHED = 250;
const HOST = hostname();

export class Recorder implements RunObserver {
  readonly t0 = performance.now();
  private readonly info: RunInfo;
  private readonly kindIndex = new Map<string, number>();
  private readonly kindNames: string[] = [];
  private readonly kinds: Record<string, KindProgress> = {};
  private readonly workers = new Map<string, WorkerRow>();
  private readonly tasks: TaskBar[] = [];
  private readonly moved: MovedPoint[] = [];
  private readonly memory: MemoryPoint[] = [];
  private readonly failures: Failure[] = [];
  private readonly failedKeys = new Set<string>();
  /** Keys of the current run that hold values (up-to-date steps): they pass through batches but are no tasks. */
  private given: ReadonlySet<string> = new Set();
  private readonly slurmArrays = new Set<string>();
  private readonly slurmState = new Map<string, string>();
  private droppedBars = 0;
  /** When each running task's batch was sent: a failed task's bar starts from it. */
  private readonly sentAt = new Map<string, number>();
  /** Where the failed task of the batch that just answered started (its finished steps ran before it). */
  private failedFrom: number | undefined;
  private bytesIn = 0;
  private bytesOut = 0;
  private timer: NodeJS.Timeout | undefined;
  private watched = false;
  /** Bytes moved at the last point of `moved`. */
  private movedAt = -1;
  /** Settles once the page serves; a rejection (port taken) fails every run before it starts. */
  private serving: Promise<unknown> = Promise.resolve();
  /** Called when something changed (the server pushes soon after). */
  onChange: () => void = () => {};

  constructor(
    title: string,
    private readonly kindFn: (key: string) => string = keyKind,
  ) {
    this.info = { title, startedAt: new Date().toISOString(), scheduler: '', nWorkers: 0, nSlots: 0, runs: 0, failedRuns: 0, status: 'idle', endedMs: null, nowMs: 0, error: null };
  }

  servedBy(started: Promise<unknown>): void {
    this.serving = started;
  }

  async ready(): Promise<void> {
    await this.serving;
  }

  /** The user's kindOf, checked: what it throws or a kind that is not a string fails the run, naming kindOf. */
  kindOf(key: string): string {
    let kind: unknown;
    try {
      kind = this.kindFn(key);
    } catch (e) {
      throw new SsdpError('E_DASHBOARD_KIND_OF', `dashboard: kindOf(${JSON.stringify(key)}) threw: ${e instanceof Error ? e.message : String(e)}`, {
        hint: 'kindOf (new Client({ dashboard: { kindOf } })) is called with every task key and must return the name of its kind, a string; fix it or leave it out (the kind is then the key\'s prefix).',
      });
    }
    if (typeof kind !== 'string') {
      throw new SsdpError('E_DASHBOARD_KIND_OF', `dashboard: kindOf(${JSON.stringify(key)}) returned ${typeof kind === 'object' || typeof kind === 'string' ? JSON.stringify(kind) : String(kind)} (${kind === null ? 'null' : typeof kind}), not a string.`, {
        hint: 'kindOf (new Client({ dashboard: { kindOf } })) must return the name of a task\'s kind, a string, for every key.',
      });
    }
    return kind;
  }

  private now(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }

  private kind(name: string): KindProgress {
    let k = this.kinds[name];
    if (!k) {
      k = this.kinds[name] = { total: 0, running: 0, done: 0, failed: 0, upToDate: 0 };
      this.kindIndex.set(name, this.kindNames.length);
      this.kindNames.push(name);
    }
    return k;
  }

  runStart(info: RunStart): void {
    this.info.runs++;
    this.info.status = 'running';
    this.info.scheduler = info.scheduler;
    this.info.nWorkers = info.nWorkers;
    this.info.error = null;
    for (const [name, n] of Object.entries(info.kinds)) this.kind(name).total += n;
    for (const [name, n] of Object.entries(info.givenKinds ?? {})) this.kind(name).upToDate += n;
    this.given = info.given ?? new Set();
    this.sample();
    this.timer ??= this.sampling();
    this.onChange();
  }

  private sampling(): NodeJS.Timeout {
    return setInterval(() => this.sample(), this.watched ? SAMPLE_MS_WATCHED : SAMPLE_MS).unref();
  }

  /** Whether a live page is watching (the server says): memory is then sampled more often. */
  setWatched(watched: boolean): void {
    if (watched === this.watched) return;
    this.watched = watched;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = this.sampling();
    }
  }

  batchSent(keys: readonly string[], bytesIn: number): void {
    this.bytesIn += bytesIn;
    const now = this.now();
    for (const key of keys) {
      if (this.given.has(key)) continue;
      this.sentAt.set(key, now);
      const k = this.kind(this.kindOf(key));
      k.running++;
      if (this.failedKeys.delete(key)) k.failed--;
    }
  }

  batchDone(place: WorkerPlace | undefined, sentKeys: readonly string[], steps: readonly (readonly [string, number])[], finished: number, bytesOut: number): void {
    const end = this.now();
    const sent = sentKeys.length > 0 ? this.sentAt.get(sentKeys[0]!) : undefined;
    for (let i = 0; i < sentKeys.length; i++) {
      if (this.given.has(sentKeys[i]!)) continue;
      const k = this.kind(this.kindOf(sentKeys[i]!));
      k.running--;
      if (i < finished) k.done++;
      this.sentAt.delete(sentKeys[i]!);
    }
    // the steps ran one after the other and the answer came right after the last; in a batch
    // with a failure, the failing task ran last, so its steps are laid from when it was sent
    const failing = finished < sentKeys.length;
    let t = end;
    for (let i = steps.length - 1; i >= 0; i--) t = Math.max(0, t - steps[i]![1]);
    if (failing && sent !== undefined) t = Math.min(sent, end);
    for (const [key, ms] of steps) {
      const stop = Math.min(end, t + ms);
      if (!this.given.has(key)) this.bar(place?.slot ?? 0, key, t, stop);
      t = stop;
    }
    this.failedFrom = failing ? t : undefined;
    // the data moved is drawn from the samples, not a point per batch (a run of many small tasks)
    this.bytesOut += bytesOut;
    this.onChange();
  }

  private bar(slot: number, key: string, start: number, end: number, failed?: 1): void {
    if (this.tasks.length >= MAX_BARS) {
      this.droppedBars++;
      return;
    }
    const bar: TaskBar = [slot, this.kindIndex.get(this.kindOf(key)) ?? 0, Math.round(start * 10) / 10, Math.round(end * 10) / 10, key];
    if (failed) bar.push(1);
    this.tasks.push(bar);
  }

  taskFailed(place: WorkerPlace | undefined, key: string, message: string, stack: string): void {
    const kind = this.kindOf(key);
    this.kind(kind).failed++;
    this.failedKeys.add(key);
    const at = this.now();
    // the worker was busy with it from where its batch's finished steps ended until the answer
    this.bar(place?.slot ?? 0, key, Math.min(at, this.failedFrom ?? this.sentAt.get(key) ?? at), at, 1);
    this.failedFrom = undefined;
    this.failures.push({ at, key, kind, message, stack });
    if (place) this.worker({ ...place, task: '' });
    this.onChange();
  }

  worker(r: WorkerReport): void {
    const host = r.host ?? HOST;
    const id = `${host}:${r.slot}`;
    let w = this.workers.get(id);
    if (!w || (r.pid !== undefined && w.pid !== r.pid)) {
      w = { slot: r.slot, host, ...(r.worker !== undefined ? { worker: r.worker, proc: r.proc } : {}), pid: r.pid ?? null, rssBytes: null, peakRssBytes: null, heapBytes: null, task: '', heartbeat: this.now() };
      this.workers.set(id, w);
    }
    w.heartbeat = this.now();
    if (r.rssBytes !== undefined) this.rss(w, r.rssBytes);
    if (r.heapBytes !== undefined) w.heapBytes = r.heapBytes;
    if (r.task !== undefined) w.task = r.task;
    if (r.slurmJobId !== undefined && w.slurmJobId !== r.slurmJobId) {
      w.slurmJobId = r.slurmJobId;
      w.slurmState ??= this.slurmState.get(r.slurmJobId);
      this.workers.delete(JOB_ROW + r.slurmJobId);
    }
    if (r.slurmState !== undefined) w.slurmState = r.slurmState;
  }

  /**
   * Slurm's view of the worker jobs (squeue): a worker that reported its job gets the job's
   * state; a job with no worker answering yet (pending, starting) has a row of its own until its
   * worker answers; a worker whose job squeue stopped listing shows ENDED.
   */
  slurmJobs(jobs: readonly SlurmJob[]): void {
    for (const j of jobs) {
      this.slurmArrays.add(j.arrayJobId);
      this.slurmState.set(j.jobId, j.state);
    }
    const listed = new Set(jobs.map((j) => j.jobId));
    const answered = new Set<string>();
    for (const [id, w] of this.workers) {
      if (w.slurmJobId === undefined || id.startsWith(JOB_ROW)) continue;
      answered.add(w.slurmJobId);
      if (listed.has(w.slurmJobId)) w.slurmState = this.slurmState.get(w.slurmJobId);
      else if (this.slurmArrays.has(w.slurmJobId.split('_')[0]!)) w.slurmState = 'ENDED';
    }
    for (const id of [...this.workers.keys()]) if (id.startsWith(JOB_ROW)) this.workers.delete(id);
    for (const j of jobs) {
      if (answered.has(j.jobId)) continue;
      const why = j.state === 'PENDING' && j.reason && j.reason !== 'None' ? ` (${j.reason})` : '';
      this.workers.set(JOB_ROW + j.jobId, { slot: -1, host: j.node, pid: null, rssBytes: null, peakRssBytes: null, heapBytes: null, task: `not answering yet${why}`, heartbeat: this.now(), slurmJobId: j.jobId, slurmState: j.state });
    }
    this.onChange();
  }

  private rss(w: WorkerRow, bytes: number): void {
    w.rssBytes = bytes;
    w.peakRssBytes = Math.max(w.peakRssBytes ?? 0, bytes);
  }

  runEnd(error?: unknown): void {
    this.sample();
    this.info.status = error === undefined ? 'done' : (error as { code?: unknown }).code === 'E_CANCELLED' ? 'stopped' : 'failed';
    this.info.error = error === undefined ? null : error instanceof Error ? error.message : String(error);
    this.info.endedMs = this.now();
    if (error !== undefined) this.info.failedRuns++;
    // tasks still counted as running were abandoned with the run
    if (error !== undefined) for (const k of Object.values(this.kinds)) k.running = 0;
    clearInterval(this.timer);
    this.timer = undefined;
    this.onChange();
  }

  /**
   * Memory now: this process, and each local worker process read from /proc (alive = a
   * heartbeat). Remote workers report their own memory through worker().
   */
  private sample(): void {
    const self = process.memoryUsage.rss();
    let total = self;
    const now = this.now();
    // Rows of this process itself: a workflow run's commands started from it (src/workflow/in-process.ts).
    const own: WorkerRow[] = [];
    let others = 0;
    for (const w of this.workers.values()) {
      if (w.host !== HOST || w.pid === null) continue;
      if (w.pid === process.pid) {
        own.push(w);
        w.heartbeat = now;
        continue;
      }
      const bytes = procRss(w.pid);
      if (bytes === undefined) continue;
      this.rss(w, bytes);
      w.heartbeat = now;
      total += bytes;
      others += bytes;
    }
    if (own.length > 0) {
      // This process and the steps' processes under it, less the worker processes counted above.
      const mine = Math.max(self, (procRss(process.pid) ?? self) - others);
      for (const w of own) this.rss(w, mine);
      total += mine - self;
    }
    for (const w of this.workers.values()) if (w.host !== HOST && w.rssBytes !== null) total += w.rssBytes;
    this.memory.push([now, total]);
    const moved = this.bytesIn + this.bytesOut;
    if (moved !== this.movedAt) {
      this.movedAt = moved;
      this.moved.push([now, this.bytesIn, this.bytesOut]);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private runInfo(): RunInfo {
    // counted from the rows: an executor that learns its workers as they answer (a broker's,
    // Slurm's) starts a run knowing none of them
    const slots = [...this.workers.values()].filter((w) => w.slot >= 0);
    const workers = new Set(slots.map((w) => w.worker ?? `${w.host}:${w.slot}`)).size;
    return { ...this.info, nWorkers: workers || this.info.nWorkers, nSlots: slots.length || this.info.nWorkers, nowMs: this.now() };
  }

  snapshot(): DashState {
    return {
      run: this.runInfo(),
      kindNames: [...this.kindNames],
      kinds: structuredClone(this.kinds),
      workers: [...this.workers.values()].map((w) => ({ ...w })),
      tasks: this.tasks.slice(),
      moved: this.moved.slice(),
      memory: this.memory.slice(),
      failures: this.failures.slice(),
      droppedBars: this.droppedBars,
    };
  }

  cursor(): Cursor {
    return { tasks: this.tasks.length, moved: this.moved.length, memory: this.memory.length, failures: this.failures.length };
  }

  /** What changed since `c`: the whole small parts, the new items of the lists. */
  since(c: Cursor): Partial<DashState> {
    return {
      run: this.runInfo(),
      kindNames: [...this.kindNames],
      kinds: this.kinds,
      workers: [...this.workers.values()],
      tasks: this.tasks.slice(c.tasks),
      moved: this.moved.slice(c.moved),
      memory: this.memory.slice(c.memory),
      failures: this.failures.slice(c.failures),
      droppedBars: this.droppedBars,
    };
  }
}

/**
 * Bytes per page of /proc/PID/statm: the resident pages of this process against its VmRSS,
 * read together once (4 KiB on x86-64, 4 or 64 KiB on arm64).
 */
let pageBytes: number | undefined;
function pageSize(): number {
  if (pageBytes === undefined) {
    pageBytes = 4096;
    try {
      const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
      if (pages > 0 && kb > 0) pageBytes = 2 ** Math.round(Math.log2((kb * 1024) / pages));
    } catch {
      /* no /proc: nothing is sampled there anyway */
    }
  }
  return pageBytes;
}

/**
 * Resident memory of a worker process and every process under it (a workflow step is a command
 * the worker starts: its memory is the run's), from /proc (Linux); undefined when the worker is
 * gone or unreadable. statm, not status: the kernel formats one short line instead of ~55 fields
 * (a sample of two workers: 0.4 instead of 0.65 ms CPU). Children come from
 * /proc/PID/task/TID/children, one small read each.
 */
function procRss(pid: number, depth = 0): number | undefined {
  let own: number;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]);
    if (!Number.isFinite(pages)) return undefined;
    own = pages * pageSize();
  } catch {
    return undefined;
  }
  if (depth > 16) return own;
  let kids: string[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) kids = kids.concat(readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ').filter(Boolean));
  } catch {
    /* no children file (an old kernel) or the process ended: its own memory only */
  }
  for (const kid of kids) own += procRss(Number(kid), depth + 1) ?? 0;
  return own;
}
