/** Debian's python: `python3` on PATH may be a pyenv one without numpy. */
export declare const PYTHON: string;
export declare function python(args: string[], opts?: {
    input?: string;
    cwd?: string;
}): string;
/** Runs a Python snippet given on stdin with extra argv. */
export declare function pythonCode(code: string, args?: string[]): string;
/** The repository root (where bench/peers lives), found from the compiled test's location. */
export declare function repoRoot(): string;
