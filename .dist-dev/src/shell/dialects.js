/**
 * The four shell languages ssdp speaks. bash, zsh and sh (dash, POSIX) share one syntax and
 * differ only in which activate.d scripts they source; fish has its own. Everything a generated
 * script interpolates goes through `quote` here, so no name, path or value is ever parsed as code.
 */
export const SHELLS = ['bash', 'zsh', 'sh', 'fish'];
export function isShellName(s) {
    return SHELLS.includes(s);
}
/**
 * Which scripts in activate.d/deactivate.d a shell sources, like conda: `*.sh` is POSIX code
 * for every POSIX-family shell, `*.bash` / `*.zsh` only for that shell, `*.fish` only for fish.
 */
export const SCRIPT_EXTENSIONS = {
    sh: ['.sh'],
    bash: ['.sh', '.bash'],
    zsh: ['.sh', '.zsh'],
    fish: ['.fish'],
};
/** Single quotes in the POSIX family: only `'` needs care, and `'\''` works in bash, zsh and dash. */
export function quotePosix(s) {
    return `'${s.replace(/'/g, `'\\''`)}'`;
}
/** Single quotes in fish, where `\\` and `\'` are the only escapes. */
export function quoteFish(s) {
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
export function quoteFor(shell) {
    return shell === 'fish' ? quoteFish : quotePosix;
}
//# sourceMappingURL=dialects.js.map