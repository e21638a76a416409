/** `ssdp list`: what an env holds, the pinned node first, then packages by install path. */
import type { Lockfile } from '../resolve/types.js';
export interface PackageRow {
    name: string;
    version: string;
    /** Install path below lib/node_modules (differs from name for nested copies). */
    path: string;
    requested: boolean;
}
export declare function packageRows(lock: Lockfile, requestedNames: Set<string>): PackageRow[];
export declare function formatPackageRows(prefix: string, rows: PackageRow[]): string;
