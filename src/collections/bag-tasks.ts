/**
 * The per-partition functions a bag's graph calls. Exported and registered so workers import
 * them; user functions arrive as arguments. A user function may be async: a partition then
 * resolves once all its elements have.
 */
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

export function finalizeFold(v: unknown): unknown {
  if (v === EMPTY) throw new TypeError('fold/reduce of an empty bag with no initial value');
  return v;
}

registerModule(import.meta.url, {
  mapPartition,
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
