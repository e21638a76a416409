import type { TaskFn } from './types.js';
/** A short hex token of any values; `refToken` names placeholders by their key. */
export declare function tokenize(values: readonly unknown[], refToken?: (v: unknown) => string | undefined): string;
/** `tokenize([fn, ...args], refToken)` without building that array (once per delayed call). */
export declare function tokenizeCall(fn: TaskFn, args: readonly unknown[], refToken: (v: unknown) => string | undefined): string;
export declare function randomToken(): string;
