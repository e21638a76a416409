export declare const OPTION_NAMES: readonly ["scheduler", "nWorkers", "retries", "optimize", "progress", "summary", "client"];
/** The closest of `names` to `word`, when it is close enough to be a likely typo. */
export declare function closest(word: string, names: readonly string[]): string | undefined;
/** True when `key` is an option name or looks like a misspelling of one. */
export declare function looksLikeOption(key: string): boolean;
/** Throws E_COMPUTE_OPTION for an unknown option name or scheduler. */
export declare function checkOptions(opts: object, where: string): void;
export declare function checkScheduler(s: unknown, where: string): void;
/** A worker or retry count: a whole number from `min` (NaN would stall the scheduler). */
export declare function checkCount(n: unknown, min: number, name: string, where: string): void;
