import { type ShellName } from './dialects.js';
export declare const BLOCK_START = "# >>> ssdp initialize >>>";
export declare const BLOCK_END = "# <<< ssdp initialize <<<";
export declare const INIT_SHELLS: readonly ["bash", "zsh", "fish"];
export type InitShell = (typeof INIT_SHELLS)[number];
/** The rc file for a shell, honouring ZDOTDIR and XDG_CONFIG_HOME as zsh and fish do. */
export declare function rcFile(shell: InitShell, env?: NodeJS.ProcessEnv): string;
export declare function initBlock(shell: ShellName, cli: readonly string[]): string;
export type InitOutcome = 'added' | 'updated' | 'unchanged';
/** Adds the block at the end of the file, or rewrites it in place if it is there already. */
export declare function installBlock(file: string, block: string): InitOutcome;
export type ReverseOutcome = 'removed' | 'absent';
/** Removes exactly the block; a file that held nothing but the block (fish's conf.d) goes too. */
export declare function removeBlock(file: string, deleteIfEmpty?: boolean): ReverseOutcome;
