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
import { hash } from 'node:crypto';
import { SsdpError } from '../util/errors.js';
import { moduleBinding } from './module-scope.js';
/** Property of a delayed wrapper holding the wrapped function (so exporting the wrapper works). */
export const WRAPPED = Symbol.for('ssdp.wrapped');
const refs = new WeakMap();
const callerModules = new WeakMap();
const sourceCache = new WeakMap();
/** A function of each module found still running its top-level code (see loadClass). */
const stillRunning = new Map();
/** A reference to export `name` of the module at `moduleUrl` (pass `import.meta.url`). */
export function fnRef(moduleUrl, name) {
    return { module: moduleUrl, name };
}
export function isFnRef(fn) {
    return typeof fn === 'object' && fn !== null && typeof fn.module === 'string' && typeof fn.name === 'string';
}
/**
 * Declares the functions a module exports as worker-runnable: after this, tasks may use the
 * function objects themselves and workers import them by name.
 */
export function registerModule(moduleUrl, exportsObject) {
    for (const [name, value] of Object.entries(exportsObject)) {
        if (typeof value !== 'function')
            continue;
        const fn = unwrap(value);
        if (!refs.has(fn))
            refs.set(fn, { module: moduleUrl, name });
    }
}
/** Records that `fn` is exported as `name` from `moduleUrl`. */
export function registerFunction(fn, moduleUrl, name = fn.name) {
    refs.set(unwrap(fn), { module: moduleUrl, name });
}
/** Remembers which module asked for `fn` to be delayed, to search its exports later. */
export function rememberCallerModule(fn, moduleUrl) {
    if (!callerModules.has(fn))
        callerModules.set(fn, moduleUrl);
}
/** True when `fn` is registered or its calling module is already remembered. */
export function knowsWhereFrom(fn) {
    return refs.has(fn) || callerModules.has(fn);
}
export function unwrap(fn) {
    const inner = fn[WRAPPED];
    return typeof inner === 'function' ? inner : fn;
}
/** The reference of a function, if already known without importing anything. */
export function knownRef(fn) {
    return refs.get(unwrap(fn));
}
/**
 * The file URL of the first stack frame outside ssdp's own library folder: the user module that
 * called into ssdp. Undefined when the caller is not a file (REPL, eval).
 */
export function callerModuleUrl() {
    const stack = new Error().stack ?? '';
    for (const line of stack.split('\n').slice(1)) {
        const m = /(file:\/\/[^\s)]+?):\d+:\d+\)?\s*$/.exec(line) ?? /\(?(\/[^\s():]+):\d+:\d+\)?\s*$/.exec(line);
        if (!m)
            continue;
        const url = m[1].startsWith('file://') ? m[1] : 'file://' + m[1];
        if (url.startsWith(LIBRARY_URL))
            continue;
        return url;
    }
    return undefined;
}
const LIBRARY_URL = new URL('../', import.meta.url).href;
/**
 * Finds `fn` among the exports of the calling module, or else among the exports of the modules it
 * imports by relative path (a script that imports its task functions from a sibling module).
 */
async function findExport(moduleUrl, fn) {
    const direct = await findExportIn(moduleUrl, fn);
    if (direct && !('src' in direct))
        return direct;
    for (const dep of relativeImports(moduleUrl)) {
        const found = await findExportIn(dep, fn);
        if (found && !('src' in found))
            return found;
    }
    // still evaluating: a worker may import it, if the function is written in it
    return direct && definedIn(moduleUrl, direct.src) ? direct : undefined;
}
function definedIn(moduleUrl, src) {
    try {
        return readFileSync(fileURLToPath(moduleUrl), 'utf8').includes(src);
    }
    catch {
        return false;
    }
}
/** True when the module's source text declares an export named `name`. */
function exportsName(moduleUrl, name) {
    if (!/^[\w$]+$/.test(name))
        return false;
    let src;
    try {
        src = readFileSync(fileURLToPath(moduleUrl), 'utf8');
    }
    catch {
        return false;
    }
    const n = name.replace(/\$/g, '\\$');
    return (new RegExp(`\\bexport\\s+(?:default\\s+)?(?:async\\s+)?(?:function\\s*\\*?|const|let|var|class)\\s*${n}\\b`).test(src) ||
        new RegExp(`\\bexport\\s*\\{[^}]*\\b${n}\\b[^}]*\\}`).test(src));
}
const importsCache = new Map();
function relativeImports(moduleUrl) {
    let list = importsCache.get(moduleUrl);
    if (list)
        return list;
    list = [];
    try {
        const src = readFileSync(fileURLToPath(moduleUrl), 'utf8');
        for (const m of src.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
            const spec = m[1];
            if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.startsWith('file:'))
                list.push(new URL(spec, moduleUrl).href);
        }
    }
    catch {
        // not a readable file: nothing to search
    }
    importsCache.set(moduleUrl, list);
    return list;
}
async function findExportIn(moduleUrl, fn) {
    let mod;
    try {
        // The caller is loaded already, or it is still evaluating (a script awaiting compute at top
        // level): importing it would then wait for ourselves. After a moment, let the workers import
        // it instead (there its guarded main part does not run).
        const timeout = new Promise((r) => setTimeout(r, 30, undefined));
        const m = await Promise.race([import(moduleUrl), timeout]);
        if (m === undefined) {
            const src = shippableSource(fn);
            if (src === undefined)
                return undefined;
            // Only an export is worth a worker importing the script (its guarded main part then does
            // not run); a lambda the script does not export travels as source alone, so an unguarded
            // script body never reruns in the workers.
            if (!exportsName(moduleUrl, fn.name))
                return { src, name: fn.name };
            stillRunning.set(moduleUrl, fn);
            return { src, name: fn.name, module: moduleUrl };
        }
        mod = m;
    }
    catch {
        return undefined;
    }
    const exact = Object.entries(mod).find(([, v]) => v === fn);
    const found = exact ?? Object.entries(mod).find(([, v]) => typeof v === 'function' && unwrap(v) === fn);
    if (!found)
        return undefined;
    const r = { module: moduleUrl, name: found[0] };
    refs.set(fn, r);
    return r;
}
/** Source text of a function as an expression, or undefined when it cannot be re-evaluated. */
function shippableSource(fn) {
    const src = Function.prototype.toString.call(fn);
    if (/\{\s*\[native code\]\s*\}\s*$/.test(src))
        return undefined;
    try {
        // Validate that it parses as an expression on its own (method shorthand does not).
        new Function(`return (${src});`);
        return src;
    }
    catch {
        return undefined;
    }
}
/** A built-in such as `Math.random` or `parseFloat`, shipped as the expression naming it. */
function globalPath(fn) {
    const g = globalThis;
    for (const name of ['Math', 'Number', 'JSON', 'String', 'Object', 'Array', 'Date', 'BigInt']) {
        const ns = g[name];
        if (!ns)
            continue;
        for (const k of Object.getOwnPropertyNames(ns)) {
            try {
                if (ns[k] === fn)
                    return `${name}.${k}`;
            }
            catch {
                // getters that throw: skip
            }
        }
    }
    for (const k of ['parseInt', 'parseFloat', 'isNaN', 'isFinite', 'String', 'Number', 'Boolean'])
        if (g[k] === fn)
            return k;
    return undefined;
}
/**
 * Turns a function into something a worker can load: an export reference when one can be found,
 * else its source text. Throws E_FN_NOT_SHIPPABLE when neither works.
 */
export async function shipFunction(fnOrRef) {
    if (isFnRef(fnOrRef))
        return fnOrRef;
    const fn = unwrap(fnOrRef);
    const known = refs.get(fn);
    if (known)
        return known;
    const cached = sourceCache.get(fn);
    if (cached)
        return cached;
    const caller = callerModules.get(fn);
    if (caller) {
        const found = await findExport(caller, fn);
        if (found && 'src' in found)
            sourceCache.set(fn, found);
        if (found)
            return found;
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
const fnTokens = new WeakMap();
let nextFnId = 1;
export function fnToken(fnOrRef) {
    if (isFnRef(fnOrRef))
        return `${fnOrRef.module}#${fnOrRef.name}`;
    const fn = unwrap(fnOrRef);
    // The first token given to a function sticks, so keys stay the same for the whole process
    // even after a later compute discovers where the function is exported.
    let t = fnTokens.get(fn);
    if (t !== undefined)
        return t;
    const r = refs.get(fn);
    // Closures with identical source may capture different values: keep identity in the token.
    // (the source by its hash: this token is hashed again in every call's key)
    t = r ? `${r.module}#${r.name}` : `${fn.name}:${nextFnId++}:${hash('sha1', Function.prototype.toString.call(fn), 'hex')}`;
    fnTokens.set(fn, t);
    return t;
}
/** The display name of a task function. */
export function fnName(fnOrRef) {
    if (isFnRef(fnOrRef))
        return fnOrRef.name;
    return unwrap(fnOrRef).name || 'lambda';
}
// ---- worker side --------------------------------------------------------------------------
const loaded = new Map();
/** Modules imported to load task functions; searched for the classes of task results. */
const loadedModules = new Map();
const classRefs = new WeakMap();
/**
 * Where a result's class is exported, searching the modules this realm imported task functions
 * from; undefined when it is not found (the instance then travels as a plain object).
 */
export function classRefOf(ctor) {
    const hit = classRefs.get(ctor);
    if (hit !== undefined)
        return hit ?? undefined;
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
export async function loadClass(r) {
    // A script awaiting this compute cannot be imported yet; its class is read from its scope.
    const running = loadedModules.has(r.module) ? undefined : stillRunning.get(r.module);
    const c = running ? moduleBinding(running, r.name) : (await importTaskModule(r.module, r.name, 'class'))[r.name];
    return typeof c === 'function' ? c : undefined;
}
const fromSource = new WeakSet();
/** True for a function this realm made from shipped source text (it cannot see its module). */
export function isFromSource(fn) {
    return fromSource.has(fn);
}
function shippedId(s) {
    return 'src' in s ? `${s.module ?? ''}\u0000${s.src}` : `${s.module}#${s.name}`;
}
/** Loads a shipped function in a worker (cached). */
export async function loadShipped(s) {
    const id = shippedId(s);
    const hit = loaded.get(id);
    if (hit)
        return hit;
    let fn;
    if ('src' in s) {
        const exported = s.module === undefined ? undefined : findBySource((await importTaskModule(s.module, s.name)), s);
        fn = exported ?? (0, eval)(`(${s.src})`);
        if (!exported)
            fromSource.add(fn);
    }
    else {
        const mod = (await importTaskModule(s.module, s.name));
        const v = mod[s.name];
        if (typeof v !== 'function') {
            throw new SsdpError('E_FN_NOT_FOUND', `module ${fileURLToPathSafe(s.module)} has no exported function ${s.name}`, {
                hint: 'Export the function under that name (workers import it by name).',
            });
        }
        fn = unwrap(v);
    }
    loaded.set(id, fn);
    return fn;
}
/** Synchronous lookup for already-loaded shipped functions (hot path in workers). */
export function loadedShipped(s) {
    return loaded.get(shippedId(s));
}
/** The export of `mod` with the shipped source, preferring the shipped name. */
function findBySource(mod, s) {
    const same = (v) => typeof v === 'function' && Function.prototype.toString.call(unwrap(v)) === s.src;
    const v = same(mod[s.name]) ? mod[s.name] : Object.values(mod).find(same);
    return v === undefined ? undefined : unwrap(v);
}
// ---- importing task modules without deadlocks -------------------------------------------
/** Set in a worker while it imports a task module (a compute started then is an unguarded main). */
let importingInWorker;
/**
 * The task module this worker is importing right now, if any: a computation started while it
 * loads comes from the module's main part, which a worker must not run (see runsAsMain).
 */
export function workerImporting() {
    return importingInWorker;
}
/** Module URLs on the stack of the code that started the current compute (see importTaskModule). */
let computeCallers = new Set();
/** Records which modules are on the stack of the code calling compute/get, before any await. */
export function noteComputeCallers() {
    const urls = new Set();
    for (const m of (new Error().stack ?? '').matchAll(/(file:\/\/[^\s)]+?):\d+:\d+\)?\s*$/gm))
        if (!m[1].startsWith(LIBRARY_URL))
            urls.add(m[1]);
    computeCallers = urls;
}
/**
 * Imports the module a task function lives in. In a worker, a computation started during the
 * import is reported (E_MAIN_NOT_GUARDED). In the main thread, a module that is still running its
 * top-level code because it awaits this very compute can never finish importing (node would exit
 * with code 13, or hang): that is reported as E_MODULE_STILL_RUNNING instead.
 */
async function importTaskModule(url, fnName, kind = 'function') {
    const known = loadedModules.get(url);
    if (known)
        return known;
    const inWorker = globalThis.__ssdpInWorker === true;
    let ns;
    if (inWorker) {
        importingInWorker = { module: url, fn: fnName };
        try {
            ns = (await import(url));
        }
        finally {
            importingInWorker = undefined;
        }
    }
    else if (computeCallers.has(url)) {
        const pending = Symbol('pending');
        const timer = new Promise((r) => setTimeout(r, 100, pending));
        const got = await Promise.race([import(url), timer]);
        if (got === pending)
            throw moduleStillRunning(url, fnName, kind);
        ns = got;
    }
    else
        ns = (await import(url));
    loadedModules.set(url, ns);
    return ns;
}
function moduleStillRunning(url, fnName, kind) {
    if (kind === 'class') {
        return new SsdpError('E_MODULE_STILL_RUNNING', `a task returned an instance of class ${fnName}, exported by ${fileURLToPathSafe(url)}, which is still running its top-level code (it awaits this computation), so ssdp cannot import it to rebuild the instance`, { hint: `Move class ${fnName} to a module of its own and import it, or give the script's task functions to delayed() themselves (not fnRef), so ssdp can find the class next to them.` });
    }
    return new SsdpError('E_MODULE_STILL_RUNNING', `${fileURLToPathSafe(url)} refers to its own export ${fnName} (fnRef or registerModule) while its top-level code is still running (it awaits this computation), so ssdp cannot import it to find ${fnName}; node would otherwise exit with code 13 or wait forever`, {
        hint: "Put the task functions in a module of their own and import them, or use the functions themselves in delayed() and graphs; with workers, guard the script's main part with `if (runsAsMain(import.meta.url))`.",
    });
}
/** The error a worker gives when importing a task module starts a computation. */
export function mainNotGuarded(where) {
    return new SsdpError('E_MAIN_NOT_GUARDED', `${fileURLToPathSafe(where.module)} started a computation while a worker was importing it to load the task function ${where.fn}: its main part runs on import (in every worker, again and again)`, {
        hint: "Guard the script's main part with `if (runsAsMain(import.meta.url)) { ... }` (import runsAsMain from ssdp), as Python scripts use `if __name__ == '__main__'`, or move the task functions to a module of their own.",
    });
}
function fileURLToPathSafe(url) {
    try {
        return fileURLToPath(url);
    }
    catch {
        return url;
    }
}
//# sourceMappingURL=functions.js.map