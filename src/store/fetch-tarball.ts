/**
 * Downloads one tarball as a stream of bytes with Node's own fetch (undici): no registry client
 * is loaded, so a warm store never pays for one. Network errors and 5xx answers are retried a
 * couple of times (registries and CDNs hiccup); a download that stalls (no bytes for a while) is
 * aborted rather than hanging the install forever; anything else becomes an error naming the URL.
 */
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SsdpError } from '../util/errors.js';

const RETRIES = 2;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

const unreachable = (what: string, url: string, why: string, cause?: unknown) =>
  new SsdpError('E_REGISTRY_UNREACHABLE', `could not download ${what} from ${url}: ${why}`, {
    hint: 'check the network and the registry URL; packages already in the store can be used offline with --offline',
    cause,
  });

/**
 * Yields the body's chunks; aborts when no chunk arrives within idleMs. Takes a reader, not the
 * stream: see openTarball for why the stream must be locked before this generator first runs.
 */
async function* guarded(reader: ReadableStreamDefaultReader<Uint8Array>, ctl: AbortController, idleMs: number, what: string, url: string): AsyncGenerator<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      ctl.abort();
    }, idleMs);
  };
  arm();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      yield value;
    }
  } catch (e) {
    if (stalled) throw unreachable(what, url, `the download stalled (no data for ${Math.round(idleMs / 1000)} s)`, e);
    throw unreachable(what, url, `the connection failed mid-download (${(e as Error).message})`, e);
  } finally {
    clearTimeout(timer);
    if (!ctl.signal.aborted) ctl.abort();
    reader.releaseLock();
  }
}

export async function openTarball(url: string, what: string, idleMs = DEFAULT_IDLE_TIMEOUT_MS): Promise<AsyncIterable<Uint8Array>> {
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    if (!existsSync(path)) throw new SsdpError('E_TARBALL_NOT_FOUND', `the tarball of ${what} is missing: ${path}`, { hint: 'the lock points at a local file that is gone; restore it or resolve again' });
    return createReadStream(path);
  }
  for (let attempt = 0; ; attempt++) {
    const ctl = new AbortController();
    const headersTimer = setTimeout(() => ctl.abort(), idleMs);
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/octet-stream', 'user-agent': 'ssdp' }, signal: ctl.signal });
    } catch (e) {
      if (attempt < RETRIES) {
        await sleep(200 * (attempt + 1));
        continue;
      }
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw unreachable(what, url, ctl.signal.aborted ? `no answer within ${Math.round(idleMs / 1000)} s` : cause?.code ?? cause?.message ?? (e as Error).message, e);
    } finally {
      clearTimeout(headersTimer);
    }
    // Lock the body now, before returning. The caller starts reading only later (after
    // `await import('tar')`), and the Response itself is dropped here: undici registers every
    // Response with a FinalizationRegistry that cancels its body stream when the Response is
    // garbage-collected while the stream is still unlocked. A GC in that gap turned the body
    // into an empty stream, which tar then rejected as "Unrecognized archive format"
    // (intermittent E_BAD_ARCHIVE on a lone small package). A locked stream is never cancelled.
    if (res.ok && res.body) return guarded(res.body.getReader(), ctl, idleMs, what, url);
    await res.body?.cancel().catch(() => {});
    if (res.status >= 500 && attempt < RETRIES) {
      await sleep(200 * (attempt + 1));
      continue;
    }
    if (res.status === 404 || res.status === 410) {
      throw new SsdpError('E_TARBALL_NOT_FOUND', `the registry has no tarball for ${what} at ${url} (HTTP ${res.status})`, {
        hint: 'the version may have been unpublished; update the env to resolve again',
      });
    }
    throw new SsdpError('E_REGISTRY_UNREACHABLE', `could not download ${what} from ${url}: HTTP ${res.status} ${res.statusText}`, {
      hint: res.status === 401 || res.status === 403 ? 'the registry refused access; check your npm credentials' : 'the registry is failing; try again later, or use --offline with packages already in the store',
    });
  }
}
