export declare const DASK_PYTHON = "/usr/bin/python3";
/** `false` when Dask can run, else the reason to give `test(..., { skip })`. */
export declare const NO_DASK: string | false;
/** Runs `code` (which prints one JSON value last) with dask; returns the parsed value. */
export declare function dask<T = unknown>(code: string, args?: string[]): T;
