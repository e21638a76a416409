import type { Lockfile } from '../resolve/types.js';
import { type PackageIndex } from './cas.js';
/**
 * SSDP_ALLOWED_HOSTS (comma-separated hosts or URLs; `*` allows any), named after
 * lockfile-lint's --allowed-hosts, the usual npm-world check of the same thing.
 */
export declare function allowedHostsFromEnv(): string[];
/** Throws E_LOCK_UNTRUSTED_HOST for the first `resolved` outside the lock's registries. */
export declare function checkSources(lock: Lockfile, allowedHosts?: string[], o?: {
    trustedRegistries?: string[];
    source?: string;
}): Promise<void>;
/**
 * Throws E_LOCK_MISMATCH unless the stored package is the name and version the entry says.
 * `lockFile`: the lockfile the entries came from, when the user gave one (else they came from
 * resolving against the registry, and the wording must not blame a lockfile).
 */
export declare function checkManifest(entry: {
    name: string;
    version: string;
    resolved: string;
}, index: PackageIndex, dir: string, lockFile?: string): void;
/**
 * How a stored entry differs from what was recorded when it was stored (pnpm's check: size and
 * mtime, one stat per file): the sign of an edit or a deletion through some env's hardlink.
 */
export declare function storedDamage(dir: string, index: PackageIndex): string | undefined;
