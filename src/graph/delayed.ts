/**
 * `delayed`: lazy function calls that build a graph (dask.delayed).
 *
 * ```ts
 * export function add(a: number, b: number) { sleep(1000); return a + b; }
 * const add_ = delayed(add);
 * const result = add_(add_(1, 2), add_(3, 4));   // a placeholder, nothing ran
 * await result.compute();                        // 10, in about 2 s on 2+ workers
 * ```
 *
 * A placeholder (`Delayed`) is a Proxy: reading a property (`d.foo`) or calling a method
 * (`d.bar(1)`) on it is lazy too. JavaScript has no operator overloading, so arithmetic is by
 * methods: `d.add(x)`, `sub`, `mul`, `div`, `mod`, `pow`, `neg`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`,
 * `not`. These names, and `key`, `compute`, `visualize`, `toDot`, `graph`, `toJSON`, `then` (always
 * undefined, so a placeholder is never mistaken for a promise), are reserved; reach a property of
 * the same name lazily with `d.$attr('add')` and call it with `d.$call('add', x)`.
 *
 * Keys are `<function name>-<hash of function and arguments>`: the same call twice is one task.
 * Use `delayed(fn, { pure: false })` for functions that must run every time (random numbers).
 *
 * Which functions run on workers (threads/processes): see types.ts. `delayed(fn)` remembers the
 * module that called it and, at compute time, finds `fn` among that module's exports (also when
 * only the delayed wrapper is exported: `export const add_ = delayed(add)`). Pass
 * `{ module: import.meta.url }` to say where it is exported explicitly.
 */
import { inspect } from 'node:util';
import { isPlainObject, ref } from './graph.js';
import { checkOptions, looksLikeOption } from './options.js';
import { workerImporting, callerModuleUrl, fnName, knowsWhereFrom, registerFunction, rememberCallerModule, unwrap, WRAPPED, type AnyFn } from './functions.js';
import { ARITHMETIC, callMethod, call, getattr, part } from './builtins.js';
import { tokenize, tokenizeCall, randomToken } from './tokenize.js';
import { get, getIndexed, getWithSummary, type GetResult } from './run.js';
import type { IndexedGraph } from './plan.js';
import { prestartWorkers, type Client } from './client.js';
import type { VisualizeOptions } from './visualize.js';
import { futureInGraph, futuresMayBeInGraphs, isFuture, type Future } from './futures.js';
import { SsdpError } from '../util/errors.js';
import type { Computable, GetOptions, Graph, GraphNode, Key, KeyTree } from './types.js';

export interface DelayedOptions {
  /** false: every call is a new task (for impure functions). Default true. */
  pure?: boolean;
  /** Key prefix instead of the function's name. */
  name?: string;
  /** File URL of a module that exports this function (usually `import.meta.url`). */
  module?: string;
  /** Export name in `module`, when it differs from the function's name. */
  exportName?: string;
  /** For `delayed(value)`: the key to use. */
  key?: Key;
  /**
   * The call returns this many values (an array): its placeholder can be destructured,
   * `const [q, r] = delayed(divmod, { nout: 2 })(7, 2)`, each part a placeholder of its own.
   */
  nout?: number;
}

export interface ComputeOptions extends GetOptions {
  client?: Client;
}

/** The placeholder type. Everything else on it is lazy: `d.anything` is a `Delayed` too. */
export interface Delayed<T = unknown> extends Computable {
  readonly key: Key;
  /** The graph this placeholder needs. */
  readonly graph: Graph;
  compute(opts?: ComputeOptions): Promise<T>;
  /** Computes now and returns a placeholder (same key) holding the result: later graphs reuse it. */
  persist(opts?: ComputeOptions): Promise<Delayed<T>>;
  visualize(opts?: VisualizeOptions): Promise<string>;
  toDot(): string;
  $attr(name: string): Delayed;
  $call(name: string, ...args: unknown[]): Delayed;
  add(x: unknown): Delayed;
  sub(x: unknown): Delayed;
  mul(x: unknown): Delayed;
  div(x: unknown): Delayed;
  mod(x: unknown): Delayed;
  pow(x: unknown): Delayed;
  neg(): Delayed;
  eq(x: unknown): Delayed<boolean>;
  ne(x: unknown): Delayed<boolean>;
  lt(x: unknown): Delayed<boolean>;
  le(x: unknown): Delayed<boolean>;
  gt(x: unknown): Delayed<boolean>;
  ge(x: unknown): Delayed<boolean>;
  not(): Delayed<boolean>;
  /** Destructuring: the parts of a `delayed(f, { nout })` call; any other placeholder throws. */
  [Symbol.iterator](): Iterator<Delayed>;
  readonly [prop: string]: unknown;
}

/** The lazy version of `F`: same parameters (each may also be a placeholder), returns a Delayed. */
export type DelayedFn<F extends AnyFn> = ((...args: LazyArgs<Parameters<F>>) => Delayed<Awaited<ReturnType<F>>>) & {
  readonly [WRAPPED]: F;
};

type LazyArgs<P extends unknown[]> = { [K in keyof P]: P[K] | Delayed | unknown };

/** Read through a placeholder's `get` trap: its node (placeholders are proxies of one target). */
const NODE = Symbol('ssdp.delayedNode');

function nodeOf(v: unknown): Node | undefined {
  return typeof v === 'function' ? ((v as unknown as Record<symbol, unknown>)[NODE] as Node | undefined) : undefined;
}

export function isDelayed(v: unknown): v is Delayed {
  return nodeOf(v) !== undefined;
}

/**
 * Makes `fn` lazy, or wraps a plain value as a placeholder (`delayed(value)`).
 */
export function delayed<F extends AnyFn>(fn: F, opts?: DelayedOptions): DelayedFn<F>;
/** A class: the task constructs it (`new C(...args)`), as Dask calls a class given to delayed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function delayed<C extends new (...args: any[]) => unknown>(cls: C, opts?: DelayedOptions): (...args: LazyArgs<ConstructorParameters<C>>) => Delayed<InstanceType<C>>;
export function delayed<T>(value: T, opts?: DelayedOptions): Delayed<T>;
export function delayed(fnOrValue: unknown, opts: DelayedOptions = {}): unknown {
  if (isDelayed(fnOrValue)) return fnOrValue;
  if (typeof fnOrValue !== 'function') return valuePlaceholder(fnOrValue, opts);
  const fn = unwrap(fnOrValue as AnyFn);
  // `delayed(inc)(i)` in a loop, as the lecture writes it: one wrapper per function, not per call
  const plain = arguments.length < 2 || Object.keys(opts).length === 0;
  const cached = plain ? plainWrappers.get(fn) : undefined;
  if (cached) return cached;
  if (opts.module) registerFunction(fn, opts.module, opts.exportName ?? fn.name);
  else if (!knowsWhereFrom(fn)) {
    // reading the stack costs ~10 us: once per function, not per `delayed(fn)(i)` in a loop
    const caller = callerModuleUrl();
    if (caller) rememberCallerModule(fn, caller);
  }
  const prefix = opts.name ?? fnName(fn);
  const pure = opts.pure !== false;
  const nout = checkNout(opts.nout);
  const wrapper = (...args: unknown[]): Delayed => makeCall(fn, args, prefix, pure, undefined, nout);
  Object.defineProperty(wrapper, WRAPPED, { value: fn });
  Object.defineProperty(wrapper, 'name', { value: `delayed(${fn.name})` });
  if (plain) plainWrappers.set(fn, wrapper);
  return wrapper;
}

const plainWrappers = new WeakMap<AnyFn, AnyFn>();

function checkNout(n: unknown): number | undefined {
  if (n === undefined) return undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SsdpError('E_DELAYED_NOUT', `delayed: nout must be a whole number of results (0 or more), got ${inspect(n)}`, {
      hint: 'Give the length of the array the function returns: delayed(divmod, { nout: 2 }).',
    });
  }
  return n;
}

function valuePlaceholder(value: unknown, opts: DelayedOptions): Delayed {
  const depSet = new DepSet();
  const args = replacePlaceholders(value, depSet);
  const deps = depSet.list;
  if (deps.length > 0) {
    // A structure holding placeholders: a task that rebuilds it from their results.
    const key = opts.key ?? `${Array.isArray(value) ? 'list' : 'dict'}-${tokenize([value], tokenOf)}`;
    return proxyFor(new Node(key, { fn: identityFnRef, args: [args] }, deps));
  }
  const key = opts.key ?? `${typeName(value)}-${tokenize([value])}`;
  return proxyFor(new Node(key, { value }, NO_DEPS));
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v.constructor?.name ?? 'object').toLowerCase();
}

const tokenOf = (v: unknown): string | undefined => nodeOf(v)?.key ?? (isFuture(v) ? v.key : undefined);

/**
 * A Future inside a delayed call is a data node holding the Future itself, keyed as the future:
 * `get` waits for it and puts its result in its place before planning (run.ts), on every scheduler.
 */
const futureNodes = new WeakMap<Future, Node>();
function futureNode(f: Future): Node {
  let n = futureNodes.get(f);
  if (!n) {
    futureInGraph();
    futureNodes.set(f, (n = new Node(f.key, { value: f }, NO_DEPS)));
  }
  return n;
}
const NO_DEPS: readonly Node[] = [];

/** The nodes a call depends on, each once (a Set: `deps.includes` made a 10^5-item list quadratic). */
class DepSet {
  readonly list: Node[] = [];
  private seen: Set<Node> | undefined;
  add(n: Node): void {
    const list = this.list;
    if (list.length < 8) {
      if (list.includes(n)) return;
    } else {
      if (!this.seen) this.seen = new Set(list);
      if (this.seen.has(n)) return;
      this.seen.add(n);
    }
    list.push(n);
  }
}

/** Replaces placeholders inside arrays/plain objects by references, collecting their nodes. */
function replacePlaceholders(v: unknown, deps: DepSet): unknown {
  const n = nodeOf(v) ?? (isFuture(v) ? futureNode(v) : undefined);
  if (n) {
    deps.add(n);
    return ref(n.key);
  }
  if (v !== null && typeof v === 'object' && typeof (v as { toDelayed?: unknown }).toDelayed === 'function' && !Array.isArray(v)) {
    return replacePlaceholders((v as { toDelayed(): unknown }).toDelayed(), deps);
  }
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const r = replacePlaceholders(v[i], deps);
      if (r !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(r);
    }
    return out ?? v;
  }
  if (v !== null && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    let out: Record<string, unknown> | undefined;
    for (const k in v as Record<string, unknown>) {
      const x = (v as Record<string, unknown>)[k];
      const r = replacePlaceholders(x, deps);
      if (r !== x && !out) out = { ...(v as Record<string, unknown>) };
      if (out) out[k] = r;
    }
    // a plain object that looks like a reference must not be read as one
    if (!out && ('$ref' in (v as object) || '$lit' in (v as object))) return { $lit: v };
    return out ?? v;
  }
  return v;
}

/** `args` is the caller's own array (a rest parameter): kept as the task's arguments when it holds no placeholder. */
function makeCall(fn: AnyFn, args: unknown[], prefix: string, pure: boolean, attrOf?: Node['attrOf'], nout?: number): Delayed {
  // made only when an argument may hold placeholders: `delayed(inc)(i)` in a loop of 10^5 calls
  // allocates nothing for it
  let deps: DepSet | undefined;
  let wired = args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === null || (typeof a !== 'object' && typeof a !== 'function')) continue;
    const r = replacePlaceholders(a, (deps ??= new DepSet()));
    if (r !== a && wired === args) wired = args.slice();
    wired[i] = r;
  }
  const token = pure ? tokenizeCall(fn, args, tokenOf) : randomToken();
  if (++calls === PRESTART_AFTER_CALLS) prestartWhileBuilding();
  return proxyFor(new Node(`${prefix}-${token}`, { fn, args: wired }, deps && deps.list.length ? deps.list : NO_DEPS, undefined, attrOf, nout));
}

/**
 * A program that makes this many delayed calls is building a graph big enough that the pool's
 * start-up (a worker thread boots in ~100 ms of CPU) is worth overlapping with the rest of the
 * building and planning: a fresh process's first compute of 20,000 calls waited for it after
 * both. Smaller programs start workers at compute, as before.
 */
const PRESTART_AFTER_CALLS = 1000;
let calls = 0;

function prestartWhileBuilding(): void {
  if (workerImporting()) return;
  try {
    prestartWorkers({});
  } catch {
    // a closed client's pool: the compute that follows says so
  }
}

/** Destructuring a placeholder: its `nout` parts, each `getitem(result, i)`. */
function iterate(n: Node): () => Iterator<Delayed> {
  return function* () {
    if (n.nout === undefined) {
      throw new SsdpError('E_DELAYED_NOT_ITERABLE', `a Delayed placeholder (${n.key}) of unknown length cannot be destructured or iterated`, {
        hint: 'Say how many values the function returns: delayed(f, { nout: 2 }), then const [a, b] = f_(x).',
      });
    }
    for (let i = 0; i < n.nout; i++) yield partOf(n, i);
  };
}

/** Part `i` of an nout call's result; past nout it is an error now, as Dask's IndexError at compute. */
function partOf(n: Node, i: number): Delayed {
  if (i >= n.nout!) {
    throw new SsdpError('E_DELAYED_NOUT', `${label(n)} was made with nout: ${n.nout}, so it has no part ${i}`, {
      hint: `Its parts are 0..${n.nout! - 1}; give nout the length of the array the function returns.`,
    });
  }
  return makeCall(part, [proxyOf(n), i, n.nout], 'getitem', true);
}

import { identity } from './builtins.js';
const identityFnRef = identity;

/** Collects the graph of a set of nodes (each key once). */
function graphOf(roots: readonly Node[]): Graph {
  const g: Graph = {};
  // a Set, not `key in g`: membership in a 10^6-key dictionary object is several times slower
  const seen = new Set<Key>();
  const stack = roots.slice();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n.key)) continue;
    seen.add(n.key);
    g[n.key] = n.node;
    if (n.layer) Object.assign(g, n.layer);
    for (const d of n.deps) if (!seen.has(d.key)) stack.push(d);
  }
  return g;
}

/**
 * What a run needs of a placeholder's graph, read straight off its nodes (their deps are already
 * nodes): no graph object of every key, no search of every task's arguments for references, as
 * `graphOf` + planning's cull do. Undefined when a node carries a collection's graph (`layer`) or
 * futures may sit in the graph: those take the graph path.
 */
function indexedGraphOf(root: Node): IndexedGraph | undefined {
  if (futuresMayBeInGraphs() || root.layer) return undefined;
  const idx = new Map<Key, number>([[root.key, 0]]);
  const names: Key[] = [root.key];
  const nodes: GraphNode[] = [root.node];
  const deps: (readonly number[])[] = [NO_DEP_INDICES];
  const owners: Node[] = [root];
  // seenBy[d] = i + 1 once task i listed d: two nodes of one key (the same pure call made
  // twice) are one dependency, as the graph's keys make them
  const seenBy: number[] = [0];
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    const ds = owners[i]!.deps;
    if (ds.length === 0) continue;
    const out: number[] = [];
    for (let j = 0; j < ds.length; j++) {
      const d = ds[j]!;
      let di = idx.get(d.key);
      if (di === undefined) {
        if (d.layer) return undefined;
        di = names.length;
        idx.set(d.key, di);
        names.push(d.key);
        nodes.push(d.node);
        deps.push(NO_DEP_INDICES);
        owners.push(d);
        seenBy.push(0);
        stack.push(di);
      } else if (seenBy[di] === i + 1) continue;
      seenBy[di] = i + 1;
      out.push(di);
    }
    deps[i] = out;
  }
  // the placeholders' records are the plan's steps (each has the step's key and node)
  return { names, nodes, deps, idx, steps: owners };
}
const NO_DEP_INDICES: readonly number[] = [];

const RESERVED = new Set(['key', 'graph', 'compute', 'persist', 'visualize', 'toDot', '$attr', '$call', 'ssdpGraph', 'ssdpKeys', 'ssdpFinalize', 'then', 'toDelayed', 'constructor', 'toJSON']);

const label = (n: Node): string => `Delayed('${n.key}')`;

/**
 * The proxy targets share one prototype that labels them for util.inspect (which looks at a
 * proxy's target without running traps, calling the label with the proxy as `this`).
 */
const TARGET_PROTO: object = Object.create(Function.prototype, {
  [inspect.custom]: {
    value(this: unknown) {
      const n = nodeOf(this);
      return n ? label(n) : 'Delayed';
    },
  },
});

/**
 * Every placeholder is a proxy of this one callable target, with its own node as the handler:
 * no per-placeholder closure, target or weak-map entry (10^6 calls must build in seconds).
 */
const TARGET = function (): void {};
Object.setPrototypeOf(TARGET, TARGET_PROTO);

/** A placeholder used as a number or string by an operator (`d + 1`): say what to write. */
function noOperators(n: Node): (hint: string) => string {
  return (hint) => {
    if (hint === 'string') return label(n);
    throw new SsdpError('E_DELAYED_OPERATOR', `a Delayed placeholder (${n.key}) was used with an operator such as + or <, which JavaScript cannot make lazy`, {
      hint: 'Use its methods instead: d.add(1), d.sub(x), d.mul(x), d.div(x), d.lt(x), ... (or compute it first).',
    });
  };
}

/** The record behind each placeholder, and the handler of its proxy. */
class Node implements ProxyHandler<object> {
  proxy: Delayed | undefined;
  constructor(
    readonly key: Key,
    readonly node: GraphNode,
    readonly deps: readonly Node[],
    /** Extra graph carried in (from collections turned into delayed). */
    readonly layer?: Graph,
    /** For attribute placeholders: the object and name, so calling it is a method call. */
    readonly attrOf?: { readonly obj: Node; readonly name: string },
    /** How many parts destructuring yields (`delayed(f, { nout })`). */
    readonly nout?: number,
  ) {}

  get(_t: object, prop: string | symbol): unknown {
    if (typeof prop === 'symbol') {
      if (prop === NODE) return this;
      if (prop === Symbol.toStringTag) return 'Delayed';
      if (prop === inspect.custom) return () => label(this);
      if (prop === Symbol.toPrimitive) return noOperators(this);
      if (prop === Symbol.iterator) return iterate(this);
      return undefined;
    }
    if (prop in ARITHMETIC) {
      const op = ARITHMETIC[prop as keyof typeof ARITHMETIC] as AnyFn;
      return (...args: unknown[]) => makeCall(op, [proxyOf(this), ...args], prop, true);
    }
    if (RESERVED.has(prop)) return member(this, prop);
    // d[1] of a delayed(f, { nout }) call is its part 1, checked against nout
    if (this.nout !== undefined && /^(0|[1-9]\d*)$/.test(prop)) return partOf(this, Number(prop));
    return attr(this, prop);
  }

  apply(_t: object, _this: unknown, args: unknown[]): unknown {
    if (this.attrOf) return makeCall(callMethod, [proxyOf(this.attrOf.obj), this.attrOf.name, ...args], this.attrOf.name, true);
    return makeCall(call, [proxyOf(this), ...args], 'call', true);
  }

  has(_t: object, prop: string | symbol): boolean {
    return RESERVED.has(prop as string) || prop in ARITHMETIC;
  }

  set(): boolean {
    throw new TypeError(`cannot set properties on a Delayed placeholder (${this.key}); build a new value with a delayed function instead`);
  }
}

function attr(n: Node, name: string): Delayed {
  const dn = nodeOf(makeCall(getattr, [proxyOf(n), name], 'getattr', true, undefined))!;
  return proxyFor(new Node(dn.key, dn.node, dn.deps, dn.layer, { obj: n, name }));
}

function member(n: Node, prop: string): unknown {
  const self = proxyOf(n);
  switch (prop) {
    case 'key':
      return n.key;
    case 'graph':
      return graphOf([n]);
    case 'compute':
      return async (opts: ComputeOptions = {}) => {
        checkOptions(opts, 'compute');
        return (await compute(self, opts))[0];
      };
    case 'persist':
      return async (opts: ComputeOptions = {}) => {
        checkOptions(opts, 'persist');
        return (await persist(self, opts))[0];
      };
    case 'visualize':
      return async (opts: VisualizeOptions = {}) => (await import('./visualize.js')).visualize(self, opts);
    case 'toDot':
      return () => toDotOf(graphOf([n]));
    case '$attr':
      return (name: string) => attr(n, name);
    case '$call':
      return (name: string, ...args: unknown[]) => makeCall(callMethod, [self, name, ...args], name, true);
    case 'ssdpGraph':
      return () => graphOf([n]);
    case 'ssdpKeys':
      return () => n.key;
    case 'ssdpFinalize':
      return (r: unknown) => r;
    case 'toJSON':
      return () => label(n);
    default:
      return undefined;
  }
}

function proxyFor(n: Node): Delayed {
  return (n.proxy = new Proxy(TARGET, n) as unknown as Delayed);
}

function proxyOf(n: Node): Delayed {
  return n.proxy ?? proxyFor(n);
}

import { toDot as toDotOf } from './dot.js';

/**
 * Turns a collection (bag, array) into a placeholder whose value is the collection's computed
 * value; `finalize` must be a worker-importable function when results are combined on workers.
 */
export function fromGraph(key: Key, graph: Graph): Delayed {
  if (!(key in graph)) throw new Error(`fromGraph: ${key} is not in the given graph`);
  return proxyFor(new Node(key, graph[key]!, NO_DEPS, graph));
}

function isComputable(v: unknown): v is Computable {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as Computable).ssdpGraph === 'function' && typeof (v as Computable).ssdpKeys === 'function';
}

/**
 * A trailing plain object is options when one of its keys is an option name or close to one
 * (`{ schedular: 'sync' }` is a typo, reported, not a value to return); otherwise it is a value.
 */
function splitOptions(args: unknown[]): { items: unknown[]; opts: ComputeOptions } {
  const last = args[args.length - 1];
  if (args.length > 0 && isPlainObject(last) && !isComputable(last) && !containsComputable(last, 0)) {
    const keys = Object.keys(last);
    if (keys.length === 0 || keys.some(looksLikeOption)) {
      checkOptions(last, 'compute');
      return { items: args.slice(0, -1), opts: last as ComputeOptions };
    }
  }
  return { items: args, opts: {} };
}

const MAX_DEPTH = 16;

function containsComputable(v: unknown, depth: number): boolean {
  if (isComputable(v)) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) return v.some((x) => x !== null && (typeof x === 'object' || typeof x === 'function') && containsComputable(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).some((x) => containsComputable(x, depth + 1));
  return false;
}

/**
 * The graph and keys of everything computable among `items`, also inside arrays and plain
 * objects (as Dask computes inside lists and dicts); `finalize` rebuilds each item around the
 * results. Values holding nothing computable are returned as they are.
 */
function prepare(items: unknown[]): { graph: Graph; keys: KeyTree[]; finalize: (results: unknown[]) => unknown[] } {
  const graphs: Graph[] = [];
  const keys: KeyTree[] = [];
  const comps: Computable[] = [];
  const build = (v: unknown, depth: number): ((results: unknown[]) => unknown) => {
    if (isComputable(v)) {
      graphs.push(v.ssdpGraph());
      const i = keys.length;
      keys.push(v.ssdpKeys());
      comps.push(v);
      return (results) => v.ssdpFinalize(results[i]);
    }
    if (!containsComputable(v, depth)) return () => v;
    if (Array.isArray(v)) {
      const parts = v.map((x) => build(x, depth + 1));
      return (results) => parts.map((p) => p(results));
    }
    const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, build(x, depth + 1)] as const);
    return (results) => Object.fromEntries(parts.map(([k, p]) => [k, p(results)]));
  };
  const slots = items.map((item) => build(item, 0));
  // one placeholder (the usual case) is computed from its own graph: no copy of 10^6 entries
  const graph: Graph = graphs.length === 1 ? graphs[0]! : {};
  if (graphs.length !== 1) for (const g of graphs) Object.assign(graph, g);
  return { graph, keys, finalize: (results) => slots.map((s) => s(results)) };
}

/**
 * Computes several placeholders/collections together: shared work runs once.
 * `const [a, b] = await compute(result1, result2)`. A trailing plain object whose keys are
 * option names (`scheduler`, `nWorkers`, `retries`, `optimize`, `progress`, `summary`, `client`),
 * or misspellings of them (an error), is taken as options. Placeholders inside arrays and plain
 * objects are computed; values holding none are returned unchanged.
 */
export async function compute(...args: unknown[]): Promise<unknown[]> {
  const { items, opts } = splitOptions(args);
  if (!workerImporting()) prestartWorkers(opts);
  const one = items.length === 1 ? nodeOf(items[0]) : undefined;
  const indexed = one && indexedGraphOf(one);
  if (indexed) return [await getIndexed(indexed, one.key, opts)];
  const p = prepare(items);
  const results = (await get(p.graph, p.keys, opts)) as unknown[];
  return p.finalize(results);
}

/** Like `compute`, also returning the run summary (tasks, time per task kind, peak memory). */
export async function computeWithSummary(...args: unknown[]): Promise<{ results: unknown[]; summary: GetResult['summary'] }> {
  const { items, opts } = splitOptions(args);
  const p = prepare(items);
  const r = await getWithSummary(p.graph, p.keys, opts);
  return { results: p.finalize(r.results as unknown[]), summary: r.summary };
}

/** The merged graph of several placeholders/collections (for inspection). */
export function graphOfAll(...items: unknown[]): Graph {
  return { ...prepare(items).graph };
}

/**
 * A collection that can hold its computed partitions (dask's `__dask_postpersist__`): given the
 * graph of its own keys' results as data, it returns the same collection backed by them.
 */
export interface Persistable extends Computable {
  ssdpPersisted(data: Graph): unknown;
}

function isPersistable(v: unknown): v is Persistable {
  return isComputable(v) && typeof (v as Persistable).ssdpPersisted === 'function';
}

/**
 * Computes placeholders/collections now and returns them backed by their results (dask.persist):
 * `const [x2] = await persist(x)`; graphs built on `x2` start from the held values, nothing
 * upstream reruns. Other values are returned unchanged; a trailing options object as `compute`.
 */
export async function persist(...args: unknown[]): Promise<unknown[]> {
  const { items, opts } = splitOptions(args);
  const graph: Graph = {};
  const which: number[] = [];
  const keys: KeyTree[] = [];
  items.forEach((item, i) => {
    if (isDelayed(item)) {
      Object.assign(graph, item.ssdpGraph());
      keys.push(item.key);
      which.push(i);
    } else if (isPersistable(item)) {
      Object.assign(graph, item.ssdpGraph());
      keys.push(item.ssdpKeys());
      which.push(i);
    }
  });
  const results = (await get(graph, keys, opts)) as unknown[];
  const out = items.slice();
  which.forEach((i, j) => {
    const item = items[i];
    if (isDelayed(item)) out[i] = proxyFor(new Node(item.key, { value: results[j] }, NO_DEPS));
    else {
      const data: Graph = {};
      const fill = (k: KeyTree, r: unknown): void => {
        if (typeof k === 'string') data[k] = { value: r };
        else k.forEach((kk, n) => fill(kk, (r as unknown[])[n]));
      };
      fill(keys[j]!, results[j]);
      out[i] = (item as Persistable).ssdpPersisted(data);
    }
  });
  return out;
}
