import type { Lockfile } from '../resolve/types.js';
export interface ResolutionInputs {
    requested: string[];
    registry: string;
    before?: string;
    /** The running Node's version: it decides engine checks when node is not pinned. */
    node: string;
    /** Set when some package may run scripts: a git dependency may then be packed prepared. */
    allowScripts?: string[];
}
/** Mirrors the metadata client's freshness window (SSDP_METADATA_TTL seconds, default 300). */
export declare function trustWindowMs(): number;
export declare function readResolution(root: string, i: ResolutionInputs): {
    lock: Lockfile;
    warnings: string[];
} | undefined;
export declare function writeResolution(root: string, i: ResolutionInputs, lock: Lockfile, warnings: string[]): void;
