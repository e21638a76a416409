/**
 * Big values the submitter passes as task arguments (`delayed(sum)(aLocal100MBArray)`) travel
 * apart from the batch, as the batch's inputs do: each becomes a blob of its own, the step names
 * it by a reference (`{ $ref }`), and the worker's task process reads it (task-blobs.ts). Inside
 * the batch they went through the worker's main process, which decoded the batch and posted the
 * 100 MB on to its task process: that blocked the thread renewing the job locks for seconds at a
 * time, past LOCK_MS, and the job was taken back six times, then failed as "job stalled more than
 * allowable limit" (tester try11v D2).
 */
import { serialize } from 'node:v8';
import { isPlainObject } from '../graph/graph.js';
import type { Key } from '../graph/types.js';
import type { WireStep } from '../graph/wire.js';
import { forEachOwnElement, mapOwnElements } from '../util/own-elements.js';
import { encodeSerialized, encodeValue, type BlobStore, type Enc } from './codec.js';

/** Values at least this big (bytes) leave the batch; smaller ones cost less inside it than as a blob each. */
export const BIG_ARG_BYTES = 1024 * 1024;
/** Plain arrays shorter than this are not weighed as a whole (a 2-D list is weighed at its rows' level too). */
const WEIGH_FROM = 256;
/** The keys of apart values: no key of a graph starts with a NUL. */
const KEY_PREFIX = '\0arg:';

/** The values set apart for one batch: their keys and travelling forms join the batch's inputs. */
export class BigArgs {
  private readonly byValue = new Map<unknown, Key>();
  private readonly encs: Promise<Enc>[] = [];
  readonly keys: Key[] = [];

  constructor(private readonly store: BlobStore) {}

  /** `steps` with each big argument replaced by a reference (the same value twice: one reference, one blob). */
  steps(steps: readonly WireStep[]): WireStep[] {
    return steps.map((s) => {
      if (s.a === undefined) return s;
      const a = this.walk(s.a, 0) as unknown[];
      return a === s.a ? s : { ...s, a };
    });
  }

  /** The blobs of the values set apart, in the order of `keys` (written now). */
  values(): Promise<Enc[]> {
    return Promise.all(this.encs);
  }

  /** Arrays and plain objects are walked, as the task process's substitution walks them (graph.ts substitute). */
  private walk(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return depth > 0 && v.length >= BIG_ARG_BYTES ? this.apart(v) : v;
    if (v === null || typeof v !== 'object' || depth > 64) return v;
    if (Array.isArray(v)) {
      // a plain array of data (numbers, strings, nested lists: no task's result inside) travels
      // whole as a blob when big, as typed arrays do; the argument list itself (depth 0) never
      if (depth > 0 && v.length >= WEIGH_FROM && plainBytes(v, 0) >= BIG_ARG_BYTES) return this.apart(v) ?? v;
      return mapOwnElements(v, (x) => this.walk(x, depth + 1));
    }
    if (isPlainObject(v)) {
      if ('$ref' in v || '$fn' in v) return v;
      // `{ $lit: x }` passes x as is: so does a reference to it
      if ('$lit' in v) return this.apart(v.$lit) ?? v;
      let out: Record<string, unknown> | undefined;
      for (const k in v) {
        const r = this.walk(v[k], depth + 1);
        if (r !== v[k] && out === undefined) out = { ...v };
        if (out !== undefined) out[k] = r;
      }
      return out ?? v;
    }
    return this.apart(v) ?? v;
  }

  /** A reference to `v` set apart when it is big; undefined when it stays in the batch. */
  private apart(v: unknown): { $ref: Key } | undefined {
    if (v === null || (typeof v !== 'object' && typeof v !== 'string')) return undefined;
    let key = this.byValue.get(v);
    if (key === undefined) {
      let enc: Promise<Enc>;
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
        if (v.byteLength < BIG_ARG_BYTES) return undefined;
        enc = encodeValue(v, this.store);
      } else if (v instanceof Map || v instanceof Set || Array.isArray(v) || typeof v === 'string') {
        // their size shows only once serialized; that copy is the one sent
        let buf: Buffer;
        try {
          buf = serialize(v);
        } catch {
          return undefined; // the batch's own encoding reports what cannot travel
        }
        if (buf.length < BIG_ARG_BYTES) return undefined;
        enc = encodeSerialized(buf, this.store);
      } else return undefined;
      key = `${KEY_PREFIX}${this.keys.length}`;
      this.byValue.set(v, key);
      this.keys.push(key);
      enc.catch(() => {}); // awaited in values()
      this.encs.push(enc);
    }
    return { $ref: key };
  }
}

/**
 * About how many bytes a plain array or object of data takes serialized, or -1 when it holds a
 * placeholder ($ref: a task's result, $fn, $lit) or anything else (a class instance, a Map): those
 * are left to the walk, which substitutes inside them as the task process does.
 */
function plainBytes(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'number':
      return 9;
    case 'string':
      return v.length + 5;
    case 'boolean':
    case 'undefined':
      return 1;
    case 'bigint':
      return 16;
    case 'object':
      break;
    default:
      return -1;
  }
  if (v === null) return 1;
  if (depth > 64) return -1;
  if (ArrayBuffer.isView(v)) return v.byteLength + 16;
  let n = 4;
  if (Array.isArray(v)) {
    // by the elements it owns, as v8.serialize writes a sparse array: a[1e9] = 1 is one number
    forEachOwnElement(v, (x) => {
      const b = plainBytes(x, depth + 1);
      n = b < 0 ? -1 : n + b;
      return b >= 0;
    });
    return n;
  }
  if (!isPlainObject(v) || '$ref' in v || '$fn' in v || '$lit' in v) return -1;
  for (const k in v) {
    const b = plainBytes(v[k], depth + 1);
    if (b < 0) return -1;
    n += b + k.length + 5;
  }
  return n;
}
