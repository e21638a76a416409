/**
 * Scheduler state for the worker pools, as plain data with small transitions (dask's local.py
 * keeps `waiting`, `ready`, `running`, `finished` the same way). The pool owns no policy beyond
 * what is here: which units go together in a batch, which results must come back, when a result
 * can be forgotten.
 *
 * Unit status: WAITING (some dependency unfinished) → READY (in the heap) → RUNNING (in a batch)
 * → DONE. A batch may also take WAITING units whose unfinished dependencies are all in the same
 * batch: the worker runs such chains locally and only results needed outside the batch travel.
 */
import type { Plan } from './plan.js';
import { item } from './builtins.js';
import { isTask } from './graph.js';

export const WAITING = 0;
export const READY = 1;
export const RUNNING = 2;
export const DONE = 3;

export interface SchedState {
  readonly plan: Plan;
  readonly status: Uint8Array;
  /** Dependencies not yet DONE. */
  readonly unfinished: Int32Array;
  /** Dependents not yet DONE: the result is forgotten at 0 unless it is an output. */
  readonly remaining: Int32Array;
  readonly isOutput: Uint8Array;
  readonly results: unknown[];
  /** 1 where `results[u]` is held (a result may legitimately be undefined). */
  readonly has: Uint8Array;
  readonly ready: MinHeap;
  held: number;
  peakHeld: number;
  done: number;
  /**
   * Set when results may be handed over by transfer (threads): how many held results reach each
   * ArrayBuffer, and how many held results could not be searched for buffers. A buffer is
   * transferred only when exactly one held result reaches it and none is opaque.
   */
  readonly owners?: BufferOwners;
  /** Per batch: how many of a unit's dependencies are in the batch being built. */
  readonly inBatch: Int32Array;
  /** `batchStamp` of the batch whose `inBatch` count a unit holds (older counts are stale). */
  readonly countStamp: Int32Array;
  /**
   * `batchStamp` of the batch a unit was put in, and of the batch that lists it as an input:
   * batch membership without a Set per batch (a 2,000-unit batch of tiny tasks added and looked
   * up every unit in two Sets, ~1 us a unit on a fresh process's cold code).
   */
  readonly memberStamp: Int32Array;
  readonly inputStamp: Int32Array;
  batchStamp: number;
  /**
   * 1 where a unit only picks an element of its one dependency's result (`item(list, i)`, a
   * rechunk's piece of a block): the scheduler runs it itself (`pickReady`), never a worker.
   * Undefined when the plan has none.
   */
  readonly picks?: Uint8Array;
}

export interface Batch {
  /** Units in a valid run order. */
  readonly units: number[];
  /** 1 where the result must be sent back (an output, or needed by a unit outside the batch). */
  readonly send: Uint8Array;
  /** Units outside the batch whose results the batch needs. */
  readonly inputs: number[];
  /**
   * 1 where no unit of the batch uses the result: the worker need not keep it for the batch's
   * own lookups (it is sent back, or no one needs it).
   */
  readonly drop: Uint8Array;
}

export function initState(plan: Plan, opts: { trackBuffers?: boolean } = {}): SchedState {
  const n = plan.units.length;
  const s: SchedState = {
    plan,
    status: new Uint8Array(n),
    unfinished: new Int32Array(n),
    remaining: new Int32Array(n),
    isOutput: new Uint8Array(n),
    results: new Array(n),
    has: new Uint8Array(n),
    ready: new MinHeap(plan.priority),
    held: 0,
    peakHeld: 0,
    done: 0,
    inBatch: new Int32Array(n),
    countStamp: new Int32Array(n),
    memberStamp: new Int32Array(n),
    inputStamp: new Int32Array(n),
    batchStamp: 0,
    owners: opts.trackBuffers ? new BufferOwners(n) : undefined,
    picks: pickUnits(plan),
  };
  for (const o of plan.outputs) s.isOutput[o] = 1;
  for (let u = 0; u < n; u++) {
    const unit = plan.units[u]!;
    s.unfinished[u] = unit.deps.length;
    s.remaining[u] = unit.dependents.length;
    if (unit.deps.length === 0) {
      s.status[u] = READY;
      s.ready.push(u);
    }
  }
  return s;
}

function pickUnits(plan: Plan): Uint8Array | undefined {
  let picks: Uint8Array | undefined;
  for (let u = 0; u < plan.units.length; u++) {
    const unit = plan.units[u]!;
    if (unit.steps.length !== 1 || unit.deps.length !== 1) continue;
    const node = unit.steps[0]!.node;
    if (!isTask(node) || node.fn !== item || typeof node.args[1] !== 'number') continue;
    (picks ??= new Uint8Array(plan.units.length))[u] = 1;
  }
  return picks;
}

/**
 * The pick units (see SchedState.picks) that the finished `units` made ready, run here on the
 * results the scheduler holds: the picked element alone then travels to the unit that needs it,
 * and the whole list is released as soon as its last element is picked. A pick whose list is not
 * held here (it stayed in a worker) is left ready for a worker. Undefined when there is none.
 */
export function pickReady(s: SchedState, units: readonly number[]): { done: number[]; values: unknown[] } | undefined {
  const picks = s.picks;
  if (!picks) return undefined;
  let done: number[] | undefined;
  const values: unknown[] = [];
  for (const u of units) {
    if (!s.has[u]) continue;
    for (const d of s.plan.units[u]!.dependents) {
      if (!picks[d] || s.status[d] !== READY) continue;
      s.ready.delete(d);
      s.status[d] = RUNNING;
      const node = s.plan.units[d]!.steps[0]!.node as { args: readonly unknown[] };
      (done ??= []).push(d);
      values.push(item(s.results[u] as unknown[], node.args[1] as number));
    }
  }
  return done && { done, values };
}

export function finished(s: SchedState): boolean {
  return s.done === s.plan.units.length;
}

/**
 * Takes up to `maxUnits` ready units (lowest priority first) plus the waiting units that become
 * runnable inside the batch (depth-first, so chains stay together).
 */
export function takeBatch(s: SchedState, maxUnits: number, width = 1): Batch {
  const units: number[] = [];
  const stamp = ++s.batchStamp;
  const { plan, status, inBatch, countStamp, memberStamp, unfinished, picks } = s;
  let cap = maxUnits * 2;
  // one stack for the whole batch: the depth-first walk from each added unit empties it
  const stack: number[] = [];
  const add = (u: number): void => {
    status[u] = RUNNING;
    units.push(u);
    memberStamp[u] = stamp;
    stack.push(u);
    while (stack.length) {
      const x = stack.pop()!;
      const dependents = plan.units[x]!.dependents;
      for (let i = 0; i < dependents.length; i++) {
        const d = dependents[i]!;
        // a pick unit runs in the scheduler (pickReady), on its list sent back
        if (status[d] !== WAITING || (picks !== undefined && picks[d] === 1)) continue;
        // inBatch[d] counts d's deps in this batch; countStamp says whether the count is this batch's
        if (countStamp[d] !== stamp) {
          countStamp[d] = stamp;
          inBatch[d] = 0;
        }
        if (++inBatch[d]! === unfinished[d] && units.length < cap) {
          status[d] = RUNNING;
          units.push(d);
          memberStamp[d] = stamp;
          stack.push(d);
        }
      }
    }
  };
  while (units.length < maxUnits && s.ready.size > 0) {
    const u = s.ready.pop();
    const group = siblings(s, u, width);
    if (!group) {
      add(u);
      continue;
    }
    // the whole group and the unit it feeds, in this batch whatever its size
    cap = Math.max(cap, units.length + group.length + 2);
    add(u);
    for (const x of group) {
      s.ready.delete(x);
      add(x);
    }
    cap = maxUnits * 2;
  }
  return batchFor(s, units, stamp);
}

/** Largest number of inputs of one task that a batch takes together (see `siblings`). */
const MAX_SIBLINGS = 32;

/**
 * The other ready inputs of the one task `u` feeds, when all of that task's unfinished inputs are
 * ready and few: run together, they and the task stay in one worker, so their results (images
 * of a stack being reduced) never travel to the scheduler and back, nor wait there for the rest
 * of their group. Only while enough other ready work is left to keep the other workers busy with
 * groups of their own, so it never costs parallelism.
 */
function siblings(s: SchedState, u: number, width: number): number[] | undefined {
  const dependents = s.plan.units[u]!.dependents;
  if (dependents.length !== 1) return undefined;
  const d = dependents[0]!;
  const deps = s.plan.units[d]!.deps;
  if (s.status[d] !== WAITING || deps.length < 2 || deps.length > MAX_SIBLINGS) return undefined;
  const group: number[] = [];
  for (const x of deps) {
    if (x === u || s.status[x] === DONE) continue;
    if (s.status[x] !== READY || group.includes(x)) return undefined;
    group.push(x);
  }
  if (group.length === 0 || s.ready.size - group.length < (width - 1) * (group.length + 1)) return undefined;
  return group;
}

/** The batch made of `units` (in run order): which results travel back, which inputs it needs. */
export function batchOf(s: SchedState, units: number[]): Batch {
  const stamp = ++s.batchStamp;
  for (let i = 0; i < units.length; i++) s.memberStamp[units[i]!] = stamp;
  return batchFor(s, units, stamp);
}

/** `batchOf` for units already marked in `memberStamp` with `stamp`. */
function batchFor(s: SchedState, units: number[], stamp: number): Batch {
  const { plan, memberStamp, inputStamp, isOutput } = s;
  const send = new Uint8Array(units.length);
  const drop = new Uint8Array(units.length);
  const inputs: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const unit = plan.units[u]!;
    let outside = isOutput[u] === 1;
    let inside = false;
    const dependents = unit.dependents;
    for (let j = 0; j < dependents.length && !(outside && inside); j++) {
      if (memberStamp[dependents[j]!] === stamp) inside = true;
      else outside = true;
    }
    if (outside) send[i] = 1;
    if (!inside) drop[i] = 1;
    const deps = unit.deps;
    for (let j = 0; j < deps.length; j++) {
      const d = deps[j]!;
      if (memberStamp[d] === stamp || inputStamp[d] === stamp) continue;
      inputStamp[d] = stamp;
      inputs.push(d);
    }
  }
  return { units, send, inputs, drop };
}

/**
 * Records finished units. `values[i]` is the result of `units[i]` when `hasValue[i]`, otherwise
 * the result stayed in the worker (nobody outside the batch needs it). Releases dependencies'
 * results that no one needs any more and moves newly runnable units to the ready heap.
 */
export function completeUnits(s: SchedState, units: readonly number[], values: readonly unknown[], hasValue: (i: number) => boolean): void {
  const { plan } = s;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (s.status[u] === DONE) continue;
    s.status[u] = DONE;
    s.done++;
    if (hasValue(i) && (s.remaining[u]! > 0 || s.isOutput[u])) hold(s, u, values[i]);
    const unit = plan.units[u]!;
    for (const d of unit.dependents) {
      if (--s.unfinished[d]! === 0 && s.status[d] === WAITING) {
        s.status[d] = READY;
        s.ready.push(d);
      }
    }
    for (const d of unit.deps) {
      if (--s.remaining[d]! === 0 && !s.isOutput[d] && s.has[d]) release(s, d);
    }
  }
  if (s.held > s.peakHeld) s.peakHeld = s.held;
}

function hold(s: SchedState, u: number, value: unknown): void {
  s.results[u] = value;
  s.has[u] = 1;
  s.held++;
  s.owners?.add(u, value);
}

/** Forgets the result of `u` (nobody needs it any more, or it was handed over to a worker). */
export function release(s: SchedState, u: number): void {
  s.owners?.remove(u, s.results[u]);
  s.results[u] = undefined;
  s.has[u] = 0;
  s.held--;
}

/**
 * Whether the result of `u` may be handed over (transferred) to a batch that is its last user:
 * not an output, every dependent is in that batch or done, and no other held result shares one of
 * its buffers (a task returning its input, or a view of it, shares the input's buffer).
 */
export function canHandOver(s: SchedState, u: number, members: ReadonlySet<number>, buffers: readonly ArrayBuffer[]): boolean {
  if (s.isOutput[u] || !s.owners || !s.has[u]) return false;
  for (const d of s.plan.units[u]!.dependents) if (!members.has(d) && s.status[d] !== DONE) return false;
  return s.owners.soleOwner(buffers);
}

/** Counts, per ArrayBuffer, the held results that reach it (see SchedState.owners). */
export class BufferOwners {
  private readonly count = new Map<ArrayBuffer, number>();
  private readonly opaqueUnits: Uint8Array;
  private opaque = 0;
  constructor(n: number) {
    this.opaqueUnits = new Uint8Array(n);
  }
  add(u: number, value: unknown): void {
    if (value === null || typeof value !== 'object') return; // most results of tiny tasks: nothing to count
    const bufs: ArrayBuffer[] = [];
    if (!buffersOf(value, bufs, 0)) {
      this.opaqueUnits[u] = 1;
      this.opaque++;
    }
    for (const b of bufs) this.count.set(b, (this.count.get(b) ?? 0) + 1);
  }
  remove(u: number, value: unknown): void {
    if (value === null || typeof value !== 'object') return;
    if (this.opaqueUnits[u]) {
      this.opaqueUnits[u] = 0;
      this.opaque--;
    }
    const bufs: ArrayBuffer[] = [];
    buffersOf(value, bufs, 0);
    for (const b of bufs) {
      const c = this.count.get(b)! - 1;
      if (c <= 0) this.count.delete(b);
      else this.count.set(b, c);
    }
  }
  soleOwner(buffers: readonly ArrayBuffer[]): boolean {
    if (this.opaque > 0) return false;
    for (const b of buffers) if (this.count.get(b) !== 1) return false;
    return true;
  }
}

/**
 * Adds every ArrayBuffer a value reaches (views whole or partial, bare buffers) to `out`, each
 * once. False when the value could not be searched completely (too deep, Map/Set): its buffers
 * are then unknown and nothing may be transferred while it is held.
 */
function buffersOf(v: unknown, out: ArrayBuffer[], depth: number): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (depth > 6) return false;
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer && !out.includes(v.buffer)) out.push(v.buffer);
    return true;
  }
  if (v instanceof ArrayBuffer) {
    if (!out.includes(v)) out.push(v);
    return true;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object' && !buffersOf(x, out, depth + 1)) return false;
    }
    return true;
  }
  if (v instanceof Map || v instanceof Set) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return true; // Date, RegExp, Error: no buffers
  for (const k in v as Record<string, unknown>) if (!buffersOf((v as Record<string, unknown>)[k], out, depth + 1)) return false;
  return true;
}

/** A binary min-heap of unit indices ordered by plan priority; `delete` is lazy (skipped on pop). */
export class MinHeap {
  private readonly a: number[] = [];
  private readonly removed: Uint8Array;
  private live = 0;
  constructor(private readonly prio: Int32Array) {
    this.removed = new Uint8Array(prio.length);
  }
  get size(): number {
    return this.live;
  }
  /** Takes `u`, which is in the heap, out of it. */
  delete(u: number): void {
    this.removed[u] = 1;
    this.live--;
  }
  pop(): number {
    for (;;) {
      const u = this.popTop();
      if (!this.removed[u]) {
        this.live--;
        return u;
      }
      this.removed[u] = 0;
    }
  }
  push(u: number): void {
    this.live++;
    const a = this.a;
    const p = this.prio;
    let i = a.length;
    a.push(u);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (p[a[parent]!]! <= p[u]!) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = u;
  }
  private popTop(): number {
    const a = this.a;
    const p = this.prio;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && p[a[r]!]! < p[a[l]!]! ? r : l;
        if (p[a[c]!]! >= p[last]!) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
