import { type ParsedCommandLine } from '../cli/options.js';
import { type ShellName } from './dialects.js';
import { type EnvRef } from './target.js';
export declare const SHELL_SUBCOMMANDS: readonly ["hook", "activate", "deactivate"];
/** Prints code for `args` = [SUBCOMMAND, SHELL, ...]; returns undefined for what yargs should show (help). */
export declare function runShellCommand(args: string[], env?: NodeJS.ProcessEnv): Promise<number | undefined>;
/** The same, for a command line the CLI has parsed already (words 'shell', SUBCOMMAND). */
export declare function runShell(p: ParsedCommandLine, env?: NodeJS.ProcessEnv): Promise<number | undefined>;
export declare function parseShell(word: string | undefined): ShellName;
export interface ActivateArgs {
    ref: EnvRef;
    stack: boolean;
    prompt: boolean;
}
/** `args` are what follows `ssdp shell activate SHELL`; parsed with the CLI's option table. */
export declare function parseActivateArgs(args: string[]): ActivateArgs;
export declare function activationCode(shell: ShellName, a: ActivateArgs, env: NodeJS.ProcessEnv): string;
export declare function deactivationCode(shell: ShellName, env: NodeJS.ProcessEnv): string;
