/**
 * Registry faults end to end: the real CLI creates envs against the local test registry while it
 * misbehaves as registries and proxies do. Waits are shortened through SSDP_FETCH_RETRY_MIN_MS and
 * SSDP_FETCH_TIMEOUT so a fault costs milliseconds; nothing here asserts on time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, spawnCli } from '../env/helpers.js';
import { tempDir, until } from '../helpers/cli.js';
import { createStore } from '../../src/store/index.js';
import { lockFromRegistry, storeEntries, tarballRequests } from './fixtures/lock-helpers.js';

const quick = { SSDP_FETCH_RETRY_MIN_MS: '10', SSDP_FETCH_RETRY_MAX_MS: '50', SSDP_FETCH_TIMEOUT: '0.5' };
process.env.SSDP_FETCH_RETRY_MIN_MS = quick.SSDP_FETCH_RETRY_MIN_MS;
process.env.SSDP_FETCH_RETRY_MAX_MS = quick.SSDP_FETCH_RETRY_MAX_MS;

// Big enough that 100 bytes is a small part of each tarball.
const big = (name: string, version: string, deps?: Record<string, string>) =>
  pkg(name, version, { dependencies: deps, files: { 'data.bin': randomBytes(20_000) } });
const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at |SyntaxError|TimeoutError|unexpected error/, stderr);

test('env create survives a registry failing the first 2 requests of every URL with 500 and cutting every first tarball download after 100 bytes', async () => {
  const ctx = await setup([big('alpha', '1.0.0', { beta: '^1.0.0' }), big('beta', '1.0.0'), big('@sci/gamma', '2.0.0')]);
  try {
    ctx.reg.faults({ failFirst: { count: 2, status: 500 }, cutTarballAfter: 100 });
    const r = await ctx.cli(['env', 'create', '-n', 'flaky', 'alpha', '@sci/gamma'], { env: quick });
    assert.equal(r.status, 0, r.stderr);
    const nm = join(ctx.root, 'envs/flaky/lib/node_modules');
    for (const p of ['alpha', 'beta', '@sci/gamma']) assert.ok(existsSync(join(nm, p, 'data.bin')), p);
    // Every tarball: two 500s, a download cut off, then the rest fetched with a Range request.
    for (const name of ['alpha/-/alpha-1.0.0.tgz', 'beta/-/beta-1.0.0.tgz', '@sci/gamma/-/gamma-2.0.0.tgz']) {
      assert.equal(ctx.reg.requests.filter((q) => q === name).length, 4, name);
    }
  } finally {
    await ctx.close();
  }
});

test('a cut tarball resumes with a Range request; without Range support it is fetched again whole; either way verified over all of it', async (t) => {
  const { startRegistry } = await import('../helpers/registry.js');
  const reg = await startRegistry([big('alpha', '1.0.0'), big('beta', '1.0.0')]);
  t.after(() => reg.close());
  const alpha = await lockFromRegistry(reg, [{ name: 'alpha', version: '1.0.0' }]);
  const beta = await lockFromRegistry(reg, [{ name: 'beta', version: '1.0.0' }]);
  await createStore({ storeDir: join(tempDir(), 'warm') }).ensure(beta); // loads tar, so reading starts at once

  reg.faults({ cutTarballAfter: 100 });
  const storeDir = join(tempDir(), 'store');
  const store = createStore({ storeDir });
  await store.ensure(alpha);
  assert.deepEqual(reg.ranges, ['', 'bytes=100-']);

  reg.faults({ cutTarballAfter: 100, ranges: false });
  await store.ensure(beta);
  assert.equal(reg.ranges.length, 2);
  assert.equal(reg.ranges[0], '');
  assert.equal(storeEntries(storeDir).length, 2);
  for (const [lock, name] of [[alpha, 'alpha'], [beta, 'beta']] as const) {
    const prefix = join(tempDir(), 'env');
    await store.link(lock, prefix);
    assert.match(readFileSync(join(prefix, `lib/node_modules/${name}/index.js`), 'utf8'), new RegExp(`${name}@1\\.0\\.0`));
  }
});

test('429 with Retry-After and connection resets are retried; retries are bounded and the error names the URL', async (t) => {
  const { startRegistry } = await import('../helpers/registry.js');
  const reg = await startRegistry([pkg('alpha', '1.0.0')]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'alpha', version: '1.0.0' }]);
  const url = lock.packages[0]!.resolved;

  reg.faults({ failFirst: { count: 1, status: 429, retryAfter: '0' } });
  await createStore({ storeDir: join(tempDir(), 's') }).ensure(lock);
  assert.equal(tarballRequests(reg).length, 1 + 1);

  reg.requests.length = 0;
  reg.faults({ resetFirst: 3 });
  await createStore({ storeDir: join(tempDir(), 's') }).ensure(lock);
  assert.equal(tarballRequests(reg).length, 4);

  reg.requests.length = 0;
  reg.faults({ failFirst: { count: 1000, status: 503 } });
  const storeDir = join(tempDir(), 's');
  await assert.rejects(createStore({ storeDir }).ensure(lock), (e: any) => {
    assert.equal(e.code, 'E_REGISTRY_UNREACHABLE');
    assert.ok(e.message.includes(url), e.message);
    assert.match(e.message, /HTTP 503.*\(5 tries\)/);
    return true;
  });
  assert.equal(tarballRequests(reg).length, 5, 'four retries, then give up');
  assert.deepEqual(storeEntries(storeDir), []);
});

test('a stalled tarball download is a coded error naming the URL, not a silent exit; nothing is left behind', async () => {
  const ctx = await setup([big('alpha', '1.0.0')]);
  try {
    ctx.reg.faults({ stall: { tarball: true, after: 100 } });
    const r = await ctx.cli(['env', 'create', '-n', 'stuck', 'alpha'], { env: quick });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_REGISTRY_STALLED/);
    assert.ok(r.stderr.includes(`${ctx.reg.url}/alpha/-/alpha-1.0.0.tgz`), r.stderr);
    assert.match(r.stderr, /hint: .*SSDP_FETCH_TIMEOUT/);
    noStack(r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs/stuck')));
    assert.deepEqual(storeEntries(join(ctx.root, 'store/v1')), []);
  } finally {
    await ctx.close();
  }
});

test('Ctrl-C mid-download removes the half-unpacked temp folder at once and the process dies of SIGINT', async () => {
  const ctx = await setup([big('alpha', '1.0.0')]);
  try {
    ctx.reg.faults({ stall: { tarball: true, after: 100 } });
    const tmp = join(ctx.root, 'store/v1/tmp');
    const { child, done } = spawnCli(['env', 'create', '-n', 'stuck', 'alpha'], { ...ctx.env, SSDP_FETCH_TIMEOUT: '60' });
    await until(() => existsSync(tmp) && readdirSync(tmp).length > 0, 'the download to start unpacking');
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stderr}`);
    assert.deepEqual(readdirSync(tmp), [], 'no temp folder left for a later run to sweep');
    assert.deepEqual(storeEntries(join(ctx.root, 'store/v1')), []);
    assert.ok(!existsSync(join(ctx.root, 'envs/stuck')));
  } finally {
    await ctx.close();
  }
});

test('a bad SSDP_FETCH_* value is a coded error naming the variable, before anything is created; 0 s is not a timeout', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const [name, value] of [['SSDP_FETCH_TIMEOUT', '0'], ['SSDP_FETCH_TIMEOUT', 'abc'], ['SSDP_FETCH_TIMEOUT', '-1'], ['SSDP_FETCH_RETRIES', 'abc'], ['SSDP_FETCH_RETRY_MIN_MS', 'x']] as const) {
      const r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: { ...quick, [name]: value } });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /E_BAD_ENV_SETTING/);
      assert.ok(r.stderr.includes(`${name}="${value}"`), r.stderr);
      assert.match(r.stderr, /hint: .*unset it/);
      noStack(r.stderr);
      assert.ok(!existsSync(join(ctx.root, 'envs/x')));
    }
  } finally {
    await ctx.close();
  }
});

test('metadata faults through the CLI: HTML, junk JSON and a stalled body are coded errors naming the URL', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const url = `${ctx.reg.url}/alpha`;
    ctx.reg.faults({ metadataBody: { contentType: 'text/html', body: '<!DOCTYPE html><html><body>Please log in</body></html>' } });
    let r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_REGISTRY_BAD_RESPONSE.*HTML/);
    assert.ok(r.stderr.includes(url), r.stderr);
    assert.match(r.stderr, /hint: check the registry setting/i);
    noStack(r.stderr);

    ctx.reg.faults({ metadataBody: { contentType: 'application/json', body: '{"versions": {"1.0.0": ' } });
    r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_REGISTRY_BAD_RESPONSE.*not JSON/);
    noStack(r.stderr);

    // Content-Encoding: gzip over a plain body (s20 try8q Q6: E_REGISTRY_UNREACHABLE Z_DATA_ERROR, "check the network")
    ctx.reg.faults({ metadataBody: { contentType: 'application/json', contentEncoding: 'gzip', body: '{"name": "alpha"}' } });
    r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_REGISTRY_BAD_RESPONSE\]: the registry answered \S+\/alpha with a body that is not gzip data, though its Content-Encoding says gzip: incorrect header check \(Z_DATA_ERROR\)/);
    noStack(r.stderr);

    ctx.reg.faults({ metadataBody: { contentType: 'application/json', body: '[1, 2, 3]' } });
    r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
    assert.match(r.stderr, /E_REGISTRY_BAD_RESPONSE.*not a package document/);

    ctx.reg.faults({ stall: { metadata: true, after: 10 } });
    r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_REGISTRY_STALLED/);
    assert.ok(r.stderr.includes(url), r.stderr);
    noStack(r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs/x')));
  } finally {
    await ctx.close();
  }
});

test('a resumed download answered from byte 0 (206 bytes 0-) or with 416 is fetched whole again, skipping what was received, and verified (tester s13 try8e R4)', async () => {
  for (const badRange of ['from-zero', '416'] as const) {
    const ctx = await setup([big('alpha', '1.0.0')]);
    try {
      ctx.reg.faults({ cutTarballAfter: 100, badRange });
      const r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
      assert.equal(r.status, 0, `${badRange}: ${r.stderr}`);
      const file = join(ctx.root, 'envs/x/lib/node_modules/alpha/data.bin');
      assert.equal(readFileSync(file).length, 20_000, badRange);
    } finally {
      await ctx.close();
    }
  }
});

test('a packument body cut short but ended cleanly (JSON ending mid-document) is retried, not reported as a bad answer (tester s13 try8e R3)', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    ctx.reg.faults({ cutMetadataFirst: { count: 2, after: 40 } });
    const r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: quick });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.root, 'envs/x/lib/node_modules/alpha/package.json')));
    assert.equal(ctx.reg.requests.filter((q) => q === 'alpha').length, 3, ctx.reg.requests.join(' '));
  } finally {
    await ctx.close();
  }
});

test('Retry-After is honoured (seconds or a date, capped at a minute); otherwise backoff doubles with jitter', async () => {
  const { backoffMs, retryAfterMs, retryPolicy, MAX_RETRY_AFTER_MS } = await import('../../src/util/http-retry.js');
  const policy = retryPolicy({ minWaitMs: 200, maxWaitMs: 10_000 });
  assert.equal(backoffMs(1, policy, retryAfterMs('2')), 2000);
  assert.equal(backoffMs(3, policy, retryAfterMs('7200')), MAX_RETRY_AFTER_MS);
  const date = retryAfterMs(new Date(Date.now() + 60_000).toUTCString())!;
  assert.ok(date > 50_000 && date <= 60_000, String(date));
  assert.equal(retryAfterMs('soon'), undefined);
  for (let attempt = 1; attempt <= 8; attempt++) {
    const ceiling = Math.min(10_000, 200 * 2 ** (attempt - 1));
    const w = backoffMs(attempt, policy);
    assert.ok(w >= ceiling / 2 && w <= ceiling, `${attempt}: ${w}`);
  }
});

test('metadata trickling one byte at a time is given up at the SSDP_FETCH_DEADLINE of a whole answer, coded, naming the URL and the setting (tester s13 try8e R2)', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    // A byte every 50 ms never stalls (SSDP_FETCH_TIMEOUT 0.5 s); the body needs ~10 s, the deadline is 1 s.
    ctx.reg.faults({ dripMetadata: { everyMs: 50 } });
    const r = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: { ...quick, SSDP_FETCH_DEADLINE: '1' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_REGISTRY_STALLED\]: the download of metadata of 'alpha' from \S+\/alpha was too slow: not complete after 1 s \(\d+ bytes received\) \(2 tries\)/);
    assert.match(r.stderr, /SSDP_FETCH_DEADLINE=SECONDS/);
    noStack(r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs/x')));

    const bad = await ctx.cli(['env', 'create', '-n', 'x', 'alpha'], { env: { ...quick, SSDP_FETCH_DEADLINE: '0' } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /E_BAD_ENV_SETTING\]: SSDP_FETCH_DEADLINE="0"/);
  } finally {
    await ctx.close();
  }
});
