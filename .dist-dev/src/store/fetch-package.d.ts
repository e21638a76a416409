import type { ParsedIntegrity } from './integrity.js';
export interface StoreItem {
    name: string;
    version: string;
    resolved: string;
    integrity: string;
    parsed: ParsedIntegrity;
    /** Final entry folder. */
    dir: string;
}
export declare function fetchIntoStore(storeDir: string, item: StoreItem, idleTimeoutMs?: number, allowScripts?: string[]): Promise<void>;
/**
 * Replaces a damaged entry with a fresh download. The old folder is moved aside first (other
 * envs keep their hardlinks to its files), so the store never shows a half-replaced entry.
 */
export declare function refetchEntry(storeDir: string, item: StoreItem, idleTimeoutMs?: number): Promise<void>;
/** Removes temp folders of processes that died mid-unpack (kill -9), before adding new ones. */
export declare function sweepAbandoned(storeDir: string): void;
