/**
 * Scale-out through Redis: `new Client({ broker })` / `runOnBroker` run graphs on the
 * `ssdp worker`s serving a broker; `serveBroker` / `runWorker` are the worker itself. Scheduling
 * stays in ssdp's one loop; BullMQ only carries ready batches between machines. BullMQ loads only
 * when a broker is used, so importing ssdp stays light.
 */
import type { ServeOptions, WorkerHandle } from './serve.js';
export type { RemoteExecutor, RemoteOptions } from './remote.js';
export type { ServeOptions, WorkerHandle } from './serve.js';
export type { BrokerAddress } from './broker.js';
export { parseBroker, safeUrl } from './broker.js';
export { runOnBroker } from './run-on-broker.js';
/** Serves a broker in this process (its tasks in child processes) until `stop()`. */
export declare function serveBroker(opts: ServeOptions): Promise<WorkerHandle>;
/** `ssdp worker`'s loop: serves until SIGINT/SIGTERM; resolves with the exit code. */
export declare function runWorker(opts: ServeOptions): Promise<number>;
