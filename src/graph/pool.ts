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
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { drainForwarded, forwardLines } from '../util/reporter.js';
import { fileURLToPath } from 'node:url';
import { shipFunction, type ShippedFn, type AnyFn } from './functions.js';
import { isPlainObject, isTask } from './graph.js';
import type { Plan } from './plan.js';
import type { RunHooks } from './hooks.js';
import type { FnRef, SchedulerName, TaskFn } from './types.js';
import { initState, takeBatch, batchOf, completeUnits, finished, canHandOver, release, type Batch } from './state.js';
import { transferables, decodeInstance, isEncodedInstance, type BatchMsg, type FromWorker, type ToWorker, type WireStep, type WireUnit } from './wire.js';
import { taskError, workerDied, cancelled } from './errors.js';

export interface PoolOptions {
  kind: SchedulerName;
  nWorkers: number;
  /** processes: node binary to run workers with. */
  node?: string;
  /** processes: environment of the workers. */
  env?: NodeJS.ProcessEnv;
  /** processes: options for the workers' node (e.g. --expose-gc). */
  nodeArgs?: string[];
}

export interface PoolRunResult {
  results: unknown[];
  stats: { batches: number; peakWorkerHeapBytes: number; nWorkers: number };
}

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));
const TARGET_BATCH_MS = 2;
const MAX_BATCH_UNITS = 2000;

interface Handle {
  readonly pid: number | undefined;
  send(msg: ToWorker, transfer?: ArrayBuffer[]): void;
  kill(): void;
  setRef(on: boolean): void;
  readonly sentFns: Set<number>;
  inflight: number;
  alive: boolean;
  /** Called with each message; set by the pool. */
  onMessage: (m: FromWorker) => void;
  onExit: (detail: string) => void;
}

export class WorkerPool {
  readonly name: SchedulerName;
  readonly nWorkers: number;
  private workers: Handle[] = [];
  private readonly shippedIds = new Map<string, number>();
  private readonly shippedDefs: ShippedFn[] = [];
  private readonly fnIds = new WeakMap<AnyFn, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly opts: PoolOptions) {
    this.name = opts.kind;
    this.nWorkers = Math.max(1, opts.nWorkers);
  }

  /** Process ids of the worker processes (processes scheduler; empty for threads). */
  get pids(): number[] {
    return this.workers.filter((w) => w.alive && w.pid !== undefined).map((w) => w.pid!);
  }

  /** Runs plans one after another (a pool serves one computation at a time). */
  run(plan: Plan, hooks: RunHooks): Promise<PoolRunResult> {
    const next = this.queue.then(() => this.runNow(plan, hooks));
    this.queue = next.catch(() => undefined);
    return next;
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
    while (this.workers.length < this.nWorkers) this.workers.push(this.opts.kind === 'processes' ? startProcess(this.opts) : startThread());
    return this.workers;
  }

  /**
   * Gives every function in the plan an id the workers can load it by. Returns the id lookup
   * (by object identity: FnRef objects are shared by many tasks), the ids of functions passed
   * inside arguments, and which tasks have such arguments (only those need rewriting).
   */
  private async shipPlanFunctions(plan: Plan): Promise<{ idOf: (fn: TaskFn) => number; argFnIds: Set<number>; withFnArgs: Set<unknown> }> {
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

  private async runNow(plan: Plan, hooks: RunHooks): Promise<PoolRunResult> {
    const { idOf, argFnIds: fnArgIds, withFnArgs } = await this.shipPlanFunctions(plan);
    const workers = this.ensureWorkers();
    const state = initState(plan, { trackBuffers: this.opts.kind === 'threads' });
    const wireCache: (WireStep[] | undefined)[] = new Array(plan.units.length);
    const wireSteps = (u: number): WireStep[] => {
      let w = wireCache[u];
      if (!w) {
        w = plan.units[u]!.steps.map((s) =>
          isTask(s.node)
            ? { k: s.key, f: idOf(s.node.fn), a: withFnArgs.has(s.node) ? (encodeFns(s.node.args, idOf) as unknown[]) : s.node.args }
            : { k: s.key, v: (s.node as { value: unknown }).value },
        );
        wireCache[u] = w;
      }
      return w;
    };
    const stats = { batches: 0, peakWorkerHeapBytes: 0, nWorkers: workers.length };
    let avgMs: number | undefined;
    let nextId = 1;
    const inflight = new Map<number, { batch: Batch; worker: Handle }>();
    const attempts = new Map<number, number>();

    return new Promise<PoolRunResult>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        process.removeListener('SIGINT', onSigint);
        for (const w of workers) {
          w.onMessage = () => {};
          if (w.alive) w.setRef(false);
        }
        if (err) {
          // Workers may still be busy with batches of a failed run: start afresh next time.
          if (inflight.size > 0) this.killAll();
          reject(err);
        } else {
          // outputs that are class instances get their class back
          const pending = plan.outputs.filter((u) => isEncodedInstance(state.results[u]));
          if (pending.length === 0) resolve({ results: state.results, stats });
          else
            Promise.all(pending.map(async (u) => (state.results[u] = await decodeInstance(state.results[u])))).then(
              () => resolve({ results: state.results, stats }),
              reject,
            );
        }
      };
      const onSigint = (): void => {
        this.killAll();
        finish(cancelled());
        if (process.listenerCount('SIGINT') === 0) process.kill(process.pid, 'SIGINT');
      };
      process.on('SIGINT', onSigint);

      const send = (w: Handle, batch: Batch): void => {
        const id = nextId++;
        const defs: [number, ShippedFn][] = [];
        const units: WireUnit[] = batch.units.map((u, i) => {
          const st = wireSteps(u);
          for (const s of st) if (s.f !== undefined && !w.sentFns.has(s.f)) addDefs(s.f);
          return { u, s: batch.send[i]!, st };
        });
        function addDefs(f: number): void {
          w.sentFns.add(f);
          defs.push([f, shippedDefs[f]!]);
        }
        // functions passed inside arguments
        if (fnArgIds.size) for (const f of fnArgIds) if (!w.sentFns.has(f)) addDefs(f);
        const ik = batch.inputs.map((u) => plan.units[u]!.key);
        const iv = batch.inputs.map((u) => state.results[u]);
        let transfer: ArrayBuffer[] | undefined;
        if (state.owners && hooks.retries === 0 && batch.inputs.length > 0) {
          const members = new Set(batch.units);
          for (let i = 0; i < batch.inputs.length; i++) {
            const d = batch.inputs[i]!;
            const bufs = transferables(iv[i]);
            if (bufs.length === 0 || !canHandOver(state, d, members, bufs)) continue;
            (transfer ??= []).push(...bufs.filter((b) => !transfer!.includes(b)));
            release(state, d);
          }
        }
        const msg: BatchMsg = { t: 'batch', id, defs, ik, iv, units, timing: !!hooks.timing };
        inflight.set(id, { batch, worker: w });
        if (w.inflight++ === 0) w.setRef(true);
        stats.batches++;
        w.send(msg, transfer);
      };
      const shippedDefs = this.shippedDefs;

      const pump = (): void => {
        if (settled) return;
        const short = avgMs !== undefined && avgMs < 1;
        const maxInflight = short ? 2 : 1;
        let progressed = true;
        while (progressed && state.ready.size > 0) {
          progressed = false;
          for (const w of workers) {
            if (!w.alive || w.inflight >= maxInflight || state.ready.size === 0) continue;
            let size = avgMs === undefined ? 1 : Math.max(1, Math.min(MAX_BATCH_UNITS, Math.floor(TARGET_BATCH_MS / Math.max(avgMs, 1e-4))));
            size = Math.max(1, Math.min(size, Math.ceil(state.ready.size / workers.length)));
            send(w, takeBatch(state, size));
            progressed = true;
          }
        }
      };

      const onMessage = (w: Handle, m: FromWorker): void => {
        if (settled) return;
        if (m.t === 'fatal') return finish(workerDied(m.message));
        const entry = inflight.get(m.id);
        if (!entry) return;
        inflight.delete(m.id);
        if (--w.inflight === 0) w.setRef(false);
        if (m.heap > stats.peakWorkerHeapBytes) stats.peakWorkerHeapBytes = m.heap;
        if (m.timings && hooks.timing) for (const [k, ms] of m.timings) hooks.timing(k, ms);
        const { batch } = entry;
        if (m.us.length > 0 || !m.failure) {
          const perUnit = m.ms / Math.max(1, m.failure ? m.us.length : batch.units.length);
          avgMs = avgMs === undefined ? perUnit : 0.7 * avgMs + 0.3 * perUnit;
        }
        if (m.failure) {
          completeUnits(state, m.us, m.vs, () => true);
          const failed = plan.index.get(m.failure.key) ?? batch.units.find((u) => plan.units[u]!.steps.some((s) => s.key === m.failure!.key))!;
          const n = (attempts.get(failed) ?? 1) + 1;
          attempts.set(failed, n);
          if (n > hooks.retries + 1) return finish(taskError(m.failure, n - 1));
          const done = new Set(m.us);
          send(w.alive ? w : workers.find((x) => x.alive)!, batchOf(state, batch.units.filter((u) => !done.has(u))));
        } else {
          const vi = new Map<number, number>();
          m.us.forEach((u, i) => vi.set(u, i));
          const vals = batch.units.map((u) => (vi.has(u) ? m.vs[vi.get(u)!] : undefined));
          completeUnits(state, batch.units, vals, (i) => vi.has(batch.units[i]!));
        }
        const ran = m.failure ? m.us : batch.units;
        hooks.progress(ran.reduce((a, u) => a + plan.units[u]!.steps.length, 0), state.held);
        if (hooks.cancelled()) return finish(hooks.cancelError());
        if (finished(state)) return finish();
        pump();
      };
      for (const w of workers) {
        w.onMessage = (m) => onMessage(w, m);
        w.onExit = (detail) => finish(workerDied(detail));
      }
      if (plan.units.length === 0) return finish();
      try {
        pump();
      } catch (e) {
        finish(e);
      }
    });
  }
}

function encodeFns(v: unknown, idOf: (fn: TaskFn) => number): unknown {
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

function startThread(): Handle {
  const worker = new Worker(WORKER_FILE, { stdout: false, stderr: false });
  worker.unref();
  const h: Handle = {
    pid: undefined,
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
  return h;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function startProcess(opts: PoolOptions): Handle {
  const child = fork(WORKER_FILE, [], {
    execPath: opts.node ?? process.execPath,
    execArgv: opts.nodeArgs ?? [],
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
    h.onExit(was ? `worker process ${child.pid} exited (${signal ?? `code ${code}`})` : '');
  });
  return h;
}

