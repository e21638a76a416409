/**
 * One error type for everything ssdp reports to a user. `code` is stable and never reused, so
 * scripts and tests can match on it; `hint` says what to do next and is printed on its own line.
 */
/** Codes that mean the command line itself is wrong. */
const USAGE_CODES = new Set(['E_BAD_ARGS', 'E_UNKNOWN_OPTION', 'E_BAD_OPTION_VALUE']);
export class SsdpError extends Error {
    code;
    hint;
    exitCode;
    constructor(code, message, opts = {}) {
        super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
        this.name = 'SsdpError';
        this.code = code;
        this.hint = opts.hint;
        // A command-line mistake exits 2 wherever it is found (as getopt-style tools do), else 1.
        this.exitCode = opts.exitCode ?? (USAGE_CODES.has(code) ? 2 : 1);
    }
}
export function isSsdpError(e) {
    return e instanceof SsdpError;
}
/**
 * One hint style: a sentence, capitalised and ending in a full stop, however it was written. A hint
 * that opens with a command or program name (ssdp, npm, gdal_translate...) keeps its lower case.
 */
export function hintText(hint) {
    const h = hint.trim();
    const keepCase = /^(ssdp|npm|node|pnpm|conda|gdal\w*|git)\b/.test(h);
    return (keepCase ? h : h.charAt(0).toUpperCase() + h.slice(1)) + (/[.!?:)]$/.test(h) || /\n/.test(h) ? '' : '.');
}
/** Formats any thrown value as the one paragraph (plus hint) a user sees. */
export function formatError(e) {
    if (isSsdpError(e)) {
        return `ssdp: error [${e.code}]: ${e.message}` + (e.hint ? `\n  hint: ${hintText(e.hint)}` : '');
    }
    if (e instanceof Error)
        return `ssdp: unexpected error: ${e.stack ?? e.message}`;
    return `ssdp: unexpected error: ${String(e)}`;
}
/** The --json form of an error: {"error":{"code","message","hint"}}. */
export function errorJson(e) {
    if (isSsdpError(e))
        return { error: { code: e.code, message: e.message, hint: e.hint ? hintText(e.hint) : null } };
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { error: { code: 'E_INTERNAL', message: `unexpected error: ${message}`, hint: 'This is a bug in ssdp; please report it with the command you ran.' } };
}
/**
 * Prints a failure the one way for the whole CLI (JSON on stdout with --json, text on stderr
 * otherwise) and returns the exit code to use.
 */
export function reportError(e, json) {
    if (json)
        process.stdout.write(JSON.stringify(errorJson(e), null, 2) + '\n');
    else
        process.stderr.write(formatError(e) + '\n');
    const code = e?.exitCode;
    return typeof code === 'number' ? code : 1;
}
//# sourceMappingURL=errors.js.map