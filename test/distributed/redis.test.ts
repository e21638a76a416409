/**
 * Scale-out through Redis, with real engines: a private redis-server and `ssdp worker` processes
 * (the compiled CLI) serving it. Results through the broker must equal the local run's, bit for
 * bit; a worker killed with -9 mid-run costs a re-run, not the run; a bad address, a wrong
 * password or an open Redis off this machine are clear errors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { array, bag, compute, delayed, sum, Client, registerModule, shutdownDefaultPools } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import * as bagFx from '../collections/bag-fixtures.js';
import * as tasks from './fixtures/remote-tasks.js';
import { runCli, tempDir, until } from '../helpers/cli.js';
import { staleCopy, startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

registerModule(new URL('../collections/bag-fixtures.js', import.meta.url).href, bagFx);
registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

let redis: LocalRedis;
const workers: WorkerProcess[] = [];
let client: Client;
const tmp = tempDir('ssdp-redis-test-');
const workerEnv = { ...process.env, SSDP_TEST_SLEEP_MS: '1' };

before(async () => {
  redis = await startRedis();
  workers.push(await startWorker(redis.url, ['--nprocs', '1'], workerEnv), await startWorker(redis.url, ['--nprocs', '1'], workerEnv));
  client = new Client({ broker: redis.url });
  await client.ready();
});

after(async () => {
  await client?.close();
  await Promise.all(workers.map((w) => w.stop()));
  await shutdownDefaultPools();
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test("the lecture's delayed example through 2 workers equals the local run", async () => {
  process.env.SSDP_TEST_SLEEP_MS = '1';
  const result = add_(add_(1, 2), add_(3, 4));
  const doubles = [0, 1, 2, 3].map((i) => add_(i, i));
  const doubleSum = delayed(sum)(doubles);
  const exprs = [result, delayed(sum)(doubles), doubleSum.mul(doubleSum), doubleSum.add(doubleSum)];
  const local = await compute(...exprs, { scheduler: 'sync' });
  const remote = await compute(...exprs, { client });
  assert.deepEqual(remote, local);
  assert.deepEqual(remote, [10, 12, 144, 24]);
});

test('a bag (map, filter, flatten, fold) through 2 workers equals the local run', async () => {
  const b = bag.range(200, { npartitions: 8 });
  const exprs = [b.map(bagFx.square).filter(bagFx.isEven), b.map(bagFx.repeat).flatten(), b.map(bagFx.square).sum()];
  const local = await compute(...exprs, { scheduler: 'sync' });
  const remote = await compute(...exprs, { client });
  assert.deepEqual(remote, local);
});

test('an array reduction through 2 workers equals the local run bit for bit (typed arrays travel as binary)', async () => {
  const x = array.random.rand({ shape: [400, 300], chunks: [100, 100], seed: 7, dtype: 'float32' });
  const exprs = [array.nanmean(x, { axis: 0 }), x.std({ axis: 1 }), x.sum(), x.mul(2).sub(1)];
  const local = await array.compute(...exprs, { scheduler: 'sync' });
  const remote = await array.compute(...exprs); // on the active client: the broker
  assert.equal(remote.length, local.length);
  remote.forEach((r, i) => {
    assert.deepEqual(r.shape, local[i]!.shape);
    assert.equal(r.dtype, local[i]!.dtype);
    assert.deepEqual(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), Buffer.from(local[i]!.data.buffer, local[i]!.data.byteOffset, local[i]!.data.byteLength), `result ${i}`);
  });
  // every intermediate blob was deleted after its last consumer: only the queue's own keys remain
  const keys = runCliRedis(['--scan', '--pattern', 'ssdp:blob:*']);
  assert.equal(keys.trim(), '', `blobs left in Redis: ${keys}`);
});

test('futures (submit, map, gather) run on the workers and equal the local results', async () => {
  const squares = client.map(bagFx.square, [1, 2, 3, 4]);
  const t = client.submit(tasks.total, squares);
  assert.deepEqual(await client.gather([...squares, t]), [1, 4, 9, 16, 30]);
});

test('a worker killed with -9 mid-run: its tasks run again on the other worker and the run completes', async () => {
  const marks = join(tmp, 'marks');
  mkdirSync(marks);
  const parts = Array.from({ length: 8 }, (_, i) => delayed(tasks.markedSquare)(marks, i, 700));
  const run = compute(delayed(tasks.total)(parts), { client });
  // wait until a task has started, then kill the worker running it
  await until(() => readdirSync(marks).length > 0, 'a task to start');
  const victimPid = Number(readdirSync(marks)[0]!.split('.')[1]);
  const victim = workers.find((w) => w.pid === victimPid);
  assert.ok(victim, `task ran under pid ${victimPid}, not one of our workers`);
  process.kill(victimPid, 'SIGKILL');
  const [result] = (await run) as [number];
  assert.equal(result, [0, 1, 2, 3, 4, 5, 6, 7].reduce((a, i) => a + i * i, 0));
  const ranOn = new Map<number, number>();
  for (const f of readdirSync(marks)) {
    const i = Number(f.split('.')[0]);
    ranOn.set(i, (ranOn.get(i) ?? 0) + 1);
  }
  assert.equal(ranOn.size, 8, 'every task ran');
  assert.ok(readdirSync(marks).some((f) => f.endsWith(`.${victimPid}`)), 'the killed worker had started a task');
  // replace it for the tests that follow
  workers.splice(workers.indexOf(victim), 1, await startWorker(redis.url, ['--nprocs', '1'], workerEnv));
});

test('ssdp worker with a wrong password fails at once with a clear error; so does a Client', async () => {
  const bad = redis.url.replace(/:([^:@/]+)@/, ':not-the-password@');
  const r = runCli(['worker', '--broker', bad], { timeout: 30_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BROKER_AUTH/);
  assert.match(r.stderr, /refused the user name or password/);
  assert.doesNotMatch(r.stderr, /not-the-password/, 'the password is not printed');
  const c = new Client({ broker: bad });
  await assert.rejects(c.ready(), (e: Error & { code?: string }) => e.code === 'E_BROKER_AUTH');
  await c.close();
});

test('ssdp worker: no Redis at the address, a malformed URL, and an open Redis off loopback are refused', () => {
  const port = Number(new URL(redis.url).port);
  const closed = runCli(['worker', '--broker', `redis://127.0.0.1:${port === 65535 ? 1 : port + 1}`], { timeout: 30_000 });
  assert.equal(closed.status, 1, closed.stderr);
  assert.match(closed.stderr, /E_BROKER_UNREACHABLE/);
  const open = runCli(['worker', '--broker', 'redis://10.9.8.7:6379'], { timeout: 30_000 });
  assert.equal(open.status, 2, open.stderr);
  assert.match(open.stderr, /E_BROKER_NO_PASSWORD/);
  assert.throws(() => new Client({ broker: 'redis://192.0.2.1:6379' }), (e: Error & { code?: string }) => e.code === 'E_BROKER_NO_PASSWORD');
  const malformed = runCli(['worker', '--broker', 'http://127.0.0.1:6379'], { timeout: 30_000 });
  assert.equal(malformed.status, 2, malformed.stderr);
  assert.match(malformed.stderr, /E_BROKER_URL/);
});

test('something that is not Redis at the address (an HTTP server): E_BROKER_NOT_REDIS says so, without the client library\'s "Please report this"', async () => {
  const { createServer } = await import('node:http');
  const server = createServer((_q, r) => r.end('hi')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `redis://default:x@127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    // the CLI in a child process (this process serves the HTTP answers meanwhile)
    const { spawn } = await import('node:child_process');
    const { CLI_ENTRY } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [CLI_ENTRY, 'worker', '--broker', url], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /E_BROKER_NOT_REDIS/);
    assert.match(stderr, /something that is not Redis answers at redis:\/\/default:\*\*\*@127\.0\.0\.1:\d+ \(it answered HTTP\)/);
    assert.doesNotMatch(stderr, /Please report this/);
    const c = new Client({ broker: url });
    await assert.rejects(c.ready(), (e: Error & { code?: string }) => e.code === 'E_BROKER_NOT_REDIS' && !/Please report/.test(e.message));
    await c.close();
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("a worker whose ssdp code differs from the submitter's, alone on the broker: the run fails with E_WORKER_CODE_MISMATCH saying why", async () => {
  // serving database 1 (alone there)
  const copy = staleCopy('r');
  const url1 = `${redis.url}/1`;
  const stale = await startWorker(url1, [], workerEnv, copy.entry);
  const c = new Client({ broker: url1 });
  try {
    await assert.rejects(compute(delayed(tasks.total)([1, 2]), { client: c }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_WORKER_CODE_MISMATCH');
      assert.match(e.message, /refuses the tasks/);
      assert.match(e.message, /ssdp's own code differs/);
      return true;
    });
    assert.match(stale.output(), /refuses the tasks/);
  } finally {
    await c.close();
    await stale.stop();
    copy.remove();
  }
});

test('a stale worker beside an up-to-date one: it declines the batches (they go back to the queue, it warns) and the run completes on the other', async () => {
  // database 2: one stale and one good worker, nobody else
  const copy = staleCopy('r');
  const url2 = `${redis.url}/2`;
  const stale = await startWorker(url2, ['--nprocs', '2'], workerEnv, copy.entry);
  const good = await startWorker(url2, ['--nprocs', '1'], workerEnv);
  const c = new Client({ broker: url2 });
  const marks = join(tmp, 'marks-stale');
  mkdirSync(marks);
  try {
    // many small batches: the stale worker (2 processes, so 4 jobs at a time) is bound to take some
    const parts = Array.from({ length: 16 }, (_, i) => delayed(tasks.markedSquare)(marks, i, 100));
    const [got] = await compute(delayed(tasks.total)(parts), { client: c });
    assert.equal(got, Array.from({ length: 16 }, (_, i) => i * i).reduce((a, b) => a + b, 0));
    assert.match(stale.output(), /refuses the tasks of run/);
    assert.match(stale.output(), /go back to the queue for other workers/);
    // every task ran on the good worker: the stale one ran none
    const ranBy = new Set(readdirSync(marks).map((f) => f.split('.')[1]));
    assert.ok(!ranBy.has(String(stale.pid)), `the stale worker ran no task (${[...ranBy].join(', ')})`);
    assert.equal(good.child.exitCode, null);
    assert.equal(stale.child.exitCode, null, 'the stale worker still serves');
  } finally {
    await c.close();
    await Promise.all([stale.stop(), good.stop()]);
    copy.remove();
  }
});

test('a worker that joins mid-run gets work at once, not after the running batch ends, and takes a fair share', async () => {
  // database 3: one worker at the start, a second one once the first task runs
  const url3 = `${redis.url}/3`;
  const first = await startWorker(url3, ['--nprocs', '1'], workerEnv);
  let late: WorkerProcess | undefined;
  const c = new Client({ broker: url3 });
  const marks = join(tmp, 'marks-late');
  const hold = join(tmp, 'hold-late');
  mkdirSync(marks);
  writeFileSync(hold, '');
  try {
    const parts = Array.from({ length: 12 }, (_, i) => delayed(tasks.heldSquare)(marks, hold, i, 300));
    const run = compute(delayed(tasks.total)(parts), { client: c });
    run.catch(() => {});
    await until(() => readdirSync(marks).length > 0, 'the first task to start');
    late = await startWorker(url3, ['--nprocs', '1'], workerEnv);
    // the first batch is held: only a run that saw the worker join has handed out another
    const handedOut = () => ['wait', 'active'].reduce((n, list) => n + Number(runCliRedis(['-n', '3', 'llen', `ssdp:tasks:${list}`]).trim()), 0);
    await until(() => handedOut() >= 2, 'a second batch while the first is still running');
    rmSync(hold);
    const [got] = await run;
    assert.equal(got, Array.from({ length: 12 }, (_, i) => i * i).reduce((a, b) => a + b, 0));
    const byLate = readdirSync(marks).filter((f) => f.endsWith(`.${late!.pid}`)).length;
    assert.ok(byLate >= 3, `the late worker ran ${byLate} of 12 tasks`);
  } finally {
    rmSync(hold, { force: true });
    await c.close();
    await Promise.all([first.stop(), late?.stop()]);
  }
});

function runCliRedis(args: string[]): string {
  const u = new URL(redis.url);
  return execFileSync('redis-cli', ['-h', u.hostname, '-p', u.port, '--user', decodeURIComponent(u.username), '--pass', decodeURIComponent(u.password), '--no-auth-warning', ...args], { encoding: 'utf8' });
}
