/**
 * Runs one batch message (what a worker is sent) and makes its answer: the loop of a worker
 * thread or process (worker.ts), and of the main thread when it helps a threads pool
 * (pool.ts, mainThreadHelps). Loaded functions and freed-buffer accounting are per thread.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runSteps, isFailure, toFailure, type ExecStep, type TaskFailure } from './exec.js';
import { SsdpError } from '../util/errors.js';
import { isFromSource, loadShipped, type AnyFn } from './functions.js';
import { ownBuffers, encodeInstance, decodeInstance, isEncodedInstance, readUnits, unpackKeys, SEND_BACK, KEEP_NOT_NEEDED, type BatchMsg, type ColumnUnit, type DoneMsg } from './wire.js';

/**
 * The functions a sender shipped, by its ids. Ids are a pool's own: the main thread, which may
 * serve several pools, keeps one of these per pool.
 */
export class LoadedFns {
  readonly fns = new Map<number, AnyFn>();
  readonly fromSource = new Set<number>();
  readonly value = (id: unknown): unknown => this.fns.get(id as number);
}
/** This thread's, for a worker (one pool sends to it). */
const OWN = new LoadedFns();

/**
 * A function shipped as source that reads an outer variable fails here: say why. The function
 * may be the task's own or one passed in its arguments (`bag.map(x => x * k)`): its frame on
 * the stack is the one evaluated from source.
 */
function explain(f: TaskFailure, unit: ColumnUnit, fromSource: ReadonlySet<number>): TaskFailure {
  if (f.name !== 'ReferenceError') return f;
  const step = unit.keys.indexOf(f.key);
  const own = step >= 0 && fromSource.has(unit.fns[step]!);
  if (!own && !/\(eval at loadShipped/.test(f.stack)) return f;
  return {
    ...f,
    message: `${f.message} (the function was sent to the worker as source text, so it cannot use variables or imports of its module: export it from the script that calls ssdp or a module that script imports (or declare it with registerModule(import.meta.url, { fn })), or use the sync scheduler)`,
  };
}

/** The done message with the first result that cannot travel turned into that task's failure. */
export function uncloneable(msg: DoneMsg, batch: readonly ColumnUnit[], e: Error): DoneMsg {
  const bad = msg.vs.findIndex((v) => {
    try {
      structuredClone(v);
      return false;
    } catch {
      return true;
    }
  });
  const u = msg.us[bad] ?? batch[0]!.u;
  const unit = batch.find((x) => x.u === u) ?? batch[0]!;
  const key = unit.keys[unit.keys.length - 1]!;
  const what = describeValue(msg.vs[bad]);
  const err = new SsdpError('E_RESULT_NOT_CLONEABLE', `task ${key} returned ${what}, which cannot be sent from a worker to the scheduler (${e.message})`, {
    hint: "Return plain data (numbers, strings, arrays, typed arrays, plain objects), or run with { scheduler: 'sync' }, where results stay in one thread.",
  });
  return { t: 'done', id: msg.id, us: msg.us.slice(0, Math.max(0, bad)), vs: msg.vs.slice(0, Math.max(0, bad)), failure: toFailure(key, err), ms: msg.ms, heap: msg.heap };
}

function describeValue(v: unknown): string {
  if (typeof v === 'function') return `a function (${v.name || 'anonymous'})`;
  if (v !== null && typeof v === 'object') return `an object of type ${v.constructor?.name ?? 'Object'}`;
  return `a value of type ${typeof v}`;
}

/** The key of a batch's first step, read without unpacking every key (what an early failure names). */
function firstKey(m: BatchMsg): string {
  const k = m.units.k;
  return k.l.length > 0 ? k.s.slice(0, k.l[0]) : '?';
}

/** A batch's answer and its units as read (undefined when it failed before they were read). */
export type Ran = { done: DoneMsg; units?: readonly ColumnUnit[] };

export async function runBatch(m: BatchMsg, loaded: LoadedFns = OWN): Promise<Ran> {
  const { fns, fromSource } = loaded;
  const early = (e: unknown): Ran => ({ done: { t: 'done', id: m.id, us: [], vs: [], failure: toFailure(firstKey(m), e), ms: 0, heap: 0 } });
  for (const [id, shipped] of m.defs) {
    try {
      const fn = await loadShipped(shipped);
      if (isFromSource(fn)) fromSource.add(id);
      fns.set(id, fn);
    } catch (e) {
      return early(e);
    }
  }
  const t0 = performance.now();
  const external0 = getHeapStatistics().external_memory;
  const broker = m.blobs ? await import('../distributed/task-blobs.js') : undefined;
  const store = broker && (await broker.taskStore(m.blobs!));
  const inputs = new Array<unknown>(m.iv.length);
  for (let i = 0; i < inputs.length; i++) {
    let v = m.iv[i];
    if (broker) {
      try {
        v = await broker.decodeValue(v as Parameters<typeof broker.decodeValue>[0], store!);
      } catch (e) {
        // an input blob gone (expired, evicted, a shared folder cleaned): the batch's failure, with its code
        return early(e);
      }
    }
    inputs[i] = isEncodedInstance(v) ? await decodeInstance(v) : ownBuffers(v);
  }
  const units = readUnits(m.units, inputs);
  // Inputs are keyed for lookups only when a step first looks one up: a batch whose only
  // references are lists of input indices (the final sum of 20,000 parts) hashes no key.
  const vals = new Map<string, unknown>();
  let inputsKeyed = inputs.length === 0;
  const lookup = (k: string): unknown => {
    if (!inputsKeyed) {
      inputsKeyed = true;
      const ik = unpackKeys(m.ik);
      for (let i = 0; i < ik.length; i++) vals.set(ik[i]!, inputs[i]);
    }
    return vals.get(k);
  };
  const timings: [string, number][] | undefined = m.timing ? [] : undefined;
  const timing = timings ? (k: string, ms: number) => void timings.push([k, ms]) : undefined;
  const us: number[] = [];
  const vs: unknown[] = [];
  const completed: number[] = [];
  const completedVals: unknown[] = [];
  let failure: TaskFailure | undefined;
  for (const unit of units) {
    const n = unit.keys.length;
    const steps = new Array<ExecStep>(n);
    for (let j = 0; j < n; j++) {
      const f = unit.fns[j]!;
      steps[j] = f < 0 ? { key: unit.keys[j]!, value: ownBuffers(unit.args[j]) } : { key: unit.keys[j]!, fn: fns.get(f), args: ownBuffers(unit.args[j]) as unknown[] };
    }
    let r = runSteps(steps, lookup, loaded.value, timing);
    if (r instanceof Promise) r = await r;
    if (isFailure(r)) {
      failure = explain(r, unit, fromSource);
      break;
    }
    // kept for the batch's own lookups only when a unit of the batch uses it (KEEP_NOT_NEEDED
    // unset): hashing 2,000 keys into the map cost a batch of tiny tasks more than running them
    if ((unit.s & KEEP_NOT_NEEDED) === 0) vals.set(unit.keys[n - 1]!, r);
    const encoded = encodeInstance(r);
    completed.push(unit.u);
    completedVals.push(encoded);
    if (unit.s & SEND_BACK) {
      us.push(unit.u);
      vs.push(encoded);
    }
  }
  const ms = performance.now() - t0;
  const stats = getHeapStatistics();
  const heap = stats.used_heap_size;
  piled += Math.max(0, stats.external_memory - external0);
  // On failure every completed result goes back, so a retry can resume after them.
  const done: DoneMsg = failure ? { t: 'done', id: m.id, us: completed, vs: completedVals, failure, ms, heap, timings } : { t: 'done', id: m.id, us, vs, ms, heap, timings };
  return { done: broker ? await toBroker(done, units, (v) => broker.encodeValue(v, store!)) : done, units };
}

/**
 * Results in their travelling form (inline, or blobs this process writes). A result that cannot
 * be serialized fails its task, as one that cannot be posted does (reply).
 */
async function toBroker(done: DoneMsg, units: readonly ColumnUnit[], encode: (v: unknown) => Promise<unknown>): Promise<DoneMsg> {
  try {
    return { ...done, vs: await Promise.all(done.vs.map(encode)) };
  } catch (e) {
    if (!((e as Error).name === 'DataCloneError' || /could not be cloned/.test((e as Error).message))) throw e;
    const cut = uncloneable(done, units, e as Error);
    return { ...cut, vs: await Promise.all(cut.vs.map(encode)) };
  }
}

/**
 * Typed arrays a batch made and dropped (loaded images, results that went back as copies) live
 * outside V8's heap, which collects them only once about 64 MB more is held: each worker kept
 * tens of MB of dead buffers, counted in the whole process's peak memory (the radar statistics
 * peaked 50 MB higher). A full collection once batches have added 8 MB of them since the last
 * one frees them, for a few ms of a worker's small heap; batches that make no buffers never pay
 * it. Growth is counted per batch, start to end: V8 updates its count of buffer memory some time
 * after a collection, so a reading right after one would still include what it freed.
 */
const BUFFER_SLACK = 8 * 2 ** 20;
let piled = 0;
let collect: (() => void) | null | undefined;

export function collectDeadBuffers(): void {
  if (piled < BUFFER_SLACK) return;
  piled = 0;
  collect ??= gcFunction();
  collect?.();
}

/** `gc`, exposed for this call only when node was not started with --expose-gc (as jest does). */
function gcFunction(): (() => void) | null {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return own;
  try {
    setFlagsFromString('--expose-gc');
    // node:vm only here, on the first collection: not in every worker's start
    const gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? gc : null;
  } catch {
    return null;
  }
}
