import type { Reporter } from '../util/reporter.js';
interface RepairedEntry {
    name: string;
    version: string;
    key: string;
    action: 'fetched again' | 'removed';
    inodes: string[];
}
export interface EnvRepair {
    name: string;
    prefix: string;
    /** Files (relative to the prefix) now linked to the repaired copy. */
    relinked: string[];
    /** Packages whose changed files it still holds: no clean copy could be fetched. */
    stillChanged: string[];
}
export declare function relinkRepaired(root: string, repaired: RepairedEntry[], reporter: Reporter): Promise<EnvRepair[]>;
export declare function formatEnvRepairs(repairs: EnvRepair[]): string[];
export {};
