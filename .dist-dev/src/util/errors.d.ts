export declare class SsdpError extends Error {
    readonly code: string;
    readonly hint?: string;
    readonly exitCode: number;
    constructor(code: string, message: string, opts?: {
        hint?: string;
        cause?: unknown;
        exitCode?: number;
    });
}
export declare function isSsdpError(e: unknown): e is SsdpError;
/**
 * One hint style: a sentence, capitalised and ending in a full stop, however it was written. A hint
 * that opens with a command or program name (ssdp, npm, gdal_translate...) keeps its lower case.
 */
export declare function hintText(hint: string): string;
/** Formats any thrown value as the one paragraph (plus hint) a user sees. */
export declare function formatError(e: unknown): string;
/** The --json form of an error: {"error":{"code","message","hint"}}. */
export declare function errorJson(e: unknown): {
    error: {
        code: string;
        message: string;
        hint: string | null;
    };
};
/**
 * Prints a failure the one way for the whole CLI (JSON on stdout with --json, text on stderr
 * otherwise) and returns the exit code to use.
 */
export declare function reportError(e: unknown, json: boolean): number;
