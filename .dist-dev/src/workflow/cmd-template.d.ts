type Context = 'plain' | 'single' | 'double';
/** One shell word in every context: 'it'\''s' unquoted, it'\''s inside '...', it\"s inside "...". */
export declare function quoteIn(value: string, ctx: Context): string;
export declare function substituteCmd(text: string, vars: Record<string, string>, where: string, unknown: (name: string) => never): string;
export {};
