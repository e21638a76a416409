/**
 * Small functions the engine itself puts in graphs (attribute access, method calls, arithmetic
 * on placeholders, `sum`). Exported and registered so every worker can import them by name.
 */
import { registerModule } from './functions.js';
/** `obj[name]` */
export function getattr(obj, name) {
    return obj[name];
}
/** `obj[name](...args)` with `this` bound to `obj`. */
export function callMethod(obj, name, ...args) {
    const m = obj[name];
    if (typeof m !== 'function')
        throw new TypeError(`${describe(obj)} has no method ${name}`);
    return m.apply(obj, args);
}
/** Calls a computed function value. */
export function call(fn, ...args) {
    if (typeof fn !== 'function')
        throw new TypeError(`${describe(fn)} is not a function`);
    return fn(...args);
}
function describe(v) {
    if (v === null || v === undefined)
        return String(v);
    return `a value of type ${typeof v === 'object' ? (v.constructor?.name ?? 'Object') : typeof v}`;
}
export const add = (a, b) => a + b;
export const sub = (a, b) => a - b;
export const mul = (a, b) => a * b;
export const div = (a, b) => a / b;
export const mod = (a, b) => a % b;
export const pow = (a, b) => a ** b;
export const neg = (a) => -a;
export const eq = (a, b) => a === b;
export const ne = (a, b) => a !== b;
export const lt = (a, b) => a < b;
export const le = (a, b) => a <= b;
export const gt = (a, b) => a > b;
export const ge = (a, b) => a >= b;
export const not = (a) => !a;
/** Sum of an array of numbers (Python's `sum`, for `delayed(sum)(doubles)`). */
export function sum(xs) {
    let s = 0;
    for (const x of xs)
        s += x;
    return s;
}
export function identity(x) {
    return x;
}
/** Builds a tuple/list from its arguments (used when a collection of placeholders is computed). */
export function list(...xs) {
    return xs;
}
export const ARITHMETIC = { add, sub, mul, div, mod, pow, neg, eq, ne, lt, le, gt, ge, not };
registerModule(import.meta.url, { getattr, callMethod, call, sum, identity, list, ...ARITHMETIC });
//# sourceMappingURL=builtins.js.map