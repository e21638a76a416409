/**
 * Runs the real CLI as a child process: the compiled entry next to this compiled test file, so a
 * test always exercises the same build it was compiled with.
 */
import { type SpawnSyncOptions } from 'node:child_process';
export declare const CLI_ENTRY: string;
export interface CliResult {
    status: number | null;
    stdout: string;
    stderr: string;
}
export declare function runCli(args: string[], opts?: SpawnSyncOptions): CliResult;
export declare function tempDir(prefix?: string): string;
/** Waits (up to a minute) until `cond` holds, failing the test with `what` if it never does. */
export declare function until(cond: () => boolean, what: string): Promise<void>;
