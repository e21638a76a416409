/**
 * Shared set-up for env tests: a fake registry, a temp SSDP_ROOT and an asynchronous CLI runner
 * (the registry lives in this process, so the CLI child must not block our event loop).
 */
import { type ChildProcess } from 'node:child_process';
import { type CliResult } from '../helpers/cli.js';
import { type FakeRegistry, type FakeVersion } from '../helpers/registry.js';
export interface Ctx {
    reg: FakeRegistry;
    root: string;
    dir: string;
    env: NodeJS.ProcessEnv;
    cli(args: string[], opts?: {
        env?: NodeJS.ProcessEnv;
        input?: string;
        cwd?: string;
    }): Promise<CliResult>;
    spec(name: string, body: string): string;
    close(): Promise<void>;
}
export declare function spawnCli(args: string[], env: NodeJS.ProcessEnv, opts?: {
    input?: string | null;
    cwd?: string;
}): {
    child: ChildProcess;
    done: Promise<CliResult & {
        signal: NodeJS.Signals | null;
    }>;
};
/** A plain package with an index.js exporting its name and version, plus an optional bin. */
export declare function pkg(name: string, version: string, extra?: Partial<FakeVersion>): FakeVersion;
export declare function setup(versions: FakeVersion[]): Promise<Ctx>;
/** Every entry below dir: type, size-independent content hash or link target (for byte-identity). */
export declare function snapshot(dir: string): Record<string, string>;
/** An HTTP proxy to the fake registry that rewrites tarball URLs to itself and can stall them. */
export declare function stallingProxy(target: string): Promise<{
    url: string;
    stall: boolean;
    tarballRequested: Promise<void>;
    close(): Promise<void>;
}>;
/** Whether the live npm registry answers (live smoke tests skip when it does not). */
export declare function liveRegistryReachable(registry: string, pkgName: string): Promise<boolean>;
