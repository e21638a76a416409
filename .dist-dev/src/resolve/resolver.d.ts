import { type PackumentClient } from './packument-client.js';
import type { Lockfile, Request, ResolveOptions } from './types.js';
export interface ResolveExtras {
    /** Scoped registries (`@scope` -> URL), e.g. from npmRegistryConfig(). */
    scopes?: Record<string, string>;
    authTokens?: Record<string, string>;
    /** Injected client (benchmarks reuse one); normally created from opts. */
    client?: PackumentClient;
}
export declare function resolve(requests: Request[], opts: ResolveOptions & ResolveExtras): Promise<Lockfile>;
export declare function resolveFromCacheOnly(requests: Request[], opts: ResolveOptions & ResolveExtras): Promise<Lockfile>;
