/** `obj[name]` */
export declare function getattr(obj: unknown, name: string): unknown;
/** `obj[name](...args)` with `this` bound to `obj`. */
export declare function callMethod(obj: unknown, name: string, ...args: unknown[]): unknown;
/** Calls a computed function value. */
export declare function call(fn: unknown, ...args: unknown[]): unknown;
type Num = number | bigint;
export declare const add: (a: Num, b: Num) => Num;
export declare const sub: (a: Num, b: Num) => Num;
export declare const mul: (a: Num, b: Num) => Num;
export declare const div: (a: Num, b: Num) => Num;
export declare const mod: (a: Num, b: Num) => Num;
export declare const pow: (a: Num, b: Num) => Num;
export declare const neg: (a: Num) => Num;
export declare const eq: (a: unknown, b: unknown) => boolean;
export declare const ne: (a: unknown, b: unknown) => boolean;
export declare const lt: (a: Num, b: Num) => boolean;
export declare const le: (a: Num, b: Num) => boolean;
export declare const gt: (a: Num, b: Num) => boolean;
export declare const ge: (a: Num, b: Num) => boolean;
export declare const not: (a: unknown) => boolean;
/** Sum of an array of numbers (Python's `sum`, for `delayed(sum)(doubles)`). */
export declare function sum(xs: Iterable<number>): number;
export declare function identity<T>(x: T): T;
/** Builds a tuple/list from its arguments (used when a collection of placeholders is computed). */
export declare function list(...xs: unknown[]): unknown[];
export declare const ARITHMETIC: {
    readonly add: (a: Num, b: Num) => Num;
    readonly sub: (a: Num, b: Num) => Num;
    readonly mul: (a: Num, b: Num) => Num;
    readonly div: (a: Num, b: Num) => Num;
    readonly mod: (a: Num, b: Num) => Num;
    readonly pow: (a: Num, b: Num) => Num;
    readonly neg: (a: Num) => Num;
    readonly eq: (a: unknown, b: unknown) => boolean;
    readonly ne: (a: unknown, b: unknown) => boolean;
    readonly lt: (a: Num, b: Num) => boolean;
    readonly le: (a: Num, b: Num) => boolean;
    readonly gt: (a: Num, b: Num) => boolean;
    readonly ge: (a: Num, b: Num) => boolean;
    readonly not: (a: unknown) => boolean;
};
export {};
