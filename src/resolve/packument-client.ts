/**
 * Registry metadata client: packuments from the disk cache while fresh (no network at all),
 * revalidated with If-None-Match / If-Modified-Since after that, fetched in parallel with a bound.
 * Uses Node's global fetch, not pacote: loading pacote costs more than a warm resolve.
 */
import { SsdpError } from '../util/errors.js';
import { readCacheEntry, writeCacheEntry, type CacheEntry } from './metadata-cache.js';
import { fromStored, slimPackument, toStored, type Packument } from './packument.js';
import { authHeaderFor, registryForName, type RegistryAuth } from './registry-config.js';
import { RetryBudget, StallError, TooSlowError, fetchFollowing, isRetryableStatus, readChunk, retryAfterMs, retryPolicy, undecodableBody, type RetryPolicy } from '../util/http-retry.js';
import { metadataTtlMs } from '../util/env-number.js';

export interface PackumentClientOptions {
  registry: string;
  scopes?: Record<string, string>;
  /** The npm config's credentials (npmRegistryConfig().auth). */
  auth?: RegistryAuth;
  cacheDir: string;
  offline?: boolean;
  /** Need `time` (full packuments), e.g. for a `before` date. */
  full?: boolean;
  /** Freshness window; default SSDP_METADATA_TTL seconds or 300 s. */
  ttlMs?: number;
  concurrency?: number;
  /** A body without a byte this long is stalled (default SSDP_FETCH_TIMEOUT or 30 s). */
  stallMs?: number;
  onWarning?: (message: string) => void;
}

export interface PackumentClient {
  get(name: string): Promise<Packument>;
  /** Counters for benchmarks and tests. */
  readonly stats: { cacheHits: number; fetched: number; revalidated: number };
}

export { metadataTtlMs };

const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
const FULL = 'application/json';

export function packumentUrl(registry: string, name: string): string {
  const base = registry.endsWith('/') ? registry : registry + '/';
  return base + (name.startsWith('@') ? '@' + encodeURIComponent(name.slice(1)) : encodeURIComponent(name));
}

/** What came back: status, headers, and for a 200 the whole body (read with a stall guard). */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** The body, read with a stall guard and an overall deadline (`until`, a Date.now() time; the s13 tester's R2). */
async function readText(reader: ReadableStreamDefaultReader<Uint8Array>, policy: RetryPolicy, until: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) throw new TooSlowError(policy.deadlineMs, bytes);
    let r;
    try {
      r = await readChunk(reader, Math.min(policy.stallMs, left));
    } catch (e) {
      if (e instanceof StallError && Date.now() >= until && left < policy.stallMs) throw new TooSlowError(policy.deadlineMs, bytes);
      throw e;
    }
    if (r.done) break;
    chunks.push(r.value);
    bytes += r.value.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GET with bounded retries (5xx, 429 with Retry-After, resets, stalls, a body cut off). The body
 * is read inside the retry loop, so a cut or stalled body is retried like a failed request.
 */
async function request(url: string, headers: Record<string, string>, budget: RetryBudget): Promise<Answer> {
  const { policy } = budget;
  for (;;) {
    const until = Date.now() + policy.deadlineMs;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new StallError(policy.stallMs)), policy.stallMs);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let res: Response | undefined;
    try {
      res = await fetchFollowing(url, { headers, signal: ctl.signal });
      clearTimeout(timer);
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel().catch(() => {});
        if (isRetryableStatus(res.status) && budget.tries <= policy.retries) {
          await budget.failed(undefined, retryAfterMs(res.headers.get('retry-after')));
          continue;
        }
        return { status: res.status, headers: res.headers, text: '' };
      }
      reader = res.body.getReader();
      return { status: res.status, headers: res.headers, text: await readText(reader, policy, until) };
    } catch (e) {
      reader?.cancel().catch(() => {});
      ctl.abort();
      const undecodable = res && undecodableBody(e);
      if (undecodable) {
        const encoding = res!.headers.get('content-encoding') ?? '';
        throw new SsdpError('E_REGISTRY_BAD_RESPONSE', `the registry answered ${url} with a body that is not ${encoding} data, though its Content-Encoding says ${encoding}: ${undecodable}`, {
          hint: 'the registry or a proxy in between compresses wrongly (a proxy that unpacks the body but keeps the header does this): check the registry setting (npm config get registry, .npmrc) and the proxy, or use another registry',
        });
      }
      await budget.failed(e instanceof StallError ? e : ctl.signal.reason instanceof StallError ? ctl.signal.reason : e);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A 200 that is no packument: an HTML login page, a proxy's error text, truncated JSON. */
function badAnswer(registry: string, url: string, answer: Answer, why: string): SsdpError {
  const type = answer.headers.get('content-type') ?? 'no content type';
  const start = answer.text.slice(0, 60).replace(/\s+/g, ' ').trim();
  return new SsdpError('E_REGISTRY_BAD_RESPONSE', `the registry ${registry} answered ${url} with ${why} (${type}, starting ${JSON.stringify(start)}) instead of package metadata`, {
    hint: 'check the registry setting (npm config get registry, .npmrc, the env file\'s channels): a proxy, captive portal or wrong URL answers instead of an npm registry',
  });
}

/** JSON that starts as an object and fails only where the text runs out: a cut body, not junk. */
function endsMidDocument(text: string): boolean {
  const whole = text.trimEnd();
  if (!whole.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(whole);
    return false;
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    return /end of JSON input/i.test(message) || (at !== null && Number(at[1]) >= whole.length);
  }
}

function parsePackument(registry: string, url: string, answer: Answer): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(answer.text);
  } catch {
    throw badAnswer(registry, url, answer, /^\s*</.test(answer.text) ? 'an HTML or XML page' : 'text that is not JSON');
  }
  const d = doc as Record<string, unknown> | null;
  const versionsOk = d && typeof d === 'object' && !Array.isArray(d) && (d.versions === undefined ? typeof d.name === 'string' : typeof d.versions === 'object' && d.versions !== null && !Array.isArray(d.versions));
  if (!versionsOk) throw badAnswer(registry, url, answer, 'JSON that is not a package document');
  return d;
}

export function createPackumentClient(opts: PackumentClientOptions): PackumentClient {
  const ttl = opts.ttlMs ?? metadataTtlMs();
  const limit = opts.concurrency ?? 16;
  const policy = retryPolicy({ stallMs: opts.stallMs });
  const memo = new Map<string, Promise<Packument>>();
  const stats = { cacheHits: 0, fetched: 0, revalidated: 0 };
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = async () => {
    if (active >= limit) await new Promise<void>((ok) => waiting.push(ok));
    active++;
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  const load = async (name: string): Promise<Packument> => {
    const registry = registryForName(name, opts.registry, opts.scopes);
    const cached = await readCacheEntry(opts.cacheDir, registry, name);
    const usable = cached && (!opts.full || cached.packument.time) && Object.keys(cached.packument.versions).length > 0;
    const age = Date.now() - (cached?.fetchedAt ?? 0);
    if (usable && (opts.offline || (age >= 0 && age < ttl))) {
      stats.cacheHits++;
      return fromStored(cached.packument, name);
    }
    if (opts.offline) {
      throw new SsdpError('E_OFFLINE_NO_METADATA', `no cached metadata for '${name}'${cached ? ' with publish times' : ''}, and --offline forbids asking the registry`, {
        hint: 'run once online to fill the metadata cache, or create the env from a lockfile whose packages are in the store',
      });
    }
    const url = packumentUrl(registry, name);
    const headers: Record<string, string> = { accept: opts.full ? FULL : ABBREVIATED, 'user-agent': 'ssdp (node)' };
    if (usable && cached.etag) headers['if-none-match'] = cached.etag;
    if (usable && cached.lastModified) headers['if-modified-since'] = cached.lastModified;
    const authorization = opts.auth && authHeaderFor(url, opts.auth, [registry, ...opts.auth.registries]);
    if (authorization) headers.authorization = authorization;

    const budget = new RetryBudget(policy, `metadata of '${name}'`, url);
    await acquire();
    let res: Answer;
    let body: Record<string, unknown> | undefined;
    try {
      for (;;) {
        res = await request(url, headers, budget);
        if (res.status !== 200) break;
        try {
          body = parsePackument(registry, url, res);
          break;
        } catch (e) {
          // A body that ends mid-document was cut (a proxy closing early): retried like a reset;
          // complete junk or HTML goes the same way every time and fails at once.
          if (!endsMidDocument(res.text)) throw e;
          await budget.failed(e);
        }
      }
    } catch (e) {
      if (usable) {
        opts.onWarning?.(`${(e as Error).message}; using cached metadata for ${name} from ${new Date(cached.fetchedAt).toISOString()}`);
        return fromStored(cached.packument, name);
      }
      throw e;
    } finally {
      release();
    }
    if (res.status === 304 && usable) {
      stats.revalidated++;
      const entry: CacheEntry = { ...cached, fetchedAt: Date.now() };
      await writeCacheEntry(opts.cacheDir, registry, name, entry);
      return fromStored(cached.packument, name);
    }
    if (res.status === 404) {
      throw new SsdpError('E_UNKNOWN_PACKAGE', `package '${name}' does not exist in the registry ${registry}`);
    }
    if (res.status === 401 || res.status === 403) {
      throw new SsdpError('E_REGISTRY_AUTH', `the registry ${registry} refused access to '${name}' (HTTP ${res.status})`, {
        hint: 'set credentials for this registry in ~/.npmrc (//host/:_authToken=..., or //host/:_auth=BASE64 of user:password) or check the package name',
      });
    }
    if (res.status !== 200 || !body) {
      if (usable) {
        opts.onWarning?.(`registry answered HTTP ${res.status} for ${name}; using cached metadata`);
        return fromStored(cached.packument, name);
      }
      throw new SsdpError('E_REGISTRY_HTTP', `the registry ${registry} answered HTTP ${res.status} for '${name}' (${url})${budget.tries > 1 ? ` after ${budget.tries} tries` : ''}`, {
        hint: 'retry later; with --offline ssdp uses only cached metadata',
      });
    }
    stats.fetched++;
    const slim = slimPackument(body);
    if (!slim.name) slim.name = name;
    if (Object.keys(slim.versions).length === 0) {
      // Unpublished names answer 200 with no versions on some registries: as good as unknown.
      throw new SsdpError('E_UNKNOWN_PACKAGE', `package '${name}' has no published versions in the registry ${registry}`);
    }
    const packument = toStored(slim);
    const entry: CacheEntry = { fetchedAt: Date.now(), packument };
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    if (etag) entry.etag = etag;
    if (lastModified) entry.lastModified = lastModified;
    await writeCacheEntry(opts.cacheDir, registry, name, entry);
    return fromStored(packument, name);
  };

  return {
    stats,
    get(name) {
      let p = memo.get(name);
      if (!p) {
        p = load(name);
        memo.set(name, p);
        p.catch(() => {}); // callers handle it; avoid unhandled rejections for prefetches
      }
      return p;
    },
  };
}
