/**
 * Reading and rewriting task arguments: finding the keys a task depends on and substituting
 * computed results for references. Everything here is pure and allocation-light because the
 * schedulers call it once per task.
 */
import { SsdpError } from '../util/errors.js';
import { mapOwnElements } from '../util/own-elements.js';
import type { DataNode, Graph, GraphNode, Key, Ref, Task } from './types.js';

/** A reference to the result of `key`, for use inside task arguments. */
export function ref(key: Key): Ref {
  return { $ref: key };
}

/** Wraps a value so it is passed to the task as is, never searched for references. */
export function lit<T>(value: T): { $lit: T } {
  return { $lit: value };
}

export function isTask(node: GraphNode): node is Task {
  return (node as Task).fn !== undefined && Array.isArray((node as Task).args);
}

export function isDataNode(node: GraphNode): node is DataNode {
  return !isTask(node);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isRef(v: unknown): v is Ref {
  return isPlainObject(v) && typeof v.$ref === 'string';
}

/** Adds every key referenced inside `value` to `out` (in order; may repeat). */
export function collectRefs(value: unknown, out: Key[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectRefs(value[i], out);
    return;
  }
  if (!isPlainObject(value)) return;
  if (typeof value.$ref === 'string') {
    out.push(value.$ref);
    return;
  }
  if ('$lit' in value) return;
  for (const k in value) collectRefs(value[k], out);
}

/** The keys a graph node depends on. */
export function dependenciesOf(node: GraphNode): Key[] {
  const out: Key[] = [];
  if (isTask(node)) collectRefs(node.args, out);
  return out.length < 2 ? out : out.length < 12 ? out.filter((k, i) => out.indexOf(k) === i) : [...new Set(out)];
}

/**
 * Replaces references by results. `lookup` must return the value for every referenced key;
 * functions found in arguments are passed through `fnValue` (workers use it to turn shipped
 * function descriptions back into functions).
 */
export function substitute(value: unknown, lookup: (key: Key) => unknown, fnValue?: (v: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  // by the elements it owns: a sparse array keeps its holes and is not walked index by index
  if (Array.isArray(value)) return mapOwnElements(value, (v) => substitute(v, lookup, fnValue));
  if (!isPlainObject(value)) return value;
  if (typeof value.$ref === 'string') return lookup(value.$ref);
  if ('$lit' in value) return value.$lit;
  if (fnValue && '$fn' in value) return fnValue(value.$fn);
  // Copied only where a placeholder was replaced, keeping the prototype (null or Object) and
  // symbol keys, so a task sees the object it was given.
  let out: Record<string | symbol, unknown> | undefined;
  for (const k in value) {
    const v = value[k];
    const s = substitute(v, lookup, fnValue);
    if (s !== v && out === undefined) {
      out = Object.create(Object.getPrototypeOf(value)) as Record<string | symbol, unknown>;
      for (const j in value) {
        if (j === k) break;
        out[j] = value[j];
      }
    }
    if (out !== undefined) out[k] = s;
  }
  if (out === undefined) return value;
  for (const sym of Object.getOwnPropertySymbols(value)) out[sym] = (value as Record<symbol, unknown>)[sym];
  return out;
}

/** The kind of a key: its name without the trailing `-<hash>` (or `-<index>`) parts. */
export function keyKind(key: Key): string {
  const m = /^(.*?)(-[0-9a-f]{6,}.*)?$/.exec(key);
  const base = (m?.[1] ?? key) || key;
  return base.replace(/-\d+$/, '');
}

/** Computes dependencies and dependents of every key. Throws on a reference to a missing key. */
export function dependencyMaps(graph: Graph): { deps: Map<Key, Key[]>; dependents: Map<Key, Key[]> } {
  const deps = new Map<Key, Key[]>();
  const dependents = new Map<Key, Key[]>();
  for (const key in graph) dependents.set(key, []);
  for (const key in graph) {
    const d = dependenciesOf(graph[key]!);
    deps.set(key, d);
    for (const k of d) {
      const list = dependents.get(k);
      if (list === undefined) throw missingKey(k, key);
      list.push(key);
    }
  }
  return { deps, dependents };
}

export function missingKey(missing: Key, from: Key): SsdpError {
  return new SsdpError('E_GRAPH_MISSING_KEY', `task ${from} refers to key ${missing}, which is not in the graph`, {
    hint: 'Build the graph so that every { $ref } names a key of the same graph (merge the graphs of all inputs).',
  });
}
