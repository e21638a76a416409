// Tester break CE1 (s15 try13d): a tarball whose server labels it with a Content-Encoding the body
// does not hold (`br` on a gzip .tgz, `gzip` on bytes that are not gzip) was retried five times as
// a network fault and ended as "the server kept failing" or, when Node's fetch lost the decoder's
// error, "stalled: no data for 30 s". Now E_BAD_CONTENT_ENCODING naming the URL and the header,
// after one request. A .tgz served with `Content-Encoding: gzip` (decoded once: a plain tar) still
// installs, as with npm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackageTarball } from '../helpers/tarball.js';
import { tarballServer } from '../helpers/tarball-server.js';
import { pkg, setup } from '../env/helpers.js';

const tgz = buildPackageTarball({ name: 'cepk', version: '1.0.0' }, { 'index.js': 'module.exports = "cepk@1.0.0";\n' });
const BODIES: Record<string, [string, Buffer]> = {
  '/br.tgz': ['br', tgz],
  '/junk.tgz': ['gzip', Buffer.alloc(tgz.length, 'x')],
  '/gz.tgz': ['gzip', tgz],
  '/lp/-/lp-1.0.0.tgz': ['br', buildPackageTarball({ name: 'lp', version: '1.0.0' }, { 'index.js': 'module.exports = "lp";\n' })],
};

test('CE1: a body that does not decode by its Content-Encoding is E_BAD_CONTENT_ENCODING naming the URL and header, after one request; gzip on a .tgz installs', async () => {
  const srv = await tarballServer((req, res) => {
    const [encoding, body] = BODIES[req.url!]!;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': encoding, 'content-length': body.length });
    res.end(body);
  });
  const ctx = await setup([pkg('lp', '1.0.0')]);
  ctx.reg.faults({ tarballBase: srv.url }); // the registry's packument points at the mislabelling server
  // Node's fetch sometimes loses the decoder's error and the body never ends: that stall is the same
  // fault, said as soon as it is seen; a short stall time keeps the test short, whichever way it goes.
  const env = { SSDP_FETCH_TIMEOUT: '3', SSDP_ALLOWED_HOSTS: new URL(srv.url).host };
  try {
    for (const [spec, path, encoding] of [[`${srv.url}/br.tgz`, '/br.tgz', 'br'], [`${srv.url}/junk.tgz`, '/junk.tgz', 'gzip'], ['lp', '/lp/-/lp-1.0.0.tgz', 'br']] as const) {
      const prefix = join(ctx.dir, `e${path.replace(/\W/g, '')}`);
      const r = await ctx.cli(['env', 'create', '-p', prefix, spec], { env });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`\\[E_BAD_CONTENT_ENCODING\\]: .*${srv.url}${path.replace(/\./g, '\\.')} with the header Content-Encoding: ${encoding}, but .*ssdp did not retry`));
      assert.match(r.stderr, /hint: .*without Content-Encoding/);
      assert.doesNotMatch(r.stderr, /kept failing|stalled|tries\)|\n\s+at /);
      assert.equal(srv.hits.get(path), 1, `${path} was asked ${srv.hits.get(path)} times`);
      assert.ok(!existsSync(prefix));
    }
    const r = await ctx.cli(['env', 'create', '-n', 'gz', `${srv.url}/gz.tgz`], { env });
    assert.equal(r.status, 0, r.stderr);
    const run = await ctx.cli(['run', '-n', 'gz', '--', 'node', '-p', 'require("cepk")']);
    assert.equal(run.stdout.trim(), 'cepk@1.0.0', run.stderr);
  } finally {
    await ctx.close();
    await srv.close();
  }
});

// try8s S6: a registry's .tgz served with `Content-Encoding: gzip` (the bytes are the tarball
// itself; a common S3 / proxy misconfiguration) was E_INTEGRITY "changed on the registry or
// corrupted in transit", as with npm: fetch decodes the gzip layer and the inner tar was hashed.
// Now the bytes as sent are taken when the decoded ones are no gzip (so cannot be the .tgz) and
// verified against the lock's integrity; bytes that match neither way name the header.
test('S6: a registry .tgz labelled Content-Encoding: gzip installs, verified on the bytes as sent; a wrong one names the header', async () => {
  const ctx = await setup([pkg('gzp', '1.0.0'), pkg('bad', '1.0.0')]);
  const real = Buffer.from(await (await fetch(`${ctx.reg.url}/gzp/-/gzp-1.0.0.tgz`)).arrayBuffer());
  const other = buildPackageTarball({ name: 'bad', version: '1.0.0' }, { 'index.js': 'module.exports = "changed";\n' });
  const srv = await tarballServer((req, res) => {
    const body = req.url === '/gzp/-/gzp-1.0.0.tgz' ? real : other;
    res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-encoding': 'gzip', 'content-length': body.length });
    res.end(body);
  });
  ctx.reg.faults({ tarballBase: srv.url });
  const env = { SSDP_FETCH_TIMEOUT: '5', SSDP_ALLOWED_HOSTS: new URL(srv.url).host };
  try {
    const r = await ctx.cli(['create', '-n', 'f', 'gzp'], { env });
    assert.equal(r.status, 0, r.stderr);
    const run = await ctx.cli(['run', '-n', 'f', '--', 'node', '-p', 'require("gzp")']);
    assert.equal(run.stdout.trim(), 'gzp@1.0.0', run.stderr);
    const bad = await ctx.cli(['create', '-n', 'b', 'bad'], { env });
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /\[E_INTEGRITY\]: .*Content-Encoding: gzip/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  } finally {
    await ctx.close();
    await srv.close();
  }
});
