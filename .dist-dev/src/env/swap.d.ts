/** Brings a prefix back to a consistent state after a crash. Call only while holding its lock. */
export declare function recoverPrefix(target: string): void;
/** Env names (in one folder's listing) whose env is missing but whose trash holds it: a crash mid-swap. */
export declare function interruptedSwaps(names: string[]): string[];
/**
 * For read commands (`list`, `run`, `env list`): when a crash left the env only as its trash
 * folder, put it back now instead of reporting no env. Takes the env's lock without waiting: a
 * busy lock means a live change is mid-swap and is about to finish it itself. A read-only root
 * cannot be repaired; the read then reports what is there.
 */
export declare function repairInterruptedSwap(target: string, lockPath: string): void;
/** Creates a fresh, empty staging folder for `target`. */
export declare function makeStaging(target: string): string;
/** Puts the staging folder in place of target (replacing any existing env), atomically. */
export declare function swapIn(staging: string, target: string, beforeDelete?: (trash: string) => void): void;
/** Removes an env: rename away first (atomic; a crash later only leaves garbage), then delete. */
export declare function removeAtomically(target: string): void;
