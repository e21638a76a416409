/**
 * A small npm-compatible registry on 127.0.0.1 for tests: packuments (full and abbreviated,
 * with ETags for revalidation) and tarballs built in the test itself, and the faults a real
 * registry or proxy shows (5xx, 429, resets, cut or stalled bodies, HTML or junk answers).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildPackageTarball, sri } from './tarball.js';

export interface FakeVersion {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  bin?: Record<string, string> | string;
  scripts?: Record<string, string>;
  deprecated?: string;
  /** Files besides package.json, relative to the package folder. */
  files?: Record<string, string | Buffer>;
  /** A ready tarball (e.g. a malicious one) instead of one built from `files`. */
  tarball?: Buffer;
  /** Serve this integrity instead of the tarball's real one. */
  integrity?: string;
  /** Publish time (ISO); defaults to a fixed date ordered by insertion. */
  time?: string;
}

/** Misbehaviour to inject; counters are per URL path, from the moment the faults are set. */
export interface Faults {
  /** The first `count` requests of every URL are answered with `status` (and Retry-After). */
  failFirst?: { count: number; status: number; retryAfter?: string };
  /** The first `count` requests of every URL get their connection reset before any answer. */
  resetFirst?: number;
  /** The first download of every tarball drops the connection after this many body bytes. */
  cutTarballAfter?: number;
  /** Answer `Range: bytes=N-` on tarballs with 206 (default true). */
  ranges?: boolean;
  /** How a server that mishandles ranges answers `Range: bytes=N-`: the whole body as 206 from byte 0, or 416. */
  badRange?: 'from-zero' | '416';
  /** Send the headers and `after` bytes of every such body, then nothing, ever. */
  stall?: { metadata?: boolean; tarball?: boolean; after?: number };
  /** Every packument trickles: one byte each `everyMs` (never a stall, never done in time). */
  dripMetadata?: { everyMs: number };
  /** The first `count` answers of every packument end cleanly after `after` bytes (a proxy's cut, no error). */
  cutMetadataFirst?: { count: number; after: number };
  /** Answer every packument with this instead (an HTML login page, junk JSON). */
  metadataBody?: { contentType: string; body: string; contentEncoding?: string };
  /** Packuments give tarball URLs below this instead of the registry's own URL (a CDN, a proxy that does not rewrite them). */
  tarballBase?: string;
  /** Answer every tarball with this instead (an HTML error page, an empty body). */
  tarballBody?: { contentType: string; body: string };
}

export interface FakeRegistry {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  add(v: FakeVersion): void;
  /** Answers every request with this status until cleared (undefined). */
  failWith(status: number | undefined): void;
  /** Injects faults (undefined: behave again); per-URL counters restart. */
  faults(f: Faults | undefined): void;
  /** Range headers of tarball requests, in order ('' for none). */
  readonly ranges: string[];
  /** Holds every answer back this many milliseconds (to observe parallel requests). */
  delay(ms: number): void;
  /** Most requests in flight at once so far. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

interface Stored {
  meta: FakeVersion;
  tarball: Buffer;
  integrity: string;
  time: string;
}

/** `tls`: serve HTTPS with this key and certificate (PEM) instead of HTTP. */
export async function startRegistry(versions: FakeVersion[] = [], opts: { tls?: { key: string; cert: string } } = {}): Promise<FakeRegistry> {
  const packages = new Map<string, Map<string, Stored>>();
  const requests: string[] = [];
  let failStatus: number | undefined;
  let faults: Faults | undefined;
  const seen = new Map<string, number>();
  const ranges: string[] = [];
  const fullDownloads = new Map<string, number>();
  let delayMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let counter = 0;
  let url = '';

  const add = (v: FakeVersion) => {
    const manifest: Record<string, unknown> = { ...v };
    delete manifest.files;
    delete manifest.tarball;
    delete manifest.integrity;
    delete manifest.time;
    const tarball = v.tarball ?? buildPackageTarball(manifest, v.files);
    const time = v.time ?? new Date(Date.UTC(2020, 0, 1) + counter++ * 86_400_000).toISOString();
    if (!packages.has(v.name)) packages.set(v.name, new Map());
    packages.get(v.name)!.set(v.version, { meta: v, tarball, integrity: v.integrity ?? sri(tarball), time });
  };
  versions.forEach(add);

  const tarballName = (name: string, version: string) => `${name}/-/${name.split('/').pop()}-${version}.tgz`;

  const packument = (name: string, abbreviated: boolean) => {
    const vs = packages.get(name)!;
    const out: Record<string, unknown> = {};
    const time: Record<string, string> = {};
    let latest = '0.0.0';
    for (const [version, s] of vs) {
      const { files: _f, tarball: _t, integrity: _i, time: _tm, scripts, ...manifest } = s.meta;
      const entry: Record<string, unknown> = {
        ...manifest,
        dist: { tarball: `${faults?.tarballBase ?? url}/${tarballName(name, version)}`, integrity: s.integrity, shasum: createHash('sha1').update(s.tarball).digest('hex') },
      };
      if (scripts && (scripts.install || scripts.preinstall || scripts.postinstall)) entry.hasInstallScript = true;
      if (!abbreviated && scripts) entry.scripts = scripts;
      out[version] = entry;
      time[version] = s.time;
      if (!version.includes('-')) latest = version;
    }
    const doc: Record<string, unknown> = { name, 'dist-tags': { latest }, versions: out, modified: new Date(Date.UTC(2024, 0, 1)).toISOString() };
    if (!abbreviated) doc.time = time;
    return doc;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/^\//, '');
    requests.push(path);
    if (failStatus) {
      res.writeHead(failStatus).end();
      return;
    }
    const nth = (seen.get(path) ?? 0) + 1;
    if (faults) seen.set(path, nth);
    if (faults?.resetFirst && nth <= faults.resetFirst) return void req.socket.destroy();
    const ff = faults?.failFirst;
    if (ff && nth <= ff.count) {
      res.writeHead(ff.status, ff.retryAfter ? { 'retry-after': ff.retryAfter } : {}).end();
      return;
    }
    const tgz = path.match(/^(.+)\/-\/[^/]+-([^/]+)\.tgz$/);
    if (tgz) {
      const s = packages.get(tgz[1]!)?.get(tgz[2]!);
      if (!s) return void res.writeHead(404).end();
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      ranges.push(req.headers.range ?? '');
      const etag = `"${sri(s.tarball)}"`;
      if (range && faults?.badRange === 'from-zero') {
        res.writeHead(206, { 'content-type': 'application/octet-stream', 'content-length': s.tarball.length, 'content-range': `bytes 0-${s.tarball.length - 1}/${s.tarball.length}`, etag });
        return void res.end(s.tarball);
      }
      if (range && faults?.badRange === '416') return void res.writeHead(416, { 'content-range': `bytes */${s.tarball.length}` }).end();
      if (range && faults?.ranges !== false && Number(range[1]) < s.tarball.length && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
        const from = Number(range[1]);
        res.writeHead(206, { 'content-type': 'application/octet-stream', 'content-length': s.tarball.length - from, 'content-range': `bytes ${from}-${s.tarball.length - 1}/${s.tarball.length}`, etag });
        if (faults?.stall?.tarball) return void res.write(s.tarball.subarray(from, from + 1));
        return void res.end(s.tarball.subarray(from));
      }
      if (faults?.tarballBody) {
        res.writeHead(200, { 'content-type': faults.tarballBody.contentType });
        return void res.end(faults.tarballBody.body);
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': s.tarball.length, 'accept-ranges': faults?.ranges === false ? 'none' : 'bytes', etag });
      if (faults?.stall?.tarball) return void res.write(s.tarball.subarray(0, faults.stall.after ?? 0));
      const cut = faults?.cutTarballAfter;
      const downloads = (fullDownloads.get(path) ?? 0) + 1;
      fullDownloads.set(path, downloads);
      if (cut !== undefined && downloads === 1) {
        // The pause lets the client read the bytes before the reset (an errored stream drops
        // what it has queued, and then there is nothing to resume from).
        res.write(s.tarball.subarray(0, cut), () => setTimeout(() => req.socket.destroy(), 150));
        return;
      }
      res.end(s.tarball);
      return;
    }
    if (faults?.metadataBody && packages.has(path)) {
      res.writeHead(200, { 'content-type': faults.metadataBody.contentType, ...(faults.metadataBody.contentEncoding ? { 'content-encoding': faults.metadataBody.contentEncoding } : {}) });
      return void res.end(faults.metadataBody.body);
    }
    if (!packages.has(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    const abbreviated = (req.headers.accept ?? '').includes('application/vnd.npm.install-v1+json');
    const body = JSON.stringify(packument(path, abbreviated));
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/json', etag });
    if (faults?.stall?.metadata) return void res.write(body.slice(0, faults.stall.after ?? 0));
    if (faults?.dripMetadata) {
      let i = 0;
      const drip = setInterval(() => (i < body.length ? res.write(body[i++]) : (clearInterval(drip), res.end())), faults.dripMetadata.everyMs);
      res.on('close', () => clearInterval(drip));
      return;
    }
    const cutMeta = faults?.cutMetadataFirst;
    if (cutMeta && nth <= cutMeta.count) return void res.end(body.slice(0, cutMeta.after));
    res.end(body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (delayMs > 0) setTimeout(() => handle(req, res), delayMs);
    else handle(req, res);
  };
  const server = opts.tls ? createTlsServer(opts.tls, onRequest) : createServer(onRequest);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get url() {
      return url;
    },
    requests,
    add,
    faults(f) {
      faults = f;
      seen.clear();
      ranges.length = 0;
      fullDownloads.clear();
    },
    ranges,
    failWith(status) {
      failStatus = status;
    },
    delay(ms) {
      delayMs = ms;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
