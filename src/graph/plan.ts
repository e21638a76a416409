/**
 * Optimisation before running: a graph plus the wanted keys become a Plan — plain data the
 * schedulers walk. Three steps, each a pure function of its input:
 *
 * - **cull**: keep only keys the outputs depend on.
 * - **fuse**: merge linear chains (a task whose only dependent has no other dependency) into one
 *   *unit*, so a chain of tiny tasks costs one scheduling step and one message.
 * - **order**: a depth-first post-order from the outputs, as dask's `order` aims for: a unit runs
 *   soon after its inputs, so intermediates are released as soon as nothing needs them and a wide
 *   reduction holds few results at once. Schedulers run ready units lowest priority first.
 */
import { SsdpError } from '../util/errors.js';
import { dependenciesOf, isTask, missingKey } from './graph.js';
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
  readonly index: ReadonlyMap<Key, number>;
  /** Priority of each unit: its position in the run order (lower runs first). */
  readonly priority: Int32Array;
  /** Unit indices in run order. */
  readonly order: readonly number[];
  /** Unit indices of the wanted keys (unique). */
  readonly outputs: readonly number[];
}

export function flattenKeys(keys: KeyTree, out: Key[] = []): Key[] {
  if (typeof keys === 'string') out.push(keys);
  else for (const k of keys) flattenKeys(k, out);
  return out;
}

/** Returns the part of `graph` that `keys` depend on (the graph itself is not changed). */
export function cull(graph: Graph, keys: KeyTree): Graph {
  const out: Graph = {};
  const stack = flattenKeys(keys).slice();
  for (const k of stack) if (!(k in graph)) throw missingOutput(k);
  while (stack.length) {
    const k = stack.pop()!;
    if (k in out) continue;
    const node = graph[k]!;
    out[k] = node;
    for (const d of dependenciesOf(node)) {
      if (!(d in graph)) throw missingKey(d, k);
      if (!(d in out)) stack.push(d);
    }
  }
  return out;
}

function missingOutput(k: Key): SsdpError {
  return new SsdpError('E_GRAPH_MISSING_KEY', `asked for key ${k}, which is not in the graph`, {
    hint: 'Pass keys that the graph defines (see Object.keys(graph)).',
  });
}

/**
 * Builds the plan for `keys`: culled, optionally fused, ordered. With `fuse: false` every task is
 * its own unit (useful to inspect or debug).
 */
export function buildPlan(graph: Graph, keys: KeyTree, opts: { fuse?: boolean } = {}): Plan {
  const wanted = flattenKeys(keys);
  // cull + dependency discovery in one pass over reachable keys
  const idx = new Map<Key, number>();
  const names: Key[] = [];
  const depsOf: number[][] = [];
  const stack: Key[] = [];
  const visit = (k: Key): number => {
    let i = idx.get(k);
    if (i === undefined) {
      i = names.length;
      idx.set(k, i);
      names.push(k);
      depsOf.push([]);
      stack.push(k);
    }
    return i;
  };
  for (const k of wanted) {
    if (!(k in graph)) throw missingOutput(k);
    visit(k);
  }
  while (stack.length) {
    const k = stack.pop()!;
    const i = idx.get(k)!;
    const ds = depsOf[i]!;
    for (const d of dependenciesOf(graph[k]!)) {
      if (!(d in graph)) throw missingKey(d, k);
      ds.push(visit(d));
    }
  }
  const n = names.length;
  const dependentsOf: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (const d of depsOf[i]!) dependentsOf[d]!.push(i);
  const isOutput = new Uint8Array(n);
  for (const k of wanted) isOutput[idx.get(k)!] = 1;

  // fuse: find chain heads; a task t is absorbed into its single dependent u when u has t as its
  // only dependency and t is not itself wanted.
  const absorbedInto = new Int32Array(n).fill(-1);
  if (opts.fuse !== false) {
    for (let t = 0; t < n; t++) {
      const dts = dependentsOf[t]!;
      if (dts.length !== 1 || isOutput[t]) continue;
      const u = dts[0]!;
      if (depsOf[u]!.length === 1 && isTask(graph[names[u]!]!)) absorbedInto[t] = u;
    }
  }
  // units = tasks not absorbed; collect each unit's chain by walking down absorbed deps.
  const unitOf = new Int32Array(n).fill(-1);
  const unitTails: number[] = [];
  for (let i = 0; i < n; i++) if (absorbedInto[i] === -1) { unitOf[i] = unitTails.length; unitTails.push(i); }
  const units: Unit[] = [];
  const unitDeps: number[][] = [];
  for (let u = 0; u < unitTails.length; u++) {
    const chain: number[] = [];
    let t = unitTails[u]!;
    for (;;) {
      chain.push(t);
      const ds = depsOf[t]!;
      if (ds.length === 1 && absorbedInto[ds[0]!] === t) t = ds[0]!;
      else break;
    }
    chain.reverse();
    const head = chain[0]!;
    for (const c of chain) unitOf[c] = u;
    unitDeps.push(depsOf[head]!.slice());
    units.push({ key: names[unitTails[u]!]!, steps: chain.map((c) => ({ key: names[c]!, node: graph[names[c]!]! })), deps: [], dependents: [] });
  }
  const nu = units.length;
  const uDeps: number[][] = unitDeps.map((ds) => dedupe(ds.map((d) => unitOf[d]!)));
  const uDependents: number[][] = Array.from({ length: nu }, () => []);
  for (let u = 0; u < nu; u++) for (const d of uDeps[u]!) uDependents[d]!.push(u);
  const finalUnits = units.map((un, u) => ({ ...un, deps: uDeps[u]!, dependents: uDependents[u]! }));

  const outputs = dedupe(wanted.map((k) => unitOf[idx.get(k)!]!));
  const order = orderUnits(finalUnits, outputs);
  const priority = new Int32Array(nu);
  order.forEach((u, p) => (priority[u] = p));
  const index = new Map<Key, number>();
  for (let u = 0; u < nu; u++) index.set(finalUnits[u]!.key, u);
  return { units: finalUnits, index, priority, order, outputs };
}

function dedupe(xs: number[]): number[] {
  return xs.length < 2 ? xs : [...new Set(xs)];
}

/**
 * Depth-first post-order from the outputs. Among a unit's dependencies, the one with the most
 * dependencies of its own goes first (Sethi–Ullman style): finishing the big subtree before
 * starting small ones keeps fewer results alive at once. Iterative, so long chains do not
 * overflow the stack; a cycle is reported instead of looping.
 */
export function orderUnits(units: readonly Unit[], outputs: readonly number[]): number[] {
  const n = units.length;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const sortedDeps = (u: number): readonly number[] => {
    const ds = units[u]!.deps;
    if (ds.length < 2) return ds;
    return ds.slice().sort((a, b) => units[b]!.deps.length - units[a]!.deps.length);
  };
  const stackU: number[] = [];
  const stackDeps: (readonly number[])[] = [];
  const stackI: number[] = [];
  const roots = outputs.concat(units.map((_, i) => i));
  for (const root of roots) {
    if (state[root]) continue;
    stackU.push(root); stackDeps.push(sortedDeps(root)); stackI.push(0); state[root] = 1;
    while (stackU.length) {
      const top = stackU.length - 1;
      const ds = stackDeps[top]!;
      const i = stackI[top]!;
      if (i < ds.length) {
        stackI[top] = i + 1;
        const d = ds[i]!;
        if (state[d] === 0) {
          state[d] = 1;
          stackU.push(d); stackDeps.push(sortedDeps(d)); stackI.push(0);
        } else if (state[d] === 1) {
          throw new SsdpError('E_GRAPH_CYCLE', `the graph has a cycle through key ${units[d]!.key}`, {
            hint: 'A task cannot depend on its own result; check how the graph was assembled.',
          });
        }
      } else {
        state[stackU[top]!] = 2;
        order.push(stackU[top]!);
        stackU.pop(); stackDeps.pop(); stackI.pop();
      }
    }
  }
  return order;
}
