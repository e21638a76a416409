/**
 * Deterministic keys: `tokenize` hashes a function's identity and its arguments, so the same call
 * made twice names the same task (dask's `tokenize`). Exported functions hash by module and name
 * (stable across runs); closures by source text plus object identity, because two closures with
 * the same text may capture different values.
 */
import { createHash, randomUUID } from 'node:crypto';
import { fnToken } from './functions.js';
import type { TaskFn } from './types.js';

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function write(v: unknown, out: string[], refToken: (v: unknown) => string | undefined): void {
  const r = refToken(v);
  if (r !== undefined) {
    out.push('D', r);
    return;
  }
  switch (typeof v) {
    case 'number':
      out.push('n', Object.is(v, -0) ? '-0' : String(v));
      return;
    case 'string':
      out.push('s', String(v.length), v);
      return;
    case 'boolean':
      out.push(v ? 'T' : 'F');
      return;
    case 'undefined':
      out.push('u');
      return;
    case 'bigint':
      out.push('b', v.toString());
      return;
    case 'function':
      out.push('f', fnToken(v as TaskFn));
      return;
    case 'symbol':
      out.push('y', String(v.description));
      return;
  }
  if (v === null) {
    out.push('N');
    return;
  }
  if (Array.isArray(v)) {
    out.push('[', String(v.length));
    for (const x of v) write(x, out, refToken);
    out.push(']');
    return;
  }
  if (ArrayBuffer.isView(v)) {
    const h = createHash('sha1').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
    out.push('A', v.constructor.name, String(v.byteLength), h);
    return;
  }
  if (v instanceof Date) {
    out.push('d', String(v.getTime()));
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(v as object).sort();
    out.push('{', String(keys.length));
    for (const k of keys) {
      out.push(k);
      write((v as Record<string, unknown>)[k], out, refToken);
    }
    out.push('}');
    return;
  }
  // Class instances: identity (we cannot know which state matters).
  let id = objectIds.get(v as object);
  if (id === undefined) objectIds.set(v as object, (id = nextObjectId++));
  out.push('o', (v as object).constructor?.name ?? '', String(id));
}

/** A short hex token of any values; `refToken` names placeholders by their key. */
export function tokenize(values: readonly unknown[], refToken: (v: unknown) => string | undefined = () => undefined): string {
  const out: string[] = [];
  for (const v of values) write(v, out, refToken);
  return createHash('sha1').update(out.join('\u0000')).digest('hex').slice(0, 16);
}

export function randomToken(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16);
}
