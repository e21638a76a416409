/** The full path of `name` (a path, or a name looked up on PATH), or undefined. */
export declare function findProgram(name: string, path?: string): string | undefined;
