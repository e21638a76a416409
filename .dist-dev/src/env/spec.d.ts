import type { Lockfile } from '../resolve/types.js';
export interface EnvSpec {
    file: string;
    name?: string;
    channels: string[];
    /** Dependency strings exactly as written (each already checked with parseRequest). */
    dependencies: string[];
    /** Kept verbatim, as conda does: relative paths are relative to where the env is used. */
    variables: Record<string, string>;
    allowScripts: string[];
    before?: Date;
}
export type SpecInput = {
    kind: 'spec';
    spec: EnvSpec;
} | {
    kind: 'lock';
    lock: Lockfile;
    file: string;
};
/** Set by activation and `ssdp run` themselves; a spec overriding them hides the env's bins. */
export declare const RESERVED_VARIABLES: RegExp;
/** Parses a date for `before:` / `--before`; throws E_BAD_DATE (caller adds the position). */
/**
 * A calendar date or ISO time. Date itself rolls impossible days over (2023-02-30 becomes
 * March 2) and reads `0` as the year 2000, so the fields are checked against what was written.
 */
export declare function parseBefore(text: string): Date;
export declare function readSpecFile(file: string): Promise<SpecInput>;
export declare function parseSpecText(text: string, file: string): Promise<SpecInput>;
/** Splits `--allow-scripts a,b` (possibly repeated) into names. */
export declare function splitList(v: unknown): string[];
