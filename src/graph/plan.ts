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
import { dependenciesOf, missingKey } from './graph.js';
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
  return planIndexed(indexGraph(graph, keys), keys, opts);
}

/**
 * The tasks a plan is made from, numbered: what a run needs of a graph. Made from a graph by
 * `indexGraph`, or straight from delayed placeholders (delayed.ts), which skips building a
 * 10^5-key graph object only to read it back.
 */
export interface IndexedGraph {
  /** Key of each task; every key once. */
  readonly names: Key[];
  readonly nodes: GraphNode[];
  /** Indices of each task's dependencies, each once, in the order its arguments name them. */
  readonly deps: (readonly number[])[];
  /** Key -> index. */
  readonly idx: Map<Key, number>;
  /**
   * Each task as a step (its key and node), when the maker already holds such objects (delayed's
   * placeholders do): the plan shares them instead of making one per task.
   */
  readonly steps?: readonly Step[];
}

/** Cull + dependency discovery in one pass over the keys `keys` reach. */
export function indexGraph(graph: Graph, keys: KeyTree): IndexedGraph {
  const wanted = flattenKeys(keys);
  const idx = new Map<Key, number>();
  const names: Key[] = [];
  const nodesOf: GraphNode[] = [];
  const depsOf: (readonly number[])[] = [];
  const stack: number[] = [];
  for (const k of wanted) {
    const node = graph[k];
    if (node === undefined) throw missingOutput(k);
    if (idx.has(k)) continue;
    idx.set(k, names.length);
    stack.push(names.length);
    names.push(k);
    nodesOf.push(node);
    depsOf.push(EMPTY);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const ks = dependenciesOf(nodesOf[i]!);
    if (ks.length === 0) continue;
    const ds = new Array<number>(ks.length);
    for (let j = 0; j < ks.length; j++) {
      const d = ks[j]!;
      let di = idx.get(d);
      if (di === undefined) {
        const node = graph[d];
        if (node === undefined) throw missingKey(d, names[i]!);
        di = names.length;
        idx.set(d, di);
        names.push(d);
        nodesOf.push(node);
        depsOf.push(EMPTY);
        stack.push(di);
      }
      ds[j] = di;
    }
    depsOf[i] = ds;
  }
  return { names, nodes: nodesOf, deps: depsOf, idx };
}

/**
 * The plan of an indexed graph for `keys` (which must all be in it): fused, ordered.
 *
 * Each pass over the tasks is a function of its own: V8 compiles a function with a hot loop while
 * it runs (on-stack replacement), and one function holding every pass was compiled again for
 * each later loop, whose code had not run yet when the earlier one was compiled (six TurboFan
 * compiles of the whole function in a fresh process's first compute of 20,000 calls).
 */
export function planIndexed(ig: IndexedGraph, keys: KeyTree, opts: { fuse?: boolean } = {}): Plan {
  const wanted = flattenKeys(keys);
  const { names, deps: depsOf, idx } = ig;
  const n = names.length;
  const nDependents = countDependents(depsOf, n);
  const isOutput = new Uint8Array(n);
  for (const k of wanted) isOutput[idx.get(k)!] = 1;
  // fuse: a task t is absorbed into its single dependent u when u has t as its only dependency
  // and t is not itself wanted.
  const absorbed = new Uint8Array(n);
  const anyAbsorbed = opts.fuse !== false && markAbsorbed(depsOf, nDependents, isOutput, absorbed);
  // units: one per task not absorbed; a unit's steps walk down absorbed dependencies
  const unitOf = new Int32Array(n);
  const tails = unitTails(absorbed, unitOf);
  const nu = tails.length;
  const headOf = new Int32Array(nu);
  const unitSteps = stepsOfUnits(ig, tails, absorbed, anyAbsorbed, unitOf, headOf);
  // Without fusion every task is its own unit (unitOf is the identity): the tasks' dependency
  // lists serve as the units' as they are.
  const uDeps: (readonly number[])[] = anyAbsorbed ? new Array(nu) : depsOf;
  const nUnitDependents = anyAbsorbed ? unitDeps(depsOf, headOf, unitOf, uDeps) : nDependents;
  const uDependents = dependentsOf(uDeps, nUnitDependents);
  const units = makeUnits(names, tails, unitSteps, uDeps, uDependents);

  const outputs = dedupe(wanted.map((k) => {
    const i = idx.get(k);
    if (i === undefined) throw missingOutput(k);
    return unitOf[i]!;
  }));
  const order = orderUnits(units, outputs);
  const priority = new Int32Array(nu);
  for (let p = 0; p < nu; p++) priority[order[p]!] = p;
  // key -> unit, without a second map: reuse the node index (fused-away keys are absent)
  const index: Pick<ReadonlyMap<Key, number>, 'get' | 'has'> = {
    get: (k) => {
      const i = idx.get(k);
      return i === undefined || absorbed[i] ? undefined : unitOf[i];
    },
    has: (k) => index.get(k) !== undefined,
  };
  return { units, index, priority, order, outputs };
}

function countDependents(depsOf: readonly (readonly number[])[], n: number): Int32Array {
  const nDependents = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ds = depsOf[i]!;
    for (let j = 0; j < ds.length; j++) nDependents[ds[j]!]!++;
  }
  return nDependents;
}

/** Sets absorbed[t] for every task fused into its single dependent; true if there is one. */
function markAbsorbed(depsOf: readonly (readonly number[])[], nDependents: Int32Array, isOutput: Uint8Array, absorbed: Uint8Array): boolean {
  let any = false;
  for (let u = 0; u < depsOf.length; u++) {
    const ds = depsOf[u]!;
    if (ds.length !== 1) continue;
    const t = ds[0]!;
    if (nDependents[t] === 1 && !isOutput[t]) {
      absorbed[t] = 1;
      any = true;
    }
  }
  return any;
}

/** The last task of each unit (every task not absorbed), in task order; unitOf set for them. */
function unitTails(absorbed: Uint8Array, unitOf: Int32Array): number[] {
  const tails: number[] = [];
  for (let i = 0; i < absorbed.length; i++) {
    if (!absorbed[i]) {
      unitOf[i] = tails.length;
      tails.push(i);
    }
  }
  return tails;
}

/** Each unit's steps, first to last; sets unitOf of absorbed tasks and headOf (first task) of each unit. */
function stepsOfUnits(ig: IndexedGraph, tails: readonly number[], absorbed: Uint8Array, anyAbsorbed: boolean, unitOf: Int32Array, headOf: Int32Array): Step[][] {
  const { names, nodes, deps: depsOf, steps } = ig;
  const stepOf = (t: number): Step => steps?.[t] ?? { key: names[t]!, node: nodes[t]! };
  const nu = tails.length;
  const unitSteps: Step[][] = new Array(nu);
  for (let u = 0; u < nu; u++) {
    let t = tails[u]!;
    if (!anyAbsorbed || depsOf[t]!.length !== 1 || !absorbed[depsOf[t]![0]!]) {
      unitSteps[u] = [stepOf(t)];
      headOf[u] = t;
      continue;
    }
    const chain: Step[] = [];
    for (;;) {
      chain.push(stepOf(t));
      unitOf[t] = u;
      const ds = depsOf[t]!;
      if (ds.length === 1 && absorbed[ds[0]!]) t = ds[0]!;
      else break;
    }
    chain.reverse();
    unitSteps[u] = chain;
    headOf[u] = t;
  }
  return unitSteps;
}

/** Fills uDeps (each unit's dependency units) from its first task's; returns each unit's number of dependents. */
function unitDeps(depsOf: readonly (readonly number[])[], headOf: Int32Array, unitOf: Int32Array, uDeps: (readonly number[])[]): Int32Array {
  const nu = uDeps.length;
  const nUnitDependents = new Int32Array(nu);
  for (let u = 0; u < nu; u++) {
    const ds = depsOf[headOf[u]!]!;
    const mapped = ds.length === 0 ? EMPTY : ds.map((d) => unitOf[d]!);
    uDeps[u] = mapped;
    for (let j = 0; j < mapped.length; j++) nUnitDependents[mapped[j]!]!++;
  }
  return nUnitDependents;
}

/**
 * Each unit's dependents, in arrays of their final size: a fresh process's first compute of
 * 20,000 calls spent more on growing and collecting 20,000 small arrays than on filling them.
 */
function dependentsOf(uDeps: readonly (readonly number[])[], nUnitDependents: Int32Array): number[][] {
  const nu = uDeps.length;
  const uDependents: number[][] = new Array(nu);
  for (let u = 0; u < nu; u++) uDependents[u] = nUnitDependents[u] === 0 ? (EMPTY as number[]) : new Array<number>(nUnitDependents[u]!);
  const filled = new Int32Array(nu);
  for (let u = 0; u < nu; u++) {
    const ds = uDeps[u]!;
    for (let j = 0; j < ds.length; j++) {
      const d = ds[j]!;
      uDependents[d]![filled[d]!++] = u;
    }
  }
  return uDependents;
}

function makeUnits(names: readonly Key[], tails: readonly number[], unitSteps: Step[][], uDeps: readonly (readonly number[])[], uDependents: number[][]): Unit[] {
  const nu = tails.length;
  const units: Unit[] = new Array(nu);
  for (let u = 0; u < nu; u++) units[u] = { key: names[tails[u]!]!, steps: unitSteps[u]!, deps: uDeps[u]!, dependents: uDependents[u]! };
  return units;
}

const EMPTY: readonly number[] = [];

function dedupe(xs: number[]): number[] {
  return xs.length < 2 ? xs : [...new Set(xs)];
}

/**
 * Depth-first post-order from the outputs. Among a unit's dependencies, the one with the largest
 * subtree (units below it, itself included, as Dask's order ranks by total dependencies) goes
 * first (Sethi–Ullman style): finishing the big subtree before starting small ones keeps fewer
 * results alive at once. Ranked by direct dependencies instead, a reduction level that leaves
 * one partial over (frames 65-80 of a radar statistic: the lone partial fused into its combine,
 * with a whole group of frames as its direct dependencies) was walked first, and its combined
 * partial held through the whole run. Iterative, so long chains do not overflow the stack; a
 * cycle is reported instead of looping.
 */
export function orderUnits(units: readonly Unit[], outputs: readonly number[]): number[] {
  const n = units.length;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const size = subtreeSizes(units);
  const sortedDeps = (u: number): readonly number[] => {
    const ds = units[u]!.deps;
    if (ds.length < 2) return ds;
    // The usual wide reduction (a sum over 20,000 leaves) has dependencies of one size: the
    // stable sort would keep their order anyway, and its comparator calls cost ~10 ms of a
    // fresh process's first compute.
    const first = size(ds[0]!);
    let same = true;
    for (let i = 1; i < ds.length && same; i++) same = size(ds[i]!) === first;
    if (same) return ds;
    return ds.slice().sort((a, b) => size(b) - size(a));
  };
  const stackU: number[] = [];
  const stackDeps: (readonly number[])[] = [];
  const stackI: number[] = [];
  // the outputs first, then every other unit (a graph may hold units no output needs)
  for (let r = 0; r < outputs.length + n; r++) {
    const root = r < outputs.length ? outputs[r]! : r - outputs.length;
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

/**
 * Units in each unit's subtree, itself included, computed when first asked (a shared unit counts
 * once per path to it, as Dask's total dependencies do: only the ranking matters). Iterative; a
 * dependency still being counted (a cycle, which orderUnits reports) adds nothing.
 */
function subtreeSizes(units: readonly Unit[]): (u: number) => number {
  const size = new Float64Array(units.length); // 0: not counted yet
  const counting = new Uint8Array(units.length);
  const stackU: number[] = [];
  const stackI: number[] = [];
  return (u) => {
    if (size[u]) return size[u]!;
    if (units[u]!.deps.length === 0) return (size[u] = 1);
    stackU.push(u);
    stackI.push(0);
    counting[u] = 1;
    while (stackU.length) {
      const top = stackU.length - 1;
      const v = stackU[top]!;
      const ds = units[v]!.deps;
      let i = stackI[top]!;
      // depth first: down the next dependency not counted yet
      while (i < ds.length) {
        const d = ds[i]!;
        if (size[d] || counting[d]) i++;
        else if (units[d]!.deps.length === 0) (size[d] = 1), i++;
        else break;
      }
      if (i < ds.length) {
        stackI[top] = i + 1;
        const d = ds[i]!;
        counting[d] = 1;
        stackU.push(d);
        stackI.push(0);
        continue;
      }
      let s = 1;
      for (let j = 0; j < ds.length; j++) s += size[ds[j]!]!;
      size[v] = s;
      counting[v] = 0;
      stackU.pop();
      stackI.pop();
    }
    return size[u]!;
  };
}
