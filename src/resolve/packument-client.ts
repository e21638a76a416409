/**
 * Registry metadata client: packuments from the disk cache while fresh (no network at all),
 * revalidated with If-None-Match / If-Modified-Since after that, fetched in parallel with a bound.
 * Uses Node's global fetch, not pacote: loading pacote costs more than a warm resolve.
 */
import { SsdpError } from '../util/errors.js';
import { readCacheEntry, writeCacheEntry, type CacheEntry } from './metadata-cache.js';
import { fromStored, slimPackument, toStored, type Packument } from './packument.js';
import { authTokenFor, registryForName } from './registry-config.js';

export interface PackumentClientOptions {
  registry: string;
  scopes?: Record<string, string>;
  authTokens?: Record<string, string>;
  cacheDir: string;
  offline?: boolean;
  /** Need `time` (full packuments), e.g. for a `before` date. */
  full?: boolean;
  /** Freshness window; default SSDP_METADATA_TTL seconds or 300 s. */
  ttlMs?: number;
  concurrency?: number;
  onWarning?: (message: string) => void;
}

export interface PackumentClient {
  get(name: string): Promise<Packument>;
  /** Counters for benchmarks and tests. */
  readonly stats: { cacheHits: number; fetched: number; revalidated: number };
}

export function metadataTtlMs(): number {
  const env = process.env.SSDP_METADATA_TTL;
  if (env !== undefined && env.trim() !== '' && Number.isFinite(Number(env))) return Math.max(0, Number(env)) * 1000;
  return 300_000;
}

const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
const FULL = 'application/json';

export function packumentUrl(registry: string, name: string): string {
  const base = registry.endsWith('/') ? registry : registry + '/';
  return base + (name.startsWith('@') ? '@' + encodeURIComponent(name.slice(1)) : encodeURIComponent(name));
}

function unreachable(registry: string, cause: unknown): SsdpError {
  const why = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  return new SsdpError('E_REGISTRY_UNREACHABLE', `the registry ${registry} is unreachable (${why})`, {
    hint: 'check your network or registry setting; with --offline ssdp uses only cached metadata and packages already in the store',
    cause,
  });
}

export function createPackumentClient(opts: PackumentClientOptions): PackumentClient {
  const ttl = opts.ttlMs ?? metadataTtlMs();
  const limit = opts.concurrency ?? 16;
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

  const request = async (url: string, headers: Record<string, string>): Promise<Response> => {
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
        if (res.status >= 500 && attempt === 0) {
          await res.arrayBuffer().catch(() => {});
          await new Promise((ok) => setTimeout(ok, 250));
          continue;
        }
        return res;
      } catch (e) {
        lastError = e;
        if (attempt === 0) await new Promise((ok) => setTimeout(ok, 150));
      }
    }
    throw lastError;
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
    const token = authTokenFor(url, opts.authTokens ?? {});
    if (token) headers.authorization = `Bearer ${token}`;

    await acquire();
    let res: Response;
    let body: Record<string, unknown> | undefined;
    try {
      try {
        res = await request(url, headers);
      } catch (e) {
        if (usable) {
          opts.onWarning?.(`registry unreachable, using cached metadata for ${name} from ${new Date(cached.fetchedAt).toISOString()}`);
          return fromStored(cached.packument, name);
        }
        throw unreachable(registry, e);
      }
      if (res.status === 200) body = (await res.json()) as Record<string, unknown>;
      else await res.arrayBuffer().catch(() => {});
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
        hint: 'set a token for this registry in ~/.npmrc (//host/:_authToken=...) or check the package name',
      });
    }
    if (res.status !== 200 || !body) {
      if (usable) {
        opts.onWarning?.(`registry answered HTTP ${res.status} for ${name}; using cached metadata`);
        return fromStored(cached.packument, name);
      }
      throw new SsdpError('E_REGISTRY_HTTP', `the registry ${registry} answered HTTP ${res.status} for '${name}'`, {
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
