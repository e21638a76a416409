/**
 * The NODE_OPTIONS an env's processes get: the user's own, plus `--import=<esm-hook URL>` so that
 * `import` finds the env's packages (esm-hook.ts). Shared by `ssdp run` and shell activation, so
 * it imports nothing: activation's fast path loads it.
 */
/** The option that loads the hook; a file URL, so it has no spaces or quotes to escape. */
export const ESM_HOOK_OPTION = `--import=${new URL('./esm-hook.js', import.meta.url).href}`;
/**
 * Whether a Node.js version accepts --import in NODE_OPTIONS (18.19+, 20.0+): an older one would
 * refuse to start at all. An env without a pinned node runs the machine's, which runs ssdp
 * (engines: >=20.19).
 */
export function nodeTakesImport(version) {
    if (version === undefined)
        return true;
    const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
    return major >= 20 || (major === 18 && minor >= 19) || major === 19;
}
/** `current` with the hook option added in front, or as it was when it already has it. */
export function withEsmHook(current) {
    if (!current)
        return ESM_HOOK_OPTION;
    if (current.split(/\s+/).includes(ESM_HOOK_OPTION))
        return current;
    return `${ESM_HOOK_OPTION} ${current}`;
}
//# sourceMappingURL=node-options.js.map