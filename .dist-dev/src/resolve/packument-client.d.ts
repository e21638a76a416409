import { type Packument } from './packument.js';
export interface PackumentClientOptions {
    registry: string;
    scopes?: Record<string, string>;
    authTokens?: Record<string, string>;
    cacheDir: string;
    offline?: boolean;
    /** Need `time` (full packuments), e.g. for a `before` date. */
    full?: boolean;
    /** Freshness window; default SSDP_METADATA_TTL seconds or 300 s. */
    ttlMs?: number;
    concurrency?: number;
    /** A body without a byte this long is stalled (default SSDP_FETCH_TIMEOUT or 30 s). */
    stallMs?: number;
    onWarning?: (message: string) => void;
}
export interface PackumentClient {
    get(name: string): Promise<Packument>;
    /** Counters for benchmarks and tests. */
    readonly stats: {
        cacheHits: number;
        fetched: number;
        revalidated: number;
    };
}
export declare function metadataTtlMs(): number;
export declare function packumentUrl(registry: string, name: string): string;
export declare function createPackumentClient(opts: PackumentClientOptions): PackumentClient;
