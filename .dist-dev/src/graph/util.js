/** Small helpers for task authors. */
import { isMainThread } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
/** Blocks this thread for `ms` milliseconds without spinning (Atomics.wait). */
export function sleepSync(ms) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
/** True inside an ssdp worker (thread or process). */
export function isWorker() {
    return globalThis.__ssdpInWorker === true;
}
/**
 * True when the module with this `import.meta.url` is the program's entry script and we are not
 * in a worker: guard a script's main part with it when the same file also exports task
 * functions (workers import that file to find them, like Python's `if __name__ == "__main__"`).
 */
export function runsAsMain(moduleUrl) {
    if (isWorker() || !isMainThread || !process.argv[1])
        return false;
    try {
        return pathToFileURL(realpathSync(process.argv[1])).href === moduleUrl;
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=util.js.map