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
import { ref } from './graph.js';
import { callerModuleUrl, fnName, registerFunction, rememberCallerModule, unwrap, WRAPPED, type AnyFn } from './functions.js';
import { ARITHMETIC, callMethod, call, getattr } from './builtins.js';
import { tokenize, randomToken } from './tokenize.js';
import { get, getWithSummary, type GetResult } from './run.js';
import type { Client } from './client.js';
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
  visualize(opts?: { filename?: string; format?: 'svg' | 'dot' }): Promise<string>;
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
  readonly [prop: string]: unknown;
}

/** The lazy version of `F`: same parameters (each may also be a placeholder), returns a Delayed. */
export type DelayedFn<F extends AnyFn> = ((...args: LazyArgs<Parameters<F>>) => Delayed<Awaited<ReturnType<F>>>) & {
  readonly [WRAPPED]: F;
};

type LazyArgs<P extends unknown[]> = { [K in keyof P]: P[K] | Delayed | unknown };

/** Internal record behind each proxy. */
interface Node {
  readonly key: Key;
  readonly node: GraphNode;
  readonly deps: readonly Node[];
  /** Extra graph carried in (from collections turned into delayed). */
  readonly layer?: Graph;
  /** For attribute placeholders: the object and name, so calling it is a method call. */
  readonly attrOf?: { readonly obj: Node; readonly name: string };
}

const nodes = new WeakMap<object, Node>();

export function isDelayed(v: unknown): v is Delayed {
  return (typeof v === 'function' || typeof v === 'object') && v !== null && nodes.has(v);
}

/**
 * Makes `fn` lazy, or wraps a plain value as a placeholder (`delayed(value)`).
 */
export function delayed<F extends AnyFn>(fn: F, opts?: DelayedOptions): DelayedFn<F>;
export function delayed<T>(value: T, opts?: DelayedOptions): Delayed<T>;
export function delayed(fnOrValue: unknown, opts: DelayedOptions = {}): unknown {
  if (isDelayed(fnOrValue)) return fnOrValue;
  if (typeof fnOrValue !== 'function') return valuePlaceholder(fnOrValue, opts);
  const fn = unwrap(fnOrValue as AnyFn);
  if (opts.module) registerFunction(fn, opts.module, opts.exportName ?? fn.name);
  else {
    const caller = callerModuleUrl();
    if (caller) rememberCallerModule(fn, caller);
  }
  const prefix = opts.name ?? fnName(fn);
  const pure = opts.pure !== false;
  const wrapper = (...args: unknown[]): Delayed => makeCall(fn, args, prefix, pure);
  Object.defineProperty(wrapper, WRAPPED, { value: fn });
  Object.defineProperty(wrapper, 'name', { value: `delayed(${fn.name})` });
  return wrapper;
}

function valuePlaceholder(value: unknown, opts: DelayedOptions): Delayed {
  const deps: Node[] = [];
  const args = replacePlaceholders(value, deps);
  if (deps.length > 0) {
    // A structure holding placeholders: a task that rebuilds it from their results.
    const key = opts.key ?? `${Array.isArray(value) ? 'list' : 'dict'}-${tokenize([value], tokenOf)}`;
    return proxyFor({ key, node: { fn: identityFnRef, args: [args] }, deps });
  }
  const key = opts.key ?? `${typeName(value)}-${tokenize([value])}`;
  return proxyFor({ key, node: { value }, deps: [] });
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v.constructor?.name ?? 'object').toLowerCase();
}

const tokenOf = (v: unknown): string | undefined => (isDelayed(v) ? nodes.get(v)!.key : undefined);

/** Replaces placeholders inside arrays/plain objects by references, collecting their nodes. */
function replacePlaceholders(v: unknown, deps: Node[]): unknown {
  if (isDelayed(v)) {
    const n = nodes.get(v)!;
    if (!deps.includes(n)) deps.push(n);
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

function makeCall(fn: AnyFn, args: unknown[], prefix: string, pure: boolean, attrOf?: Node['attrOf']): Delayed {
  const deps: Node[] = [];
  const wired = args.map((a) => replacePlaceholders(a, deps));
  const token = pure ? tokenize([fn, ...args], tokenOf) : randomToken();
  const key = `${prefix}-${token}`;
  return proxyFor({ key, node: { fn, args: wired }, deps, attrOf });
}

import { identity } from './builtins.js';
const identityFnRef = identity;

/** Collects the graph of a set of nodes (each key once). */
function graphOf(roots: readonly Node[]): Graph {
  const g: Graph = {};
  const stack = roots.slice();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.key in g) continue;
    g[n.key] = n.node;
    if (n.layer) Object.assign(g, n.layer);
    for (const d of n.deps) if (!(d.key in g)) stack.push(d);
  }
  return g;
}

const RESERVED = new Set(['key', 'graph', 'compute', 'visualize', 'toDot', '$attr', '$call', 'ssdpGraph', 'ssdpKeys', 'ssdpFinalize', 'then', 'toDelayed', 'constructor', 'toJSON']);

function proxyFor(n: Node): Delayed {
  const target = (): void => {};
  // util.inspect looks at a proxy's target without running traps: label the target itself
  Object.defineProperty(target, inspect.custom, { value: () => `Delayed('${n.key}')` });
  const self: Delayed = new Proxy(target, {
    get(_t, prop) {
      if (typeof prop === 'symbol') {
        if (prop === inspect.custom || prop === Symbol.toStringTag) return prop === Symbol.toStringTag ? 'Delayed' : () => `Delayed('${n.key}')`;
        if (prop === Symbol.toPrimitive) return () => `Delayed('${n.key}')`;
        return undefined;
      }
      if (prop in ARITHMETIC) {
        const op = ARITHMETIC[prop as keyof typeof ARITHMETIC] as AnyFn;
        return (...args: unknown[]) => makeCall(op, [self, ...args], prop, true);
      }
      if (RESERVED.has(prop)) return member(prop);
      return attr(prop);
    },
    apply(_t, _this, args) {
      if (n.attrOf) return makeCall(callMethod, [proxyOf(n.attrOf.obj), n.attrOf.name, ...args], n.attrOf.name, true);
      return makeCall(call, [self, ...args], 'call', true);
    },
    has(_t, prop) {
      return RESERVED.has(prop as string) || prop in ARITHMETIC;
    },
    set() {
      throw new TypeError(`cannot set properties on a Delayed placeholder (${n.key}); build a new value with a delayed function instead`);
    },
  }) as unknown as Delayed;
  const attr = (name: string): Delayed => {
    const d = makeCall(getattr, [self, name], 'getattr', true, undefined);
    const dn = nodes.get(d)!;
    const withAttr: Node = { ...dn, attrOf: { obj: n, name } };
    return proxyFor(withAttr);
  };
  const member = (prop: string): unknown => {
    switch (prop) {
      case 'key':
        return n.key;
      case 'graph':
        return graphOf([n]);
      case 'compute':
        return async (opts: ComputeOptions = {}) => (await compute(self, opts))[0];
      case 'visualize':
        return async (opts: { filename?: string; format?: 'svg' | 'dot' } = {}) => (await import('./visualize.js')).visualize(self, opts);
      case 'toDot':
        return () => toDotOf(graphOf([n]));
      case '$attr':
        return attr;
      case '$call':
        return (name: string, ...args: unknown[]) => makeCall(callMethod, [self, name, ...args], name, true);
      case 'ssdpGraph':
        return () => graphOf([n]);
      case 'ssdpKeys':
        return () => n.key;
      case 'ssdpFinalize':
        return (r: unknown) => r;
      case 'toJSON':
        return () => `Delayed('${n.key}')`;
      default:
        return undefined;
    }
  };
  nodes.set(self, n);
  proxies.set(n, self);
  return self;
}

const proxies = new WeakMap<Node, Delayed>();
function proxyOf(n: Node): Delayed {
  return proxies.get(n) ?? proxyFor(n);
}

import { toDot as toDotOf } from './dot.js';

/**
 * Turns a collection (bag, array) into a placeholder whose value is the collection's computed
 * value; `finalize` must be a worker-importable function when results are combined on workers.
 */
export function fromGraph(key: Key, graph: Graph): Delayed {
  if (!(key in graph)) throw new Error(`fromGraph: ${key} is not in the given graph`);
  return proxyFor({ key, node: graph[key]!, deps: [], layer: graph });
}

const OPTION_KEYS = new Set(['scheduler', 'nWorkers', 'retries', 'optimize', 'progress', 'summary', 'client']);

function isComputable(v: unknown): v is Computable {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as Computable).ssdpGraph === 'function' && typeof (v as Computable).ssdpKeys === 'function';
}

function splitOptions(args: unknown[]): { items: unknown[]; opts: ComputeOptions } {
  const last = args[args.length - 1];
  if (
    args.length > 0 &&
    last !== null &&
    typeof last === 'object' &&
    !Array.isArray(last) &&
    !isComputable(last) &&
    Object.getPrototypeOf(last) === Object.prototype &&
    Object.keys(last).every((k) => OPTION_KEYS.has(k))
  ) {
    return { items: args.slice(0, -1), opts: last as ComputeOptions };
  }
  return { items: args, opts: {} };
}

function prepare(items: unknown[]): { graph: Graph; keys: KeyTree[]; finalize: (results: unknown[]) => unknown[] } {
  const graph: Graph = {};
  const keys: KeyTree[] = [];
  const slots: ({ c: Computable; i: number } | { literal: unknown })[] = [];
  for (const item of items) {
    if (isComputable(item)) {
      Object.assign(graph, item.ssdpGraph());
      slots.push({ c: item, i: keys.length });
      keys.push(item.ssdpKeys());
    } else slots.push({ literal: item });
  }
  return {
    graph,
    keys,
    finalize: (results) => slots.map((s) => ('literal' in s ? s.literal : s.c.ssdpFinalize(results[s.i]))),
  };
}

/**
 * Computes several placeholders/collections together: shared work runs once.
 * `const [a, b] = await compute(result1, result2)`. A trailing plain object with only option
 * names (`scheduler`, `nWorkers`, `retries`, `optimize`, `progress`, `summary`, `client`) is
 * taken as options. Values that are not placeholders are returned unchanged.
 */
export async function compute(...args: unknown[]): Promise<unknown[]> {
  const { items, opts } = splitOptions(args);
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
  return prepare(items).graph;
}
