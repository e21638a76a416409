import type { Lockfile } from '../resolve/types.js';
import type { Reporter } from '../util/reporter.js';
import { type EnvState } from './prefix.js';
import { type Revision } from './revisions.js';
import { type EnvTarget } from './target.js';
export interface StoreSettings {
    offline?: boolean;
    reporter: Reporter;
}
/**
 * Runs fn holding the env's cross-process lock, after repairing what a crashed earlier run may
 * have left (staging or trash folders). Every read-modify-write of an env goes through here so
 * two ssdp processes changing one env serialise.
 */
export declare function withEnvLock<T>(t: EnvTarget, reporter: Reporter, fn: () => Promise<T>): Promise<T>;
export interface Trust {
    channels?: string[];
    lockFile?: string;
}
/**
 * What a real change checks about a lock before it links anything, for --dry-run: every
 * `resolved` on a trusted registry, and each package already in the store the one its entry
 * names (a package not yet stored is checked by the real run once fetched).
 */
export declare function checkLockTrust(root: string, lock: Lockfile, trust: Trust): Promise<void>;
/** Downloads missing packages into the store, with the reporter's progress bar on a terminal. */
export declare function openStore(root: string, s: StoreSettings, trust?: Trust): Promise<{
    store: import("../store/types.js").Store;
    done: () => void | undefined;
}>;
export interface ChangeRequest {
    lock: Lockfile;
    state: Omit<EnvState, 'revision'>;
    /** The command line recorded in the revision. */
    command: string;
    /** Start a fresh history (create / create --force) instead of continuing the old one. */
    freshHistory: boolean;
    /** The lockfile the lock was read from (create -f LOCK): its registry is not trusted by itself. */
    lockFile?: string;
}
/** Builds the env from the lock in staging and swaps it in. Call inside withEnvLock. */
export declare function commitEnv(t: EnvTarget, change: ChangeRequest, s: StoreSettings): Promise<Revision>;
