/** Blocks this thread for `ms` milliseconds without spinning (Atomics.wait). */
export declare function sleepSync(ms: number): void;
/** True inside an ssdp worker (thread or process). */
export declare function isWorker(): boolean;
/**
 * True when the module with this `import.meta.url` is the program's entry script and we are not
 * in a worker: guard a script's main part with it when the same file also exports task
 * functions (workers import that file to find them, like Python's `if __name__ == "__main__"`).
 */
export declare function runsAsMain(moduleUrl: string): boolean;
