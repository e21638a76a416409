import type { PackumentClient } from './packument-client.js';
import type { Platform } from './platform.js';
import type { LockedNode } from './types.js';
export declare function nodePlatformPackage(p: Platform): string;
export declare function resolveNode(range: string, client: PackumentClient, platform: Platform, opts: {
    before?: Date;
    onWarning?: (m: string) => void;
}): Promise<LockedNode>;
