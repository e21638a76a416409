/**
 * Messages between a pool and its workers. A batch of a thousand tiny tasks is structured-cloned
 * as one message on the scheduler's thread, so its units travel as columns (`UnitColumns`).
 */
import type { TaskFailure } from './exec.js';
import { classRefOf, loadClass, type ShippedFn } from './functions.js';
import { isRef } from './graph.js';
import type { FnRef } from './types.js';
import type { Key } from './types.js';

/**
 * One step of a unit as the distributed payload carries it (JSON): a call (`f` = function id,
 * `a` = arguments) or a value (`v`). Workers are sent `UnitColumns` instead.
 */
export interface WireStep {
  readonly k: Key;
  readonly f?: number;
  readonly a?: readonly unknown[];
  readonly v?: unknown;
}

export interface WireUnit {
  /** Unit index in the plan. */
  readonly u: number;
  /** 1: send the result back. */
  readonly s: number;
  readonly st: readonly WireStep[];
}

/**
 * A batch's units as columns (typed arrays, one string of keys, one flat array of arguments)
 * rather than an object per unit and step. Structured clone writes every property name of every
 * object and the reader rebuilds each one: for 2,000 one-step units that was ~8 ms of the
 * scheduler's thread per batch (v8.serialize), the columns ~0.4 ms.
 */
export interface UnitColumns {
  /** Plan index of each unit. */
  readonly u: Int32Array;
  /** Flags of each unit: SEND_BACK, KEEP_NOT_NEEDED. */
  readonly s: Uint8Array;
  /** Steps of each unit; absent when every unit is one step. */
  readonly n?: Int32Array;
  /** Every step's key (see `packKeys`). */
  readonly k: PackedKeys;
  /** Function id of each step; -1 for a value step. */
  readonly f: Int32Array;
  /** Arguments of each call step (a value step: 1, its value). */
  readonly na: Int32Array;
  /** The arguments of every call step and the values of value steps, in step order. */
  readonly a: unknown[];
  /**
   * Positions in `a` holding a list of references packed as keys (`PackedKeys`): a call on a
   * list of 20,000 placeholders (`delayed(sum)(parts)`) sends one string, not 20,000 objects.
   */
  readonly r?: Int32Array;
  /**
   * Positions in `a` holding a list of references to the batch's inputs, given by their index in
   * the batch's input values (`InputRefs`): the worker fills the list straight from them. The
   * final `delayed(sum)` of 20,000 parts sent every part's key twice (its input and its
   * reference) and the worker hashed both into a map, a tenth of a fresh process's compute.
   */
  readonly p?: Int32Array;
}

/** A list of references to a batch's inputs: the index of each in `BatchMsg.iv`. */
export interface InputRefs {
  readonly i: Int32Array;
}

/** Unit flag: send the unit's result back. */
export const SEND_BACK = 1;
/** Unit flag: no unit of the batch uses the result, so the worker need not keep it for lookups. */
export const KEEP_NOT_NEEDED = 2;

/** Keys as one string and their lengths: one string to copy, not thousands. */
export interface PackedKeys {
  readonly s: string;
  readonly l: Int32Array;
}

export function packKeys(keys: readonly Key[]): PackedKeys {
  const l = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) l[i] = keys[i]!.length;
  return { s: keys.join(''), l };
}

export function unpackKeys(p: PackedKeys): Key[] {
  const out = new Array<Key>(p.l.length);
  let at = 0;
  for (let i = 0; i < out.length; i++) out[i] = p.s.slice(at, (at += p.l[i]!));
  return out;
}

/** Fills `UnitColumns` unit by unit: `unit`, then its steps with `call` or `value`. */
export class UnitColumnsBuilder {
  private readonly u: Int32Array;
  private readonly s: Uint8Array;
  private readonly n: Int32Array;
  private readonly keys: Key[] = [];
  private f: Int32Array;
  private na: Int32Array;
  private readonly a: unknown[] = [];
  private nu = 0;
  private chained = false;
  private packedRefs: number[] | undefined;
  private inputRefs: number[] | undefined;
  private keyed = false;

  /** `nSteps`: a guess at the number of steps (grown when exceeded). */
  constructor(nUnits: number, nSteps = nUnits) {
    this.u = new Int32Array(nUnits);
    this.s = new Uint8Array(nUnits);
    this.n = new Int32Array(nUnits);
    this.f = new Int32Array(Math.max(1, nSteps));
    this.na = new Int32Array(Math.max(1, nSteps));
  }

  /** `flags`: SEND_BACK, KEEP_NOT_NEEDED (1 alone, as WireUnit's `s`, sends back and keeps). */
  unit(u: number, flags: number): void {
    this.u[this.nu] = u;
    this.s[this.nu] = flags;
    this.nu++;
  }

  /**
   * `inputOf`: the index among the batch's inputs of the result a key names, -1 when it is not
   * an input; a long list of references to inputs only then travels as their indices.
   */
  call(key: Key, fn: number, args: readonly unknown[], inputOf?: (key: Key) => number): void {
    const i = this.step(key);
    this.f[i] = fn;
    this.na[i] = args.length;
    for (let j = 0; j < args.length; j++) {
      const x = args[j];
      if (Array.isArray(x) && x.length >= MIN_PACKED_REFS) {
        const at = inputOf && inputIndices(x, inputOf);
        if (at) {
          (this.inputRefs ??= []).push(this.a.length);
          this.a.push({ i: at } satisfies InputRefs);
          continue;
        }
        const keys = refKeys(x);
        if (keys) {
          (this.packedRefs ??= []).push(this.a.length);
          this.a.push(packKeys(keys));
          this.keyed = true;
          continue;
        }
      }
      if (x !== null && typeof x === 'object') this.keyed = true;
      this.a.push(x);
    }
  }

  /**
   * Whether some step may look a result up by key (an argument that may hold a reference other
   * than a list of input indices): when none does, the batch's input keys need not travel.
   */
  get refersByKey(): boolean {
    return this.keyed;
  }

  value(key: Key, value: unknown): void {
    const i = this.step(key);
    this.f[i] = -1;
    this.na[i] = 1;
    this.a.push(value);
  }

  private step(key: Key): number {
    const i = this.keys.length;
    this.keys.push(key);
    if (i === this.f.length) {
      this.f = grow(this.f);
      this.na = grow(this.na);
    }
    const c = ++this.n[this.nu - 1]!;
    if (c > 1) this.chained = true;
    return i;
  }

  finish(): UnitColumns {
    const ns = this.keys.length;
    return {
      u: this.u.subarray(0, this.nu),
      s: this.s.subarray(0, this.nu),
      ...(this.chained ? { n: this.n.subarray(0, this.nu) } : {}),
      k: packKeys(this.keys),
      f: this.f.length === ns ? this.f : this.f.slice(0, ns),
      na: this.na.length === ns ? this.na : this.na.slice(0, ns),
      a: this.a,
      ...(this.packedRefs ? { r: Int32Array.from(this.packedRefs) } : {}),
      ...(this.inputRefs ? { p: Int32Array.from(this.inputRefs) } : {}),
    };
  }
}

/** The input index of every element of a list made only of references to inputs, else undefined. */
function inputIndices(list: readonly unknown[], inputOf: (key: Key) => number): Int32Array | undefined {
  const out = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (!isRef(x)) return undefined;
    const at = inputOf(x.$ref);
    if (at < 0) return undefined;
    out[i] = at;
  }
  return out;
}

/** Lists shorter than this travel as they are. */
const MIN_PACKED_REFS = 16;

/**
 * The keys of a list made only of references, else undefined. A reference is what `substitute`
 * takes for one (other properties beside `$ref` are ignored there too), so nothing is lost.
 */
function refKeys(list: readonly unknown[]): Key[] | undefined {
  const keys = new Array<Key>(list.length);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (!isRef(x)) return undefined;
    keys[i] = x.$ref;
  }
  return keys;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A unit as a worker runs it, read back from `UnitColumns`. */
export interface ColumnUnit {
  readonly u: number;
  /** Flags: SEND_BACK, KEEP_NOT_NEEDED. */
  readonly s: number;
  readonly keys: readonly Key[];
  /** Function id of each step; -1 for a value step. */
  readonly fns: readonly number[];
  /** Arguments of each call step; the value of a value step. */
  readonly args: readonly unknown[];
}

/**
 * The units of `c`, in order. `inputs`: the batch's input values, which lists of input indices
 * (`InputRefs`) become, as literal lists (their elements are results, never searched for
 * references, as a reference's result is not).
 */
export function readUnits(c: UnitColumns, inputs: readonly unknown[] = []): ColumnUnit[] {
  const keys = unpackKeys(c.k);
  if (c.r) for (const at of c.r) c.a[at] = unpackKeys(c.a[at] as PackedKeys).map((k) => ({ $ref: k }));
  if (c.p) {
    for (const at of c.p) {
      const idx = (c.a[at] as InputRefs).i;
      const list = new Array<unknown>(idx.length);
      for (let i = 0; i < idx.length; i++) list[i] = inputs[idx[i]!];
      c.a[at] = { $lit: list };
    }
  }
  const out = new Array<ColumnUnit>(c.u.length);
  let step = 0;
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    const ns = c.n ? c.n[i]! : 1;
    const ks = new Array<Key>(ns);
    const fs = new Array<number>(ns);
    const as = new Array<unknown>(ns);
    for (let j = 0; j < ns; j++, step++) {
      ks[j] = keys[step]!;
      const f = c.f[step]!;
      fs[j] = f;
      if (f < 0) as[j] = c.a[at++];
      else {
        const na = c.na[step]!;
        as[j] = c.a.slice(at, (at += na));
      }
    }
    out[i] = { u: c.u[i]!, s: c.s[i]!, keys: ks, fns: fs, args: as };
  }
  return out;
}

export interface BatchMsg {
  readonly t: 'batch';
  readonly id: number;
  /** Function definitions this worker has not seen yet: id -> how to load it. */
  readonly defs: readonly (readonly [number, ShippedFn])[];
  /** Keys of the inputs, and their values. */
  readonly ik: PackedKeys;
  readonly iv: readonly unknown[];
  readonly units: UnitColumns;
  /** Report per-step timings. */
  readonly timing: boolean;
  /**
   * Set by `ssdp worker`: inputs are travelling values (inline or blob ids) and results go back
   * as such; the task process reads and writes the blobs itself (distributed/task-blobs.ts).
   */
  readonly blobs?: { readonly broker: string; readonly run: string; readonly shared?: string };
}

export interface DoneMsg {
  readonly t: 'done';
  readonly id: number;
  /** Units whose results are in `vs` (on failure: every unit completed before it). */
  readonly us: readonly number[];
  readonly vs: readonly unknown[];
  readonly failure?: TaskFailure;
  /** Time spent running the batch, ms. */
  readonly ms: number;
  /** Heap used in the worker after the batch, bytes. */
  readonly heap: number;
  readonly timings?: readonly (readonly [Key, number])[];
}

export type ToWorker = BatchMsg | { readonly t: 'exit' };
export type FromWorker = DoneMsg | { readonly t: 'fatal'; readonly message: string };

/**
 * ArrayBuffers inside a value that can be transferred rather than copied: whole, non-shared
 * buffers of typed arrays found at most a few levels deep in arrays and plain objects.
 */
export function transferables(value: unknown, out: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (value === null || typeof value !== 'object' || depth > 3) return out;
  if (ArrayBuffer.isView(value)) {
    const b = value.buffer;
    if (b instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === b.byteLength && b.byteLength > 0 && !out.includes(b)) out.push(b);
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length > 64) return out;
    for (const v of value) transferables(v, out, depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const k in value as Record<string, unknown>) transferables((value as Record<string, unknown>)[k], out, depth + 1);
  }
  return out;
}

/**
 * Buffers a task allocated for its result alone and keeps no other reference to (array kernels
 * mark theirs): a worker thread moves them to the scheduler instead of copying, so the worker
 * holds no dead copy (4 MB per radar partial) until its next collection. Other results are
 * copied: a task may return an array something else in the worker still holds.
 */
const movable = new WeakSet<ArrayBuffer>();

/** Marks the whole buffers inside `value` as the task's own (see `movable`); returns `value`. */
export function markMovable<T>(value: T): T {
  for (const b of transferables(value)) movable.add(b);
  return value;
}

/** The marked buffers inside `values`, each once. */
export function movableBuffers(values: readonly unknown[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of values) {
    // most results of tiny tasks are numbers: no list of buffers made for each (2,000 a batch)
    if (v === null || typeof v !== 'object') continue;
    for (const b of transferables(v)) if (movable.has(b) && !out.includes(b)) out.push(b);
  }
  return out;
}

/**
 * Class instances lose their prototype when structured-cloned. A result whose class is exported
 * by a module the worker loaded tasks from travels as `{ $instance: ref, props }` and is rebuilt
 * (same class, own properties copied; private fields are not carried) where it is used.
 */
export interface EncodedInstance {
  readonly $instance: FnRef;
  readonly props: Record<string, unknown>;
}

const PLAIN_PROTOS = new Set<unknown>([Object.prototype, null, Array.prototype, Map.prototype, Set.prototype, Date.prototype, RegExp.prototype, Error.prototype]);

export function encodeInstance(v: unknown): unknown {
  // A Buffer is cloned by worker threads as a plain Uint8Array: mark it to be rebuilt.
  if (Buffer.isBuffer(v)) return { $instance: BUFFER_REF, props: { bytes: v.byteLength === v.buffer.byteLength ? new Uint8Array(v.buffer) : Uint8Array.prototype.slice.call(v) } } satisfies EncodedInstance;
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
  const proto = Object.getPrototypeOf(v) as { constructor?: object } | null;
  if (PLAIN_PROTOS.has(proto) || !proto || typeof proto.constructor !== 'function') return v;
  const r = classRefOf(proto.constructor);
  if (!r) return v;
  return { $instance: r, props: { ...(v as Record<string, unknown>) } } satisfies EncodedInstance;
}

export function isEncodedInstance(v: unknown): v is EncodedInstance {
  return typeof v === 'object' && v !== null && typeof (v as EncodedInstance).$instance === 'object' && typeof (v as EncodedInstance).props === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

const BUFFER_REF: FnRef = { module: 'node:buffer', name: 'Buffer' };

export async function decodeInstance(v: unknown): Promise<unknown> {
  if (!isEncodedInstance(v)) return v;
  if (v.$instance.module === BUFFER_REF.module && v.$instance.name === BUFFER_REF.name) {
    const b = v.props.bytes as Uint8Array;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  const cls = await loadClass(v.$instance);
  if (!cls) return v.props;
  return Object.assign(Object.create(cls.prototype) as object, v.props);
}

/**
 * A typed array or DataView that arrived as a view into a larger buffer (the IPC message's, or
 * the sender's whole buffer) is replaced by a copy owning exactly its bytes, so a task reading
 * `arg.buffer` sees only its own data. Arrays and plain objects (fresh copies here) are fixed in
 * place, a few levels deep.
 */
export function ownBuffers(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 3) return value;
  if (ArrayBuffer.isView(value)) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) return value;
    if (value instanceof DataView) return new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    return (value as unknown as { slice(): unknown }).slice();
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = ownBuffers(value[i], depth + 1);
    return value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const o = value as Record<string, unknown>;
    for (const k in o) o[k] = ownBuffers(o[k], depth + 1);
  }
  return value;
}
