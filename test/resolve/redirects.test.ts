// Re-test break C2 (issue 8): a redirect loop (302 to itself) came back as "redirect count
// exceeded (5 tries)": fetch's own following gave a bare network error, retried with backoff as
// if transient. ssdp follows redirects itself now: a URL seen twice, or more than 20 redirects, is
// E_REDIRECT_LOOP at once naming the chain, for metadata and tarballs; plain redirects still work. A server on 127.0.0.1 sends the redirects and counts requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { setup } from '../env/helpers.js';

test('C2: redirect loops and endless chains are E_REDIRECT_LOOP at once, naming the URLs; plain redirects of metadata and tarballs are followed', async () => {
  const ctx = await setup([
    { name: 'cjs-only', version: '1.0.0', files: { 'index.js': 'module.exports = "cjs-only";\n' } },
    { name: 'plain', version: '1.0.0', files: { 'index.js': 'module.exports = "plain";\n' } },
  ]);
  const hits = new Map<string, number>();
  let front = '';
  const server = createServer(async (req, res) => {
    const path = req.url!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const to = (location: string, status = 302) => {
      res.writeHead(status, { location });
      res.end();
    };
    if (path === '/self') return to('/self');
    if (path === '/ping') return to(`${front}/pong`, 301);
    if (path === '/pong') return to('/ping', 307);
    const far = /^\/far(\d*)$/.exec(path);
    if (far) return to(`/far${Number(far[1] || 0) + 1}`);
    // Plain redirects, for the packument and for the tarball: followed.
    if (path === '/plain') return to('/moved/plain', 301);
    if (path === '/tgz/plain') return to(`${front}/tgz2/plain`, 307);
    if (path === '/tgz2/plain') {
      const doc = (await (await fetch(`${ctx.reg.url}/plain`)).json()) as { versions: Record<string, { dist: { tarball: string } }> };
      const body = Buffer.from(await (await fetch(doc.versions['1.0.0']!.dist.tarball)).arrayBuffer());
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      return res.end(body);
    }
    if (path === '/cjs-only' || path === '/moved/plain') {
      // The real packument, with its tarball at a URL that redirects (to itself for cjs-only).
      const name = path.split('/').pop()!;
      const doc = (await (await fetch(`${ctx.reg.url}/${name}`)).json()) as { versions: Record<string, { dist: { tarball: string } }> };
      for (const v of Object.values(doc.versions)) v.dist.tarball = name === 'plain' ? `${front}/tgz/plain` : `${front}/loop.tgz`;
      // Gzipped whatever was asked, as some registries do: the blocked-port path decodes it too (Y6, s19 try13y).
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      return res.end(gzipSync(JSON.stringify(doc)));
    }
    if (path === '/loop.tgz') return to(`${front}/loop.tgz`);
    if (path === '/badport.tgz') return to(`${blocked}/tgz2/plain`);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  front = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The same server again on a port browsers block, which Node's fetch refuses (X5, s19 try13x):
  // the first of them free here.
  const second = createServer(server.listeners('request')[0] as Parameters<typeof createServer>[0]);
  let blocked = '';
  for (const port of [6000, 10080, 6665, 6666, 6667, 6668, 6669, 6697, 5060, 5061, 6566, 4045, 3659, 2049, 1723, 1720, 1719]) {
    const bound = await new Promise<boolean>((ok) => {
      second.once('error', () => ok(false));
      second.listen(port, '127.0.0.1', () => ok(true));
    });
    if (bound) {
      blocked = `http://127.0.0.1:${port}`;
      break;
    }
  }
  assert.ok(blocked, 'no port of the blocked list was free');
  const env = { npm_config_registry: `${front}/`, SSDP_FETCH_RETRY_MIN_MS: '1', SSDP_FETCH_RETRY_MAX_MS: '5' };
  const create = (name: string, spec: string) => ctx.cli(['env', 'create', '-p', join(ctx.dir, name), spec], { env });
  try {
    let r = await create('e1', 'self');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_REDIRECT_LOOP\\]: ${front}/self redirects in a loop: ${front}/self -> ${front}/self; ssdp did not retry`));
    assert.doesNotMatch(r.stderr, /tries|redirect count exceeded|\n\s+at /);
    assert.equal(hits.get('/self'), 1, 'the loop was requested again (retried)');
    assert.ok(!existsSync(join(ctx.dir, 'e1')));

    r = await create('e2', 'ping');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_REDIRECT_LOOP\\]: ${front}/ping redirects in a loop: ${front}/ping -> ${front}/pong -> ${front}/ping;`));
    assert.equal(hits.get('/ping'), 1);

    r = await create('e3', 'far');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_REDIRECT_LOOP\\]: ${front}/far redirects more than 20 times: ${front}/far -> ${front}/far1 -> ${front}/far2 -> \\.\\.\\. \\(17 more\\) -> ${front}/far20 -> ${front}/far21;`));
    assert.equal(hits.get('/far'), 1);
    assert.equal(hits.get('/far21'), undefined, 'followed past the limit');

    r = await create('e4', 'cjs-only');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_REDIRECT_LOOP\\]: ${front}/loop\\.tgz redirects in a loop`));
    assert.equal(hits.get('/loop.tgz'), 1);
    assert.ok(!existsSync(join(ctx.dir, 'e4')));

    // V9 (s18 try13v): as a tarball URL spec, a loop is named, not retried, and gets no retry
    // advice. X5 (s19 try13x): a redirect to a port fetch refuses, and a registry on one, are
    // fetched as npm fetches them (they were "bad port (2 tries)" / "the server kept failing").
    r = await create('e6', `${front}/loop.tgz`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_REDIRECT_LOOP\\]: cannot fetch '${front}/loop\\.tgz': ${front}/loop\\.tgz redirects in a loop: [^\\n]*ssdp did not retry, as another try would be sent the same way; nothing was changed`));
    assert.doesNotMatch(r.stderr, /SSDP_FETCH_RETRIES|\.;/);
    r = await create('e7', `${front}/badport.tgz`);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-p', join(ctx.dir, 'e8'), 'plain'], { env: { ...env, npm_config_registry: `${blocked}/`, SSDP_ALLOWED_HOSTS: new URL(front).host } });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-p', join(ctx.dir, 'e7'), '--', 'node', '-p', 'require("plain")'], { env });
    assert.equal(r.stdout.trim(), 'plain', r.stderr);

    r = await create('e5', 'plain');
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-p', join(ctx.dir, 'e5'), '--', 'node', '-p', 'require("plain")'], { env });
    assert.equal(r.stdout.trim(), 'plain');
  } finally {
    server.closeAllConnections();
    server.close();
    second.closeAllConnections();
    second.close();
    await ctx.close();
  }
});
