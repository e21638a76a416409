/**
 * One error type for everything ssdp reports to a user. `code` is stable and never reused, so
 * scripts and tests can match on it; `hint` says what to do next and is printed on its own line.
 */
export class SsdpError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, opts: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SsdpError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 1;
  }
}

export function isSsdpError(e: unknown): e is SsdpError {
  return e instanceof SsdpError;
}

/** Formats any thrown value as the one paragraph (plus hint) a user sees. */
export function formatError(e: unknown): string {
  if (isSsdpError(e)) {
    return `ssdp: error [${e.code}]: ${e.message}` + (e.hint ? `\n  hint: ${e.hint}` : '');
  }
  if (e instanceof Error) return `ssdp: unexpected error: ${e.stack ?? e.message}`;
  return `ssdp: unexpected error: ${String(e)}`;
}
