import type { Manifest } from './packument.js';
import type { Lockfile } from './types.js';
/** dist.integrity when present, else the legacy sha1 shasum as SRI. */
export declare function integrityOf(m: Pick<Manifest, 'dist'>): string;
/** A string bin means one command named after the package (scope dropped). */
export declare function normaliseBin(name: string, bin: Manifest['bin']): Record<string, string> | undefined;
export declare function serializeLock(lock: Lockfile): string;
export declare function parseLockfile(text: string, file: string): Lockfile;
export declare function readLockfile(path: string): Promise<Lockfile>;
export declare function writeLockfile(path: string, lock: Lockfile): Promise<void>;
