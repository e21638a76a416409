import type { TaskInstance } from './types.js';
export interface Stamp {
    id: string;
    fingerprint: string;
    /** Summary of the inputs as they were when the instance ran. */
    inputs: string;
    finishedAt: string;
    seconds: number;
    result: unknown;
    /** Each output as ssdp left it (summariseFiles of that one path): how ssdp knows it wrote a file. */
    written?: Record<string, string>;
}
export declare const stampDir: (root: string) => string;
/** Sizes and modification times of the files (folders walked, `*` expanded), as one comparable string. */
export declare function summariseFiles(paths: string[]): string;
export declare function readStamp(root: string, id: string): Stamp | undefined;
export declare function writeStamp(root: string, inst: TaskInstance, result: unknown, seconds: number): void;
export declare function outputsExist(inst: TaskInstance): boolean;
/**
 * Outputs that exist but that ssdp did not write (or that changed since): no stamp of this step
 * records them as they are now. Such a file is someone's data; no step may replace it.
 */
export declare function foreignOutputs(root: string, inst: TaskInstance, stamp?: Stamp | undefined): string[];
/**
 * Instances that can be skipped: declared outputs, all present, same fingerprint, same inputs,
 * and nothing they depend on runs again. Tasks that declare no outputs always run (as in pixi).
 */
export declare function freshInstances(root: string, instances: TaskInstance[], force?: boolean, data?: ReadonlySet<string>, unfinished?: ReadonlySet<string>): Map<string, Stamp>;
