/**
 * Futures (dask.distributed's `client.submit` family) on any scheduler: work starts at once and
 * each result is available as soon as its task finishes.
 *
 * ```ts
 * const client = new Client({ nWorkers: 2 });          // processes, as Dask's Client
 * const x = client.submit(inc, 1);                      // a Future, already running
 * const ys = client.map(inc, [1, 2, 3]);                // Future[]
 * const total = client.submit(sum, ys);                 // futures inside arguments are awaited
 * await total.result();                                 // 9
 * for await (const f of client.asCompleted(ys)) console.log(await f.result());
 * ```
 *
 * Submissions made in the same turn of the event loop run as one graph (so `map` spreads over
 * every worker). A pool runs one graph at a time: work submitted while a run is going starts when
 * it ends (or when a future of it is cancelled, which stops it). Futures given as arguments are
 * awaited first and their values travel with the task; a Delayed argument is computed in the
 * task's graph.
 */
import { isPlainObject } from './graph.js';
import { callerModuleUrl, fnName, knowsWhereFrom, rememberCallerModule, unwrap, type AnyFn } from './functions.js';
import { tokenize } from './tokenize.js';
import { getEach } from './run.js';
import { decodeInstance, isEncodedInstance } from './wire.js';
import { SsdpError } from '../util/errors.js';
import type { Client } from './client.js';
import { isDelayed } from './delayed.js';
import type { GetOptions, Graph, Key } from './types.js';

export type FutureStatus = 'pending' | 'finished' | 'error' | 'cancelled';

/** One task's eventual result (dask's `Future`). */
export class Future<T = unknown> {
  #status: FutureStatus = 'pending';
  #settled: Promise<T>;
  #resolve!: (v: unknown) => void;
  #reject!: (e: unknown) => void;
  #value: unknown;

  /** @internal made by Client.submit/map/scatter */
  constructor(readonly key: Key) {
    this.#settled = new Promise<T>((res, rej) => {
      this.#resolve = res as (v: unknown) => void;
      this.#reject = rej;
    });
    // a failed future nobody asks about must not end the program as an unhandled rejection
    this.#settled.catch(() => {});
  }

  get status(): FutureStatus {
    return this.#status;
  }

  /** True once the future has a result, an error, or was cancelled. */
  done(): boolean {
    return this.#status !== 'pending';
  }

  /** The result; rejects with the task's error, or E_FUTURE_CANCELLED. */
  result(): Promise<T> {
    return this.#settled;
  }

  /** The task's error, or undefined when it succeeded. */
  async exception(): Promise<unknown> {
    try {
      await this.#settled;
      return undefined;
    } catch (e) {
      return e;
    }
  }

  /** Settles when done, whatever the outcome (for asCompleted). */
  async wait(): Promise<this> {
    await this.#settled.catch(() => {});
    return this;
  }

  /** @internal */
  settle(ok: boolean, v: unknown): void {
    if (this.#status !== 'pending') return;
    this.#status = ok ? 'finished' : v instanceof SsdpError && v.code === 'E_FUTURE_CANCELLED' ? 'cancelled' : 'error';
    if (ok) {
      this.#value = v;
      this.#resolve(v);
    } else this.#reject(v);
  }

  /** @internal the result of a finished future, synchronously (to hand it to later tasks) */
  get value(): unknown {
    return this.#value;
  }

  toString(): string {
    return `<Future: ${this.#status}, key: ${this.key}>`;
  }
}

export function isFuture(v: unknown): v is Future {
  return v instanceof Future;
}

function cancelledError(key: Key): SsdpError {
  return new SsdpError('E_FUTURE_CANCELLED', `the future ${key} was cancelled before its result was used`, {
    hint: 'Do not ask a cancelled future for its result; submit the work again if it is still needed.',
  });
}

interface Job {
  readonly future: Future;
  readonly fn: AnyFn;
  readonly args: unknown[];
}

/** A client's futures: pending jobs, batched per event-loop turn into graph runs. */
export class FutureRunner {
  /** Live futures by key (pure submissions of the same call share one). */
  private readonly live = new Map<Key, Future>();
  private queue: Job[] = [];
  private flushing = false;
  private running: Promise<void> = Promise.resolve();
  /** The run in progress: its futures, and how to end it (a cancelled future frees its worker). */
  private current: { futures: Set<Future>; stopped: boolean; stop: () => void } | undefined;

  constructor(private readonly client: Client) {}

  submit<F extends AnyFn>(fn: F, args: unknown[]): Future<Awaited<ReturnType<F>>> {
    if (typeof fn !== 'function') throw new SsdpError('E_FUTURE_ARGS', `client.submit: the first argument must be a function, got ${typeof fn}`, { hint: 'client.submit(fn, ...args).' });
    const f = unwrap(fn);
    if (!knowsWhereFrom(f)) {
      const caller = callerModuleUrl();
      if (caller) rememberCallerModule(f, caller);
    }
    checkSubmitArgs(args);
    const key = `${fnName(f)}-${tokenize([f, ...args], (v) => (isFuture(v) || isDelayed(v) ? v.key : undefined))}`;
    const known = this.live.get(key);
    if (known && known.status !== 'cancelled' && known.status !== 'error') return known as Future<Awaited<ReturnType<F>>>;
    const future = new Future<Awaited<ReturnType<F>>>(key);
    this.live.set(key, future);
    // also the futures inside delayed arguments: the run must not wait on a future queued behind it
    const deps = futuresIn(args);
    const enqueue = (): void => {
      this.queue.push({ future, fn: f, args });
      this.schedule();
    };
    if (deps.length === 0) enqueue();
    else
      void Promise.all(deps.map((d) => d.result())).then(enqueue, (e) => future.settle(false, e));
    return future;
  }

  scatter<T>(value: T): Future<T> {
    const key = `${typeName(value)}-${tokenize([value])}`;
    const known = this.live.get(key);
    if (known) return known as Future<T>;
    const future = new Future<T>(key);
    future.settle(true, value);
    this.live.set(key, future);
    return future;
  }

  /**
   * Queued futures never run. A running one's run is stopped at once, the workers busy in it
   * killed and replaced (a thread or process cannot be interrupted otherwise), so its slot is
   * free for the next submit; the run's other unfinished futures start again in a new run.
   */
  cancel(futures: Future[]): void {
    let stop = false;
    for (const f of futures) {
      if (f.done()) continue;
      this.queue = this.queue.filter((j) => j.future !== f);
      f.settle(false, cancelledError(f.key));
      if (this.current?.futures.has(f)) stop = true;
    }
    if (stop) this.current!.stop();
  }

  /** The client is closing: nothing pending will run; settles when the run in progress has ended. */
  async cancelAll(): Promise<void> {
    this.cancel([...this.live.values()]);
    // a future resolves before its run ends: the pool must not be closed under a live run
    await this.running;
  }

  /** Runs what is queued at the end of this turn, after the run in progress. */
  private schedule(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const jobs = this.queue;
      this.queue = [];
      if (jobs.length > 0) this.running = this.running.then(() => this.run(jobs)).catch(() => {});
    });
  }

  private async run(jobs: Job[]): Promise<void> {
    let left = jobs.filter((j) => !j.future.done());
    while (left.length > 0) {
      const graph: Graph = {};
      for (const j of left) {
        const data = new Map<Key, unknown>();
        const wired = args(j.args, data, graph);
        for (const [k, v] of data) graph[k] = { value: v };
        graph[j.future.key] = { fn: j.fn, args: wired as unknown[] };
      }
      const byKey = new Map(left.map((j) => [j.future.key, j.future]));
      let stop!: () => void;
      const stopped = new Promise<void>((r) => (stop = r));
      const current: { futures: Set<Future>; stopped: boolean; stop: () => void } = (this.current = {
        futures: new Set(byKey.values()),
        stopped: false,
        stop: () => {
          current.stopped = true;
          stop();
        },
      });
      try {
        await getEach(graph, left.map((j) => j.future.key), { client: this.client } as GetOptions, (key, raw) => {
          const f = byKey.get(key);
          if (!f) return;
          if (isEncodedInstance(raw)) void decodeInstance(raw).then((v) => f.settle(true, v), (e) => f.settle(false, e));
          else f.settle(true, raw);
        }, stopped);
        left = [];
      } catch (e) {
        if (current.stopped) {
          // a future was cancelled: the others that had not finished run again
          left = left.filter((j) => !j.future.done());
          continue;
        }
        // the failing task's future gets its error; the others run again (their work was not at fault)
        const key = (e as { key?: unknown }).key;
        const failed = typeof key === 'string' ? byKey.get(key) : undefined;
        if (!failed) {
          for (const j of left) j.future.settle(false, e);
          return;
        }
        failed.settle(false, e);
        left = left.filter((j) => !j.future.done());
      }
    }
  }
}

/** Futures anywhere inside arrays and plain objects of `v`, and inside the graphs of delayed values there. */
export function futuresIn(v: unknown, out: Future[] = []): Future[] {
  if (isFuture(v)) out.push(v);
  else if (isDelayed(v)) out.push(...futuresOfGraph(v.graph));
  else if (Array.isArray(v)) for (const x of v) futuresIn(x, out);
  else if (isPlainObject(v)) for (const x of Object.values(v)) futuresIn(x, out);
  return out;
}

/**
 * A Delayed among submit's arguments is computed as part of the job, as dask.distributed does;
 * another collection (bag, array) is not: say what to do instead of failing on a worker.
 */
function checkSubmitArgs(v: unknown, depth = 0): void {
  if (isFuture(v) || isDelayed(v) || depth > 16) return;
  if (v !== null && typeof v === 'object' && typeof (v as { ssdpGraph?: unknown }).ssdpGraph === 'function') {
    throw new SsdpError('E_FUTURE_ARGS', `client.submit: an argument is a ${(v as object).constructor?.name ?? 'collection'}, which submit does not compute`, {
      hint: 'Compute it first (await x.compute()) or pass a future of it (client.submit(fn, await client.compute(x))); delayed values and futures are taken as they are.',
    });
  }
  if (Array.isArray(v)) for (const x of v) checkSubmitArgs(x, depth + 1);
  else if (isPlainObject(v)) for (const x of Object.values(v)) checkSubmitArgs(x, depth + 1);
}

/**
 * Arguments with each (finished) future replaced by a reference to a data key holding its value,
 * and each delayed value by a reference to its key, its graph merged into `graph`.
 */
function args(v: unknown, data: Map<Key, unknown>, graph: Graph): unknown {
  if (isFuture(v)) {
    // finished before the job was queued (its dependencies are awaited first)
    data.set(v.key, v.value);
    return { $ref: v.key };
  }
  if (isDelayed(v)) {
    Object.assign(graph, v.graph);
    return { $ref: v.key };
  }
  if (Array.isArray(v)) return v.map((x) => args(x, data, graph));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, args(x, data, graph)]));
  return v;
}

let futuresInGraphs = false;

/** @internal a delayed call took a Future as an argument: graphs may hold futures from now on. */
export function futureInGraph(): void {
  futuresInGraphs = true;
}

/** @internal Whether any graph may hold a future (a delayed call has taken one). */
export function futuresMayBeInGraphs(): boolean {
  return futuresInGraphs;
}

function futuresOfGraph(graph: Graph): Future[] {
  const out: Future[] = [];
  if (!futuresInGraphs) return out;
  for (const k in graph) {
    const node = graph[k] as { value?: unknown };
    if (node !== null && typeof node === 'object' && 'value' in node && isFuture(node.value)) out.push(node.value);
  }
  return out;
}

/**
 * `graph` with every data node that holds a Future (a future passed to a delayed call) holding
 * its result instead, once it has one; rejects with the future's error (or E_FUTURE_CANCELLED).
 * The graph itself when it holds none (no copy: most graphs never do).
 */
export async function withFutureResults(graph: Graph): Promise<Graph> {
  const futures = futuresOfGraph(graph);
  if (futures.length === 0) return graph;
  const values = await Promise.all(futures.map((f) => f.result()));
  const out: Graph = { ...graph };
  futures.forEach((f, i) => (out[f.key] = { value: values[i] }));
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v.constructor?.name ?? 'object').toLowerCase();
}

/** The results of futures anywhere inside `v` (arrays, plain objects), in the same shape. */
export async function gather(v: unknown): Promise<unknown> {
  if (isFuture(v)) return v.result();
  if (Array.isArray(v)) return Promise.all(v.map(gather));
  if (isPlainObject(v)) {
    const entries = await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await gather(x)] as const));
    return Object.fromEntries(entries);
  }
  return v;
}

/** Yields the futures as each finishes (with a result, an error or cancelled), first done first. */
export async function* asCompleted<T>(futures: Iterable<Future<T>>): AsyncGenerator<Future<T>> {
  const waiting = new Map<Future<T>, Promise<Future<T>>>();
  for (const f of futures) if (!waiting.has(f)) waiting.set(f, f.wait());
  while (waiting.size > 0) {
    const f = await Promise.race(waiting.values());
    waiting.delete(f);
    yield f;
  }
}
