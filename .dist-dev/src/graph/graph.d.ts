/**
 * Reading and rewriting task arguments: finding the keys a task depends on and substituting
 * computed results for references. Everything here is pure and allocation-light because the
 * schedulers call it once per task.
 */
import { SsdpError } from '../util/errors.js';
import type { DataNode, Graph, GraphNode, Key, Ref, Task } from './types.js';
/** A reference to the result of `key`, for use inside task arguments. */
export declare function ref(key: Key): Ref;
/** Wraps a value so it is passed to the task as is, never searched for references. */
export declare function lit<T>(value: T): {
    $lit: T;
};
export declare function isTask(node: GraphNode): node is Task;
export declare function isDataNode(node: GraphNode): node is DataNode;
export declare function isPlainObject(v: unknown): v is Record<string, unknown>;
export declare function isRef(v: unknown): v is Ref;
/** Adds every key referenced inside `value` to `out` (in order; may repeat). */
export declare function collectRefs(value: unknown, out: Key[]): void;
/** The keys a graph node depends on. */
export declare function dependenciesOf(node: GraphNode): Key[];
/**
 * Replaces references by results. `lookup` must return the value for every referenced key;
 * functions found in arguments are passed through `fnValue` (workers use it to turn shipped
 * function descriptions back into functions).
 */
export declare function substitute(value: unknown, lookup: (key: Key) => unknown, fnValue?: (v: unknown) => unknown): unknown;
/** The kind of a key: its name without the trailing `-<hash>` (or `-<index>`) parts. */
export declare function keyKind(key: Key): string;
/** Computes dependencies and dependents of every key. Throws on a reference to a missing key. */
export declare function dependencyMaps(graph: Graph): {
    deps: Map<Key, Key[]>;
    dependents: Map<Key, Key[]>;
};
export declare function missingKey(missing: Key, from: Key): SsdpError;
