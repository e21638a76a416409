import { type ShellName } from './dialects.js';
import type { ActivationTarget } from './plan.js';
/** How the user named the env: a word is a name under the root, anything with a slash a path. */
export interface EnvRef {
    name?: string;
    prefix?: string;
    root?: string;
}
export declare function refFromWord(word: string): EnvRef;
export declare function locateEnv(ref: EnvRef, shell: ShellName): ActivationTarget;
/** The scripts in an activate.d/deactivate.d folder that `shell` sources, sorted by file name. */
export declare function listScripts(dir: string, shell: ShellName): string[];
/** deactivate.d runs in reverse file-name order, undoing activate.d's order (like conda). */
export declare function deactivateScripts(prefix: string, shell: ShellName): string[];
