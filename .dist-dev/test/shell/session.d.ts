import { CLI_ENTRY } from '../helpers/cli.js';
export { CLI_ENTRY };
/** Whether a shell is installed (tests of a missing shell are skipped, not failed). */
export declare function hasShell(shell: string): boolean;
export interface EnvFixture {
    name: string;
    variables?: Record<string, string>;
    /** file name -> content, in etc/ssdp/activate.d */
    activate?: Record<string, string>;
    deactivate?: Record<string, string>;
}
/** Writes an env prefix; `node` in its bin prints `node-of-<name>`. Returns the prefix. */
export declare function writeEnv(prefix: string, f: EnvFixture): string;
export interface Sandbox {
    home: string;
    root: string;
    /** A PATH with a folder whose name has spaces in it, to prove entries survive. */
    basePath: string;
    env: NodeJS.ProcessEnv;
    /** Writes ROOT/envs/NAME. */
    named(f: EnvFixture): string;
    /** Path of a file holding the hook for a shell (generated once by the compiled CLI). */
    hook(shell: string): string;
}
export declare function sandbox(): Sandbox;
export interface ShellRun {
    status: number | null;
    stdout: string;
    stderr: string;
    /** KEY=value lines printed by `show` (see showPosix/showFish), last one wins per key. */
    seen: Record<string, string>;
}
/** Runs `script` with `shell -c` in the sandbox; lines starting with `@KEY=` are collected. */
export declare function runShell(shell: string, script: string, sb: Sandbox, opts?: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
}): ShellRun;
/** POSIX code printing `@TAG.VAR=value` for each variable (`<unset>` when unset); newlines as \n. */
export declare function showPosix(tag: string, vars: string[]): string;
export declare function showFish(tag: string, vars: string[]): string;
