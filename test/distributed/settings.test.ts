/**
 * Option slips of scale-out (tester s13 try11t B12): -j with --broker is refused before anything
 * starts, instead of being silently ignored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli, tempDir } from '../helpers/cli.js';
import { ownerTtlMs } from '../../src/distributed/run-owner.js';
import { OWNER_TTL_MS } from '../../src/distributed/protocol.js';
import { NO_WORKER_NOTICE_MS, noWorkerNoticeMs, RemoteExecutor } from '../../src/distributed/remote.js';
import { connectionOptions, parseBroker, STALL_MS, stallMs } from '../../src/distributed/broker.js';
import { runCluster } from '../../src/cluster/index.js';
import { Client } from '../../src/graph/index.js';

test('B12: ssdp run TASK --broker URL -j N is a usage error naming -j and --broker; nothing runs', () => {
  const dir = tempDir('ssdp-broker-j-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "echo ok > a.txt"\n    outputs: [a.txt]\n');
  const r = runCli(['run', 'a', '--broker', 'redis://127.0.0.1:1', '-j', '1'], { cwd: dir, timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BAD_ARGS.*-j 1 sets the number of worker processes on this machine; with --broker the steps run on the broker's workers/);
  assert.doesNotMatch(r.stderr + r.stdout, /running \d+ of/);
  assert.equal(existsSync(join(dir, 'a.txt')), false);
  assert.equal(existsSync(join(dir, '.ssdp')), false, 'no run state written');
});

test('try11k K2-K5: --workers with --broker hints --nprocs, not -j; 127.1 is loopback and a host name is refused as a name; a non-string broker and nWorkers with broker are E_BROKER_URL / E_COMPUTE_OPTION', (t) => {
  const code = (want: string, text?: RegExp) => (e: Error & { code?: string; hint?: string }) => e.code === want && (!text || text.test(`${e.message} ${e.hint ?? ''}`));
  // K2: the hint sent --broker users to -j, which --broker refuses
  assert.throws(() => runCluster({ workers: 2, broker: 'redis://127.0.0.1:1' }), (e: Error & { code?: string; hint?: string }) => e.code === 'E_BAD_ARGS' && /--nprocs/.test(e.hint ?? '') && !/-j N/.test(e.hint ?? ''));
  assert.throws(() => runCluster({ workers: 2 }), code('E_BAD_ARGS', /use -j N/));
  // K3: 127.1 is 127.0.0.1; a name other than localhost is refused as a name, not as "not on this machine"
  assert.equal(parseBroker('redis://127.1:6379').host, '127.1');
  assert.equal(parseBroker('redis://[0:0::1]:6379').host, '::1');
  assert.throws(() => parseBroker('redis://somehost:6379'), code('E_BROKER_NO_PASSWORD', /names host 'somehost', which ssdp does not take as this machine's loopback/));
  assert.throws(() => parseBroker('redis://10.0.0.1:6379'), code('E_BROKER_NO_PASSWORD', /is not on this machine/));
  // a name the hosts file maps only to loopback is this machine (this machine's name, where it does: 127.0.1.1 on Debian)
  const own = hostname();
  const mapped = (readFileSync('/etc/hosts', 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim().split(/\s+/)).filter(([, ...names]) => names.includes(own))).map(([ad]) => ad!);
  if (mapped.length > 0 && mapped.every((ad) => /^(127\.|::1$)/.test(ad))) assert.equal(parseBroker(`redis://${own}:6379`).host, own);
  else t.diagnostic(`this machine's name ${own} is not mapped to loopback only in /etc/hosts (${mapped.join(', ') || 'not listed'}): that case is not checked here`);
  // K4: a number was a raw TypeError; a URL object is taken
  assert.throws(() => new Client({ broker: 42 as unknown as string }), code('E_BROKER_URL', /broker takes a redis:\/\/ URL string, got 42/));
  assert.equal(parseBroker(new URL('redis://127.0.0.1:6379')).port, 6379);
  // K5: nWorkers / n_workers with broker were dropped in silence
  for (const opts of [{ nWorkers: 4 }, { n_workers: 3 }]) {
    assert.throws(() => new Client({ broker: 'redis://127.0.0.1:1', ...opts }), code('E_COMPUTE_OPTION', /nWorkers \(n_workers\), scheduler/));
  }
});

const SHARED_SCRIPT = `
import { Client, compute, delayed } from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)};
const client = new Client({ broker: 'redis://127.0.0.1:1' });
try { await compute(delayed((x) => x + 1)(1), { client }); console.log('computed'); }
catch (e) { console.log('ERR', e.code, e.message); }
finally { await client.close().catch(() => {}); }
`;

test('B5: SSDP_SHARED_DIR relative, a file, or missing is refused by the client before it submits anything, naming the variable', () => {
  const dir = tempDir('ssdp-shared-dir-');
  writeFileSync(join(dir, 'afile'), 'hi\n');
  writeFileSync(join(dir, 'script.mjs'), SHARED_SCRIPT);
  const cases: [string, RegExp][] = [
    ['relative/dir', /ERR E_BAD_ENV_SETTING SSDP_SHARED_DIR=relative\/dir is a relative path/],
    [join(dir, 'afile'), /ERR E_BAD_ENV_SETTING SSDP_SHARED_DIR=.*afile is a file, not a folder/],
    [join(dir, 'nowhere'), /ERR E_BAD_ENV_SETTING SSDP_SHARED_DIR=.*nowhere: no such folder/],
    // a good folder passes the check: what fails next is the broker nobody serves
    [dir, /ERR E_BROKER_UNREACHABLE/],
  ];
  for (const [value, want] of cases) {
    const r = spawnSync(process.execPath, [join(dir, 'script.mjs')], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, SSDP_SHARED_DIR: value, SSDP_BROKER_RETRY_MS: '1000' } });
    assert.match(r.stdout, want, r.stdout + r.stderr);
  }
  assert.equal(existsSync(join(dir, 'relative')), false);
});

test('B12: a broker URL with a ?query or #fragment is refused (E_BROKER_URL, exit 2), not taken with the query dropped', () => {
  for (const url of ['redis://127.0.0.1:6379?x=1', 'redis://127.0.0.1:6379/3?db=4', 'redis://127.0.0.1:6379#a']) {
    const r = runCli(['worker', '--broker', url], { timeout: 60_000 });
    assert.equal(r.status, 2, `${url}: ${r.stderr}`);
    assert.match(r.stderr, /E_BROKER_URL.*which ssdp does not read/, url);
  }
});

test('B12: rediss:// against a plain redis-server says the TLS handshake failed, not only ETIMEDOUT', async () => {
  const { startRedis } = await import('../helpers/redis.js');
  const redis = await startRedis();
  try {
    const r = runCli(['worker', '--broker', redis.url.replace(/^redis:/, 'rediss:')], { timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BROKER_UNREACHABLE.*no TLS connection to rediss:\/\/.*did not complete a TLS handshake/);
  } finally {
    await redis.stop();
  }
});

test('SSDP_RUN_OWNER_TTL_MS sets how long the heartbeat of a run with its own workers outlives the run (default 20 s); a value that is not above 0 is E_BAD_ENV_SETTING', (t) => {
  const before = process.env.SSDP_RUN_OWNER_TTL_MS;
  t.after(() => (before === undefined ? delete process.env.SSDP_RUN_OWNER_TTL_MS : (process.env.SSDP_RUN_OWNER_TTL_MS = before)));
  delete process.env.SSDP_RUN_OWNER_TTL_MS;
  assert.equal(ownerTtlMs(), OWNER_TTL_MS);
  assert.equal(OWNER_TTL_MS, 20_000);
  process.env.SSDP_RUN_OWNER_TTL_MS = '6000';
  assert.equal(ownerTtlMs(), 6000);
  for (const bad of ['0', '-5', '20s']) {
    process.env.SSDP_RUN_OWNER_TTL_MS = bad;
    assert.throws(ownerTtlMs, (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_BAD_ENV_SETTING');
      assert.match(e.message, new RegExp(`SSDP_RUN_OWNER_TTL_MS="${bad}" is not a number above 0 \\(milliseconds\\)`));
      return true;
    });
  }
});

test('SSDP_BROKER_STALL_MS sets how long a broker command may go unanswered before the connection counts as lost (default 5 s); a value that is not above 0 is E_BAD_ENV_SETTING', (t) => {
  const before = process.env.SSDP_BROKER_STALL_MS;
  t.after(() => (before === undefined ? delete process.env.SSDP_BROKER_STALL_MS : (process.env.SSDP_BROKER_STALL_MS = before)));
  const addr = parseBroker('redis://127.0.0.1:1');
  delete process.env.SSDP_BROKER_STALL_MS;
  assert.equal(STALL_MS, 5000);
  assert.equal(connectionOptions(addr).socketTimeout, STALL_MS);
  process.env.SSDP_BROKER_STALL_MS = '2000';
  assert.equal(stallMs(), 2000);
  assert.equal(connectionOptions(addr).socketTimeout, 2000);
  for (const bad of ['0', '-5', '5s']) {
    process.env.SSDP_BROKER_STALL_MS = bad;
    assert.throws(() => connectionOptions(addr), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_BAD_ENV_SETTING');
      assert.match(e.message, new RegExp(`SSDP_BROKER_STALL_MS="${bad}" is not a number above 0 \\(milliseconds\\)`));
      return true;
    });
  }
});

test('SSDP_NO_WORKER_NOTICE_MS sets how long work waits on a broker no worker serves before the run says so (default 10 s); a bad value is E_BAD_ENV_SETTING before connecting', (t) => {
  const before = process.env.SSDP_NO_WORKER_NOTICE_MS;
  t.after(() => (before === undefined ? delete process.env.SSDP_NO_WORKER_NOTICE_MS : (process.env.SSDP_NO_WORKER_NOTICE_MS = before)));
  delete process.env.SSDP_NO_WORKER_NOTICE_MS;
  assert.equal(noWorkerNoticeMs(), NO_WORKER_NOTICE_MS);
  assert.equal(NO_WORKER_NOTICE_MS, 10_000);
  process.env.SSDP_NO_WORKER_NOTICE_MS = '2000';
  assert.equal(noWorkerNoticeMs(), 2000);
  for (const bad of ['-1', 'soon']) {
    process.env.SSDP_NO_WORKER_NOTICE_MS = bad;
    assert.throws(
      () => new RemoteExecutor({ broker: 'redis://127.0.0.1:1' }),
      (e: Error & { code?: string }) => e.code === 'E_BAD_ENV_SETTING' && new RegExp(`SSDP_NO_WORKER_NOTICE_MS="${bad}" is not a number of 0 or more \\(milliseconds\\)`).test(e.message),
    );
  }
});
