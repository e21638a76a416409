import { type EnvState } from './prefix.js';
export interface EnvTarget {
    root: string;
    prefix: string;
    /** Name under the root, or the basename of a -p prefix. */
    name: string;
    /** True when given by -n (lives under ROOT/envs). */
    named: boolean;
}
export interface TargetArgs {
    name?: string;
    prefix?: string;
}
/** `fromCommandLine`: the name was given with -n, so a bad one is a command-line mistake (exit 2). */
export declare function checkEnvName(name: string, fromCommandLine?: boolean): void;
/** Resolves -n/-p (or a fallback name, e.g. from a spec file; or the active env). */
export declare function resolveTarget(root: string, args: TargetArgs, fallbackName?: string, useActive?: boolean): EnvTarget;
export { expandHome } from '../util/home-path.js';
/**
 * The folder a -p path really is: symlinks resolved (an env reached through a link is changed
 * where it lives, and the link stays a link), also for a prefix that does not exist yet
 * (its nearest existing parent is resolved). A file anywhere on the path is refused clearly.
 */
export declare function realPrefix(path: string): string;
/** The lock every change of this env holds (see withEnvLock). */
export declare function envLockPath(t: Pick<EnvTarget, 'root' | 'prefix'>): string;
/**
 * Whether the folder is an env, possibly a damaged one: its ssdp-meta holds ssdp's own state
 * (env.json, lock.json or history/). An empty or foreign ssdp-meta folder does not make a
 * project folder an env that `env remove` or `create --force` may delete.
 */
export declare function looksLikeEnv(prefix: string): boolean;
/** A few of the user's files (not ssdp's, not a package's) a removal of this env would delete. */
export declare function userFilesIn(prefix: string, max?: number): {
    shown: string[];
    more: boolean;
};
/** env.json of an env that must exist; a crash between the two renames of a swap is repaired first. */
export declare function requireEnv(t: EnvTarget): EnvState;
/** Records a -p prefix so `env list` and `clean` know it. Idempotent. */
export declare function registerPrefix(root: string, prefix: string): void;
export declare function unregisterPrefix(root: string, prefix: string): void;
export interface EnvListing {
    name: string;
    prefix: string;
    active: boolean;
    node?: string;
    revision: number;
    /** Set when ssdp-meta cannot be read: why. `env remove` still removes such an env. */
    damaged?: string;
    /** Revisions whose history file cannot be read: the env works, but cannot go back to them. */
    damagedRevisions?: number[];
}
/** All envs under the root and registered -p prefixes, named ones first, each once. */
export declare function listEnvs(root: string): EnvListing[];
export declare function formatEnvList(envs: EnvListing[]): string;
