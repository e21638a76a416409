import type { Manifest } from '../resolve/packument.js';
import type { Lockfile } from '../resolve/types.js';
export declare function lockedCommits(lock: Lockfile, storeDir: string, namedBySource: (resolved: string, specs: string[]) => boolean): Map<string, Manifest>;
