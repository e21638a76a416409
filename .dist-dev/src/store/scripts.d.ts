import type { PackageIndex } from './cas.js';
export interface ScriptTarget {
    name: string;
    version: string;
    /** Absolute package folder in the prefix. */
    dir: string;
    scripts: NonNullable<PackageIndex['scripts']>;
}
export declare function runInstallScripts(targets: ScriptTarget[], prefix: string, extraPath?: string[]): Promise<void>;
export declare function skippedScriptWarning(name: string): string;
