/**
 * `ssdp shell hook SHELL`: code defining a shell function `ssdp` that runs the CLI, except for
 * `activate` and `deactivate`, which must change the calling shell. For those the function runs
 * `ssdp shell activate|deactivate SHELL ...`, which prints the whole change, and evaluates it only
 * when the CLI succeeded, so a failure leaves the shell as it was. The CLI does not see unexported
 * shell variables, so the function hands it the prompt explicitly.
 */
import { type ShellName } from './dialects.js';
export declare function hookScript(shell: ShellName, cli: readonly string[]): string;
