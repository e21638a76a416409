/**
 * Messages between a pool and its workers. Kept short (one-letter fields) because a batch of a
 * thousand tiny tasks is structured-cloned as one message.
 */
import type { TaskFailure } from './exec.js';
import { classRefOf, loadClass, type ShippedFn } from './functions.js';
import type { FnRef } from './types.js';
import type { Key } from './types.js';

/** One step of a unit: a call (`f` = function id, `a` = arguments) or a value (`v`). */
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

export interface BatchMsg {
  readonly t: 'batch';
  readonly id: number;
  /** Function definitions this worker has not seen yet: id -> how to load it. */
  readonly defs: readonly (readonly [number, ShippedFn])[];
  readonly ik: readonly Key[];
  readonly iv: readonly unknown[];
  readonly units: readonly WireUnit[];
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
  for (const v of values) for (const b of transferables(v)) if (movable.has(b) && !out.includes(b)) out.push(b);
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
