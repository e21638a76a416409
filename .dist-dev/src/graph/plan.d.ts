import type { Graph, GraphNode, Key, KeyTree } from './types.js';
export interface Step {
    readonly key: Key;
    readonly node: GraphNode;
}
/** One scheduling unit: a task, or a fused chain whose last step's key is the unit's key. */
export interface Unit {
    readonly key: Key;
    readonly steps: readonly Step[];
    /** Unit indices this unit needs. */
    readonly deps: readonly number[];
    /** Unit indices that need this unit. */
    readonly dependents: readonly number[];
}
export interface Plan {
    readonly units: readonly Unit[];
    /** Unit index of every key a user may ask for (unit keys; fused-away keys are absent). */
    readonly index: Pick<ReadonlyMap<Key, number>, 'get' | 'has'>;
    /** Priority of each unit: its position in the run order (lower runs first). */
    readonly priority: Int32Array;
    /** Unit indices in run order. */
    readonly order: readonly number[];
    /** Unit indices of the wanted keys (unique). */
    readonly outputs: readonly number[];
}
export declare function flattenKeys(keys: KeyTree, out?: Key[]): Key[];
/** Returns the part of `graph` that `keys` depend on (the graph itself is not changed). */
export declare function cull(graph: Graph, keys: KeyTree): Graph;
/**
 * Builds the plan for `keys`: culled, optionally fused, ordered. With `fuse: false` every task is
 * its own unit (useful to inspect or debug).
 */
export declare function buildPlan(graph: Graph, keys: KeyTree, opts?: {
    fuse?: boolean;
}): Plan;
/**
 * Depth-first post-order from the outputs. Among a unit's dependencies, the one with the most
 * dependencies of its own goes first (Sethi–Ullman style): finishing the big subtree before
 * starting small ones keeps fewer results alive at once. Iterative, so long chains do not
 * overflow the stack; a cycle is reported instead of looping.
 */
export declare function orderUnits(units: readonly Unit[], outputs: readonly number[]): number[];
