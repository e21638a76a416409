/**
 * npm's proxy settings (issue 13 B1): `proxy` / `https-proxy` in .npmrc, HTTPS_PROXY /
 * HTTP_PROXY in the environment, and `noproxy` / NO_PROXY, honoured as npm does, for metadata,
 * tarballs and what pacote fetches. A small forward proxy written here on 127.0.0.1 (absolute-URL
 * GETs for http, CONNECT tunnels for https) records what passed through it. bin/ssdp runs as a
 * shell runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binEnv, runProgram, tempDir, type CliResult } from '../helpers/cli.js';
import { makeCertificates } from '../helpers/certificates.js';
import { startRegistry } from '../helpers/registry.js';
import { pkg } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));

interface Proxy {
  url: string;
  /** `GET http://...` or `CONNECT host:port`, with the Proxy-Authorization sent (or '-'). */
  seen: string[];
  close(): Promise<void>;
}

async function startProxy(): Promise<Proxy> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['proxy-authorization'] ?? '-'}`);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = httpRequest(new URL(req.url!), { method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url} ${req.headers['proxy-authorization'] ?? '-'}`);
    const [host, port] = req.url!.split(':');
    const up = netConnect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** bin/ssdp with a fresh root and user .npmrc in `dir`, and none of the proxy variables of this process. */
function env(dir: string, registry: string, npmrc: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e = binEnv(dir, registry);
  for (const k of Object.keys(e)) if (/^(https?_|no_)?proxy$/i.test(k)) delete e[k];
  writeFileSync(join(dir, 'npmrc'), npmrc);
  return { ...e, npm_config_userconfig: join(dir, 'npmrc'), SSDP_FETCH_RETRIES: '0', ...extra };
}

const create = (e: NodeJS.ProcessEnv, ...specs: string[]): Promise<CliResult> => runProgram(BIN, ['env', 'create', '-n', 'e', ...specs], { env: e });

test('the npm config\'s proxy carries metadata and tarball requests to an http registry; NO_PROXY bypasses it; a proxy that is down is named', async () => {
  const reg = await startRegistry([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0')]);
  const proxy = await startProxy();
  try {
    // .npmrc proxy=: every request goes through it (absolute-URL GETs), none directly.
    let dir = tempDir('ssdp-proxy-');
    let r = await create(env(dir, reg.url, `proxy=${proxy.url}/\n`), 'alpha');
    assert.equal(r.status, 0, r.stderr);
    const through = proxy.seen.map((l) => l.split(' ')[1]);
    for (const path of ['alpha', 'beta', 'alpha/-/alpha-1.0.0.tgz', 'beta/-/beta-1.2.0.tgz']) {
      assert.ok(through.includes(`${reg.url}/${path}`), `${path} went through the proxy: ${proxy.seen.join(', ')}`);
    }
    assert.equal(reg.requests.length, proxy.seen.length, 'every request the registry got came through the proxy');
    assert.ok(existsSync(join(dir, 'root', 'envs', 'e', 'lib', 'node_modules', 'beta', 'index.js')));

    // HTTP_PROXY from the environment, with NO_PROXY naming the registry's host: direct.
    proxy.seen.length = 0;
    dir = tempDir('ssdp-proxy-');
    r = await create(env(dir, reg.url, '', { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }), 'alpha');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(proxy.seen, []);
    // npm's noproxy setting does the same for the npm config's proxy.
    dir = tempDir('ssdp-proxy-');
    r = await create(env(dir, reg.url, `proxy=${proxy.url}\nnoproxy=127.0.0.1\n`), 'alpha');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(proxy.seen, []);

    // A proxy that is not there: an error naming it, not a direct connection behind the user's back.
    dir = tempDir('ssdp-proxy-');
    const before = reg.requests.length;
    r = await create(env(dir, reg.url, '', { http_proxy: 'http://127.0.0.1:9' }), 'alpha');
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /E_REGISTRY_UNREACHABLE/);
    assert.match(r.stderr, /through the proxy 127\.0\.0\.1:9/);
    assert.equal(reg.requests.length, before, 'nothing reached the registry directly');

    // Not a URL: said as such, naming the setting.
    dir = tempDir('ssdp-proxy-');
    r = await create(env(dir, reg.url, 'https-proxy=proxy.example:3128\n'), 'alpha');
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /E_BAD_PROXY/);
    assert.match(r.stderr, /the npm setting https-proxy \(from [^)]*npmrc\) is "proxy\.example:3128"/);
  } finally {
    await proxy.close();
    await reg.close();
  }
});

test('HTTPS_PROXY tunnels an https registry (CONNECT, with the proxy URL\'s credentials) for metadata, tarballs and a tarball URL spec', async () => {
  const dir = tempDir('ssdp-proxy-tls-');
  const { ca, key, cert } = makeCertificates(dir);
  const reg = await startRegistry([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0'), pkg('gamma', '2.0.0')], { tls: { key, cert } });
  const proxy = await startProxy();
  try {
    const host = new URL(reg.url).host;
    const withProxy = `http://puser:ppass@${proxy.url.slice('http://'.length)}`;
    const r = await create(env(dir, reg.url, '', { HTTPS_PROXY: withProxy, NODE_EXTRA_CA_CERTS: ca }), 'alpha', `${reg.url}/gamma/-/gamma-2.0.0.tgz`);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(proxy.seen.length > 0 && reg.requests.length > 0);
    const basic = `Basic ${Buffer.from('puser:ppass').toString('base64')}`;
    assert.deepEqual([...new Set(proxy.seen)], [`CONNECT ${host} ${basic}`], 'only CONNECTs to the registry, each with the proxy credentials');
    assert.ok(existsSync(join(dir, 'root', 'envs', 'e', 'lib', 'node_modules', 'gamma', 'index.js')));
  } finally {
    await proxy.close();
    await reg.close();
  }
});

test('pacote gets the npm config\'s proxy (the git-host archives and registry fetches it makes go through it)', async () => {
  const reg = await startRegistry([pkg('gamma', '2.0.0')]);
  const proxy = await startProxy();
  const dir = tempDir('ssdp-proxy-pacote-');
  writeFileSync(join(dir, 'npmrc'), `proxy=${proxy.url}\n`);
  const old = process.env.npm_config_userconfig;
  process.env.npm_config_userconfig = join(dir, 'npmrc');
  try {
    const { pacoteOptions } = await import('../../src/resolve/sources.js');
    const pacote = (await import('pacote')).default;
    const m = await pacote.manifest(`${reg.url}/gamma/-/gamma-2.0.0.tgz`, pacoteOptions(join(dir, 'cache')));
    assert.equal(m.version, '2.0.0');
    assert.deepEqual(proxy.seen.map((l) => l.split(' ').slice(0, 2).join(' ')), [`GET ${reg.url}/gamma/-/gamma-2.0.0.tgz`]);
  } finally {
    if (old === undefined) delete process.env.npm_config_userconfig;
    else process.env.npm_config_userconfig = old;
    await proxy.close();
    await reg.close();
  }
});
