/**
 * A private redis-server for tests (../shared/tools/local-redis.sh: random port and password,
 * loopback only) and `ssdp worker` processes serving it, each stopped by the test that started it.
 */
import { type ChildProcess } from 'node:child_process';
export interface LocalRedis {
    readonly url: string;
    stop(): void | Promise<void>;
}
/** Where the shared tool is not beside the repository, ssdp's own private redis-server launcher stands in. */
export declare function startRedis(): Promise<LocalRedis>;
export declare function redisToolPresent(): boolean;
export interface WorkerProcess {
    readonly child: ChildProcess;
    readonly pid: number;
    output(): string;
    /** SIGTERM (drain), then SIGKILL if it has not exited after 10 s. */
    stop(): Promise<void>;
}
/** Starts `ssdp worker --broker URL ...args` (null: no --broker, the URL is in env) and waits until it serves. */
export declare function startWorker(url: string | null, args?: string[], env?: NodeJS.ProcessEnv, entry?: string): Promise<WorkerProcess>;
export interface RestartableRedis extends LocalRedis {
    /** Stops the server (SIGTERM; it writes its append-only file), keeping its data folder. */
    down(): Promise<void>;
    /** Starts it again on the same port, password and data. */
    up(): Promise<void>;
}
/**
 * A redis-server this test stops and starts again on the same port: an outage of the broker.
 * Append-only persistence (unless `persist: false`), so a restart keeps the queue, as a production broker's would.
 */
export declare function startRestartableRedis(opts?: {
    persist?: boolean;
}): Promise<RestartableRedis>;
