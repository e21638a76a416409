import type { Recorder } from './recorder.js';
/** Tried first when no port is asked for (Dask's dashboard port), then the next ones. */
export declare const DEFAULT_PORT = 8787;
export interface DashboardServer {
    readonly port: number;
    readonly url: string;
    close(): Promise<void>;
}
export declare function startServer(rec: Recorder, port: number | undefined): Promise<DashboardServer>;
/** The line printed on stderr, with a tunnel hint when this machine is reached over SSH. */
export declare function announce(url: string, port: number, env?: NodeJS.ProcessEnv): string;
