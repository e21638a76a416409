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
export declare const WAITING = 0;
export declare const READY = 1;
export declare const RUNNING = 2;
export declare const DONE = 3;
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
    batchStamp: number;
}
export interface Batch {
    /** Units in a valid run order. */
    readonly units: number[];
    /** 1 where the result must be sent back (an output, or needed by a unit outside the batch). */
    readonly send: Uint8Array;
    /** Units outside the batch whose results the batch needs. */
    readonly inputs: number[];
}
export declare function initState(plan: Plan, opts?: {
    trackBuffers?: boolean;
}): SchedState;
export declare function finished(s: SchedState): boolean;
/**
 * Takes up to `maxUnits` ready units (lowest priority first) plus the waiting units that become
 * runnable inside the batch (depth-first, so chains stay together).
 */
export declare function takeBatch(s: SchedState, maxUnits: number, width?: number): Batch;
/** The batch made of `units` (in run order): which results travel back, which inputs it needs. */
export declare function batchOf(s: SchedState, units: number[], members?: Set<number>): Batch;
/**
 * Records finished units. `values[i]` is the result of `units[i]` when `hasValue[i]`, otherwise
 * the result stayed in the worker (nobody outside the batch needs it). Releases dependencies'
 * results that no one needs any more and moves newly runnable units to the ready heap.
 */
export declare function completeUnits(s: SchedState, units: readonly number[], values: readonly unknown[], hasValue: (i: number) => boolean): void;
/** Forgets the result of `u` (nobody needs it any more, or it was handed over to a worker). */
export declare function release(s: SchedState, u: number): void;
/**
 * Whether the result of `u` may be handed over (transferred) to a batch that is its last user:
 * not an output, every dependent is in that batch or done, and no other held result shares one of
 * its buffers (a task returning its input, or a view of it, shares the input's buffer).
 */
export declare function canHandOver(s: SchedState, u: number, members: ReadonlySet<number>, buffers: readonly ArrayBuffer[]): boolean;
/** Counts, per ArrayBuffer, the held results that reach it (see SchedState.owners). */
export declare class BufferOwners {
    private readonly count;
    private readonly opaqueUnits;
    private opaque;
    constructor(n: number);
    add(u: number, value: unknown): void;
    remove(u: number, value: unknown): void;
    soleOwner(buffers: readonly ArrayBuffer[]): boolean;
}
/** A binary min-heap of unit indices ordered by plan priority; `delete` is lazy (skipped on pop). */
export declare class MinHeap {
    private readonly prio;
    private readonly a;
    private readonly removed;
    private live;
    constructor(prio: Int32Array);
    get size(): number;
    /** Takes `u`, which is in the heap, out of it. */
    delete(u: number): void;
    pop(): number;
    push(u: number): void;
    private popTop;
}
