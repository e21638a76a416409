/**
 * Small functions the engine itself puts in graphs (attribute access, method calls, arithmetic
 * on placeholders, `sum`). Exported and registered so every worker can import them by name.
 */
import { registerModule } from './functions.js';
import { SsdpError } from '../util/errors.js';

/** `obj[name]` */
export function getattr(obj: unknown, name: string): unknown {
  return (obj as Record<string, unknown>)[name];
}

/** `obj[name](...args)` with `this` bound to `obj`. */
export function callMethod(obj: unknown, name: string, ...args: unknown[]): unknown {
  const m = (obj as Record<string, unknown>)[name];
  if (typeof m !== 'function') throw new TypeError(`${describe(obj)} has no method ${name}`);
  return (m as (...a: unknown[]) => unknown).apply(obj, args);
}

/**
 * Part `i` of the result of a `delayed(f, { nout })` call: a result with fewer parts is an error
 * (Dask's IndexError), not a silent undefined.
 */
export function part(result: unknown, i: number, nout: number): unknown {
  const n = result !== null && typeof result === 'object' && typeof (result as { length?: unknown }).length === 'number' ? (result as { length: number }).length : undefined;
  if (n === undefined || i >= n) {
    throw new SsdpError('E_DELAYED_NOUT', `a call made with delayed(f, { nout: ${nout} }) returned ${n === undefined ? `${describe(result)}, not an array` : `${n} value${n === 1 ? '' : 's'}`}, so it has no part ${i}`, {
      hint: `Make nout the length of the array the function returns.`,
    });
  }
  return (result as Record<number, unknown>)[i];
}

/**
 * Element `i` of a list the engine's own kernels return (a rechunk's pieces of one block). The
 * scheduler runs a unit made of this call alone itself, on the result it holds (state.ts
 * `pickUnit`): no worker round trip, and only the element travels on to its user.
 */
export function item(list: readonly unknown[], i: number): unknown {
  return list[i];
}

/** Calls a computed function value. */
export function call(fn: unknown, ...args: unknown[]): unknown {
  if (typeof fn !== 'function') throw new TypeError(`${describe(fn)} is not a function`);
  return (fn as (...a: unknown[]) => unknown)(...args);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  return `a value of type ${typeof v === 'object' ? (v.constructor?.name ?? 'Object') : typeof v}`;
}

type Num = number | bigint;
export const add = (a: Num, b: Num): Num => (a as number) + (b as number);
export const sub = (a: Num, b: Num): Num => (a as number) - (b as number);
export const mul = (a: Num, b: Num): Num => (a as number) * (b as number);
export const div = (a: Num, b: Num): Num => (a as number) / (b as number);
export const mod = (a: Num, b: Num): Num => (a as number) % (b as number);
export const pow = (a: Num, b: Num): Num => (a as number) ** (b as number);
export const neg = (a: Num): Num => -(a as number);
export const eq = (a: unknown, b: unknown): boolean => a === b;
export const ne = (a: unknown, b: unknown): boolean => a !== b;
export const lt = (a: Num, b: Num): boolean => a < b;
export const le = (a: Num, b: Num): boolean => a <= b;
export const gt = (a: Num, b: Num): boolean => a > b;
export const ge = (a: Num, b: Num): boolean => a >= b;
export const not = (a: unknown): boolean => !a;

/** Sum of an array of numbers (Python's `sum`, for `delayed(sum)(doubles)`). */
export function sum(xs: Iterable<number>): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function identity<T>(x: T): T {
  return x;
}

/** Builds a tuple/list from its arguments (used when a collection of placeholders is computed). */
export function list(...xs: unknown[]): unknown[] {
  return xs;
}

export const ARITHMETIC = { add, sub, mul, div, mod, pow, neg, eq, ne, lt, le, gt, ge, not } as const;

registerModule(import.meta.url, { getattr, part, item, callMethod, call, sum, identity, list, ...ARITHMETIC });
