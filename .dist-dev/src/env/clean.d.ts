import type { Reporter } from '../util/reporter.js';
export declare function integritiesInUse(root: string): Set<string>;
export declare function cleanRoot(root: string): Promise<import("../store/gc.js").CleanResult>;
/**
 * `ssdp clean --verify`: re-hash the store and repair damaged entries (see store/verify-store.ts),
 * then the envs that still hold a changed file (see relink-repaired.ts).
 */
export declare function verifyRoot(root: string, reporter: Reporter, opts?: {
    offline?: boolean;
}): Promise<{
    repaired: {
        name: string;
        version: string;
        key: string;
        problem: string;
        action: "fetched again" | "removed";
    }[];
    envs: import("./relink-repaired.js").EnvRepair[];
    checked: number;
    files: number;
    unverifiable: number;
}>;
