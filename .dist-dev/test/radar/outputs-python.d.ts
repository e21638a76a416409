export declare const PYTHON = "/usr/bin/python3";
/** Runs `code` with `args` in sys.argv[1:]; the script prints one JSON value, which is returned. */
export declare function python<T = unknown>(code: string, ...args: string[]): T;
