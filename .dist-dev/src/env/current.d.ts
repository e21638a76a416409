import type { Lockfile } from '../resolve/types.js';
/** The env's lock.json, or undefined when the prefix has none; E_ENV_CORRUPT when it is damaged. */
export declare function readCurrentLock(prefix: string): Lockfile | undefined;
/** The lock of a prefix known to be an env: a missing one means the env is damaged. */
export declare function requireCurrentLock(prefix: string): Lockfile;
