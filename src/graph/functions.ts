/**
 * How functions reach workers. A worker is another JS realm: it can only run a function it can
 * import. So every function in a graph is turned into a "shipped" description before it leaves
 * this thread:
 *
 *   1. `{ module, name }` — a named export of an ES module (preferred; works everywhere). Found from
 *      `registerModule`/`fnRef`, from `delayed(fn, { module })`, or by looking at the module that
 *      called `delayed(fn)`: we import it (already loaded, so no second evaluation) and search its
 *      exports for `fn` or for a delayed wrapper of `fn`.
 *   2. `{ src }` — the function's source text, evaluated in the worker. A fallback for small,
 *      self-contained functions (lambdas given to `bag.map`); a function that uses variables from
 *      its surrounding scope or imports fails in the worker with a ReferenceError naming it.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { SsdpError } from '../util/errors.js';
import { moduleBinding } from './module-scope.js';
// tokenize.ts imports this module too: each uses the other only when called, never at import
import { hashText } from './tokenize.js';
import { quietNodeTestBefore } from './quiet-node-test.js';
import type { FnRef, TaskFn } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFn = (...args: any[]) => unknown;

/** Property of a delayed wrapper holding the wrapped function (so exporting the wrapper works). */
export const WRAPPED = Symbol.for('ssdp.wrapped');

/**
 * How a function travels: an export reference; its source text; or, for a function of a module
 * that is still running its top-level code here (a script awaiting compute), the export of
 * `module` with this source (the worker imports the module itself), else the source.
 */
export type ShippedFn = FnRef | { readonly src: string; readonly name: string; readonly module?: string };

const refs = new WeakMap<AnyFn, FnRef>();
const callerModules = new WeakMap<AnyFn, string>();
const sourceCache = new WeakMap<AnyFn, ShippedFn>();
/** A function of each module found still running its top-level code (see loadClass). */
const stillRunning = new Map<string, AnyFn>();

/** A reference to export `name` of the module at `moduleUrl` (pass `import.meta.url`). */
export function fnRef(moduleUrl: string, name: string): FnRef {
  return { module: moduleUrl, name };
}

export function isFnRef(fn: unknown): fn is FnRef {
  return typeof fn === 'object' && fn !== null && typeof (fn as FnRef).module === 'string' && typeof (fn as FnRef).name === 'string';
}

/**
 * Declares the functions a module exports as worker-runnable: after this, tasks may use the
 * function objects themselves and workers import them by name.
 */
export function registerModule(moduleUrl: string, exportsObject: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(exportsObject)) {
    if (typeof value !== 'function') continue;
    const fn = unwrap(value as AnyFn);
    if (!refs.has(fn)) refs.set(fn, { module: moduleUrl, name });
  }
}

/** Records that `fn` is exported as `name` from `moduleUrl`. */
export function registerFunction(fn: AnyFn, moduleUrl: string, name = fn.name): void {
  refs.set(unwrap(fn), { module: moduleUrl, name });
}

/** Remembers which module asked for `fn` to be delayed, to search its exports later. */
export function rememberCallerModule(fn: AnyFn, moduleUrl: string): void {
  if (!callerModules.has(fn)) callerModules.set(fn, moduleUrl);
}

/**
 * Remembers the user module calling into ssdp (the first stack frame outside the library) as the
 * place to look for `fn`'s export: every API taking a task function calls this, so an exported
 * function reaches workers by reference, not as source text that cannot see its module.
 */
export function rememberCaller(fn: unknown): void {
  if (typeof fn !== 'function') return;
  const caller = callerModuleUrl();
  if (caller) rememberCallerModule(fn as AnyFn, caller);
}

/** True when `fn` is registered or its calling module is already remembered. */
export function knowsWhereFrom(fn: AnyFn): boolean {
  return refs.has(fn) || callerModules.has(fn);
}

export function unwrap(fn: AnyFn): AnyFn {
  const inner = (fn as unknown as Record<symbol, AnyFn | undefined>)[WRAPPED];
  return typeof inner === 'function' ? inner : fn;
}

/** The reference of a function, if already known without importing anything. */
export function knownRef(fn: AnyFn): FnRef | undefined {
  return refs.get(unwrap(fn));
}

/**
 * The file URL of the first stack frame outside ssdp's own library folder: the user module that
 * called into ssdp. Undefined when the caller is not a file (REPL, eval).
 */
export function callerModuleUrl(): string | undefined {
  return callerFrame()?.url;
}

/**
 * Where the user's code called into ssdp, as `path:line:column` (for messages that must point at
 * the call, such as a mapBlocks function's wrong result found later in a worker).
 */
export function callerSite(): string | undefined {
  const f = callerFrame();
  return f && `${fileURLToPath(f.url)}:${f.line}:${f.column}`;
}

function callerFrame(): { url: string; line: string; column: string } | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /(file:\/\/[^\s)]+?):(\d+):(\d+)\)?\s*$/.exec(line) ?? /\(?(\/[^\s():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const url = m[1]!.startsWith('file://') ? m[1]! : 'file://' + m[1]!;
    if (url.startsWith(LIBRARY_URL)) continue;
    return { url, line: m[2]!, column: m[3]! };
  }
  return undefined;
}
const LIBRARY_URL = new URL('../', import.meta.url).href;

/**
 * Finds `fn` among the exports of the calling module, or else among the exports of the modules it
 * imports by relative path (a script that imports its task functions from a sibling module).
 */
async function findExport(moduleUrl: string, fn: AnyFn): Promise<ShippedFn | undefined> {
  const direct = await findExportIn(moduleUrl, fn);
  if (direct && !('src' in direct)) return direct;
  for (const dep of relativeImports(moduleUrl)) {
    const found = await findExportIn(dep, fn);
    if (found && !('src' in found)) return found;
  }
  // still evaluating: a worker may import it, if the function is written in it
  return direct && definedIn(moduleUrl, direct.src) ? direct : undefined;
}

function definedIn(moduleUrl: string, src: string): boolean {
  try {
    return readFileSync(fileURLToPath(moduleUrl), 'utf8').includes(src);
  } catch {
    return false;
  }
}

/** True when the module's source text declares an export named `name`. */
function exportsName(moduleUrl: string, name: string): boolean {
  if (!/^[\w$]+$/.test(name)) return false;
  let src: string;
  try {
    src = readFileSync(fileURLToPath(moduleUrl), 'utf8');
  } catch {
    return false;
  }
  const n = name.replace(/\$/g, '\\$');
  return (
    new RegExp(`\\bexport\\s+(?:default\\s+)?(?:async\\s+)?(?:function\\s*\\*?|const|let|var|class)\\s*${n}\\b`).test(src) ||
    new RegExp(`\\bexport\\s*\\{[^}]*\\b${n}\\b[^}]*\\}`).test(src)
  );
}

const importsCache = new Map<string, string[]>();
function relativeImports(moduleUrl: string): string[] {
  let list = importsCache.get(moduleUrl);
  if (list) return list;
  list = [];
  try {
    const src = readFileSync(fileURLToPath(moduleUrl), 'utf8');
    for (const m of src.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.startsWith('file:')) list.push(new URL(spec, moduleUrl).href);
    }
  } catch {
    // not a readable file: nothing to search
  }
  importsCache.set(moduleUrl, list);
  return list;
}

async function findExportIn(moduleUrl: string, fn: AnyFn): Promise<ShippedFn | undefined> {
  let mod: Record<string, unknown>;
  try {
    // The caller is loaded already, or it is still evaluating (a script awaiting compute at top
    // level): importing it would then wait for ourselves. After a moment, let the workers import
    // it instead (there its guarded main part does not run).
    const timeout = new Promise<undefined>((r) => setTimeout(r, 30, undefined));
    const m = await Promise.race([import(moduleUrl) as Promise<Record<string, unknown>>, timeout]);
    if (m === undefined) {
      const src = shippableSource(fn);
      if (src === undefined) return undefined;
      // Only an export is worth a worker importing the script (its guarded main part then does
      // not run); a lambda the script does not export travels as source alone, so an unguarded
      // script body never reruns in the workers.
      if (!exportsName(moduleUrl, fn.name)) return { src, name: fn.name };
      stillRunning.set(moduleUrl, fn);
      return { src, name: fn.name, module: moduleUrl };
    }
    mod = m;
  } catch {
    return undefined;
  }
  const exact = Object.entries(mod).find(([, v]) => v === fn);
  const found = exact ?? Object.entries(mod).find(([, v]) => typeof v === 'function' && unwrap(v as AnyFn) === fn);
  if (!found) return undefined;
  const r = { module: moduleUrl, name: found[0] };
  refs.set(fn, r);
  return r;
}

/** Source text of a function as an expression, or undefined when it cannot be re-evaluated. */
function shippableSource(fn: AnyFn): string | undefined {
  const src = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(src)) return undefined;
  try {
    // Validate that it parses as an expression on its own (method shorthand does not).
    new Function(`return (${src});`);
    return src;
  } catch {
    return undefined;
  }
}

/** A built-in such as `Math.random` or `parseFloat`, shipped as the expression naming it. */
function globalPath(fn: AnyFn): string | undefined {
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of ['Math', 'Number', 'JSON', 'String', 'Object', 'Array', 'Date', 'BigInt']) {
    const ns = g[name] as Record<string, unknown> | undefined;
    if (!ns) continue;
    for (const k of Object.getOwnPropertyNames(ns)) {
      try {
        if (ns[k] === fn) return `${name}.${k}`;
      } catch {
        // getters that throw: skip
      }
    }
  }
  for (const k of ['parseInt', 'parseFloat', 'isNaN', 'isFinite', 'String', 'Number', 'Boolean']) if (g[k] === fn) return k;
  return undefined;
}

/**
 * Turns a function into something a worker can load: an export reference when one can be found,
 * else its source text. Throws E_FN_NOT_SHIPPABLE when neither works.
 */
export async function shipFunction(fnOrRef: TaskFn): Promise<ShippedFn> {
  if (isFnRef(fnOrRef)) return fnOrRef;
  const fn = unwrap(fnOrRef as AnyFn);
  const known = refs.get(fn);
  if (known) return known;
  const cached = sourceCache.get(fn);
  if (cached) return cached;
  const caller = callerModules.get(fn);
  if (caller) {
    const found = await findExport(caller, fn);
    if (found && 'src' in found) sourceCache.set(fn, found);
    if (found) return found;
  }
  const src = shippableSource(fn) ?? globalPath(fn);
  if (src === undefined) {
    throw new SsdpError('E_FN_NOT_SHIPPABLE', `function ${fn.name || '(anonymous)'} cannot be sent to a worker: it is not an export of a module ssdp knows and its source cannot be re-evaluated`, {
      hint: "Export it from a module and use delayed(fn, { module: import.meta.url }) or registerModule(import.meta.url, { fn }), or run with { scheduler: 'sync' }.",
    });
  }
  const shipped = { src, name: fn.name };
  sourceCache.set(fn, shipped);
  return shipped;
}

/** Synchronous token for a function, used in key hashes: stable across runs for exports. */
const fnTokens = new WeakMap<AnyFn, string>();
let nextFnId = 1;
export function fnToken(fnOrRef: TaskFn): string {
  if (isFnRef(fnOrRef)) return `${fnOrRef.module}#${fnOrRef.name}`;
  const fn = unwrap(fnOrRef as AnyFn);
  // The first token given to a function sticks, so keys stay the same for the whole process
  // even after a later compute discovers where the function is exported.
  let t = fnTokens.get(fn);
  if (t !== undefined) return t;
  const r = refs.get(fn);
  // Closures with identical source may capture different values: keep identity in the token.
  // (the source by its hash: this token is hashed again in every call's key)
  t = r ? `${r.module}#${r.name}` : `${fn.name}:${nextFnId++}:${sourceHash(fn)}`;
  fnTokens.set(fn, t);
  return t;
}

/** The display name of a task function. */
export function fnName(fnOrRef: TaskFn): string {
  if (isFnRef(fnOrRef)) return fnOrRef.name;
  return unwrap(fnOrRef as AnyFn).name || 'lambda';
}

// ---- worker side --------------------------------------------------------------------------

const loaded = new Map<string, AnyFn>();
/** Modules imported to load task functions; searched for the classes of task results. */
const loadedModules = new Map<string, Record<string, unknown>>();
const classRefs = new WeakMap<object, FnRef | null>();

/**
 * Where a result's class is exported, searching the modules this realm imported task functions
 * from; undefined when it is not found (the instance then travels as a plain object).
 */
export function classRefOf(ctor: object): FnRef | undefined {
  const hit = classRefs.get(ctor);
  if (hit !== undefined) return hit ?? undefined;
  for (const [module, ns] of loadedModules) {
    for (const [name, v] of Object.entries(ns)) {
      if (v === ctor) {
        const r = { module, name };
        classRefs.set(ctor, r);
        return r;
      }
    }
  }
  classRefs.set(ctor, null);
  return undefined;
}

/** Imports the class a `classRefOf` reference names. */
export async function loadClass(r: FnRef): Promise<{ prototype: object } | undefined> {
  // A script awaiting this compute cannot be imported yet; its class is read from its scope.
  const running = loadedModules.has(r.module) ? undefined : stillRunning.get(r.module);
  const c = running ? moduleBinding(running, r.name) : (await importTaskModule(r.module, r.name, 'class'))[r.name];
  return typeof c === 'function' ? (c as unknown as { prototype: object }) : undefined;
}

const fromSource = new WeakSet<AnyFn>();

/** True for a function this realm made from shipped source text (it cannot see its module). */
export function isFromSource(fn: AnyFn): boolean {
  return fromSource.has(fn);
}

function shippedId(s: ShippedFn): string {
  return 'src' in s ? `${s.module ?? ''}\u0000${s.src}` : `${s.module}#${s.name}`;
}

/** Loads a shipped function in a worker (cached). */
export async function loadShipped(s: ShippedFn): Promise<AnyFn> {
  const id = shippedId(s);
  const hit = loaded.get(id);
  if (hit) return hit;
  let fn: AnyFn;
  if ('src' in s) {
    const exported = s.module === undefined ? undefined : findBySource((await importTaskModule(s.module, s.name)) as Record<string, unknown>, s);
    fn = exported ?? ((0, eval)(`(${s.src})`) as AnyFn);
    if (!exported) fromSource.add(fn);
  } else {
    const mod = (await importTaskModule(s.module, s.name)) as Record<string, unknown>;
    const v = mod[s.name];
    if (typeof v !== 'function') {
      throw new SsdpError('E_FN_NOT_FOUND', `module ${fileURLToPathSafe(s.module)} has no exported function ${s.name}`, {
        hint: 'Export the function under that name (workers import it by name).',
      });
    }
    fn = unwrap(v as AnyFn);
  }
  loaded.set(id, fn);
  return fn;
}

/** Synchronous lookup for already-loaded shipped functions (hot path in workers). */
export function loadedShipped(s: ShippedFn): AnyFn | undefined {
  return loaded.get(shippedId(s));
}

/** The export of `mod` with the shipped source, preferring the shipped name. */
function findBySource(mod: Record<string, unknown>, s: { src: string; name: string }): AnyFn | undefined {
  const same = (v: unknown): v is AnyFn => typeof v === 'function' && Function.prototype.toString.call(unwrap(v as AnyFn)) === s.src;
  const v = same(mod[s.name]) ? mod[s.name] : Object.values(mod).find(same);
  return v === undefined ? undefined : unwrap(v as AnyFn);
}

// ---- importing task modules without deadlocks -------------------------------------------

/** Set in a worker while it imports a task module (a compute started then is an unguarded main). */
let importingInWorker: { module: string; fn: string } | undefined;

/**
 * The task module this worker is importing right now, if any: a computation started while it
 * loads comes from the module's main part, which a worker must not run (see runsAsMain).
 */
export function workerImporting(): { module: string; fn: string } | undefined {
  return importingInWorker;
}

/** Module URLs on the stack of the code that started the current compute (see importTaskModule). */
let computeCallers = new Set<string>();

/** Records which modules are on the stack of the code calling compute/get, before any await. */
export function noteComputeCallers(): void {
  const urls = new Set<string>();
  for (const m of (new Error().stack ?? '').matchAll(/(file:\/\/[^\s)]+?):\d+:\d+\)?\s*$/gm)) if (!m[1]!.startsWith(LIBRARY_URL)) urls.add(m[1]!);
  computeCallers = urls;
}

/**
 * Imports the module a task function lives in. In a worker, a computation started during the
 * import is reported (E_MAIN_NOT_GUARDED). In the main thread, a module that is still running its
 * top-level code because it awaits this very compute can never finish importing (node would exit
 * with code 13, or hang): that is reported as E_MODULE_STILL_RUNNING instead.
 */
async function importTaskModule(url: string, fnName: string, kind: 'function' | 'class' = 'function'): Promise<Record<string, unknown>> {
  const known = loadedModules.get(url);
  if (known) return known;
  const inWorker = (globalThis as Record<string, unknown>).__ssdpInWorker === true;
  let ns: Record<string, unknown>;
  if (inWorker) {
    importingInWorker = { module: url, fn: fnName };
    try {
      quietNodeTestBefore(url);
      ns = (await import(url)) as Record<string, unknown>;
    } finally {
      importingInWorker = undefined;
    }
  } else if (computeCallers.has(url)) {
    const pending = Symbol('pending');
    const timer = new Promise<symbol>((r) => setTimeout(r, 100, pending));
    const got = await Promise.race([import(url) as Promise<Record<string, unknown>>, timer]);
    if (got === pending) throw moduleStillRunning(url, fnName, kind);
    ns = got as Record<string, unknown>;
  } else ns = (await import(url)) as Record<string, unknown>;
  loadedModules.set(url, ns);
  return ns;
}

function moduleStillRunning(url: string, fnName: string, kind: 'function' | 'class'): SsdpError {
  if (kind === 'class') {
    return new SsdpError(
      'E_MODULE_STILL_RUNNING',
      `a task returned an instance of class ${fnName}, exported by ${fileURLToPathSafe(url)}, which is still running its top-level code (it awaits this computation), so ssdp cannot import it to rebuild the instance`,
      { hint: `Move class ${fnName} to a module of its own and import it, or give the script's task functions to delayed() themselves (not fnRef), so ssdp can find the class next to them.` },
    );
  }
  return new SsdpError(
    'E_MODULE_STILL_RUNNING',
    `${fileURLToPathSafe(url)} refers to its own export ${fnName} (fnRef or registerModule) while its top-level code is still running (it awaits this computation), so ssdp cannot import it to find ${fnName}; node would otherwise exit with code 13 or wait forever`,
    {
      hint: "Put the task functions in a module of their own and import them, or use the functions themselves in delayed() and graphs; with workers, guard the script's main part with `if (runsAsMain(import.meta.url))`.",
    },
  );
}

/** The error a worker gives when importing a task module starts a computation. */
export function mainNotGuarded(where: { module: string; fn: string }): SsdpError {
  return new SsdpError(
    'E_MAIN_NOT_GUARDED',
    `${fileURLToPathSafe(where.module)} started a computation while a worker was importing it to load the task function ${where.fn}: its main part runs on import (in every worker, again and again)`,
    {
      hint: "Guard the script's main part with `if (runsAsMain(import.meta.url)) { ... }` (import runsAsMain from ssdp), as Python scripts use `if __name__ == '__main__'`, or move the task functions to a module of their own.",
    },
  );
}

function fileURLToPathSafe(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

/**
 * A 64-bit hash of a function's source text, by the keys' own hash (tokenize.ts), not SHA-1: the
 * token already holds a number of its own per function, so the hash only labels the source, and
 * node:crypto (~5 ms of CPU to load, ~0.5 MB RSS) stays unloaded in a program's first delayed call.
 */
function sourceHash(fn: TaskFn): string {
  return hashText(Function.prototype.toString.call(fn));
}
