/**
 * Messages between a pool and its workers. Kept short (one-letter fields) because a batch of a
 * thousand tiny tasks is structured-cloned as one message.
 */
import type { TaskFailure } from './exec.js';
import { type ShippedFn } from './functions.js';
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
export type ToWorker = BatchMsg | {
    readonly t: 'exit';
};
export type FromWorker = DoneMsg | {
    readonly t: 'fatal';
    readonly message: string;
};
/**
 * ArrayBuffers inside a value that can be transferred rather than copied: whole, non-shared
 * buffers of typed arrays found at most a few levels deep in arrays and plain objects.
 */
export declare function transferables(value: unknown, out?: ArrayBuffer[], depth?: number): ArrayBuffer[];
/**
 * Class instances lose their prototype when structured-cloned. A result whose class is exported
 * by a module the worker loaded tasks from travels as `{ $instance: ref, props }` and is rebuilt
 * (same class, own properties copied; private fields are not carried) where it is used.
 */
export interface EncodedInstance {
    readonly $instance: FnRef;
    readonly props: Record<string, unknown>;
}
export declare function encodeInstance(v: unknown): unknown;
export declare function isEncodedInstance(v: unknown): v is EncodedInstance;
export declare function decodeInstance(v: unknown): Promise<unknown>;
/**
 * A typed array or DataView that arrived as a view into a larger buffer (the IPC message's, or
 * the sender's whole buffer) is replaced by a copy owning exactly its bytes, so a task reading
 * `arg.buffer` sees only its own data. Arrays and plain objects (fresh copies here) are fixed in
 * place, a few levels deep.
 */
export declare function ownBuffers(value: unknown, depth?: number): unknown;
