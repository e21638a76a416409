/**
 * The per-partition functions a bag's graph calls. Exported and registered so workers import
 * them; user functions arrive as arguments. A user function may be async: a partition then
 * resolves once all its elements have.
 */
import { SsdpError } from '../util/errors.js';
import { registerModule } from '../graph/functions.js';

type Fn = (...args: unknown[]) => unknown;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as PromiseLike<unknown>).then === 'function';
}

function settle(values: unknown[]): unknown[] | Promise<unknown[]> {
  return values.some(isThenable) ? Promise.all(values) : values;
}

export function mapPartition(f: Fn, part: readonly unknown[]): unknown[] | Promise<unknown[]> {
  const out = new Array(part.length);
  for (let i = 0; i < part.length; i++) out[i] = f(part[i]);
  return settle(out);
}

/** `f(x, ...extra)` per element; an extra marked `zipped` is another bag's partition, given pairwise. */
export function mapPartitionWith(f: Fn, zipped: readonly boolean[], part: readonly unknown[], ...extra: unknown[]): unknown[] | Promise<unknown[]> {
  for (let j = 0; j < extra.length; j++) {
    const other = extra[j] as unknown[];
    if (zipped[j] && other.length !== part.length) {
      throw new SsdpError('E_BAG_ARGUMENT', `bag.map: a bag given as an extra argument has ${other.length} elements in a partition where this bag has ${part.length}; their elements go pairwise.`, {
        hint: 'Make both bags from sequences of the same length with the same npartitions.',
      });
    }
  }
  const out = new Array(part.length);
  for (let i = 0; i < part.length; i++) out[i] = f(part[i], ...extra.map((e, j) => (zipped[j] ? (e as unknown[])[i] : e)));
  return settle(out);
}

export function filterPartition(pred: Fn, part: readonly unknown[]): unknown[] | Promise<unknown[]> {
  const keep = part.map((x) => pred(x));
  if (keep.some(isThenable)) return Promise.all(keep).then((k) => part.filter((_, i) => k[i]));
  return part.filter((_, i) => keep[i]);
}

export function flattenPartition(part: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of part) {
    if (x !== null && typeof x === 'object' && Symbol.iterator in x && typeof x !== 'string') for (const y of x as Iterable<unknown>) out.push(y);
    else out.push(x);
  }
  return out;
}

/** Folds one partition: `binop(acc, x)` from `initial` (or from the first element). */
export function foldPartition(binop: Fn, hasInitial: boolean, initial: unknown, part: readonly unknown[]): unknown {
  let i = 0;
  let acc = initial;
  if (!hasInitial) {
    if (part.length === 0) return EMPTY;
    acc = part[0];
    i = 1;
  }
  for (; i < part.length; i++) acc = binop(acc, part[i]);
  return acc;
}

/** Combines folded partitions with `combine(a, b)`, skipping empty ones. */
export function combineFolds(combine: Fn, ...parts: unknown[]): unknown {
  let acc: unknown = EMPTY;
  for (const p of parts) {
    if (p === EMPTY) continue;
    acc = acc === EMPTY ? p : combine(acc, p);
  }
  return acc;
}

/** Marks "no value" (an empty partition folded without an initial value); survives cloning. */
export const EMPTY = '\u0000ssdp:empty';

export function reducePartition(perPartition: Fn, part: readonly unknown[]): unknown {
  return perPartition(part);
}

export function aggregateParts(aggregate: Fn, ...parts: unknown[]): unknown {
  return aggregate(parts);
}

export function sumPartition(part: readonly number[]): number {
  let s = 0;
  for (const x of part) s += x;
  return s;
}

export function countPartition(part: readonly unknown[]): number {
  return part.length;
}

export function sumCountPartition(part: readonly number[]): [number, number] {
  let s = 0;
  for (const x of part) s += x;
  return [s, part.length];
}

export function addPairs(...pairs: [number, number][]): [number, number] {
  let s = 0;
  let n = 0;
  for (const [a, b] of pairs) {
    s += a;
    n += b;
  }
  return [s, n];
}

export function addNumbers(...xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function divide(pair: [number, number]): number {
  return pair[0] / pair[1];
}

export function concatParts(...parts: unknown[][]): unknown[] {
  return ([] as unknown[]).concat(...parts);
}

export function takeFrom(n: number, ...parts: unknown[][]): unknown[] {
  const out: unknown[] = [];
  for (const p of parts) {
    for (const x of p) {
      if (out.length >= n) return out;
      out.push(x);
    }
  }
  return out;
}

export function finalizeFold(call: string, v: unknown): unknown {
  // Dask: TypeError "reduce() of empty iterable with no initial value"; coded, as the user's function is not at fault
  if (v === EMPTY) {
    throw new SsdpError('E_BAG_EMPTY', `bag.${call}: the bag is empty and no initial value was given (as Dask's "reduce() of empty iterable with no initial value").`, {
      hint: 'Check what filtered every element out, or give an initial value that an empty bag also has: bag.fold(binop, combine, initial).',
    });
  }
  return v;
}

// ---- element access and grouping ---------------------------------------------------------

/** A key given as a property name (or index), a list of them (a tuple), or a function. */
export type KeySpec = string | number | (string | number)[] | Fn;

/**
 * `x[k]` as Python's indexing: a negative index counts from the end of a list or string; a
 * missing key is an error (Dask's KeyError/IndexError), never a silent `undefined` group.
 */
function itemOf(x: unknown, k: string | number): { found: boolean; value?: unknown } {
  const o = x as Record<string | number, unknown>;
  if (typeof k === 'number' && k < 0 && (Array.isArray(x) || typeof x === 'string')) k += x.length;
  if (o !== null && o !== undefined && k in Object(o)) return { found: true, value: o[k] };
  return { found: false };
}

function missing(x: unknown, k: string | number, where: string): TypeError {
  return new TypeError(`${where}: an element has no ${typeof k === 'number' ? `index ${k}` : `key '${k}'`} (Dask raises KeyError): ${JSON.stringify(x)?.slice(0, 80)}`);
}

export function keyOf(spec: KeySpec, x: unknown, where = 'key'): unknown {
  if (typeof spec === 'function') return spec(x);
  const one = (k: string | number) => {
    const r = itemOf(x, k);
    if (!r.found) throw missing(x, k, where);
    return r.value;
  };
  return Array.isArray(spec) ? spec.map(one) : one(spec);
}

/** `x[key]` for each element; a missing key gives `fallback` when one was given, else an error. */
export function pluckPartition(spec: string | number | (string | number)[], hasDefault: boolean, fallback: unknown, part: readonly unknown[]): unknown[] {
  const one = (x: unknown, k: string | number): unknown => {
    const r = itemOf(x, k);
    if (r.found) return r.value;
    if (hasDefault) return fallback;
    throw missing(x, k, 'pluck');
  };
  return part.map((x) => (Array.isArray(spec) ? spec.map((k) => one(x, k)) : one(x, spec)));
}

/**
 * The start of each key's fold, as toolz.reduceby (Dask's foldby) does: a function is a factory
 * called for each new key; a value is copied once per partition (structuredClone) and shared by
 * that partition's keys, so a binop that mutates it gives the same answer on every scheduler.
 */
function starter(initial: unknown): () => unknown {
  if (typeof initial === 'function') return initial as () => unknown;
  const copy = initial !== null && typeof initial === 'object' ? structuredClone(initial) : initial;
  return () => copy;
}

/**
 * Groups by key with SameValueZero for primitives and by JSON text for arrays/objects (a tuple
 * key `[a, b]` groups as Python's tuple does), keeping first-seen order.
 */
class KeyedMap<V> {
  private readonly m = new Map<unknown, [unknown, V]>();
  private static id(k: unknown): unknown {
    return k !== null && typeof k === 'object' ? `\u0000json:${JSON.stringify(k)}` : k;
  }
  get(k: unknown): V | undefined {
    return this.m.get(KeyedMap.id(k))?.[1];
  }
  has(k: unknown): boolean {
    return this.m.has(KeyedMap.id(k));
  }
  set(k: unknown, v: V): void {
    const id = KeyedMap.id(k);
    const e = this.m.get(id);
    if (e) e[1] = v;
    else this.m.set(id, [k, v]);
  }
  pairs(): [unknown, V][] {
    return [...this.m.values()];
  }
}

/** foldby, per partition: `[key, folded]` pairs. */
export function foldbyPartition(spec: KeySpec, binop: Fn, hasInitial: boolean, initial: unknown, part: readonly unknown[]): [unknown, unknown][] {
  const m = new KeyedMap<unknown>();
  const init = starter(initial);
  for (const x of part) {
    const k = keyOf(spec, x, 'foldby');
    if (m.has(k)) m.set(k, binop(m.get(k), x));
    else m.set(k, hasInitial ? binop(init(), x) : x);
  }
  return m.pairs();
}

/** foldby, across partitions: one partition of `[key, combined]` pairs. */
export function foldbyCombine(combine: Fn, hasInitial: boolean, initial: unknown, ...parts: [unknown, unknown][][]): [unknown, unknown][] {
  const m = new KeyedMap<unknown>();
  const init = starter(initial);
  for (const p of parts) {
    for (const [k, v] of p) {
      if (m.has(k)) m.set(k, combine(m.get(k), v));
      else m.set(k, hasInitial ? combine(init(), v) : v);
    }
  }
  return m.pairs();
}

export function groupPartition(spec: KeySpec, part: readonly unknown[]): [unknown, unknown[]][] {
  const m = new KeyedMap<unknown[]>();
  for (const x of part) {
    const k = keyOf(spec, x, 'groupby');
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m.pairs();
}

export function groupCombine(...parts: [unknown, unknown[]][][]): [unknown, unknown[]][] {
  const m = new KeyedMap<unknown[]>();
  for (const p of parts) {
    for (const [k, xs] of p) {
      const g = m.get(k);
      if (g) g.push(...xs);
      else m.set(k, xs.slice());
    }
  }
  return m.pairs();
}

export function countPartitionItems(part: readonly unknown[]): [unknown, number][] {
  const m = new KeyedMap<number>();
  for (const x of part) m.set(x, (m.get(x) ?? 0) + 1);
  return m.pairs();
}

/** frequencies across partitions; `sort`: most frequent first (ties keep first-seen order). */
export function addCounts(sort: boolean, ...parts: [unknown, number][][]): [unknown, number][] {
  const m = new KeyedMap<number>();
  for (const p of parts) for (const [k, n] of p) m.set(k, (m.get(k) ?? 0) + n);
  const out = m.pairs();
  return sort ? out.sort((a, b) => b[1] - a[1]) : out;
}

/** distinct, per partition and across them: first occurrences (by key when given), in order. */
export function distinctItems(spec: KeySpec | null, ...parts: unknown[][]): unknown[] {
  const m = new KeyedMap<true>();
  const out: unknown[] = [];
  for (const p of parts) {
    for (const x of p) {
      const k = spec === null ? x : keyOf(spec, x, 'distinct');
      if (m.has(k)) continue;
      m.set(k, true);
      out.push(x);
    }
  }
  return out;
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

/** The `k` largest elements (by key when given), largest first; `...parts` are lists. */
export function topkItems(k: number, spec: KeySpec | null, ...parts: unknown[][]): unknown[] {
  const all = ([] as unknown[]).concat(...parts).map((x, i) => ({ x, key: spec === null ? x : keyOf(spec, x, 'topk'), i }));
  // largest first; equal keys keep their original order, as heapq.nlargest does
  all.sort((a, b) => compareKeys(b.key, a.key) || a.i - b.i);
  return all.slice(0, k).map((e) => e.x);
}

export function mapPartitionsCall(f: Fn, part: readonly unknown[], ...extra: unknown[]): unknown {
  const v = f(part, ...extra);
  const toList = (r: unknown): unknown[] => {
    if (Array.isArray(r)) return r;
    if (r !== null && typeof r === 'object' && Symbol.iterator in r && typeof r !== 'string') return [...(r as Iterable<unknown>)];
    throw new TypeError(`mapPartitions: the function must return an array (or iterable) of the partition's new elements, got ${typeof r}`);
  };
  return isThenable(v) ? Promise.resolve(v).then(toList) : toList(v);
}

// ---- min, max, var, std -----------------------------------------------------------------

export function minPartition(part: readonly unknown[]): unknown {
  return part.length === 0 ? EMPTY : part.reduce((a, b) => (compareKeys(b, a) < 0 ? b : a));
}

export function maxPartition(part: readonly unknown[]): unknown {
  return part.length === 0 ? EMPTY : part.reduce((a, b) => (compareKeys(b, a) > 0 ? b : a));
}

export function minOf(...xs: unknown[]): unknown {
  return minPartition(xs.filter((x) => x !== EMPTY));
}

export function maxOf(...xs: unknown[]): unknown {
  return maxPartition(xs.filter((x) => x !== EMPTY));
}

export function notEmpty(kind: string, v: unknown): unknown {
  // Dask: ValueError "max() arg is an empty sequence"; a coded error, as the user wrote no task
  if (v === EMPTY) throw new SsdpError('E_BAG_EMPTY', `bag.${kind}: the bag is empty, so it has no ${kind}.`, { hint: `Check what filtered every element out, or use bag.fold/reduction with an initial value for a result that an empty bag also has.` });
  return v;
}

/** Sum, sum of squares and count of a partition (dask's var_chunk). */
export function momentsPartition(part: readonly number[]): [number, number, number] {
  let s = 0;
  let s2 = 0;
  for (const x of part) {
    s += x;
    s2 += x * x;
  }
  return [s, s2, part.length];
}

export function addMoments(...ms: [number, number, number][]): [number, number, number] {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (const m of ms) {
    s += m[0];
    s2 += m[1];
    n += m[2];
  }
  return [s, s2, n];
}

/** dask's var_aggregate: E[x^2] - E[x]^2, scaled by n / (n - ddof). */
export function variance(ddof: number, sqrt: boolean, m: [number, number, number]): number {
  const [s, s2, n] = m;
  const v = ((s2 / n - (s / n) ** 2) * n) / (n - ddof);
  return sqrt ? Math.sqrt(v) : v;
}

registerModule(import.meta.url, {
  pluckPartition,
  foldbyPartition,
  foldbyCombine,
  groupPartition,
  groupCombine,
  countPartitionItems,
  addCounts,
  distinctItems,
  topkItems,
  mapPartitionsCall,
  minPartition,
  maxPartition,
  minOf,
  maxOf,
  notEmpty,
  momentsPartition,
  addMoments,
  variance,
  mapPartition,
  mapPartitionWith,
  filterPartition,
  flattenPartition,
  foldPartition,
  combineFolds,
  reducePartition,
  aggregateParts,
  sumPartition,
  countPartition,
  sumCountPartition,
  addPairs,
  addNumbers,
  divide,
  concatParts,
  takeFrom,
  finalizeFold,
});
