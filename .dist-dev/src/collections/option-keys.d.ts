/** Throws E_OPTION_UNKNOWN when `opts` has a key outside `names`. */
export declare function checkOptionKeys(opts: unknown, names: readonly string[], where: string): void;
