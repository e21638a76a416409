type OptionType = 'string' | 'boolean' | 'number' | 'strings';
interface OptionSpec {
    type: OptionType;
    alias?: string;
    describe: string;
    /** The commands that have it; 'global' options apply to every command. */
    commands: readonly CommandName[] | 'global';
    default?: boolean;
    choices?: readonly string[];
}
/** Every command, with its positional arguments in yargs' notation. */
export declare const COMMANDS: {
    readonly create: {
        readonly positionals: "[packages..]";
        readonly describe: "create an env (same as ssdp env create)";
    };
    readonly install: {
        readonly positionals: "[packages..]";
        readonly describe: "add packages to an env, or roll back with --revision N";
    };
    readonly remove: {
        readonly positionals: "[packages..]";
        readonly describe: "remove packages from an env";
    };
    readonly update: {
        readonly positionals: "[packages..]";
        readonly describe: "update packages (or --all) to the newest versions the specs allow";
    };
    readonly list: {
        readonly positionals: "";
        readonly describe: "list the packages of an env (--revisions: its history)";
    };
    readonly clean: {
        readonly positionals: "";
        readonly describe: "delete store entries no env uses";
    };
    readonly info: {
        readonly positionals: "";
        readonly describe: "show ssdp's version and settings; --envs lists envs";
    };
    readonly run: {
        readonly positionals: "[task] [args..]";
        readonly describe: "run a command inside an env (-n NAME CMD ...) or a workflow task of ssdp.yaml";
    };
    readonly tasks: {
        readonly positionals: "";
        readonly describe: "list the tasks and parameters of the workflow (ssdp.yaml)";
    };
    readonly 'env create': {
        readonly positionals: "[packages..]";
        readonly describe: "create an env from a spec file (-f) or packages";
    };
    readonly 'env list': {
        readonly positionals: "";
        readonly describe: "list envs; the active one is marked *";
    };
    readonly 'env remove': {
        readonly positionals: "";
        readonly describe: "remove an env";
    };
    readonly 'env export': {
        readonly positionals: "";
        readonly describe: "print a spec that recreates the env (exact pins by default)";
    };
    readonly 'env update': {
        readonly positionals: "";
        readonly describe: "update an env from a spec file";
    };
    readonly 'shell hook': {
        readonly positionals: "<shell>";
        readonly describe: "print the code that defines the ssdp shell function (bash, zsh, fish, sh)";
    };
    readonly 'shell activate': {
        readonly positionals: "<shell> [env]";
        readonly describe: "print the code that activates an env in that shell";
    };
    readonly 'shell deactivate': {
        readonly positionals: "<shell>";
        readonly describe: "print the code that deactivates the active env";
    };
    readonly init: {
        readonly positionals: "[shells..]";
        readonly describe: "add the shell hook to ~/.bashrc, ~/.zshrc or fish conf.d (marked block)";
    };
    readonly activate: {
        readonly positionals: "[env]";
        readonly describe: "activate an env in this shell (needs the shell hook: ssdp init)";
    };
    readonly deactivate: {
        readonly positionals: "";
        readonly describe: "deactivate the active env in this shell (needs the shell hook)";
    };
    readonly worker: {
        readonly positionals: "";
        readonly describe: "run tasks for clients of a Redis broker (--broker redis://...), in child processes from the env";
    };
};
export type CommandName = keyof typeof COMMANDS;
/** Words that only group subcommands. */
export declare const GROUPS: readonly ["env", "shell"];
export declare const OPTIONS: {
    readonly root: {
        readonly type: "string";
        readonly commands: "global";
        readonly describe: "ssdp root (package store, named envs); default $SSDP_ROOT or ~/.ssdp";
    };
    readonly json: {
        readonly type: "boolean";
        readonly commands: "global";
        readonly describe: "machine-readable output; errors too ({\"error\":{...}} on stdout)";
    };
    readonly quiet: {
        readonly type: "boolean";
        readonly alias: "q";
        readonly commands: "global";
        readonly describe: "print only results and errors";
    };
    readonly name: {
        readonly type: "string";
        readonly alias: "n";
        readonly commands: readonly ["create", "env create", "install", "update", "env update", "remove", "list", "env remove", "env export", "run", "shell activate", "activate", "worker"];
        readonly describe: "env name (under ROOT/envs)";
    };
    readonly prefix: {
        readonly type: "string";
        readonly alias: "p";
        readonly commands: readonly ["create", "env create", "install", "update", "env update", "remove", "list", "env remove", "env export", "run", "shell activate", "activate", "worker"];
        readonly describe: "env prefix path";
    };
    readonly file: {
        readonly type: "string";
        readonly alias: "f";
        readonly commands: readonly ["create", "env create", "env export", "env update"];
        readonly describe: "spec file (environment.yml shape) or lockfile; env export: write to this file";
    };
    readonly 'dry-run': {
        readonly type: "boolean";
        readonly commands: readonly ["create", "env create", "install", "update", "env update", "remove", "env remove", "run"];
        readonly describe: "show what would be done, change nothing";
    };
    readonly force: {
        readonly type: "boolean";
        readonly commands: readonly ["create", "env create", "run"];
        readonly describe: "create: replace an existing env; run: run every step again";
    };
    readonly offline: {
        readonly type: "boolean";
        readonly commands: readonly ["create", "env create", "install", "update", "env update", "remove", "run"];
        readonly describe: "use only cached metadata and the package store";
    };
    readonly 'allow-scripts': {
        readonly type: "strings";
        readonly commands: readonly ["create", "env create", "install", "update", "env update"];
        readonly describe: "packages whose install scripts may run (a,b or repeated)";
    };
    readonly before: {
        readonly type: "string";
        readonly commands: readonly ["create", "env create", "install", "update", "env update"];
        readonly describe: "only versions published before this date (minimum release age)";
    };
    readonly revision: {
        readonly type: "string";
        readonly commands: readonly ["install"];
        readonly describe: "restore this revision (see ssdp list --revisions)";
    };
    readonly all: {
        readonly type: "boolean";
        readonly commands: readonly ["update"];
        readonly describe: "update everything";
    };
    readonly prune: {
        readonly type: "boolean";
        readonly commands: readonly ["env update"];
        readonly describe: "remove what the spec no longer lists";
    };
    readonly revisions: {
        readonly type: "boolean";
        readonly commands: readonly ["list"];
        readonly describe: "list revisions with what each changed";
    };
    readonly verify: {
        readonly type: "boolean";
        readonly commands: readonly ["clean"];
        readonly describe: "re-hash every stored file and repair entries that changed (e.g. edited through an env)";
    };
    readonly 'from-history': {
        readonly type: "boolean";
        readonly commands: readonly ["env export"];
        readonly describe: "the packages as you asked for them";
    };
    readonly lock: {
        readonly type: "boolean";
        readonly commands: readonly ["env export"];
        readonly describe: "the lockfile (exact tree)";
    };
    readonly envs: {
        readonly type: "boolean";
        readonly commands: readonly ["info"];
        readonly describe: "list envs (like ssdp env list)";
    };
    readonly jobs: {
        readonly type: "number";
        readonly alias: "j";
        readonly commands: readonly ["run"];
        readonly describe: "workflow: parallel workers (default: all cores)";
    };
    readonly cluster: {
        readonly type: "string";
        readonly commands: readonly ["run"];
        readonly choices: readonly ["slurm"];
        readonly describe: "workflow: run on workers started on a cluster (slurm: sbatch arrays; settings from ssdp.yaml's cluster: block)";
    };
    readonly workers: {
        readonly type: "number";
        readonly commands: readonly ["run"];
        readonly describe: "workflow, with --cluster: number of cluster workers (default: cluster.slurm.workers, else 1)";
    };
    readonly param: {
        readonly type: "strings";
        readonly commands: readonly ["run"];
        readonly describe: "workflow: KEY=VALUE, overrides a parameter of ssdp.yaml";
    };
    readonly graph: {
        readonly type: "string";
        readonly commands: readonly ["run"];
        readonly describe: "workflow: draw the task graph to FILE.svg or FILE.dot";
    };
    readonly 'on-missing': {
        readonly type: "string";
        readonly commands: readonly ["run"];
        readonly choices: readonly ["error", "skip"];
        readonly describe: "workflow: what a missing or unreadable input does";
    };
    readonly 'wait-lock': {
        readonly type: "boolean";
        readonly commands: readonly ["run"];
        readonly describe: "workflow: wait for another run of the same workflow to finish instead of stopping";
    };
    readonly dashboard: {
        readonly type: "boolean";
        readonly commands: readonly ["run"];
        readonly describe: "workflow: serve a live dashboard on 127.0.0.1 while the run goes on (address on stderr)";
    };
    readonly 'dashboard-port': {
        readonly type: "number";
        readonly commands: readonly ["run"];
        readonly describe: "workflow: port of the dashboard (implies --dashboard; default 8787 or the next free one)";
    };
    readonly broker: {
        readonly type: "string";
        readonly commands: readonly ["worker", "run"];
        readonly describe: "worker: Redis broker to serve (default $SSDP_BROKER); run: run the workflow's steps on the workers serving it: redis://[user:password@]host:port";
    };
    readonly nprocs: {
        readonly type: "number";
        readonly commands: readonly ["worker"];
        readonly describe: "worker: child processes running tasks (default 1)";
    };
    readonly workflow: {
        readonly type: "string";
        readonly commands: readonly ["run", "tasks"];
        readonly describe: "workflow file (default: ./ssdp.yaml or the nearest one above)";
    };
    readonly stack: {
        readonly type: "boolean";
        readonly commands: readonly ["shell activate", "activate"];
        readonly describe: "keep the active env's bin on PATH (deactivate returns to it)";
    };
    readonly prompt: {
        readonly type: "boolean";
        readonly commands: readonly ["shell activate", "activate"];
        readonly default: true;
        readonly describe: "show (NAME) in the prompt; --no-prompt or SSDP_CHANGEPS1=false turn it off";
    };
    readonly reverse: {
        readonly type: "boolean";
        readonly commands: readonly ["init"];
        readonly describe: "remove the block ssdp init added";
    };
};
export type OptionName = keyof typeof OPTIONS;
type Spec<K extends OptionName> = (typeof OPTIONS)[K];
type ValueOf<T extends OptionType> = T extends 'string' ? string : T extends 'boolean' ? boolean : T extends 'number' ? number : string[];
type Has<K extends OptionName, C extends CommandName> = Spec<K>['commands'] extends 'global' ? true : C extends Spec<K>['commands'][number] ? true : false;
/** The typed settings of one command: its options (as given) and its positionals. */
export type Settings<C extends CommandName> = {
    [K in OptionName as Has<K, C> extends true ? K : never]?: ValueOf<Spec<K>['type']>;
} & {
    /** Positional words after the command words. */
    positionals: string[];
    /** `ssdp run -n ENV CMD ...`: the command and everything after it; after `--` otherwise. */
    rest: string[];
};
export interface ParsedCommandLine {
    /** The command, or undefined when the words name none (yargs then says so). */
    command?: CommandName;
    words: string[];
    values: Record<string, unknown>;
    positionals: string[];
    rest: string[];
    help: boolean;
    version: boolean;
}
export declare function optionsOf(command: CommandName): Array<[OptionName, OptionSpec]>;
/** The closest option names of `command` to a mistyped one, best first. */
export declare function suggestOptions(typed: string, command: CommandName | undefined): string[];
/**
 * Parses a whole ssdp command line against the table. Options may come anywhere before `--`
 * (global ones before the command too); `ssdp run -n ENV CMD ...` stops at CMD. Throws
 * E_UNKNOWN_OPTION / E_BAD_OPTION_VALUE (exit 2) unless help was asked for.
 */
export declare function parseCommandLine(argv: string[], start?: string[]): ParsedCommandLine;
/** Runs one command from its parsed command line; returns the exit code (or sets none). */
export type Handler = (p: ParsedCommandLine) => Promise<number | void>;
/** The typed settings of a parsed command line, for its command's handler. */
export declare function settingsOf<C extends CommandName>(p: ParsedCommandLine, _command: C): Settings<C>;
export {};
