import type { StoredPackument } from './packument.js';
export interface CacheEntry {
    /** Entry layout; entries of another layout are treated as misses. */
    format?: number;
    fetchedAt: number;
    etag?: string;
    lastModified?: string;
    packument: StoredPackument;
}
export declare function registryFolder(cacheDir: string, registry: string): string;
export declare function readCacheEntry(cacheDir: string, registry: string, name: string): Promise<CacheEntry | undefined>;
/**
 * The cache only saves a request, so a root that cannot be written skips it: a --dry-run then
 * just works, and a changing command reaches its own E_NOT_WRITABLE check instead of a stack.
 */
export declare function writeCacheEntry(cacheDir: string, registry: string, name: string, entry: CacheEntry): Promise<void>;
/** Names with cached metadata (for "did you mean" suggestions). */
export declare function cachedNames(cacheDir: string, registry: string): Promise<string[]>;
