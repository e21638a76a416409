import { type LockOptions } from '../util/lock.js';
export interface StoreEntryInfo {
    key: string;
    name: string;
    version: string;
    integrity: string;
    /** Bytes of file content. */
    size: number;
    dir: string;
}
export interface StoreUsage {
    packages: number;
    bytes: number;
    entries: StoreEntryInfo[];
}
export interface CleanResult {
    /** Store entries removed. */
    count: number;
    bytes: number;
    removed: {
        name: string;
        version: string;
        integrity: string;
    }[];
    /** Abandoned temp folders (from killed processes) removed. */
    tempFolders: number;
}
export declare function storeUsage(storeDir: string): StoreUsage;
/** Keys pinned by other live processes; pin files of dead ones are deleted. Call under the store lock. */
export declare function livePins(storeDir: string): Set<string>;
export declare function cleanStore(storeDir: string, inUse: Set<string>, opts?: LockOptions): Promise<CleanResult>;
