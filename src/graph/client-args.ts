/**
 * Argument checks for the Client's futures calls (map, cancel, asCompleted): a mistake there is a
 * coded E_FUTURE_ARGS naming the call and what to pass, not a TypeError from inside ssdp.
 */
import { SsdpError } from '../util/errors.js';
import { isFuture, type Future } from './futures.js';

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') {
    const name = (v as object).constructor?.name;
    return name ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}` : 'an object';
  }
  return typeof v;
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return v != null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' && typeof v !== 'string';
}

/** client.map's inputs: each an array (or other iterable, not a string), as Dask's `map(func, *iterables)`. */
export function checkMapInputs(fn: unknown, iterables: unknown[]): void {
  if (typeof fn !== 'function') throw new SsdpError('E_FUTURE_ARGS', `client.map: the first argument must be a function, got ${kind(fn)}`, { hint: 'client.map(inc, [1, 2, 3]).' });
  iterables.forEach((it, i) => {
    if (!isIterable(it)) {
      throw new SsdpError('E_FUTURE_ARGS', `client.map: argument ${i + 2} must be a list (or other iterable) of inputs, got ${kind(it)}`, {
        hint: `Wrap a single input in a list: client.map(fn, [x]), or use client.submit(fn, x) for one call.`,
      });
    }
  });
}

/** The futures given to cancel/asCompleted: a Future, or an array (iterable) of Futures. */
export function futuresArg(call: string, v: unknown, single: boolean): Future[] {
  if (single && isFuture(v)) return [v];
  const list = isIterable(v) ? [...v] : undefined;
  const bad = list === undefined ? v : list.find((f) => !isFuture(f));
  if (list === undefined || bad !== undefined) {
    const what = single ? 'a Future or a list of Futures' : 'a list (or other iterable) of Futures';
    throw new SsdpError('E_FUTURE_ARGS', `client.${call}: give ${what}, got ${list === undefined ? kind(v) : `a list holding ${kind(bad)}`}`, {
      hint: `Pass the futures client.submit/client.map returned, e.g. client.${call}(client.map(fn, items)).`,
    });
  }
  return list as Future[];
}
