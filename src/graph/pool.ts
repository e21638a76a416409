/**
 * The threads and processes schedulers: a pool of workers fed with *batches* of units.
 *
 * Policy (why it is fast on tiny tasks and fair on big ones):
 * - A batch is several ready units plus the units that become runnable inside it (chains run in
 *   the worker; only results needed elsewhere travel back). Batch size adapts to the measured
 *   time per unit so a batch lasts about 2 ms; until the first measurement it is one unit, so a
 *   handful of slow tasks spread over all workers.
 * - Each worker has at most two batches in flight when tasks are short (hides the round trip),
 *   one when they are long (no worker hoards work while another idles).
 * - Results come back by transfer (threads), so typed arrays are not copied; inputs whose last
 *   user is the batch being sent are transferred out too.
 * - SIGINT during a run kills every worker at once, then re-raises the signal if nobody else
 *   listens, so Ctrl-C ends the program and leaves no process behind.
 */
import { Worker } from 'node:worker_threads';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { drainForwarded, forwardLines } from '../util/reporter.js';
import { fileURLToPath } from 'node:url';
import { shipFunction, type ShippedFn, type AnyFn } from './functions.js';
import { isPlainObject, isTask } from './graph.js';
import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { FnRef, SchedulerName, TaskFn } from './types.js';
import { decodeInstance, isEncodedInstance, movableBuffers, packKeys, UnitColumnsBuilder, SEND_BACK, KEEP_NOT_NEEDED, type BatchMsg, type FromWorker, type PackedKeys, type ToWorker, type UnitColumns } from './wire.js';
import type { BatchRequest, BatchResult, ExecSession, ExecStats, Executor } from './executor.js';
import { workerDied, cancelled } from './errors.js';
import { afterSignalsHandedOn } from '../util/signal-turns.js';
import { withWorkerExecArgv } from './worker-argv.js';
import { findProgram } from '../cluster/programs.js';
import type { RunObserver, WorkerPlace } from './events.js';

export interface PoolOptions {
  /** Start task processes under setpriv --pdeathsig KILL (ssdp worker: a step blocking its thread must die with the worker). */
  dieWithParent?: boolean;
  kind: SchedulerName;
  nWorkers: number;
  /** processes: node binary to run workers with. */
  node?: string;
  /** processes: environment of the workers. */
  env?: NodeJS.ProcessEnv;
  /** processes: options for the workers' node (e.g. --expose-gc). */
  nodeArgs?: string[];
  /**
   * Start this many workers and add more, up to nWorkers, when a run's scheduler asks (grow()):
   * the default pool (no nWorkers given) starts with one. Tiny tasks are bound by the scheduler
   * thread, and a second worker only adds its start-up (~50-100 ms of CPU, ~10 MB) and the cost
   * of feeding two; tasks that keep a worker busy get more workers as soon as that is measured.
   */
  startWorkers?: number;
  /**
   * threads only (off unless asked; the default threads pools of compute() ask for it): the main thread stands in for the last of
   * nWorkers threads for batches of ssdp's own collection kernels (array chunks), which it runs
   * between scheduling steps (batch-runner.ts, the workers' own loop, with inputs and results
   * cloned as a thread's are). Other batches go to the threads only.
   */
  mainThreadHelps?: boolean;
}

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));
/** Modules of ssdp's collection kernels: pure functions of their arguments, safe on the main thread. */
const KERNELS_DIR = new URL('../collections/', import.meta.url).href;

export interface Handle {
  readonly pid: number | undefined;
  /** Row of the dashboard's task stream: the lowest slot free when the worker started. */
  place: WorkerPlace;
  send(msg: ToWorker, transfer?: ArrayBuffer[]): void;
  kill(): void;
  setRef(on: boolean): void;
  readonly sentFns: Set<number>;
  /** The main thread standing in for a worker (mainThreadHelps). */
  readonly main?: boolean;
  /** main only: a new run starts; answers to batches sent before are dropped. */
  reset?(): void;
  inflight: number;
  alive: boolean;
  /** Called with each message; set by the pool. */
  onMessage: (m: FromWorker) => void;
  /** `signal`: the process was ended by a signal (killed from outside, not failed on its own). */
  onExit: (detail: string, signal?: NodeJS.Signals) => void;
}

export class WorkerPool implements Executor {
  readonly name: SchedulerName;
  readonly nWorkers: number;
  observer?: RunObserver;
  private workers: Handle[] = [];
  private readonly shippedIds = new Map<string, number>();
  private readonly shippedDefs: ShippedFn[] = [];
  private readonly fnIds = new WeakMap<AnyFn, number>();
  private queue: Promise<unknown> = Promise.resolve();

  private closed = false;
  /** Workers the pool keeps running: startWorkers at first, nWorkers once grown. */
  private target: number;

  constructor(readonly opts: PoolOptions) {
    this.name = opts.kind;
    this.nWorkers = Math.max(1, opts.nWorkers);
    this.target = Math.min(this.nWorkers, Math.max(1, opts.startWorkers ?? this.nWorkers));
    this.standsIn = opts.kind === 'threads' && opts.mainThreadHelps === true && this.nWorkers >= 2;
    if (this.standsIn) this.target = Math.min(this.target, this.nWorkers - 1);
  }

  /**
   * The main thread runs kernel batches as the last of nWorkers (mainThreadHelps), until a batch
   * of other functions comes: from then on the pool has all its threads, as without it.
   */
  standsIn: boolean;
  private mainHandle: Handle | undefined;
  /** The main thread as a worker (one per pool, reused across runs). */
  mainThread(): Handle {
    if (!this.mainHandle) {
      this.mainHandle = startMainThread();
      this.mainHandle.place = { slot: this.nWorkers - 1, pid: process.pid };
    }
    return this.mainHandle;
  }

  /** Process ids of the worker processes (processes scheduler; empty for threads). */
  get pids(): number[] {
    return this.workers.filter((w) => w.alive && w.pid !== undefined).map((w) => w.pid!);
  }

  async close(): Promise<void> {
    this.closed = true;
    const ws = this.workers;
    this.workers = [];
    await Promise.all(
      ws.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (!w.alive) return resolve();
            w.onExit = () => resolve();
            w.setRef(true);
            w.send({ t: 'exit' });
            setTimeout(() => {
              w.kill();
              resolve();
            }, 2000).unref();
          }),
      ),
    );
    // The workers' last lines may still be in their pipes.
    await drainForwarded();
  }

  /** Kills every worker immediately (Ctrl-C, failures). */
  killAll(): void {
    for (const w of this.workers) if (w.alive) w.kill();
    this.workers = [];
  }

  /** Starts the workers now (a Client does this so the first compute does not pay startup). */
  start(): void {
    this.ensureWorkers();
  }

  private ensureWorkers(): Handle[] {
    if (this.closed) throw new Error('this worker pool is closed');
    this.workers = this.workers.filter((w) => w.alive);
    while (this.workers.length < this.target) this.startOne();
    return this.workers;
  }

  private startOne(): Handle {
    const h = this.opts.kind === 'processes' ? startProcess(this.opts) : startThread();
    let slot = 0;
    while (this.workers.some((w) => w.place.slot === slot)) slot++;
    h.place = { slot, pid: h.pid ?? process.pid };
    this.workers.push(h);
    return h;
  }

  /** One more worker when the pool is below nWorkers (it keeps it for later runs); else undefined. */
  addWorker(): Handle | undefined {
    // the main thread is the last of nWorkers when it helps
    if (this.closed || this.target >= this.nWorkers - (this.standsIn ? 1 : 0)) return undefined;
    this.target++;
    return this.startOne();
  }

  /**
   * Gives every function in the plan an id the workers can load it by. Returns the id lookup
   * (by object identity: FnRef objects are shared by many tasks), the ids of functions passed
   * inside arguments, and which tasks have such arguments (only those need rewriting).
   */
  private async shipPlanFunctions(plan: Plan): Promise<Shipped> {
    // ids of functions by identity, of references by module and name (tasks often carry their
    // own copy of the same { module, name } object)
    const byFunction = new Map<unknown, number>();
    const byRef = new Map<string, Map<string, number>>();
    const refSlot = (r: FnRef): Map<string, number> => {
      let m = byRef.get(r.module);
      if (!m) byRef.set(r.module, (m = new Map()));
      return m;
    };
    const pending: TaskFn[] = [];
    const argFns: TaskFn[] = [];
    const withFnArgs = new Set<unknown>();
    const see = (fn: TaskFn): void => {
      if (typeof fn === 'function') {
        if (byFunction.has(fn)) return;
        const known = this.fnIds.get(fn as AnyFn);
        byFunction.set(fn, known ?? -1);
        if (known === undefined) pending.push(fn);
        return;
      }
      const slot = refSlot(fn);
      if (slot.has(fn.name)) return;
      const known = this.shippedIds.get(`${fn.module}#${fn.name}`);
      slot.set(fn.name, known ?? -1);
      if (known === undefined) pending.push(fn);
    };
    let found = false;
    const scan = (v: unknown): void => {
      if (typeof v === 'function') {
        found = true;
        see(v as AnyFn);
        argFns.push(v as AnyFn);
      } else if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (typeof x === 'function' || (typeof x === 'object' && x !== null && typeof (x as { $ref?: unknown }).$ref !== 'string')) scan(x);
        }
      } else if (isPlainObject(v) && !('$ref' in v) && !('$lit' in v)) for (const k in v) scan(v[k]);
    };
    for (const unit of plan.units) {
      for (const s of unit.steps) {
        if (!isTask(s.node)) continue;
        see(s.node.fn);
        found = false;
        scan(s.node.args);
        if (found) withFnArgs.add(s.node);
      }
    }
    const shipped = await Promise.all(pending.map((fn) => shipFunction(fn)));
    pending.forEach((fn, i) => {
      const sh = shipped[i]!;
      const sid = 'src' in sh ? `src:${sh.module ?? ''}:${sh.src}` : `${sh.module}#${sh.name}`;
      let id = this.shippedIds.get(sid);
      if (id === undefined) {
        id = this.shippedDefs.length;
        this.shippedDefs.push(sh);
        this.shippedIds.set(sid, id);
      }
      if (typeof fn === 'function') {
        this.fnIds.set(fn as AnyFn, id);
        byFunction.set(fn, id);
      } else {
        this.shippedIds.set(`${fn.module}#${fn.name}`, id);
        refSlot(fn).set(fn.name, id);
      }
    });
    const idOf = (fn: TaskFn): number => (typeof fn === 'function' ? byFunction.get(fn)! : byRef.get(fn.module)!.get(fn.name)!);
    return { idOf, argFnIds: new Set(argFns.map(idOf)), withFnArgs };
  }

  /** Starts a run of `plan` once the previous run has ended (a pool serves one at a time). */
  open(plan: Plan, hooks: RunHooks): Promise<ExecSession> {
    const ready = this.queue.then(() => this.openNow(plan, hooks));
    let release!: () => void;
    const ended = new Promise<void>((r) => (release = r));
    this.queue = ready.then(
      () => ended,
      () => undefined,
    );
    return ready.then((session) => {
      session.onClose = release;
      return session;
    });
  }

  private async openNow(plan: Plan, hooks: RunHooks): Promise<PoolSession> {
    const shipped = await this.shipPlanFunctions(plan);
    return new PoolSession(this, plan, hooks, this.ensureWorkers(), shipped, this.shippedDefs);
  }
}

interface Shipped {
  idOf: (fn: TaskFn) => number;
  argFnIds: Set<number>;
  withFnArgs: Set<unknown>;
}

/**
 * One run on the pool: sends batches to the least busy live worker and resolves each batch's
 * promise with the worker's answer. A dead worker or Ctrl-C rejects every batch in flight.
 */
class PoolSession implements ExecSession {
  readonly transfers: boolean;
  private readonly workers: Handle[];
  onClose: () => void = () => {};
  private readonly pending = new Map<number, { worker: Handle; resolve: (r: BatchResult) => void; reject: (e: unknown) => void; units: readonly number[] }>();
  private readonly execStats: ExecStats;
  private nextId = 1;
  private closed = false;
  /** A SIGINT came: workers that die now died of it (see workerGone). */
  private interrupted = false;
  private readonly onSigint = (): void => {
    this.interrupted = true;
    this.pool.killAll();
    this.failAll(cancelled());
    if (process.listenerCount('SIGINT') === 1) {
      process.removeListener('SIGINT', this.onSigint);
      process.kill(process.pid, 'SIGINT');
    }
  };

  constructor(
    private readonly pool: WorkerPool,
    private readonly plan: Plan,
    private readonly hooks: RunHooks,
    workers: readonly Handle[],
    private readonly shipped: Shipped,
    private readonly shippedDefs: readonly ShippedFn[],
  ) {
    this.workers = [...workers];
    if (pool.standsIn) {
      const main = pool.mainThread();
      // a failed run may have left batches queued there: their answers are dropped
      main.reset!();
      this.workers.push(main);
    }
    this.transfers = pool.opts.kind === 'threads';
    this.execStats = { batches: 0, peakWorkerHeapBytes: 0, nWorkers: this.workers.length };
    for (const w of this.workers) this.attach(w);
    process.on('SIGINT', this.onSigint);
  }

  get width(): number {
    return this.pool.standsIn ? this.workers.length : this.workers.filter((w) => !w.main).length;
  }

  private attach(w: Handle): void {
    w.onMessage = (m) => this.onMessage(w, m);
    w.onExit = (detail) => void this.workerGone(w, detail);
    this.hooks.observer?.worker({ ...w.place, task: '' });
  }

  /**
   * A worker died. A Ctrl-C or SIGTERM to the process group kills a worker too, and its death
   * may be seen before Node hands us the same signal: the run failed as E_WORKER_DIED, blaming the
   * task (tester s19 try8p P3). So the death is reported only after signals already delivered to
   * us have reached their listeners (util/signal-turns.ts); if one was an interrupt, it wins.
   */
  private async workerGone(w: Handle, detail: string): Promise<void> {
    const err = workerDied(detail, this.keysOn(w));
    await afterSignalsHandedOn();
    if (!this.interrupted) this.failAll(err);
  }

  grow(): boolean {
    if (this.closed || this.failure !== undefined) return false;
    const w = this.pool.addWorker();
    if (!w) return false;
    this.workers.push(w);
    this.attach(w);
    this.execStats.nWorkers = this.workers.length;
    return true;
  }

  freeSlots(shortTasks: boolean): number {
    const maxInflight = shortTasks ? 2 : 1;
    let n = 0;
    for (const w of this.workers) if (w.alive && (!w.main || this.pool.standsIn)) n += Math.max(0, maxInflight - w.inflight);
    return n;
  }

  submit(req: BatchRequest): Promise<BatchResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pool.standsIn && !this.kernelsOnly(req)) {
      // other code than ssdp's kernels: the main thread stops standing in and the last thread
      // starts now (a pool started whole) or when the tasks keep the others busy (grow())
      this.pool.standsIn = false;
      if ((this.pool.opts.startWorkers ?? this.pool.nWorkers) >= this.pool.nWorkers) this.grow();
    }
    const live = this.workers.filter((w) => w.alive && (!w.main || this.pool.standsIn));
    if (live.length === 0) return afterSignalsHandedOn().then(() => Promise.reject(this.interrupted ? cancelled() : workerDied('no worker is running')));
    const w = live.reduce((a, b) => (b.inflight < a.inflight ? b : a));
    const id = this.nextId++;
    const defs: [number, ShippedFn][] = [];
    const addDefs = (f: number): void => {
      w.sentFns.add(f);
      defs.push([f, this.shippedDefs[f]!]);
    };
    const { units, refersByKey } = this.columns(req, (f) => {
      if (!w.sentFns.has(f)) addDefs(f);
    });
    // functions passed inside arguments
    for (const f of this.shipped.argFnIds) if (!w.sentFns.has(f)) addDefs(f);
    const ik = refersByKey ? packKeys(req.inputs.map((u) => this.plan.units[u]!.key)) : NO_KEYS;
    const msg: BatchMsg = { t: 'batch', id, defs, ik, iv: req.inputValues, units, timing: !!this.hooks.timing };
    if (w.inflight++ === 0) w.setRef(true);
    this.execStats.batches++;
    if (this.hooks.observer) this.hooks.observer.worker({ ...w.place, task: this.plan.units[req.units[0]!]!.steps[0]!.key });
    return new Promise<BatchResult>((resolve, reject) => {
      this.pending.set(id, { worker: w, resolve, reject, units: req.units });
      w.send(msg, req.transfer);
    });
  }

  /** True when every step of the batch calls one of ssdp's collection kernels, given no function (safe on the main thread). */
  private kernelsOnly(req: BatchRequest): boolean {
    const { idOf, withFnArgs } = this.shipped;
    for (const u of req.units) {
      for (const s of this.plan.units[u]!.steps) {
        if (!isTask(s.node)) continue;
        // a kernel given the user's function (bag.map(f), mapBlocks(f)) runs the user's code
        if (withFnArgs.has(s.node)) return false;
        const def = this.shippedDefs[idOf(s.node.fn)]!;
        if ('src' in def || !def.module?.startsWith(KERNELS_DIR)) return false;
      }
    }
    return true;
  }

  /** Keys of the tasks sent to `w` and not answered yet (what a dying worker was running). */
  private keysOn(w: Handle): string[] {
    return [...this.pending.values()].filter((e) => e.worker === w).flatMap((e) => e.units.map((u) => this.plan.units[u]!.key));
  }

  /**
   * 1 + the index of a unit among the current batch's inputs (0: not one), filled only while a
   * batch has a long list of references to look up (see `inputOf` in `columns`).
   */
  private inputSlot: Int32Array | undefined;

  /**
   * The batch's units as columns; `used` sees each step's function id. `refersByKey`: some step
   * may look an input up by key, so the input keys must travel.
   */
  private columns(req: BatchRequest, used: (fn: number) => void): { units: UnitColumns; refersByKey: boolean } {
    const { idOf, withFnArgs } = this.shipped;
    const units = this.plan.units;
    const index = this.plan.index;
    let slots: Int32Array | undefined;
    const inputOf = (key: string): number => {
      if (!slots) {
        slots = this.inputSlot ??= new Int32Array(units.length);
        for (let i = 0; i < req.inputs.length; i++) slots[req.inputs[i]!] = i + 1;
      }
      const u = index.get(key);
      return u === undefined ? -1 : slots[u]! - 1;
    };
    const b = new UnitColumnsBuilder(req.units.length);
    const { send, drop } = req;
    const fnArgs = withFnArgs.size > 0;
    // a batch of tiny tasks calls one function over and over: look its id up once per run of it
    let lastFn: unknown;
    let lastId = -1;
    for (let i = 0; i < req.units.length; i++) {
      const u = req.units[i]!;
      b.unit(u, (send[i]! ? SEND_BACK : 0) | (drop?.[i] ? KEEP_NOT_NEEDED : 0));
      const steps = units[u]!.steps;
      for (let j = 0; j < steps.length; j++) {
        const s = steps[j]!;
        const node = s.node;
        if (!isTask(node)) {
          b.value(s.key, (node as { value: unknown }).value);
          continue;
        }
        if (node.fn !== lastFn) {
          lastFn = node.fn;
          lastId = idOf(node.fn);
          used(lastId);
        }
        b.call(s.key, lastId, fnArgs && withFnArgs.has(node) ? (encodeFns(node.args, idOf) as unknown[]) : node.args, inputOf);
      }
    }
    if (slots) for (let i = 0; i < req.inputs.length; i++) slots[req.inputs[i]!] = 0;
    return { units: b.finish(), refersByKey: b.refersByKey };
  }

  private onMessage(w: Handle, m: FromWorker): void {
    if (this.closed) return;
    if (m.t === 'fatal') return this.failAll(workerDied(m.message, this.keysOn(w)));
    const entry = this.pending.get(m.id);
    if (!entry) return;
    this.pending.delete(m.id);
    if (--w.inflight === 0) w.setRef(false);
    if (m.heap > this.execStats.peakWorkerHeapBytes) this.execStats.peakWorkerHeapBytes = m.heap;
    if (this.hooks.observer) this.hooks.observer.worker({ ...w.place, heapBytes: m.heap, task: w.inflight > 0 ? undefined : '' });
    if (m.failure) {
      entry.resolve({ done: m.us, values: m.vs, failure: m.failure, ms: m.ms, timings: m.timings, place: w.place });
      return;
    }
    // every unit of the batch finished; only those needed elsewhere came back
    const returned = new Uint8Array(entry.units.length);
    const values = new Array<unknown>(entry.units.length);
    // the worker answers in the batch's order: one walk matches them up
    const units = entry.units;
    for (let i = 0, j = 0; j < m.us.length && i < units.length; i++) {
      if (units[i] !== m.us[j]) continue;
      returned[i] = 1;
      values[i] = m.vs[j++];
    }
    entry.resolve({ done: entry.units, values, returned, ms: m.ms, timings: m.timings, place: w.place });
  }

  private failAll(err: unknown): void {
    if (this.closed) return;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
    if (pending.length === 0) this.failure ??= err;
  }

  /** A failure with nothing in flight (a worker died between batches) fails the next submit. */
  private failure: unknown;

  async finalize(results: unknown[], outputs: readonly number[]): Promise<void> {
    // outputs that are class instances get their class back
    await Promise.all(outputs.filter((u) => isEncodedInstance(results[u])).map(async (u) => (results[u] = await decodeInstance(results[u]))));
  }

  close(failed: boolean): void {
    if (this.closed) return;
    this.closed = true;
    process.removeListener('SIGINT', this.onSigint);
    for (const w of this.workers) {
      w.onMessage = () => {};
      w.onExit = () => {};
      if (w.alive) w.setRef(false);
    }
    // Workers may still be busy with batches of a failed run: start afresh next time.
    if (failed && (this.pending.size > 0 || this.workers.some((w) => w.inflight > 0))) this.pool.killAll();
    this.pending.clear();
    this.onClose();
  }

  stats(): ExecStats {
    return this.execStats;
  }
}

const NO_KEYS: PackedKeys = packKeys([]);

export function encodeFns(v: unknown, idOf: (fn: TaskFn) => number): unknown {
  if (typeof v === 'function') return { $fn: idOf(v as AnyFn) };
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const e = encodeFns(v[i], idOf);
      if (e !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(e);
    }
    return out ?? v;
  }
  if (!isPlainObject(v) || '$ref' in v || '$lit' in v) return v;
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    const e = encodeFns(v[k], idOf);
    if (e !== v[k] && !out) out = { ...v };
    if (out) out[k] = e;
  }
  return out ?? v;
}

/**
 * A worker thread's young generation, MB (V8 sizes it from the machine, up to 16 MB a semi-space,
 * and grows it as a thread allocates; it never shrinks). Chunks and frames live outside V8's heap,
 * so a worker's young objects are the small ones of a batch, and a small nursery only means more,
 * shorter scavenges: the lecture's random 10000x10000 mean(axis=0) on 2 threads peaked at 84 MB
 * instead of 88 (3 runs each, same CPU), a task churning 300,000 objects on 2 threads at 230-260
 * instead of 320-350 MB with the same CPU (11.2-12.7 s vs 11.3-12.9 s), 20,000 tiny tasks the same
 * (1.37 vs 1.36 s CPU, 6 runs each; load 12-15 for all of these).
 */
const WORKER_YOUNG_MB = 2;

/**
 * The main thread as a worker: a batch is cloned in (as posting it to a thread would, with the
 * same transfers) and run by the workers' own loop after this turn of the event loop; its answer
 * is cloned back with the buffers its tasks marked movable.
 */
function startMainThread(): Handle {
  let queue: Promise<void> = Promise.resolve();
  let runner: typeof import('./batch-runner.js') | undefined;
  let run = 0;
  let loaded: InstanceType<typeof import('./batch-runner.js').LoadedFns> | undefined;
  const h: Handle = {
    pid: undefined,
    place: { slot: 0 },
    main: true,
    send: (msg, transfer) => {
      if (msg.t !== 'batch') return;
      const m = structuredClone(msg, { transfer: transfer ?? [] });
      const sentIn = run;
      queue = queue
        .then(() => new Promise<void>((r) => setImmediate(r)))
        .then(async () => {
          if (sentIn !== run) return;
          runner ??= await import('./batch-runner.js');
          const r = await runner.runBatch(m, (loaded ??= new runner.LoadedFns()));
          let out: FromWorker;
          try {
            out = structuredClone(r.done, { transfer: movableBuffers(r.done.vs) });
          } catch (e) {
            if (!r.units || !((e as Error).name === 'DataCloneError')) throw e;
            out = runner.uncloneable(r.done, r.units, e as Error);
          }
          runner.collectDeadBuffers();
          if (sentIn === run) h.onMessage(out);
        })
        .catch((e: unknown) => {
          if (sentIn === run) h.onMessage({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        });
    },
    reset: () => {
      run++;
      h.inflight = 0;
    },
    kill: () => {},
    setRef: () => {},
    sentFns: new Set(),
    inflight: 0,
    alive: true,
    onMessage: () => {},
    onExit: () => {},
  };
  return h;
}

function startThread(): Handle {
  const worker = withWorkerExecArgv(
    (execArgv) => new Worker(WORKER_FILE, { stdout: false, stderr: false, execArgv, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } }),
  );
  const h: Handle = {
    pid: undefined,
    place: { slot: 0 },
    send: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    kill: () => {
      h.alive = false;
      void worker.terminate();
    },
    setRef: (on) => (on ? worker.ref() : worker.unref()),
    sentFns: new Set(),
    inflight: 0,
    alive: true,
    onMessage: () => {},
    onExit: () => {},
  };
  worker.on('message', (m: FromWorker) => h.onMessage(m));
  worker.on('error', (e) => {
    h.alive = false;
    h.onExit(e.stack ?? e.message);
  });
  worker.on('exit', (code) => {
    const was = h.alive;
    h.alive = false;
    if (was) h.onExit(`worker thread exited with code ${code}`);
    else h.onExit('');
  });
  // After the listeners: adding a 'message' listener refs the worker again, so a pool started
  // ahead of a compute that never came (prestart) kept the program from exiting.
  worker.unref();
  return h;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * A task process must not outlive the process that started it: after a kill -9 of that process
 * (an `ssdp worker`, a run) no exit handler runs, and a step blocking its thread never sees its
 * IPC channel close, so it would finish later and overwrite outputs and stamps of a run that has
 * moved on. setpriv --pdeathsig has the kernel kill it with its parent (as the private
 * redis-server is, see src/cluster/redis-server.ts); setpriv execs node, so the pid is node's.
 */
const SETPRIV = findProgram('setpriv');

export function startProcess(opts: PoolOptions): Handle {
  const node = opts.node ?? process.execPath;
  // a node that cannot run keeps spawn's own error (ENOENT, EACCES) rather than setpriv's exit code
  // Only where asked (ssdp worker): under a run, the IPC channel closing ends the process through
  // its exit hook, which also stops the step's own children; a kernel KILL would leave those running.
  const setpriv = opts.dieWithParent && SETPRIV && (opts.node === undefined || findProgram(opts.node)) ? SETPRIV : undefined;
  // fork, not execaNode (ssdp's other child processes go through execa): measured on a fresh
  // 20,000-task run with the processes scheduler, 9 alternating runs each, execaNode (ipc,
  // serialization 'advanced', buffer/cleanup off) cost a median 2.18 s of CPU (user+sys) against
  // 2.01 s for fork (+8%), nearly all of it loading execa, which this pool would otherwise never
  // load. Typed arrays, Buffers, Maps and BigInts arrive alike either way; execa adds nothing here.
  // node:child_process (and node:net under it, ~2.5 MB RSS) only for the processes scheduler
  const child = process.getBuiltinModule('node:child_process').fork(WORKER_FILE, [], {
    execPath: setpriv ?? node,
    execArgv: setpriv ? ['--pdeathsig', 'KILL', node, ...(opts.nodeArgs ?? [])] : (opts.nodeArgs ?? []),
    env: opts.env ?? process.env,
    serialization: 'advanced',
    // Piped, not inherited: lines go through the reporter, which keeps them off the progress bar.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  forwardLines(child.stdout!, 'stdout');
  forwardLines(child.stderr!, 'stderr');
  children.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Belt and braces: children also exit when their IPC channel closes.
    process.on('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
  const setRef = (on: boolean): void => {
    const ch = child.channel as unknown as { ref?: () => void; unref?: () => void } | undefined;
    if (on) {
      child.ref();
      ch?.ref?.();
      (child.stdout as Socket).ref();
      (child.stderr as Socket).ref();
    } else {
      child.unref();
      ch?.unref?.();
      (child.stdout as Socket).unref();
      (child.stderr as Socket).unref();
    }
  };
  setRef(false);
  const h: Handle = {
    pid: child.pid,
    place: { slot: 0 },
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    kill: () => {
      h.alive = false;
      child.kill('SIGKILL');
    },
    setRef,
    sentFns: new Set(),
    inflight: 0,
    alive: true,
    onMessage: () => {},
    onExit: () => {},
  };
  child.on('message', (m) => h.onMessage(m as FromWorker));
  child.on('error', (e) => {
    const was = h.alive;
    h.alive = false;
    if (was) h.onExit(`could not run worker with ${opts.node ?? process.execPath}: ${e.message}`);
  });
  child.on('exit', (code, signal) => {
    children.delete(child);
    const was = h.alive;
    h.alive = false;
    h.onExit(was ? `worker process ${child.pid} exited (${signal ?? `code ${code}`})` : '', signal ?? undefined);
  });
  return h;
}

