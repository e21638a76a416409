/**
 * Which module runs each command. Modules are imported only for the command at hand, and none
 * of them loads yargs: that is for --help and unknown commands only (./app.ts). The shell
 * subcommands go straight to src/shell/commands.ts, the lightest path, since activation runs at
 * every `ssdp activate`.
 */
import type { CommandName, ParsedCommandLine } from './options.js';
/** Commands whose --help is their own (activation help goes to stderr, see src/shell). */
export declare const OWN_HELP: ReadonlySet<CommandName>;
export declare function dispatch(p: ParsedCommandLine & {
    command: CommandName;
}): Promise<number | void>;
