export interface PrivateRedis {
    /** redis://default:PASSWORD@HOST:PORT, what workers and clients connect to. */
    readonly url: string;
    readonly host: string;
    readonly port: number;
    readonly password: string;
    readonly pid: number;
    /** Its folder (config and log), deleted by stop(). */
    readonly dir: string;
    /** Stops the server and deletes its folder; safe to call more than once. */
    stop(): Promise<void>;
}
export interface PrivateRedisOptions {
    /** Address to bind and to put in the URL (default 127.0.0.1; a Slurm run passes the host's address). */
    host?: string;
    /** The redis-server binary (default: $SSDP_REDIS_SERVER, else redis-server on PATH). */
    binary?: string;
}
export declare function startPrivateRedis(opts?: PrivateRedisOptions): Promise<PrivateRedis>;
