/**
 * The variables a process inside the env sees: its bin first on PATH, NODE_PATH (for `require`),
 * its variables, and NODE_OPTIONS with the hook that serves the env's packages to `import`.
 */
export declare function envProcessEnv(prefix: string, baseEnv?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** Runs argv[0] with argv[1..] inside the env; resolves with the exit code ssdp should use. */
export declare function runInEnv(prefix: string, argv: string[]): Promise<number>;
/** The CLI half, called by src/cli/commands/run.ts with yargs' argv (`populate--` on). */
export declare function runCommandCli(argv: Record<string, unknown>): Promise<number>;
