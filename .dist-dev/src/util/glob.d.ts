export declare function hasMagic(p: string): boolean;
/** The files matching `pattern` (relative to `cwd`), sorted; a pattern without wildcards is itself when it is a file. */
export declare function globFiles(pattern: string, cwd?: string): string[];
