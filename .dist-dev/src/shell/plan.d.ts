import { type LevelState } from './state.js';
export interface ActivationTarget {
    /** Realpath of the prefix (what SSDP_PREFIX shows and `env list` compares with). */
    prefix: string;
    name: string;
    variables: Record<string, string>;
    /** activate.d scripts for the shell in question, in the order to source them. */
    activateScripts: string[];
    /** Entries put in front of list variables: NODE_PATH (the env's packages for `require`) and
     * NODE_OPTIONS (the hook that serves them to `import`; absent when the env's node cannot take it). */
    prepend: Array<{
        name: string;
        entry: string;
        sep: string;
    }>;
}
export interface ShellSnapshot {
    /** The exported variables as the CLI sees them. */
    env: Record<string, string | undefined>;
    /** PS1 (POSIX shells) or fish's prompt modifier; undefined when unset. */
    prompt: string | undefined;
    /** False when the caller could not tell the prompt (no hook passed it): then it is left alone. */
    promptKnown: boolean;
}
/** What the shell must do, in order: deactivate.d scripts, the variable changes, activate.d scripts. */
export interface ShellChange {
    deactivateScripts: string[];
    set: Array<[name: string, value: string]>;
    unset: string[];
    /** Present when the prompt changes; null means unset it. */
    prompt?: {
        value: string | null;
    };
    activateScripts: string[];
}
export interface PlanContext {
    /** 'ps1': the prompt value is the whole PS1; 'modifier': it is only ssdp's prefix (fish). */
    promptKind: 'ps1' | 'modifier';
    /** deactivate.d scripts of a prefix for this shell, in the order to source them. */
    deactivateScriptsOf(prefix: string): string[];
}
export interface ActivateOptions {
    stack: boolean;
    changePrompt: boolean;
}
/** Characters that mean something in a bash, zsh or dash prompt are shown as `_`. */
export declare function promptLabel(name: string): string;
/** `ssdp activate`: replaces the active env (or stacks on it with `stack`). */
export declare function planActivate(snap: ShellSnapshot, levels: LevelState[], target: ActivationTarget, opts: ActivateOptions, ctx: PlanContext): ShellChange;
/** `ssdp deactivate`: back to the outer env, or to no env. */
export declare function planDeactivate(snap: ShellSnapshot, levels: LevelState[], ctx: PlanContext): ShellChange;
