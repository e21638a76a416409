export { parseBroker, safeUrl } from './broker.js';
export { runOnBroker } from './run-on-broker.js';
/** Serves a broker in this process (its tasks in child processes) until `stop()`. */
export async function serveBroker(opts) {
    return (await import('./serve.js')).serveBroker(opts);
}
/** `ssdp worker`'s loop: serves until SIGINT/SIGTERM; resolves with the exit code. */
export async function runWorker(opts) {
    return (await import('./serve.js')).runWorker(opts);
}
//# sourceMappingURL=index.js.map