/** The nearest env folder strictly above `prefix` (a real, absolute path), if any. */
export declare function envAround(prefix: string): string | undefined;
/**
 * Envs strictly inside `prefix`. Symlinks are not followed (a link is removed, not its target),
 * and package trees and ssdp's state are not searched: an env is never put there.
 */
export declare function envsWithin(prefix: string, max?: number): string[];
/** Refuses to create an env inside another env, or to replace/remove an env that holds one. */
export declare function refuseNesting(prefix: string, doing: 'create' | 'replace' | 'remove'): void;
