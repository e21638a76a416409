/**
 * `ssdp run TASK --broker URL` with a broker it cannot use (try11t B7): said before the run starts,
 * so the last run's report stays and no unfinished-run record is left for the next run to announce.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { startRedis, type LocalRedis } from '../helpers/redis.js';
import { Client } from '../../src/index.js';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
after(async () => {
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a wrong password: E_BROKER_AUTH before "running", the last report kept, no unfinished run announced by the next run', async () => {
  const redis = await startRedis();
  servers.push(redis);
  const dir = tempDir('ssdp-broker-check-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  hello:\n    cmd: echo hi > out.txt\n    outputs: [out.txt]\n');
  const first = runCli(['run', 'hello'], { cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  const report = join(dir, '.ssdp', 'performance-report.html');
  assert.ok(existsSync(report), readdirSync(join(dir, '.ssdp')).join(' '));
  const before = readFileSync(report);
  const wrong = redis.url.replace(/default:[^@]*@/, 'default:wrong@');
  for (let i = 0; i < 2; i++) {
    const r = runCli(['run', 'hello', '--broker', wrong, '--force'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BROKER_AUTH/);
    assert.doesNotMatch(r.stdout + r.stderr, /running 1 of 1 step/);
  }
  assert.deepEqual(readFileSync(report), before, 'the last report is not replaced by a run that never started');
  assert.deepEqual(readdirSync(join(dir, '.ssdp')).filter((f) => f.includes('unfinished')), []);
  const next = runCli(['run', 'hello', '--force'], { cwd: dir });
  assert.equal(next.status, 0, next.stderr);
  assert.doesNotMatch(next.stderr, /an earlier run was stopped/);
});

/** redis-cli as the server's default user. */
function redisCli(url: string, args: string[]): string {
  const u = new URL(url);
  return execFileSync('redis-cli', ['-h', u.hostname, '-p', u.port, '--user', decodeURIComponent(u.username), '--pass', decodeURIComponent(u.password), '--no-auth-warning', ...args], { encoding: 'utf8' }).trim();
}

/** The worker with a broker it must refuse: its exit and output (a hang ends at the timeout, status null). */
function workerAgainst(url: string) {
  return runCli(['worker', '--broker', url, '--nprocs', '1'], { timeout: 120_000 });
}

async function readyError(url: string): Promise<{ code?: string; message: string }> {
  const client = new Client({ broker: url });
  try {
    await client.ready();
    return { message: 'client.ready() resolved' };
  } catch (e) {
    return e as { code?: string; message: string };
  } finally {
    await client.close();
  }
}

test('try11w W7: an ACL user that may not use ssdp:* keys: ssdp worker exits 1 at once with E_BROKER_PERMISSION (no stack, no hang), client.ready() rejects with it', async () => {
  // The worker printed "unexpected error: ReplyError: EXECABORT" with ioredis' stack and hung;
  // client.ready() passed and compute threw a bare NOPERM ReplyError.
  const redis = await startRedis();
  servers.push(redis);
  redisCli(redis.url, ['ACL', 'SETUSER', 'u2', 'on', '>pw', '~other:*', '&*', '+@all']);
  const u = new URL(redis.url);
  const url = `redis://u2:pw@${u.hostname}:${u.port}`;
  const w = workerAgainst(url);
  assert.equal(w.status, 1, w.stdout + w.stderr);
  assert.match(w.stderr, /E_BROKER_PERMISSION/);
  assert.match(w.stderr, /user 'u2'/);
  assert.match(w.stderr, /~ssdp:\*/);
  assert.doesNotMatch(w.stderr, /unexpected error|^\s+at /m);
  const e = await readyError(url);
  assert.equal(e.code, 'E_BROKER_PERMISSION', e.message);
});

test('try11w W1: a /N database the server does not have: ssdp worker exits 2 with E_BROKER_URL naming it, client.ready() rejects, nothing runs on database 0', async () => {
  // Both printed raw "ERR DB index is out of range" stacks and went on in database 0.
  const redis = await startRedis();
  servers.push(redis);
  const url = `${redis.url}/99`;
  const w = workerAgainst(url);
  assert.equal(w.status, 2, w.stdout + w.stderr);
  assert.match(w.stderr, /E_BROKER_URL/);
  assert.match(w.stderr, /database 99, which does not exist on this server: it has 16 \(0-15\)/);
  assert.doesNotMatch(w.stdout + w.stderr, /serving|^\s+at /m);
  const e = await readyError(url);
  assert.equal(e.code, 'E_BROKER_URL', e.message);
  // a database the server has is taken
  const ok = await readyError(`${redis.url}/15`);
  assert.equal(ok.message, 'client.ready() resolved');
});
