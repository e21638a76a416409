export interface Repaired {
    name: string;
    version: string;
    /** The entry's store key (algo-hex of its integrity), so the envs holding its files can be found. */
    key: string;
    problem: string;
    action: 'fetched again' | 'removed';
    /**
     * The changed files as `dev:ino`: envs hardlink the stored file, so every env holding one of
     * these inodes still runs the edit after the store is repaired (the tester's N4).
     */
    inodes: string[];
}
export interface VerifyResult {
    /** Entries whose every file was re-hashed. */
    checked: number;
    files: number;
    /** Entries found damaged: what was wrong and what was done. */
    repaired: Repaired[];
    /** Entries stored by an older ssdp without per-file hashes (left as they are). */
    unverifiable: number;
}
export declare function verifyStore(storeDir: string, opts?: {
    offline?: boolean;
}): Promise<VerifyResult>;
