import type { Lockfile } from './types.js';
export declare function verifyLockTree(lock: Lockfile): string[];
