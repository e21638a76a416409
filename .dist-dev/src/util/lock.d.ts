export interface LockOptions {
    /** Give up after this long (default 60 s) with E_LOCK_TIMEOUT. */
    timeoutMs?: number;
    /** Called once when the lock is busy and we start waiting, with the holder's pid if known. */
    onWait?: (holderPid: number | undefined) => void;
}
export declare function isProcessAlive(pid: number): boolean;
/** Takes the lock if it is free (or stale) right now, without waiting; undefined when busy. */
export declare function tryFileLockSync(path: string): (() => void) | undefined;
/** Takes the lock or throws E_LOCK_TIMEOUT; returns the release function. */
export declare function acquireFileLock(path: string, opts?: LockOptions): Promise<() => void>;
/** Runs fn while holding an exclusive cross-process lock on `path` (a file that must not exist otherwise). */
export declare function withFileLock<T>(path: string, fn: () => Promise<T> | T, opts?: LockOptions): Promise<T>;
