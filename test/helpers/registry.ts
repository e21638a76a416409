/**
 * A small npm-compatible registry on 127.0.0.1 for tests: packuments (full and abbreviated,
 * with ETags for revalidation) and tarballs built in the test itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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

export interface FakeRegistry {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  add(v: FakeVersion): void;
  /** Answers every request with this status until cleared (undefined). */
  failWith(status: number | undefined): void;
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

export async function startRegistry(versions: FakeVersion[] = []): Promise<FakeRegistry> {
  const packages = new Map<string, Map<string, Stored>>();
  const requests: string[] = [];
  let failStatus: number | undefined;
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
        dist: { tarball: `${url}/${tarballName(name, version)}`, integrity: s.integrity, shasum: createHash('sha1').update(s.tarball).digest('hex') },
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
    const tgz = path.match(/^(.+)\/-\/[^/]+-([^/]+)\.tgz$/);
    if (tgz) {
      const s = packages.get(tgz[1]!)?.get(tgz[2]!);
      if (!s) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': s.tarball.length });
      res.end(s.tarball);
      return;
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
    res.end(body);
  };

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (delayMs > 0) setTimeout(() => handle(req, res), delayMs);
    else handle(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get url() {
      return url;
    },
    requests,
    add,
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
