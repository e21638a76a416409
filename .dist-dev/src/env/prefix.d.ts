import { SsdpError } from '../util/errors.js';
export declare const META_DIR = "ssdp-meta";
export declare const ENV_STATE_FILE = "env.json";
export declare const LOCK_FILE = "lock.json";
/**
 * The ssdp root: --root, else $SSDP_ROOT (empty counts as unset), else ~/.ssdp; `~` expanded.
 * An existing file there is refused here, before any command trips over it.
 */
export declare function resolveRoot(explicit?: string): string;
export declare const rootLayout: (root: string) => {
    root: string;
    envs: string;
    store: string;
    metadataCache: string;
    locks: string;
};
export declare const prefixLayout: (prefix: string) => {
    prefix: string;
    bin: string;
    nodeModules: string;
    activateD: string;
    deactivateD: string;
    meta: string;
    stateFile: string;
    lockFile: string;
    history: string;
};
/**
 * What activation and `ssdp run` need to know about an env, written by the env lifecycle into
 * PREFIX/ssdp-meta/env.json on every change.
 */
export interface EnvState {
    /** Display name: the env's name under the root, or the basename of a -p prefix. */
    name: string;
    /** Environment variables set on activation and by `ssdp run` (values already resolved). */
    variables: Record<string, string>;
    /** Pinned Node.js version, when the env has one (its binary is PREFIX/bin/node). */
    node?: string;
    /** The current revision number (see `ssdp list --revisions`). */
    revision: number;
    /** The spec as the user asked for it (for export --from-history and update). */
    requested: string[];
    /** Where the spec came from, when created from a file. */
    specFile?: string;
    channels?: string[];
    allowScripts?: string[];
    /** Minimum release age: only versions published before this ISO date. */
    before?: string;
}
/** Reads env.json; undefined when the path is not an ssdp env; E_ENV_CORRUPT when it is damaged. */
export declare function readEnvState(prefix: string): EnvState | undefined;
/** `why` undefined: the file is missing. A parser's message may quote the file: kept to one line. */
export declare function damagedEnv(file: string, why: string | undefined): SsdpError;
export declare function isValidEnvName(name: string): boolean;
