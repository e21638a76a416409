/** Called by the CLI for commands that end when their work is done. */
export declare function markShortLived(): void;
/**
 * Raises V8's tier-up budget before a loop over every file of an env, in a short-lived process
 * only. Set this late on purpose: Node's built-in modules compiled after a flag change miss their
 * code cache, so changing it at startup gives back a third of the gain.
 */
export declare function beforeFileLoop(): Promise<void>;
