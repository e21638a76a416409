/**
 * The NODE_OPTIONS an env's processes get: the user's own, plus `--import=<esm-hook URL>` so that
 * `import` finds the env's packages (esm-hook.ts). Shared by `ssdp run` and shell activation, so
 * it imports nothing: activation's fast path loads it.
 */
/** The option that loads the hook; a file URL, so it has no spaces or quotes to escape. */
export declare const ESM_HOOK_OPTION: string;
/**
 * Whether a Node.js version accepts --import in NODE_OPTIONS (18.19+, 20.0+): an older one would
 * refuse to start at all. An env without a pinned node runs the machine's, which runs ssdp
 * (engines: >=20.19).
 */
export declare function nodeTakesImport(version: string | undefined): boolean;
/** `current` with the hook option added in front, or as it was when it already has it. */
export declare function withEsmHook(current: string | undefined): string;
