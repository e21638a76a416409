/**
 * Worker entry, for both schedulers: run as a worker_thread (threads) or a forked child process
 * (processes). It runs batches one at a time, keeps results needed only inside the batch, and
 * answers every batch with one message — a failed task comes back as a failure value, never as
 * an exception across the boundary.
 */
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { runSteps, isFailure, type ExecStep, type TaskFailure } from './exec.js';
import { loadShipped, type AnyFn } from './functions.js';
import { transferables, encodeInstance, decodeInstance, isEncodedInstance, type BatchMsg, type DoneMsg, type FromWorker, type ToWorker } from './wire.js';

(globalThis as Record<string, unknown>).__ssdpInWorker = true;

const isThread = parentPort !== null;
const fns = new Map<number, AnyFn>();
const fnValue = (id: unknown): unknown => fns.get(id as number);
const fromSource = new Set<number>();

/** A function shipped as source that reads an outer variable fails here: say why. */
function explain(f: TaskFailure, steps: readonly { k: string; f?: number }[]): TaskFailure {
  const step = steps.find((s) => s.k === f.key);
  if (f.name !== 'ReferenceError' || step?.f === undefined || !fromSource.has(step.f)) return f;
  return {
    ...f,
    message: `${f.message} (the function was sent to the worker as source text, so it cannot use variables or imports of its module; export it from a module instead, or use the sync scheduler)`,
  };
}

function reply(msg: FromWorker): void {
  if (isThread) {
    const transfer = msg.t === 'done' ? transferables(msg.vs) : [];
    parentPort!.postMessage(msg, transfer);
  } else process.send!(msg);
}

async function runBatch(m: BatchMsg): Promise<DoneMsg> {
  for (const [id, shipped] of m.defs) {
    try {
      if ('src' in shipped) fromSource.add(id);
      fns.set(id, await loadShipped(shipped));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const key = m.units[0]?.st[0]?.k ?? '?';
      return { t: 'done', id: m.id, us: [], vs: [], failure: { failed: 'ssdp.task-failure', key, name: err.name, message: err.message, stack: err.stack ?? err.message }, ms: 0, heap: 0 };
    }
  }
  const t0 = performance.now();
  const vals = new Map<string, unknown>();
  for (let i = 0; i < m.ik.length; i++) {
    const v = m.iv[i];
    vals.set(m.ik[i]!, isEncodedInstance(v) ? await decodeInstance(v) : v);
  }
  const lookup = (k: string): unknown => vals.get(k);
  const timings: [string, number][] | undefined = m.timing ? [] : undefined;
  const timing = timings ? (k: string, ms: number) => void timings.push([k, ms]) : undefined;
  const us: number[] = [];
  const vs: unknown[] = [];
  const completed: number[] = [];
  const completedVals: unknown[] = [];
  let failure: TaskFailure | undefined;
  for (const unit of m.units) {
    const steps: ExecStep[] = unit.st.map((s) => (s.f === undefined ? { key: s.k, value: s.v } : { key: s.k, fn: fns.get(s.f), args: s.a }));
    let r = runSteps(steps, lookup, fnValue, timing);
    if (r instanceof Promise) r = await r;
    if (isFailure(r)) {
      failure = explain(r, unit.st);
      break;
    }
    vals.set(unit.st[unit.st.length - 1]!.k, r);
    completed.push(unit.u);
    completedVals.push(encodeInstance(r));
    if (unit.s) {
      us.push(unit.u);
      vs.push(encodeInstance(r));
    }
  }
  const ms = performance.now() - t0;
  const heap = getHeapStatistics().used_heap_size;
  // On failure every completed result goes back, so a retry can resume after them.
  if (failure) return { t: 'done', id: m.id, us: completed, vs: completedVals, failure, ms, heap, timings };
  return { t: 'done', id: m.id, us, vs, ms, heap, timings };
}

let queue: Promise<void> = Promise.resolve();
function onMessage(m: ToWorker): void {
  if (m.t === 'exit') {
    process.exit(0);
  }
  queue = queue.then(() => runBatch(m).then(reply)).catch((e: unknown) => reply({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
}

if (isThread) parentPort!.on('message', onMessage);
else {
  process.on('message', (m) => onMessage(m as ToWorker));
  // The parent decides about interrupts (it stops us); without a parent there is nothing to do.
  process.on('SIGINT', () => {});
  process.on('disconnect', () => process.exit(0));
}
