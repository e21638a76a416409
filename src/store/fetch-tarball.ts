/**
 * Downloads one tarball as a stream of bytes with Node's own fetch (undici): no registry client
 * is loaded, so a warm store never pays for one. Registries and CDNs hiccup, so failures before
 * the body (refused, reset, 5xx, 429) are retried with backoff, and a body cut off or stalled
 * midway is resumed: a Range request for the rest where the server allows it, else the whole
 * file again with the bytes already passed on skipped. The caller's integrity check covers the
 * bytes as one stream either way. Retries are bounded (util/http-retry.ts); what is left after
 * them becomes an error naming the URL.
 */
import { createReadStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authHeaderFor, npmRegistryConfig, type RegistryAuth } from '../resolve/registry-config.js';
import { SsdpError } from '../util/errors.js';
import { RetryBudget, StallError, fetchFollowing, isRetryableStatus, readChunk, retryAfterMs, retryPolicy, type ReadResult } from '../util/http-retry.js';

interface Connection {
  /** The server's content-type, named when the body turns out not to be a tarball. */
  contentType?: string;
  /** The server's Content-Encoding when it is not identity (fetch decodes the body by it). */
  encoding?: string;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  ctl: AbortController;
  /** Leading bytes of this body the caller already has (server ignored our Range). */
  skip: number;
  /** The bytes as sent, not decoded (the server labels the .tgz itself as gzip-encoded). */
  raw?: boolean;
}

const httpError = (what: string, url: string, res: Response, tries: number) => {
  if (res.status === 404 || res.status === 410) {
    return new SsdpError('E_TARBALL_NOT_FOUND', `the registry has no tarball for ${what} at ${url} (HTTP ${res.status})`, {
      hint: 'the version may have been unpublished; update the env to resolve again',
    });
  }
  return new SsdpError('E_REGISTRY_UNREACHABLE', `could not download ${what} from ${url}: HTTP ${res.status} ${res.statusText}${tries > 1 ? ` (${tries} tries)` : ''}`, {
    hint: res.status === 401 || res.status === 403 ? 'the registry refused access; check your npm credentials' : 'the registry is failing; try again later, or use --offline with packages already in the store',
  });
};

/** The response's Content-Encoding when fetch decodes the body by it (not absent or identity). */
function encodingOf(res: Response): string | undefined {
  const value = res.headers.get('content-encoding')?.trim();
  return value && !/^identity$/i.test(value) ? value : undefined;
}

/** fetch's "terminated" whose cause is zlib's or brotli's: the body is not what its header says. */
function isDecodeError(e: unknown): boolean {
  const cause = (e as { cause?: { code?: unknown; errno?: unknown } } | undefined)?.cause;
  return typeof cause?.errno === 'number' && typeof cause.code === 'string' && /^(Z_|ERR__ERROR|ERR_BROTLI|ERR_ZSTD)/.test(cause.code);
}

/**
 * A body labelled with a Content-Encoding it does not hold (`br` on a gzip .tgz, `gzip` on a body
 * that is not gzip): every try gets the same bytes, so it is said at once, not retried as a network
 * fault (tester s15 try13d CE1: five tries, then "the server kept failing" or "stalled"). Node's
 * fetch sometimes loses the decoder's error when it comes after the last byte and the body then
 * never ends: a stall of a decoded body is taken as the same fault.
 */
function badEncoding(url: string, encoding: string, cause: unknown): SsdpError {
  const why = cause instanceof StallError
    ? `the body stopped (${cause.message}) while being decoded by that header`
    : `the body does not decode as ${encoding} (${(cause as { cause?: { message?: string } }).cause?.message ?? String(cause)})`;
  return new SsdpError('E_BAD_CONTENT_ENCODING', `the server sent ${url} with the header Content-Encoding: ${encoding}, but ${why}; ssdp did not retry, as the server sends the same bytes every time.`, {
    hint: `the server (or a proxy in between) labels the tarball with a compression it does not hold: a .tgz is served as it is, without Content-Encoding. Fix the server's header, or download the file (curl -o x.tgz ${url}) and install ./x.tgz.`,
    cause,
  });
}

/** Opens the body from byte `from` on, retrying what may pass; the body is locked on return. */
async function connect(url: string, from: number, validator: string | undefined, a: RetryBudget, authorization: string | undefined, raw = false): Promise<Connection & { validator?: string }> {
  let ranged = true;
  for (;;) {
    const ctl = new AbortController();
    const headersTimer = setTimeout(() => ctl.abort(new StallError(a.policy.stallMs)), a.policy.stallMs);
    // identity: a .tgz is compressed already; a server (or proxy) that encodes it again anyway
    // is decoded by fetch, and a body that does not decode is badEncoding's.
    const headers: Record<string, string> = { accept: 'application/octet-stream', 'accept-encoding': 'identity', 'user-agent': 'ssdp' };
    if (authorization) headers.authorization = authorization;
    if (from > 0 && ranged) {
      headers.range = `bytes=${from}-`;
      if (validator) headers['if-range'] = validator;
    }
    let res: Response;
    try {
      res = await fetchFollowing(url, { headers, signal: ctl.signal, raw });
    } catch (e) {
      await a.failed(ctl.signal.aborted ? ctl.signal.reason : e);
      continue;
    } finally {
      clearTimeout(headersTimer);
    }
    // Lock the body now, before returning. The caller starts reading only later (after
    // `await import('tar')`), and the Response itself is dropped here: undici registers every
    // Response with a FinalizationRegistry that cancels its body stream when the Response is
    // garbage-collected while the stream is still unlocked. A GC in that gap turned the body
    // into an empty stream, which tar then rejected as "Unrecognized archive format"
    // (intermittent E_BAD_ARCHIVE on a lone small package). A locked stream is never cancelled.
    const etag = res.headers.get('etag');
    const tag = etag && !etag.startsWith('W/') ? etag : res.headers.get('last-modified') ?? undefined;
    // A server may answer a range from an earlier byte than asked (some send the whole file as
    // 206 bytes 0-): what comes before `from` is skipped, as with a 200.
    const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
    const described = { contentType: res.headers.get('content-type') ?? undefined, encoding: raw ? undefined : encodingOf(res), raw };
    if (res.body && res.status === 206 && from > 0 && start && Number(start[1]) <= from) {
      return { reader: res.body.getReader(), ctl, skip: from - Number(start[1]), validator, ...described };
    }
    // 416: the server will not serve the range it was asked for; the whole body, skipping what we have.
    if (res.status === 416 && ranged) {
      await res.body?.cancel().catch(() => {});
      ranged = false;
      continue;
    }
    if (res.body && res.status === 200) return { reader: res.body.getReader(), ctl, skip: from, validator: validator ?? tag, ...described };
    await res.body?.cancel().catch(() => {});
    if (isRetryableStatus(res.status) && a.tries <= a.policy.retries) {
      await a.failed(httpError('', url, res, a.tries), retryAfterMs(res.headers.get('retry-after')));
      continue;
    }
    throw httpError(a.what, url, res, a.tries);
  }
}

/** Yields the body's bytes, reconnecting where it breaks off. */
async function* resumable(first: Connection & { validator?: string }, url: string, a: RetryBudget, authorization: string | undefined): AsyncGenerator<Uint8Array> {
  let conn = first;
  let received = 0;
  try {
    for (;;) {
      let r: ReadResult;
      try {
        r = await readChunk(conn.reader, a.policy.stallMs);
      } catch (e) {
        conn.ctl.abort();
        conn.reader.cancel().catch(() => {});
        if (conn.encoding !== undefined && (isDecodeError(e) || e instanceof StallError)) throw badEncoding(url, conn.encoding, e);
        await a.failed(e);
        conn = await connect(url, received, conn.validator, a, authorization, conn.raw);
        continue;
      }
      if (r.done) return;
      let chunk = r.value;
      // try8s S6: a .tgz labelled Content-Encoding: gzip (S3, proxies) decodes to a plain tar, which
      // cannot be the registry's gzipped tarball: the bytes as sent are taken instead, and the
      // caller's integrity check still decides (a real gzip-over-tgz body decodes to gzip and stays).
      if (received === 0 && conn.skip === 0 && /^(x-)?gzip$|^deflate$/i.test(conn.encoding ?? '') && !(chunk[0] === 0x1f && chunk[1] === 0x8b)) {
        conn.ctl.abort();
        conn.reader.cancel().catch(() => {});
        conn = await connect(url, 0, conn.validator, a, authorization, true);
        continue;
      }
      if (conn.skip > 0) {
        if (chunk.length <= conn.skip) {
          conn.skip -= chunk.length;
          continue;
        }
        chunk = chunk.subarray(conn.skip);
        conn.skip = 0;
      }
      received += chunk.length;
      yield chunk;
    }
  } finally {
    conn.reader.cancel().catch(() => {});
    conn.ctl.abort();
  }
}

/**
 * npm's rules (resolve/registry-config authHeaderFor): the credentials of the longest
 * `//host[:port]/path` key matching the tarball's URL (a token, `_auth`, or `username` with
 * `_password`), else those of a configured registry on the same host; private registries
 * (Verdaccio, GitHub Packages, Artifactory) answer 401 to tarballs without them (tester s19
 * try13y Y5). Other hosts never see them, and fetchFollowing drops them on a redirect to another
 * origin. A malformed registry setting was reported by the resolve step; here it means none.
 */
function tarballAuth(url: string, auth: RegistryAuth = configuredAuth()): string | undefined {
  return authHeaderFor(url, auth);
}

/**
 * The credentials of the npm config (npmRegistryConfig reads ~/.npmrc, ./.npmrc and the
 * environment), read once by a caller that downloads many tarballs (the store's ensure) and
 * passed to each openTarball, rather than read again for every download.
 */
export function configuredAuth(): RegistryAuth {
  try {
    return npmRegistryConfig().auth;
  } catch {
    return { headers: {}, registries: [] };
  }
}

/**
 * `idleMs` overrides the stall timeout (SSDP_FETCH_TIMEOUT, default 30 s); `auth` is the npm
 * config's credentials when the caller read them already (else they are read here).
 */
export async function openTarball(url: string, what: string, idleMs?: number, cacheDir?: string, allowScripts?: string[], auth?: RegistryAuth): Promise<AsyncIterable<Uint8Array> & { contentType?: string; encoding?: string }> {
  if (url.startsWith('git+') || url.startsWith('file:')) {
    // A git commit or a folder from a source spec: pacote packs it, scripts never run.
    const { needsPacking, packSource } = await import('../resolve/sources.js');
    if (needsPacking(url)) return packSource(url, cacheDir ?? join(tmpdir(), 'ssdp-pacote'), what, allowScripts);
  }
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    if (!existsSync(path)) throw new SsdpError('E_TARBALL_NOT_FOUND', `the tarball of ${what} is missing: ${path}`, { hint: 'the lock points at a local file that is gone; restore it or resolve again' });
    return createReadStream(path);
  }
  const a = new RetryBudget(retryPolicy({ stallMs: idleMs }), what, url);
  const authorization = tarballAuth(url, auth);
  const first = await connect(url, 0, undefined, a, authorization);
  return Object.assign(resumable(first, url, a, authorization), { contentType: first.contentType, encoding: first.encoding });
}
