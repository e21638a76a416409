/**
 * The four shell languages ssdp speaks. bash, zsh and sh (dash, POSIX) share one syntax and
 * differ only in which activate.d scripts they source; fish has its own. Everything a generated
 * script interpolates goes through `quote` here, so no name, path or value is ever parsed as code.
 */
export declare const SHELLS: readonly ["bash", "zsh", "sh", "fish"];
export type ShellName = (typeof SHELLS)[number];
export declare function isShellName(s: string): s is ShellName;
/**
 * Which scripts in activate.d/deactivate.d a shell sources, like conda: `*.sh` is POSIX code
 * for every POSIX-family shell, `*.bash` / `*.zsh` only for that shell, `*.fish` only for fish.
 */
export declare const SCRIPT_EXTENSIONS: Record<ShellName, readonly string[]>;
/** Single quotes in the POSIX family: only `'` needs care, and `'\''` works in bash, zsh and dash. */
export declare function quotePosix(s: string): string;
/** Single quotes in fish, where `\\` and `\'` are the only escapes. */
export declare function quoteFish(s: string): string;
export declare function quoteFor(shell: ShellName): (s: string) => string;
