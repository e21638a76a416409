/**
 * One error type for everything ssdp reports to a user. `code` is stable and never reused, so
 * scripts and tests can match on it; `hint` says what to do next and is printed on its own line.
 */
/** Codes that mean the command line itself is wrong. */
const USAGE_CODES: ReadonlySet<string> = new Set(['E_BAD_ARGS', 'E_UNKNOWN_OPTION', 'E_BAD_OPTION_VALUE']);

export class SsdpError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, opts: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(maskUrlCredentials(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SsdpError';
    this.code = code;
    this.hint = opts.hint === undefined ? undefined : maskUrlCredentials(opts.hint);
    // A command-line mistake exits 2 wherever it is found (as getopt-style tools do), else 1.
    this.exitCode = opts.exitCode ?? (USAGE_CODES.has(code) ? 2 : 1);
  }
}

/**
 * Query parameters that carry a secret by their name: `?token=`, `access_token`, `X-Amz-Signature`,
 * `sig` (Azure SAS), `api_key`, `password`... A tarball served behind a signed or token URL
 * names it so; other parameters (`?v=1`) are shown as they are.
 */
const SECRET_PARAM = /^(?:[\w.-]*(?:token|secret|signature|password|passwd|credential)|(?:[\w.-]*[_-])?(?:api)?key|auth|sig|jwt)$/i;

/** `url`'s secret query values (see SECRET_PARAM) as ***; everything else as it is. */
function maskQuerySecrets(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const params = url.slice(q + 1, end).split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return part;
    let name = part.slice(0, eq);
    try {
      name = decodeURIComponent(name);
    } catch {
      // a name that does not decode is read as written
    }
    return SECRET_PARAM.test(name) ? `${part.slice(0, eq)}=***` : part;
  });
  return `${url.slice(0, q + 1)}${params.join('&')}${url.slice(end)}`;
}

/**
 * Text with the password of every URL in it shown as *** (`git+https://user:TOKEN@host/x.git` ->
 * `git+https://user:***@host/x.git`), and a lone token in the user part of an http(s) URL too
 * (`https://TOKEN@host`), and a secret in a URL's query (`x.tgz?token=***`): messages end up in
 * CI logs and bug reports. Every SsdpError's message and hint pass through it; so does whatever
 * else shows a URL a user wrote (an export: see env/export.ts). Only fetching uses the URL whole.
 */
export function maskUrlCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"]*):([^\s/@'"]+)@/gi, '$1$2:***@')
    .replace(/\b((?:git\+)?https?:\/\/)([^\s/@:'"*]+)@/gi, '$1***@')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*\?[^\s'"<>]*/gi, maskQuerySecrets);
}

/**
 * Whether text names a URL with a secret in it (what maskUrlCredentials would hide). Files shared
 * by every env of a root (the store's index, its damage journal, remembered resolutions) are
 * written with the umask: a URL holding one is left out of them (tester s19 try13x X7).
 */
export function holdsUrlSecret(text: string): boolean {
  return maskUrlCredentials(text) !== text;
}

/**
 * One URL as typed, for a message about it: everything between '//' and the LAST '@' is
 * credentials, shown as `user:***` (or `***`). A generated password holding / # ? or @ makes the
 * URL unparseable, and a mask that stopped at the first such character printed the rest of it
 * (tester try11u C8). The whole-URL form of maskUrlCredentials (which finds URLs in any text);
 * a URL with an @ in its path loses more than its password here, never less. Query secrets as there.
 */
export function maskedUrl(url: string): string {
  const start = url.indexOf('//');
  const at = url.lastIndexOf('@');
  if (start < 0 || at < start) return maskQuerySecrets(url);
  const creds = url.slice(start + 2, at);
  const colon = creds.indexOf(':');
  return maskQuerySecrets(`${url.slice(0, start + 2)}${colon >= 0 ? `${creds.slice(0, colon)}:***` : '***'}${url.slice(at)}`);
}

export function isSsdpError(e: unknown): e is SsdpError {
  return e instanceof SsdpError;
}

/**
 * One hint style: a sentence, capitalised and ending in a full stop, however it was written. A hint
 * that opens with a command or program name (ssdp, npm, gdal_translate...) keeps its lower case.
 */
export function hintText(hint: string): string {
  const h = hint.trim();
  const keepCase = /^(ssdp|npm|node|pnpm|conda|gdal\w*|git)\b/.test(h);
  return (keepCase ? h : h.charAt(0).toUpperCase() + h.slice(1)) + (/[.!?:)]$/.test(h) || /\n/.test(h) ? '' : '.');
}

/** Formats any thrown value as the one paragraph (plus hint) a user sees. */
export function formatError(e: unknown): string {
  if (isSsdpError(e)) {
    return `ssdp: error [${e.code}]: ${e.message}` + (e.hint ? `\n  hint: ${hintText(e.hint)}` : '');
  }
  if (e instanceof Error) return `ssdp: unexpected error: ${maskUrlCredentials(e.stack ?? e.message)}`;
  return `ssdp: unexpected error: ${maskUrlCredentials(String(e))}`;
}

/** The --json form of an error: {"error":{"code","message","hint"}}. */
export function errorJson(e: unknown): { error: { code: string; message: string; hint: string | null } } {
  if (isSsdpError(e)) return { error: { code: e.code, message: e.message, hint: e.hint ? hintText(e.hint) : null } };
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { error: { code: 'E_INTERNAL', message: `unexpected error: ${maskUrlCredentials(message)}`, hint: 'This is a bug in ssdp; please report it with the command you ran.' } };
}

/**
 * Prints a failure the one way for the whole CLI (JSON on stdout with --json, text on stderr
 * otherwise) and returns the exit code to use.
 */
export function reportError(e: unknown, json: boolean): number {
  if (json) process.stdout.write(JSON.stringify(errorJson(e), null, 2) + '\n');
  else process.stderr.write(formatError(e) + '\n');
  const code = (e as { exitCode?: unknown } | undefined)?.exitCode;
  return typeof code === 'number' ? code : 1;
}
