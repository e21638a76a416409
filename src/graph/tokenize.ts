/**
 * Deterministic keys: `tokenize` hashes a function's identity and its arguments, so the same call
 * made twice names the same task (dask's `tokenize`). Exported functions hash by module and name
 * (stable across runs); closures by source text plus object identity, because two closures with
 * the same text may capture different values.
 */
import { fnToken } from './functions.js';
import type { TaskFn } from './types.js';

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/**
 * A streaming 64-bit hash (two MurmurHash3 lanes with different constants, mixed together at the
 * end), fed with tagged words: tokenizing is most of the cost of building 10^6 delayed calls, and
 * building a text to hash with sha1 allocated several strings per call (garbage collection took
 * a third of the time). 64 bits, as the 16 hex digits of sha1 the keys had before: among 10^6
 * keys the chance of any collision is about 3e-8.
 */
let h1 = 0;
let h2 = 0;

function word(k: number): void {
  let a = Math.imul(k, 0xcc9e2d51);
  a = Math.imul((a << 15) | (a >>> 17), 0x1b873593);
  h1 ^= a;
  h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
  let b = Math.imul(k, 0x85ebca77);
  b = Math.imul((b << 13) | (b >>> 19), 0xc2b2ae3d);
  h2 ^= b;
  h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 5) + 0x52dce729) | 0;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const T = { int: 1, float: 2, nan: 3, str: 4, true: 5, false: 6, undef: 7, bigint: 8, symbol: 9, ref: 10, fn: 11, null: 12, array: 13, end: 14, view: 15, date: 16, object: 17, instance: 18, hole: 19, bareObject: 20 } as const;

/** A string, length first (so concatenations cannot collide), two UTF-16 units per word. */
function str(s: string): void {
  const n = s.length;
  word(n);
  let i = 0;
  for (; i + 1 < n; i += 2) word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) word(s.charCodeAt(i));
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Every number by its bits: -0, +-Infinity and NaN (all NaNs alike) are distinct values. */
function num(v: number): void {
  if ((v | 0) === v && !Object.is(v, -0)) {
    word(T.int);
    word(v);
  } else if (v !== v) word(T.nan);
  else {
    f64[0] = v;
    word(T.float);
    word(u32[0]!);
    word(u32[1]!);
  }
}

function write(v: unknown, refToken: (v: unknown) => string | undefined): void {
  switch (typeof v) {
    case 'number':
      num(v);
      return;
    case 'string':
      word(T.str);
      str(v);
      return;
    case 'boolean':
      word(v ? T.true : T.false);
      return;
    case 'undefined':
      word(T.undef);
      return;
    case 'bigint':
      word(T.bigint);
      str(v.toString());
      return;
    case 'symbol':
      word(T.symbol);
      str(String(v.description));
      return;
  }
  const r = refToken(v);
  if (r !== undefined) {
    word(T.ref);
    str(r);
    return;
  }
  if (typeof v === 'function') {
    word(T.fn);
    str(fnToken(v as TaskFn));
    return;
  }
  if (v === null) {
    word(T.null);
    return;
  }
  if (Array.isArray(v)) {
    word(T.array);
    word(v.length);
    // A hole is not undefined to a task (`i in a`, forEach skips it): it gets its own tag.
    for (let i = 0; i < v.length; i++) {
      if (i in v) write(v[i], refToken);
      else word(T.hole);
    }
    word(T.end);
    return;
  }
  if (ArrayBuffer.isView(v)) {
    const h = crypto().createHash('sha1').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
    word(T.view);
    str(v.constructor.name);
    str(h);
    // Where the view sits in its buffer is visible to the task (v.buffer, v.byteOffset).
    word(v.byteOffset);
    word(v.buffer.byteLength);
    return;
  }
  if (v instanceof Date) {
    word(T.date);
    num(v.getTime());
    return;
  }
  const proto = Object.getPrototypeOf(v);
  // Symbol-keyed state cannot be hashed by value (two symbols may share a description): such
  // objects fall through to identity, like class instances.
  if ((proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(v).length === 0) {
    // sorted: {b:1,a:2} and {a:2,b:1} are one key, as in Dask (both compute the same)
    const keys = Object.keys(v as object).sort();
    word(proto === null ? T.bareObject : T.object);
    word(keys.length);
    for (const k of keys) {
      str(k);
      write((v as Record<string, unknown>)[k], refToken);
    }
    word(T.end);
    return;
  }
  // Class instances: identity (we cannot know which state matters).
  let id = objectIds.get(v as object);
  if (id === undefined) objectIds.set(v as object, (id = nextObjectId++));
  word(T.instance);
  str((v as object).constructor?.name ?? '');
  word(id);
}

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** 16 hex digits, made as one flat string (no intermediate strings per key). */
function digest(): string {
  const a = (fmix(h1) + fmix(h2)) >>> 0;
  const b = (fmix(h2) + a) >>> 0;
  return String.fromCharCode(
    HEX[a >>> 28]!, HEX[(a >>> 24) & 15]!, HEX[(a >>> 20) & 15]!, HEX[(a >>> 16) & 15]!, HEX[(a >>> 12) & 15]!, HEX[(a >>> 8) & 15]!, HEX[(a >>> 4) & 15]!, HEX[a & 15]!,
    HEX[b >>> 28]!, HEX[(b >>> 24) & 15]!, HEX[(b >>> 20) & 15]!, HEX[(b >>> 16) & 15]!, HEX[(b >>> 12) & 15]!, HEX[(b >>> 8) & 15]!, HEX[(b >>> 4) & 15]!, HEX[b & 15]!,
  );
}

/**
 * 16 hex digits of one text, leaving the running hash as it was: a function's token is made
 * (functions.ts hashes a closure's source) in the middle of hashing the call that names it.
 */
export function hashText(s: string): string {
  const a = h1;
  const b = h2;
  h1 = 0x9747b28c;
  h2 = 0x3c6ef372;
  word(T.str);
  str(s);
  const d = digest();
  h1 = a;
  h2 = b;
  return d;
}

const noRefs = (): undefined => undefined;

/** A short hex token of any values; `refToken` names placeholders by their key. */
export function tokenize(values: readonly unknown[], refToken: (v: unknown) => string | undefined = noRefs): string {
  h1 = 0x9747b28c;
  h2 = 0x3c6ef372;
  for (const v of values) write(v, refToken);
  return digest();
}

/**
 * The hash state after a function's token, per function: the same function's token (a module
 * path and name, or a name and source hash: ~50 characters) is not hashed again in every call.
 * Tokens never change once given (fnToken), so neither does this state.
 */
const fnStates = new WeakMap<object, Int32Array>();

/** `tokenize([fn, ...args], refToken)` without building that array (once per delayed call). */
export function tokenizeCall(fn: TaskFn, args: readonly unknown[], refToken: (v: unknown) => string | undefined): string {
  const state = fnStates.get(fn);
  if (state !== undefined) {
    h1 = state[0]!;
    h2 = state[1]!;
  } else {
    h1 = 0x9747b28c;
    h2 = 0x3c6ef372;
    word(T.fn);
    str(fnToken(fn));
    fnStates.set(fn, Int32Array.of(h1, h2));
  }
  for (const v of args) write(v, refToken);
  return digest();
}

export function randomToken(): string {
  return crypto().randomUUID().replace(/-/g, '').slice(0, 16);
}

/**
 * node:crypto, loaded when first needed (typed-array arguments, impure calls): importing ssdp for
 * delayed calls of plain values or arrays should not load and initialise it (~0.5-1 MB RSS).
 */
function crypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
