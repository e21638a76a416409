/**
 * How ssdp talks to a flaky registry: which answers are worth another try, how long to wait
 * before it (exponential backoff with jitter, or the server's Retry-After), and how long a
 * body may go without a byte before it counts as stalled. Shared by the metadata client and the
 * tarball downloader so both give up at the same point with the same kind of error.
 *
 * npm's defaults (fetch-retries 2, 10 s .. 60 s waits) are the floor: ssdp tries more often and
 * sooner, because a parallel create of ~100 packages meets a hiccup far more often than a single
 * request does, and backs off with jitter so 16 parallel requests do not retry in lockstep.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SsdpError } from './errors.js';
import { envNumber } from './env-number.js';
import type { Agent } from 'node:http';
import { extraCaOption, readyFetchFor } from './extra-ca.js';
import { configuredProxy, proxyAgent, proxyFor } from './proxy.js';
import { retryNotice } from './reporter.js';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** First wait; doubled each attempt, jittered, capped at maxWaitMs. */
  minWaitMs: number;
  maxWaitMs: number;
  /** A body (or the headers) delivering no byte for this long is stalled. */
  stallMs: number;
  /**
   * A whole metadata answer (one try) taking longer than this is too slow, even while bytes
   * trickle in (a proxy sending one byte a second never stalls): SSDP_FETCH_DEADLINE seconds,
   * default 300, npm's fetch-timeout. Tarballs have no such limit: a big one on a slow link is
   * slow, not broken.
   */
  deadlineMs: number;
}

/**
 * Defaults, overridable for slow links and for tests: SSDP_FETCH_RETRIES (count),
 * SSDP_FETCH_TIMEOUT (seconds without a byte), SSDP_FETCH_DEADLINE (seconds for a whole metadata
 * answer), SSDP_FETCH_RETRY_MIN_MS / _MAX_MS.
 */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const timeout = envNumber('SSDP_FETCH_TIMEOUT', 'seconds', true);
  const deadline = envNumber('SSDP_FETCH_DEADLINE', 'seconds', true);
  return {
    retries: Math.floor(envNumber('SSDP_FETCH_RETRIES', 'retries') ?? 4),
    minWaitMs: envNumber('SSDP_FETCH_RETRY_MIN_MS', 'milliseconds') ?? 200,
    maxWaitMs: envNumber('SSDP_FETCH_RETRY_MAX_MS', 'milliseconds') ?? 10_000,
    stallMs: timeout !== undefined ? timeout * 1000 : 30_000,
    deadlineMs: deadline !== undefined ? deadline * 1000 : 300_000,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
}

/** 5xx, 429 (rate limited) and 408 (request timeout) may well succeed on another try. */
export const isRetryableStatus = (status: number) => status >= 500 || status === 429 || status === 408;

/** Longest Retry-After honoured; a server asking for more is treated as failing. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After in ms (delta-seconds or an HTTP date), or undefined when absent/unreadable. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const date = Date.parse(t);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Wait before attempt `attempt` (1 = the first retry): the server's wish, else jittered backoff. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxWaitMs, policy.minWaitMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the step, so retries never hammer, never in lockstep.
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export const wait = (ms: number) => sleep(ms);

export type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/** Thrown by readChunk when a body stalls; callers turn it into their own coded error. */
export class StallError extends Error {
  constructor(readonly ms: number) {
    super(`no data for ${formatSeconds(ms)}`);
  }
}

/** Thrown when a metadata answer is still arriving at its deadline (see RetryPolicy.deadlineMs). */
export class TooSlowError extends StallError {
  constructor(ms: number, readonly bytes: number) {
    super(ms);
    this.message = `not complete after ${formatSeconds(ms)} (${bytes} bytes received)`;
  }
}

export const formatSeconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`);

/**
 * One read that gives up after stallMs without a chunk. Races the read against a timer rather
 * than relying on aborting the request: an abort does not always reject a pending body read, and
 * a read nobody settles let the process fall out of its event loop (exit 13, nothing printed).
 */
export async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>, stallMs: number): Promise<ReadResult> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new StallError(stallMs)), stallMs);
  });
  try {
    return await Promise.race([reader.read(), stall]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reason of a failed fetch as a short phrase: `ECONNRESET`, `other side closed`, ... */
export function networkReason(e: unknown): string {
  if (e instanceof StallError) return e.message;
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (e as Error | undefined)?.message ?? String(e);
}

/**
 * Why a body could not be decoded by its Content-Encoding (fetch's zlib or brotli error: a server
 * or proxy saying gzip over a plain body), else undefined. Not a network fault: another try gets
 * the same bytes, and "unreachable, check the network" sent the user the wrong way (s20 try8q Q6).
 */
export function undecodableBody(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  return /^(Z_|ERR__ERROR_|ERR_BROTLI)/.test(code) ? `${String(cause!.message)} (${code})` : undefined;
}

/** The registry (or a proxy) stopped sending bytes, on every try. */
export function stalledError(what: string, url: string, policy: RetryPolicy, tries: number, cause?: unknown) {
  if (cause instanceof TooSlowError) {
    return new SsdpError('E_REGISTRY_STALLED', `the download of ${what} from ${url} was too slow: ${cause.message}${tries > 1 ? ` (${tries} tries)` : ''}`, {
      hint: 'the registry or a proxy in between sends the answer at a trickle; try again later, or on a slow link allow more time with SSDP_FETCH_DEADLINE=SECONDS (default 300)',
      cause,
    });
  }
  return new SsdpError('E_REGISTRY_STALLED', `the download of ${what} from ${url} stalled: no data for ${formatSeconds(policy.stallMs)}${tries > 1 ? ` (${tries} tries)` : ''}`, {
    hint: 'the registry or a proxy in between stopped answering; try again later, or on a slow link allow more time with SSDP_FETCH_TIMEOUT=SECONDS',
    cause,
  });
}

/** Network-level failure (refused, reset, cut off) on every try. */
export function unreachableError(what: string, url: string, why: string, tries: number, cause?: unknown) {
  return new SsdpError('E_REGISTRY_UNREACHABLE', `could not download ${what} from ${url}: ${why}${tries > 1 ? ` (${tries} tries)` : ''}`, {
    hint: 'check the network and the registry URL (npm config get registry); packages already in the store can be used offline with --offline',
    cause,
  });
}

/** As many redirects as fetch itself follows (the Fetch standard's limit). */
export const MAX_REDIRECTS = 20;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** `a -> b -> c`, long chains cut in the middle so the error stays one paragraph. */
function chainText(chain: string[]): string {
  const shown = chain.length > 6 ? [...chain.slice(0, 3), `... (${chain.length - 5} more)`, ...chain.slice(-2)] : chain;
  return shown.join(' -> ');
}

/**
 * GET following redirects itself, so that a loop is an error at once: fetch's own following
 * ends a loop with a bare "redirect count exceeded" network error, which looked transient and
 * was retried with backoff. Credentials go only to the origin they were meant for, as fetch does.
 */
/** `raw`: the body as sent, never decoded by its Content-Encoding (through node:http, as fetch always decodes). */
export async function fetchFollowing(url: string, init: { headers: Record<string, string>; signal: AbortSignal; raw?: boolean }): Promise<Response> {
  const chain = [url];
  let headers = init.headers;
  for (;;) {
    const current = chain.at(-1)!;
    // npm's proxy for this URL, if any (each hop: a redirect may lead to a NO_PROXY host).
    const proxy = proxyFor(current, configuredProxy());
    let res: Response;
    try {
      if (proxy) {
        const { plainGet } = await import('./plain-get.js');
        res = await plainGet(current, headers, init.signal, proxyAgent(current, proxy, current.startsWith('https:') ? extraCaOption() : undefined) as Agent, init.raw);
      } else if (init.raw) {
        res = await (await import('./plain-get.js')).plainGet(current, headers, init.signal, undefined, true);
      } else {
        await readyFetchFor(current);
        res = await fetch(current, { headers, signal: init.signal, redirect: 'manual' });
      }
    } catch (e) {
      // Said with the proxy, so that "connection refused" points at the right machine.
      if (proxy && !init.signal.aborted) throw new TypeError('fetch failed', { cause: { code: `${networkReason(e)} (through the proxy ${proxy.host}, from the npm config or HTTPS_PROXY / HTTP_PROXY)` } });
      // fetch refuses the ports browsers block (6000, 10080, 6665-6669, 5060, ...) without
      // connecting; npm and curl have no such rule, and a private registry or tarball server on
      // one is ordinary (tester s19 try13x X5): asked through node:http instead.
      if ((e as { cause?: { message?: unknown } }).cause?.message !== 'bad port') throw e;
      res = await (await import('./plain-get.js')).plainGet(current, headers, init.signal);
    }
    const location = res.headers.get('location');
    if (!REDIRECT_STATUSES.has(res.status) || location === null) return res;
    await res.body?.cancel().catch(() => {});
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw redirectError('E_BAD_REDIRECT', url, `${current} redirects to ${JSON.stringify(location)}, which is not a URL`, chain);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw redirectError('E_BAD_REDIRECT', url, `${current} redirects to ${next.href}, which is not an http(s) URL`, chain);
    next.hash = '';
    const seen = chain.includes(next.href);
    chain.push(next.href);
    if (seen) throw redirectError('E_REDIRECT_LOOP', url, `${url} redirects in a loop: ${chainText(chain)}`, chain);
    if (chain.length > MAX_REDIRECTS + 1) throw redirectError('E_REDIRECT_LOOP', url, `${url} redirects more than ${MAX_REDIRECTS} times: ${chainText(chain)}`, chain);
    if (next.origin !== new URL(current).origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));
    }
  }
}

function redirectError(code: 'E_REDIRECT_LOOP' | 'E_BAD_REDIRECT', url: string, message: string, chain: string[]): SsdpError {
  return new SsdpError(code, `${message}; ssdp did not retry, as another try would be sent the same way.`, {
    hint: `the server at ${new URL(url).host} (or a proxy in between) keeps sending ssdp elsewhere: check the registry or package URL (npm config get registry, .npmrc, the spec's channels) and the proxy; open ${chain.at(-1)} in a browser to see the same`,
  });
}

/** Tries shared by every request of one download or lookup, so resuming cannot loop forever. */
export class RetryBudget {
  tries = 1;
  stalls = 0;
  constructor(readonly policy: RetryPolicy, readonly what: string, readonly url: string) {}

  /** Waits before the next try, or throws the final error when the budget is spent. */
  async failed(e: unknown, retryAfter?: number): Promise<void> {
    // A redirect loop or a broken redirect goes the same way every time.
    if (e instanceof SsdpError && (e.code === 'E_REDIRECT_LOOP' || e.code === 'E_BAD_REDIRECT' || e.code === 'E_BAD_PROXY')) throw e;
    const stalled = e instanceof StallError;
    // A registry that stalls once usually stalls again: one more try, not the full budget,
    // so a hanging server costs two timeouts rather than five.
    if (stalled && ++this.stalls > 1) throw stalledError(this.what, this.url, this.policy, this.tries, e);
    if (this.tries > this.policy.retries) {
      if (stalled) throw stalledError(this.what, this.url, this.policy, this.tries, e);
      if (e instanceof SsdpError) throw e;
      throw unreachableError(this.what, this.url, networkReason(e), this.tries, e);
    }
    // Waiting the capped minute in silence looked like a hang (R1): said once per wait.
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) {
      retryNotice(`registry asked to wait ${Math.round(retryAfter / 1000)} s (Retry-After) for ${this.url}; waiting ${MAX_RETRY_AFTER_MS / 1000} s`);
    }
    await wait(backoffMs(this.tries++, this.policy, retryAfter));
  }
}

// Where the notice goes is set in reporter.ts: a command sets it without loading this module.
export { setRetryNotice } from './reporter.js';
