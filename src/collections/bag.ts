/**
 * Bags (dask.bag): a lazy, partitioned sequence of arbitrary values. Each operation adds one
 * layer of tasks, one per partition; nothing runs until `compute`, `take` or a reduction's
 * `compute`.
 *
 * ```ts
 * const b = bag.fromSequence(Array(100).fill(10_000));
 * const sums = b.map((n) => Array.from({ length: n }, () => Math.random())).map(sum);
 * await sums.take(1);     // runs the first partition only; different numbers every time
 * ```
 *
 * Functions given to `map`/`filter`/`fold` run on workers: exported functions are found from the
 * calling module, small self-contained lambdas are shipped as source (see graph/types.ts).
 */
import { ref } from '../graph/graph.js';
import { rememberCaller, type AnyFn } from '../graph/functions.js';
import { tokenize } from '../graph/tokenize.js';
import { fromGraph, isDelayed, persist, type ComputeOptions, type Delayed } from '../graph/delayed.js';
import { get } from '../graph/run.js';
import { cull } from '../graph/plan.js';
import type { Computable, Graph, Key } from '../graph/types.js';
import * as T from './bag-tasks.js';
import { checkOptionKeys } from './option-keys.js';
import { SsdpError } from '../util/errors.js';

const FAN_IN = 8;

export interface FromSequenceOptions {
  /** Number of partitions (default: about 100 partitions at most, as dask). */
  npartitions?: number;
  /** Items per partition (alternative to npartitions). */
  partitionSize?: number;
}

export class Bag<T = unknown> implements Computable {
  /** @internal use fromSequence / operations */
  constructor(
    /** Key prefix of this bag's partitions: partition i is `${name}-${i}`. */
    readonly name: string,
    readonly npartitions: number,
    /** Every task this bag needs. */
    readonly graph: Graph,
  ) {}

  /** Key of partition `i`. */
  key(i: number): Key {
    return `${this.name}-${i}`;
  }

  get keys(): Key[] {
    return Array.from({ length: this.npartitions }, (_, i) => this.key(i));
  }

  private layer<U>(kind: string, token: unknown[], task: (i: number) => { fn: AnyFn; args: unknown[] }): Bag<U> {
    const name = `${kind}-${tokenize([this.name, ...token])}`;
    const graph: Graph = { ...this.graph };
    for (let i = 0; i < this.npartitions; i++) graph[`${name}-${i}`] = task(i);
    return new Bag<U>(name, this.npartitions, graph);
  }

  /**
   * Applies `f` to every element: `f(x, ...args)`, as Dask's `bag.map(func, *args)`. An extra
   * argument that is another bag (same number of partitions) gives its elements pairwise; a
   * Delayed is computed first; anything else is passed as it is.
   */
  map<U>(f: (x: T, ...args: never[]) => U | Promise<U>, ...args: unknown[]): Bag<Awaited<U>> {
    remember(f);
    if (args.length === 0) return this.layer('map', [f], (i) => ({ fn: T.mapPartition, args: [f, ref(this.key(i))] }));
    const extra = this.extraArgs('map', args);
    return extra.bag.layer('map', [f, extra.token], (i) => ({ fn: T.mapPartitionWith, args: [f, extra.zipped, ref(this.key(i)), ...extra.at(i)] }));
  }

  /**
   * The graph of `args` merged into this bag's (a copy) and each partition's task arguments: a Bag
   * gives its partition's key (its elements go pairwise), a Delayed its key, anything else itself.
   */
  private extraArgs(call: string, args: unknown[]): { bag: Bag<T>; token: unknown[]; zipped: boolean[]; at: (i: number) => unknown[] } {
    const graph: Graph = { ...this.graph };
    const zipped = args.map((a) => a instanceof Bag);
    const token: unknown[] = [];
    const fixed = args.map((a) => {
      if (a instanceof Bag) {
        if (a.npartitions !== this.npartitions) {
          throw new SsdpError('E_BAG_ARGUMENT', `bag.${call}: a bag given as an extra argument has ${a.npartitions} partitions, this bag ${this.npartitions}; their elements go pairwise, so the partitions must match.`, {
            hint: 'Make both bags with the same npartitions (and the same items per partition), or compute the other bag first and pass its list.',
          });
        }
        Object.assign(graph, a.graph);
        token.push(a.name);
        return undefined;
      }
      if (isDelayed(a)) {
        Object.assign(graph, a.graph);
        token.push(a.key);
        return ref(a.key);
      }
      token.push(a);
      return a;
    });
    const at = (i: number): unknown[] => args.map((a, j) => (a instanceof Bag ? ref(a.key(i)) : fixed[j]));
    return { bag: new Bag<T>(this.name, this.npartitions, graph), token, zipped, at };
  }

  /** Keeps the elements for which `pred` is true. */
  filter(pred: (x: T) => unknown, ...rest: unknown[]): Bag<T> {
    if (rest.length > 0) {
      // Dask's filter takes the predicate alone (TypeError for more): never drop them silently
      throw new SsdpError('E_BAG_ARGUMENT', `bag.filter takes one function, got ${rest.length} more argument${rest.length === 1 ? '' : 's'}; as in Dask, filter passes nothing else to the predicate.`, {
        hint: 'Close over the value instead: const limit = 2; bag.filter((x) => x > limit).',
      });
    }
    remember(pred);
    return this.layer('filter', [pred], (i) => ({ fn: T.filterPartition, args: [pred, ref(this.key(i))] }));
  }

  /** Concatenates iterable elements into one bag of their items. */
  flatten(): Bag<T extends Iterable<infer U> ? U : T> {
    return this.layer('flatten', [], (i) => ({ fn: T.flattenPartition, args: [ref(this.key(i))] }));
  }

  /**
   * Folds each partition with `binop(acc, x)` (from `initial` when given, else the first element)
   * and combines the partition results with `combine(a, b)` (default `binop`) in a tree.
   * `initial` is the value itself (Dask's order) or `{ initial: value }`; an initial value that
   * is itself an object with the single key `initial` must be wrapped: `{ initial: { initial } }`.
   */
  fold<A = T>(binop: (acc: A, x: T) => A, combine?: (a: A, b: A) => A, initial?: A | { initial: A }): Delayed<A> {
    return this.foldAs('fold', binop, combine, initial);
  }

  private foldAs<A>(call: string, binop: (acc: A, x: T) => A, combine?: (a: A, b: A) => A, initial?: A | { initial: A }): Delayed<A> {
    remember(binop);
    if (combine) remember(combine);
    const comb = combine ?? (binop as unknown as (a: A, b: A) => A);
    const hasInitial = initial !== undefined;
    // Dask passes the initial value positionally; `{ initial }` (this API's first form) still works.
    const init = isInitialWrapper(initial) ? initial.initial : (initial as A);
    const token = tokenize([this.name, binop, comb, hasInitial ? init : null]);
    const graph: Graph = { ...this.graph };
    const leaves = this.keys.map((k, i) => {
      const key = `fold-part-${token}-${i}`;
      graph[key] = { fn: T.foldPartition, args: [binop, hasInitial, hasInitial ? init : null, ref(k)] };
      return key;
    });
    const root = tree(graph, leaves, `fold-agg-${token}`, (refs) => ({ fn: T.combineFolds, args: [comb, ...refs] }));
    const key = `fold-${token}`;
    graph[key] = { fn: T.finalizeFold, args: [call, ref(root)] };
    return fromGraph(key, cull(graph, key)) as Delayed<A>;
  }

  /** Folds with one function: `reduce((a, b) => a + b)`. */
  reduce(binop: (a: T, b: T) => T): Delayed<T> {
    return this.foldAs<T>('reduce', binop as (acc: T, x: T) => T);
  }

  /** dask's `reduction`: `perPartition(items)` on each partition, `aggregate(results)` over them. */
  reduction<P, R>(perPartition: (items: T[]) => P, aggregate: (parts: P[]) => R): Delayed<R> {
    remember(perPartition);
    remember(aggregate);
    const token = tokenize([this.name, perPartition, aggregate]);
    const graph: Graph = { ...this.graph };
    const parts = this.keys.map((k, i) => {
      const key = `reduction-part-${token}-${i}`;
      graph[key] = { fn: T.reducePartition, args: [perPartition, ref(k)] };
      return ref(key);
    });
    const key = `reduction-${token}`;
    graph[key] = { fn: T.aggregateParts, args: [aggregate, ...parts] };
    return fromGraph(key, cull(graph, key)) as Delayed<R>;
  }

  /** `finishArgs` go before the combined value: `finish(...finishArgs, combined)`. */
  private treeReduction(kind: string, part: AnyFn, combine: AnyFn, finish?: AnyFn, finishArgs: unknown[] = []): Delayed {
    const token = tokenize([this.name, kind, ...finishArgs]);
    const graph: Graph = { ...this.graph };
    const leaves = this.keys.map((k, i) => {
      const key = `${kind}-part-${token}-${i}`;
      graph[key] = { fn: part, args: [ref(k)] };
      return key;
    });
    let root = tree(graph, leaves, `${kind}-agg-${token}`, (refs) => ({ fn: combine, args: refs }));
    if (finish) {
      const key = `${kind}-${token}`;
      graph[key] = { fn: finish, args: [...finishArgs, ref(root)] };
      root = key;
    }
    return fromGraph(root, cull(graph, root));
  }

  /** `f(partition, ...args)` on each partition's list of elements; returns the new elements. */
  mapPartitions<U>(f: (part: T[], ...args: never[]) => Iterable<U> | Promise<Iterable<U>>, ...args: unknown[]): Bag<U> {
    remember(f);
    // as Dask's map_partitions: a bag argument gives its matching partition, a Delayed its value
    const extra = this.extraArgs('mapPartitions', args);
    return extra.bag.layer('map-partitions', [f, extra.token], (i) => ({ fn: T.mapPartitionsCall, args: [f, ref(this.key(i)), ...extra.at(i)] }));
  }

  /**
   * `x[key]` of each element; `key` a property name, an index, or a list of them (a tuple per
   * element). A missing key is an error unless a default is given: `pluck('name', null)`.
   */
  pluck(key: string | number | (string | number)[], ...fallback: [unknown?]): Bag<unknown> {
    const has = fallback.length > 0;
    return this.layer('pluck', [key, has, fallback[0]], (i) => ({ fn: T.pluckPartition, args: [key, has, has ? fallback[0] : null, ref(this.key(i))] }));
  }

  /** A one-partition bag made by `combine(partitionResults...)` over every partition's `part` result. */
  private allToOne<U>(kind: string, token: unknown[], part: (k: Key) => { fn: AnyFn; args: unknown[] }, combine: (refs: unknown[]) => { fn: AnyFn; args: unknown[] }): Bag<U> {
    const name = `${kind}-${tokenize([this.name, ...token])}`;
    const graph: Graph = { ...this.graph };
    const refs = this.keys.map((k, i) => {
      const key = `${name}-part-${i}`;
      graph[key] = part(k);
      return ref(key);
    });
    graph[`${name}-0`] = combine(refs);
    return new Bag<U>(name, 1, graph);
  }

  /**
   * dask's foldby: groups by `key` (a property name/index or a function) and folds each group
   * with `binop(acc, x)` (from `initial`, else the group's first element) in each partition,
   * then merges partitions' results with `combine(a, b)` (default `binop`; from
   * `combineInitial` when given). A one-partition bag of `[key, value]` pairs.
   */
  foldby<K, A>(key: string | number | ((x: T) => K), binop: (acc: A, x: T) => A, ...rest: [initial?: A, combine?: (a: A, b: A) => A, combineInitial?: A]): Bag<[K, A]> {
    remember(binop);
    if (typeof key === 'function') remember(key);
    const [initial, combine, combineInitial] = rest;
    if (combine) remember(combine);
    const hasInit = rest.length > 0 && initial !== undefined;
    const hasCombInit = rest.length > 2;
    const comb = combine ?? binop;
    return this.allToOne('foldby', [key, binop, hasInit ? initial : null, comb, hasCombInit ? combineInitial : null, hasInit, hasCombInit], (k) => ({
      fn: T.foldbyPartition,
      args: [key, binop, hasInit, hasInit ? initial : null, ref(k)],
    }), (refs) => ({ fn: T.foldbyCombine, args: [comb, hasCombInit, hasCombInit ? combineInitial : null, ...refs] }));
  }

  /** Groups elements by `key` (property name/index or function): a one-partition bag of `[key, items]`. */
  groupby<K>(key: string | number | ((x: T) => K)): Bag<[K, T[]]> {
    if (typeof key === 'function') remember(key);
    return this.allToOne('groupby', [key], (k) => ({ fn: T.groupPartition, args: [key, ref(k)] }), (refs) => ({ fn: T.groupCombine, args: refs }));
  }

  /** `[item, count]` for each distinct item; `{ sort: true }`: most frequent first. */
  frequencies(opts: { sort?: boolean } = {}): Bag<[T, number]> {
    checkOptionKeys(opts, ['sort'], 'bag.frequencies');
    const sort = !!opts.sort;
    return this.allToOne('frequencies', [sort], (k) => ({ fn: T.countPartitionItems, args: [ref(k)] }), (refs) => ({ fn: T.addCounts, args: [sort, ...refs] }));
  }

  /** Each distinct element once (by `key` when given), in order of first appearance. */
  distinct(key?: string | number | ((x: T) => unknown)): Bag<T> {
    if (typeof key === 'function') remember(key);
    const spec = key ?? null;
    return this.allToOne('distinct', [spec], (k) => ({ fn: T.distinctItems, args: [spec, ref(k)] }), (refs) => ({ fn: T.distinctItems, args: [spec, ...refs] }));
  }

  /** The `k` largest elements (by `key` when given), largest first. */
  topk(k: number, key?: string | number | ((x: T) => unknown)): Bag<T> {
    if (!Number.isInteger(k) || k < 0) {
      throw new SsdpError('E_BAG_ARGUMENT', `bag.topk: k is how many elements to keep, a whole number 0 or more; got ${String(k)}.`, {
        hint: 'For the smallest elements give a key that reverses the order: b.topk(2, (x) => -x).',
      });
    }
    if (typeof key === 'function') remember(key);
    const spec = key ?? null;
    return this.allToOne('topk', [k, spec], (p) => ({ fn: T.topkItems, args: [k, spec, ref(p)] }), (refs) => ({ fn: T.topkItems, args: [k, spec, ...refs] }));
  }

  /** Smallest element (numbers or strings). */
  min(): Delayed<T> {
    return this.treeReduction('min', T.minPartition, T.minOf, T.notEmpty, ['min']) as Delayed<T>;
  }

  /** Largest element (numbers or strings). */
  max(): Delayed<T> {
    return this.treeReduction('max', T.maxPartition, T.maxOf, T.notEmpty, ['max']) as Delayed<T>;
  }

  /** Variance of the elements (numbers); `ddof` 0 (population, Dask's default) or 1 (sample). */
  var(ddof = 0): Delayed<number> {
    return this.treeReduction(`var`, T.momentsPartition, T.addMoments, T.variance, [ddof, false]) as Delayed<number>;
  }

  /** Standard deviation of the elements (numbers); `ddof` as `var`. */
  std(ddof = 0): Delayed<number> {
    return this.treeReduction(`std`, T.momentsPartition, T.addMoments, T.variance, [ddof, true]) as Delayed<number>;
  }

  /** Sum of the elements (numbers). */
  sum(): Delayed<number> {
    return this.treeReduction('sum', T.sumPartition, T.addNumbers) as Delayed<number>;
  }

  /** Number of elements. */
  count(): Delayed<number> {
    return this.treeReduction('count', T.countPartition, T.addNumbers) as Delayed<number>;
  }

  /** Arithmetic mean of the elements (numbers). */
  mean(): Delayed<number> {
    return this.treeReduction('mean', T.sumCountPartition, T.addPairs, T.divide) as Delayed<number>;
  }

  /**
   * The first `n` elements, computing only the partitions needed: the first partition, then the
   * next ones (1, 2, 4, ... more) only while fewer than `n` were found; none is computed twice.
   */
  async take(n: number, opts: ComputeOptions = {}): Promise<T[]> {
    const out: T[] = [];
    let done = 0;
    let upto = 1;
    for (;;) {
      const key = `take-${tokenize([this.name, n - out.length, done, upto])}`;
      const graph: Graph = { ...this.graph, [key]: { fn: T.takeFrom, args: [n - out.length, ...this.keys.slice(done, upto).map(ref)] } };
      out.push(...((await get(cull(graph, key), key, opts)) as T[]));
      done = upto;
      if (out.length >= n || done >= this.npartitions) return out;
      upto = Math.min(this.npartitions, upto * 2);
    }
  }

  /** Computes every partition and returns all elements in order. */
  async compute(opts: ComputeOptions = {}): Promise<T[]> {
    return this.ssdpFinalize(await get(this.graph, this.keys, opts)) as T[];
  }

  /** Computes the partitions now; the bag returned holds them (same keys), so later work starts there. */
  async persist(opts: ComputeOptions = {}): Promise<Bag<T>> {
    return (await persist(this, opts))[0] as Bag<T>;
  }

  ssdpPersisted(data: Graph): Bag<T> {
    return new Bag<T>(this.name, this.npartitions, data);
  }

  /**
   * Writes each partition to a text file (elements must be strings, joined by '\n'); gzip for
   * names ending in .gz. `path`: `out/*.txt` (* is the partition number), a folder, or one path
   * per partition. Returns the files written.
   */
  async toTextfiles(path: string | string[], opts: import('./bag-io.js').ToTextfilesOptions = {}): Promise<string[]> {
    return (await import('./bag-io.js')).toTextfiles(this, path, opts);
  }

  /** A placeholder for the whole list, usable as an argument of delayed calls. */
  toDelayed(): Delayed<T[]> {
    const key = `concat-${tokenize([this.name])}`;
    const graph: Graph = { ...this.graph, [key]: { fn: T.concatParts, args: this.keys.map(ref) } };
    return fromGraph(key, cull(graph, key)) as Delayed<T[]>;
  }

  /** Writes this bag's graph picture (DOT and SVG); returns the SVG text. */
  async visualize(opts: { filename?: string } = {}): Promise<string> {
    const { visualize } = await import('../graph/visualize.js');
    return visualize(this, opts);
  }

  ssdpGraph(): Graph {
    return this.graph;
  }

  ssdpKeys(): Key[] {
    return this.keys;
  }

  ssdpFinalize(results: unknown): unknown {
    return ([] as unknown[]).concat(...(results as unknown[][]));
  }

  toString(): string {
    return `Bag<${this.name}, npartitions=${this.npartitions}>`;
  }
}

function remember(f: unknown): void {
  if (typeof f !== 'function') throw new SsdpError('E_BAG_ARGUMENT', `bag: expected a function, got ${f === null ? 'null' : typeof f}.`, { hint: 'Pass a function (an exported one runs on every scheduler).' });
  rememberCaller(f);
}

/** Adds a tree of `combine` tasks over `keys` (fan-in 8); returns the root key. */
function tree(graph: Graph, keys: Key[], prefix: string, task: (refs: unknown[]) => { fn: AnyFn; args: unknown[] }): Key {
  let level = keys;
  let depth = 0;
  if (level.length === 1) {
    const key = `${prefix}-0-0`;
    graph[key] = task([ref(level[0]!)]);
    return key;
  }
  while (level.length > 1) {
    const next: Key[] = [];
    for (let i = 0; i < level.length; i += FAN_IN) {
      const key = `${prefix}-${depth}-${i / FAN_IN}`;
      graph[key] = task(level.slice(i, i + FAN_IN).map(ref));
      next.push(key);
    }
    level = next;
    depth++;
  }
  return level[0]!;
}

/** A bag of `items` split into partitions. */
export function fromSequence<T>(items: Iterable<T>, opts: FromSequenceOptions = {}): Bag<T> {
  if (items === null || typeof (items as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function' || typeof items === 'string') {
    throw new SsdpError('E_BAG_ARGUMENT', `bag.fromSequence: items must be an array (or other iterable), got ${items === null ? 'null' : typeof items}.`, {
      hint: 'Give the elements as a list: bag.fromSequence([1, 2, 3]); for the numbers 0..n-1 use bag.range(n).',
    });
  }
  checkOptionKeys(opts, ['npartitions', 'partitionSize'], 'bag.fromSequence');
  for (const key of ['npartitions', 'partitionSize'] as const) {
    const n = opts[key];
    if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 1)) {
      throw new SsdpError('E_BAG_ARGUMENT', `bag.fromSequence: ${key} must be a whole number 1 or more; got ${typeof n === 'number' ? String(n) : typeof n === 'bigint' ? `${n}n (a BigInt)` : JSON.stringify(n)}.`, {
        hint: key === 'npartitions' ? 'Give how many partitions to cut the items into, e.g. { npartitions: 4 } (or leave it out: about 100 items a partition).' : 'Give how many items each partition holds, e.g. { partitionSize: 1000 }.',
      });
    }
  }
  const all = [...items];
  let size: number;
  if (opts.partitionSize !== undefined) size = opts.partitionSize;
  else if (opts.npartitions !== undefined) size = Math.max(1, Math.ceil(all.length / opts.npartitions));
  else size = Math.max(1, Math.ceil(all.length / 100));
  const nparts = Math.max(1, Math.ceil(all.length / size));
  const name = `from-sequence-${tokenize([all, size])}`;
  const graph: Graph = {};
  for (let i = 0; i < nparts; i++) graph[`${name}-${i}`] = { value: all.slice(i * size, (i + 1) * size) };
  return new Bag<T>(name, nparts, graph);
}

/** A bag of the numbers `0 .. n-1`. */
export function range(n: number, opts: FromSequenceOptions = {}): Bag<number> {
  return fromSequence(Array.from({ length: n }, (_, i) => i), opts);
}

function isInitialWrapper<A>(x: unknown): x is { initial: A } {
  if (typeof x !== 'object' || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && keys[0] === 'initial';
}
