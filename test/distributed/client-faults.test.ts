/**
 * Breaks of the broker scale-out found by tester try11u (session 14), each with a real
 * redis-server and real `ssdp worker` processes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, connect, type Socket } from 'node:net';
import { compute, delayed, Client, registerModule, sleepSync } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { exitOf, runCli, tempDir, until } from '../helpers/cli.js';
import { parseBroker } from '../../src/distributed/broker.js';
import { SsdpError } from '../../src/util/errors.js';
import { sharedBroker } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

const fixture = sharedBroker(['--nprocs', '2']);

test('C2: a submitter whose event loop stood still for 17 s (SIGSTOP, a stalled VM) while its tasks completed still gets their results', async () => {
  const client = new Client({ broker: fixture.redis.url });
  try {
    const marks = tempDir('ssdp-c2-marks-');
    const result = compute([1, 2].map((i) => delayed(tasks.markedSquare)(marks, i, 1500)), { client });
    await until(() => readdirSync(marks).length > 0, 'a worker to start a task');
    // longer than BullMQ's event-read watchdog (a Client's reader blocks 2 s: 3 s) and the blocking
    // connection's deadline (BLOCKING_STALL_MS, 15 s), so both fire on resume, as after 30 s
    sleepSync(17_000);
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 45_000)));
    // the workers may have dropped the run meanwhile (its heartbeat lapsed): a coded error then, never a hang
    const got = await Promise.race([result.catch((e: SsdpError) => e.code), hung]);
    clearTimeout(timer);
    if (got !== 'E_RUN_DROPPED') assert.deepEqual(got, [[1, 4]]);
    rmSync(marks, { recursive: true, force: true });
  } finally {
    await client.close();
  }
});

test('C1: an error of the user\'s class with BigInt, Date, Map, typed-array and NaN properties arrives as thrown (was E_WORKER_DIED "Do not know how to serialize a BigInt")', async () => {
  const client = new Client({ broker: fixture.redis.url });
  try {
    const e = (await compute(delayed(tasks.throwsRich)(), { client }).then(
      () => assert.fail('no error'),
      (x: unknown) => x,
    )) as tasks.RichError;
    assert.ok(e instanceof tasks.RichError, `${(e as Error).name}: ${(e as Error).message}`);
    assert.equal(e.message, 'rich boom');
    assert.equal(e.big, 42n);
    assert.ok(e.when instanceof Date && e.when.getTime() === 0);
    assert.deepEqual(e.m, new Map([[1, 2]]));
    assert.deepEqual(e.arr, new Float64Array([1.5]));
    assert.ok(Number.isNaN(e.nan));
  } finally {
    await client.close();
  }
});

test('C8: a broker password holding / # ? @ % is never echoed by E_BROKER_URL, and the hint says to percent-encode it', () => {
  for (const [url, secret] of [
    ['redis://default:my/secret#pw@10.0.0.5:6379', 'secret#pw'],
    ['redis://default:p@ss:w/rd#1%@127.0.0.1:6379', 'ss:w/rd'],
    ['redis://default:se/cret@127.0.0.1:6379', 'cret'],
  ] as const) {
    assert.throws(
      () => parseBroker(url),
      (e: SsdpError) => {
        assert.equal(e.code, 'E_BROKER_URL');
        assert.ok(!e.message.includes(secret), e.message);
        assert.match(e.message, /\*\*\*@(10\.0\.0\.5|127\.0\.0\.1):6379/);
        assert.match(e.hint ?? '', /percent-encode/);
        return true;
      },
    );
  }
});

test('C3: a script with new Client({ broker }) that never calls close() ends after its last line, with its exit code (it waited for ever)', async () => {
  const dir = tempDir('ssdp-c3-');
  const index = new URL('../../src/index.js', import.meta.url).href;
  writeFileSync(join(dir, 't.mjs'), 'export function f(x) { return x + 1; }\n');
  writeFileSync(
    join(dir, 'main.mjs'),
    `import { Client, delayed, compute } from ${JSON.stringify(index)};
import { f } from './t.mjs';
const client = new Client({ broker: process.env.C3_BROKER });
const [a] = await compute(delayed(f)(1), { client });
// idle between two computes: the event reader waits and reads on when the next one starts
await new Promise((r) => setTimeout(r, 2500));
const [b] = await compute(delayed(f)(a), { client });
console.log('result', a, b);
process.exitCode = 7;
`,
  );
  const child = spawn(process.execPath, ['main.mjs'], { cwd: dir, env: { ...process.env, C3_BROKER: fixture.redis.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // a bound for a hang only: the script ends within seconds of its result
  const code = await exitOf(child, 120_000);
  assert.match(out, /result 2 3/);
  assert.equal(code, 7, out);
  rmSync(dir, { recursive: true, force: true });
});

/** redis-cli against the test's broker. */
function redisCli(url: string, ...args: string[]): string {
  const u = new URL(url);
  return execFileSync('redis-cli', ['-h', u.hostname, '-p', u.port, '-a', decodeURIComponent(u.password), '--no-auth-warning', ...args], { encoding: 'utf8' });
}

test('C6: Redis at its maxmemory is E_BROKER_FULL naming the broker and maxmemory (was E_WORKER_DIED or a raw ReplyError stack), and the run\'s report is closed as failed, not left unfinished', async () => {
  const port = new URL(fixture.redis.url).port;
  const dir = tempDir('ssdp-c6-');
  writeFileSync(join(dir, 'steps.mjs'), 'export function one() { return 1; }\n');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a: { function: ./steps.mjs#one }\n');
  redisCli(fixture.redis.url, 'config', 'set', 'maxmemory', '1');
  try {
    const client = new Client({ broker: fixture.redis.url });
    try {
      await assert.rejects(compute(delayed(tasks.total)([1, 2]), { client }), (e: SsdpError) => {
        assert.equal(e.code, 'E_BROKER_FULL', e.message);
        assert.match(e.message, new RegExp(`broker redis://default:\\*\\*\\*@127\\.0\\.0\\.1:${port} is full`));
        assert.match(e.message, /maxmemory 1B/);
        assert.match(e.hint ?? '', /CONFIG SET maxmemory/);
        return true;
      });
    } finally {
      await client.close();
    }
    for (let i = 0; i < 2; i++) {
      const r = runCli(['run', 'a', '--broker', fixture.redis.url, '--force'], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /E_BROKER_FULL/);
      assert.doesNotMatch(r.stderr, /unexpected error|ReplyError/);
      // the first run's report was closed as failed: the second finds nothing unfinished
      assert.doesNotMatch(r.stderr, /earlier run was stopped before it wrote its final performance report/);
    }
    assert.deepEqual(readdirSync(join(dir, '.ssdp')).filter((f) => f.includes('unfinished')), []);
  } finally {
    redisCli(fixture.redis.url, 'config', 'set', 'maxmemory', '0');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('W3 (s16 try11w): Redis reaching its maxmemory while a worker writes a big result is E_BROKER_FULL, not E_WORKER_DIED with an EXECABORT stack', async () => {
  // room for the run's own records, not for a 16 MB result (4 parts of 4 MiB: the check comes before each)
  const used = Number(/^used_memory:(\d+)/m.exec(redisCli(fixture.redis.url, 'info', 'memory'))![1]);
  redisCli(fixture.redis.url, 'config', 'set', 'maxmemory', String(used + 2 * 1024 * 1024));
  try {
    const client = new Client({ broker: fixture.redis.url });
    try {
      await assert.rejects(compute(delayed(tasks.ramp)(2_000_000), { client }), (e: SsdpError) => {
        assert.equal(e.code, 'E_BROKER_FULL', `${e.code}: ${e.message}`);
        assert.match(e.message, /maxmemory/);
        assert.doesNotMatch(e.message, /EXECABORT|ReplyError/);
        return true;
      });
    } finally {
      await client.close();
    }
  } finally {
    redisCli(fixture.redis.url, 'config', 'set', 'maxmemory', '0');
  }
});

test('C4: the broker going away right as a Client connects (its first SCAN never answered, then nothing listens) is E_BROKER_LOST, not a raw "Connection is closed." stack', async () => {
  const target = new URL(fixture.redis.url);
  const sockets = new Set<Socket>();
  let cut = false;
  // a TCP relay to the test's Redis that drops everything at the point in question
  const relay = createServer((inbound) => {
    if (cut) return void inbound.destroy();
    const out = connect(Number(target.port), target.hostname);
    sockets.add(inbound).add(out);
    inbound.on('data', (d) => {
      if (cut) return;
      if (/\bscan\b/i.test(d.toString('latin1'))) {
        cut = true;
        relay.close();
        for (const s of sockets) s.destroy();
        return;
      }
      out.write(d);
    });
    out.on('data', (d) => inbound.write(d));
    for (const s of [inbound, out]) s.on('error', () => {});
    inbound.on('close', () => out.destroy());
    out.on('close', () => inbound.destroy());
  });
  const port = await new Promise<number>((r) => relay.listen(0, '127.0.0.1', () => r((relay.address() as { port: number }).port)));
  const before = process.env.SSDP_BROKER_RETRY_MS;
  process.env.SSDP_BROKER_RETRY_MS = '300';
  const client = new Client({ broker: `redis://default:${target.password}@127.0.0.1:${port}` });
  try {
    await assert.rejects(client.ready(), (e: SsdpError) => {
      assert.ok(cut, 'the relay cut the connection at the first SCAN');
      assert.equal(e.code, 'E_BROKER_LOST', `${e.message}\n${e.stack}`);
      assert.match(e.message, new RegExp(`broker redis://default:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
      return true;
    });
  } finally {
    if (before === undefined) delete process.env.SSDP_BROKER_RETRY_MS;
    else process.env.SSDP_BROKER_RETRY_MS = before;
    await client.close();
    relay.close();
  }
});
