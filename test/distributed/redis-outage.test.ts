/**
 * A lost broker connection: a real redis-server stopped mid-run. Back within the retry window
 * (SSDP_BROKER_RETRY_MS), the submitter and the workers reconnect and the run completes; gone for
 * longer, both stop with E_BROKER_LOST and a non-zero exit instead of hanging. A frozen broker
 * (SIGSTOP: the kernel still accepts connections, nothing answers, as a paused VM or a stuck host)
 * is lost the same way, and Ctrl-C still ends the run at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, compute, delayed, registerModule } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { running } from '../helpers/slurm.js';
import { brokerFixtures, startRestartableRedis, startWorker, type WorkerProcess } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

const { dirs, servers, workers, submitters } = brokerFixtures();

const STEPS = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
export function slow({ i, out, ms }, ctx) {
  writeFileSync(join(ctx.root, 'marks', String(i) + '.' + process.pid), '');
  pause(ms);
  writeFileSync(join(ctx.root, out), String(i * i));
  return i * i;
}
export function total({ out }, ctx) {
  const t = ctx.deps.slow.reduce((a, b) => a + b, 0);
  writeFileSync(join(ctx.root, out), String(t));
  return t;
}
`;

/** Steps `slow` (one per item, `ms` each) and their `total`. */
function project(ms = 1500, items = [0, 1, 2, 3, 4, 5]): string {
  const dir = tempDir('ssdp-redis-outage-');
  dirs.push(dir);
  mkdirSync(join(dir, 'marks'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  writeFileSync(
    join(dir, 'ssdp.yaml'),
    `tasks:
  slow:
    foreach: { i: [${items.join(', ')}] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", out: "out/\${i}.txt", ms: ${ms} }
    outputs: ["out/\${i}.txt"]
  total:
    depends_on: [slow]
    function: ./steps.mjs#total
    args: { out: out/total.txt }
    outputs: [out/total.txt]
`,
  );
  return dir;
}

function submit(dir: string, url: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'total', '--broker', url], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  submitters.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let code: number | null | undefined;
  const done = new Promise<number | null>((r) => child.on('exit', (c) => r((code = c))));
  return { child, done, exited: () => code !== undefined, stderr: () => stderr };
}

const exitOf = (w: WorkerProcess) => new Promise<number | null>((r) => (w.child.exitCode !== null ? r(w.child.exitCode) : w.child.on('exit', (code) => r(code))));

test('a broker down for a few seconds mid-run: submitter and workers reconnect and the run completes', async () => {
  const redis = await startRestartableRedis();
  servers.push(redis);
  const env = { ...process.env, SSDP_BROKER_RETRY_MS: '60000' };
  const ws = [await startWorker(redis.url, ['--nprocs', '1'], env), await startWorker(redis.url, ['--nprocs', '1'], env)];
  workers.push(...ws);
  const dir = project();
  const run = submit(dir, redis.url, env);
  await until(() => readdirSync(join(dir, 'marks')).length > 0, 'a step to start');
  await redis.down();
  // down until both workers have seen it go (a fixed 3 s nap before; the retry window is 60 s)
  await until(() => ws.every((w) => /lost the connection/.test(w.output())), 'both workers to notice the broker gone');
  await redis.up();
  assert.equal(await run.done, 0, run.stderr());
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), String([0, 1, 2, 3, 4, 5].reduce((a, i) => a + i * i, 0)));
  for (const w of ws) {
    assert.match(w.output(), /lost the connection/);
    assert.match(w.output(), /reconnected/);
    assert.equal(w.child.exitCode, null, 'the worker still serves');
  }
});

// Known bug, kept visible as a TODO rather than hidden: in full-suite runs the submitter sometimes
// never exits after the broker is gone (2 of 4 runs, also on a quiet machine); alone it passes.
test('a broker gone for longer than SSDP_BROKER_RETRY_MS: the run and the workers stop with E_BROKER_LOST, exit non-zero, no hang', async () => {
  const redis = await startRestartableRedis();
  servers.push(redis);
  const env = { ...process.env, SSDP_BROKER_RETRY_MS: '1000' };
  const ws = [await startWorker(redis.url, ['--nprocs', '1'], env), await startWorker(redis.url, ['--nprocs', '1'], env)];
  workers.push(...ws);
  const dir = project();
  const run = submit(dir, redis.url, env);
  await until(() => readdirSync(join(dir, 'marks')).length > 0, 'a step to start');
  await redis.down();
  // `until` gives up after a minute: a hang fails the test
  let code: number | null | undefined;
  void run.done.then((c) => (code = c));
  await until(() => code !== undefined, 'the submitter to give up');
  assert.notEqual(code, 0, run.stderr());
  assert.match(run.stderr(), /E_BROKER_LOST/);
  assert.match(run.stderr(), /could not reconnect within 1 s/);
  assert.doesNotMatch(run.stderr(), /default:[0-9a-z]{6,}@/, 'the password is not printed');
  const codes: (number | null)[] = [];
  for (const w of ws) void exitOf(w).then((c) => codes.push(c));
  await until(() => codes.length === ws.length, 'the workers to give up');
  for (const [i, w] of ws.entries()) {
    assert.equal(codes[i], 1, w.output());
    assert.match(w.output(), /E_BROKER_LOST/);
  }
});

test('a broker that comes back without its data (no persistence): the run fails with E_BROKER_DATA instead of waiting forever', async () => {
  const redis = await startRestartableRedis({ persist: false });
  servers.push(redis);
  const env = { ...process.env, SSDP_BROKER_RETRY_MS: '60000' };
  const w = await startWorker(redis.url, ['--nprocs', '1'], env);
  workers.push(w);
  const dir = project();
  const run = submit(dir, redis.url, env);
  await until(() => readdirSync(join(dir, 'marks')).length > 0, 'a step to start');
  await redis.down();
  await redis.up();
  let code: number | null | undefined;
  void run.done.then((c) => (code = c));
  await until(() => code !== undefined, 'the submitter to give up');
  assert.notEqual(code, 0, run.stderr());
  assert.match(run.stderr(), /E_BROKER_DATA/);
  assert.match(run.stderr(), /restarted without persistence/);
  assert.equal(w.child.exitCode, null, 'the worker still serves');
});

// A broker given up on waits out SSDP_BROKER_RETRY_MS: those tests set 1 s (the retry pauses start
// at 200 ms, so a window of 1 s is still several attempts), not the default 30 s. A frozen broker
// is found once a command has had no reply for SSDP_BROKER_STALL_MS: 2 s here, not the default 5 s.
const marks = (dir: string) => readdirSync(join(dir, 'marks')).map((f) => Number(f.split('.')[1]));
const STALL = '2000';

async function engines(retryMs: number, nWorkers = 1) {
  const redis = await startRestartableRedis({ persist: false });
  servers.push(redis);
  const env = { ...process.env, SSDP_BROKER_RETRY_MS: String(retryMs), SSDP_BROKER_STALL_MS: STALL };
  const ws: WorkerProcess[] = [];
  for (let i = 0; i < nWorkers; i++) ws.push(await startWorker(redis.url, ['--nprocs', '1'], env));
  workers.push(...ws);
  return { redis, env, ws };
}

test('Ctrl-C of ssdp run --broker while the broker is frozen (SIGSTOP): E_RUN_INTERRUPTED, exit 130, within seconds', async (t) => {
  // a retry window longer than the test: only Ctrl-C can end this run
  const { redis, env } = await engines(600_000);
  t.after(() => redis.thaw());
  const dir = project(30_000, [1, 2, 3]);
  const run = submit(dir, redis.url, env);
  await until(() => marks(dir).length > 0, 'a step to start');
  redis.freeze();
  await new Promise((r) => setTimeout(r, 1000));
  const t0 = Date.now();
  run.child.kill('SIGINT');
  await until(run.exited, 'the run to end after Ctrl-C');
  const took = Date.now() - t0;
  t.diagnostic(`the run ended ${(took / 1000).toFixed(1)} s after Ctrl-C with the broker frozen`);
  assert.equal(await run.done, 130, run.stderr());
  assert.match(run.stderr(), /E_RUN_INTERRUPTED/);
  assert.match(run.stderr(), /stopped \(SIGINT\)/);
  // the bound: every clean-up step that waits for the broker is cut off after a few seconds
  assert.ok(took < 30_000, `the run took ${took} ms to end after Ctrl-C`);
});

test('a frozen broker without Ctrl-C: the run and the workers call it lost after SSDP_BROKER_RETRY_MS (E_BROKER_LOST, exit 1) and the task processes end', async () => {
  const { redis, env, ws } = await engines(1000, 2);
  const dir = project(30_000, [1, 2, 3]);
  const run = submit(dir, redis.url, env);
  await until(() => marks(dir).length >= 2, 'both workers to start a step');
  const taskPids = marks(dir);
  redis.freeze();
  await until(run.exited, 'the submitter to give up on the frozen broker');
  assert.equal(await run.done, 1, run.stderr());
  assert.match(run.stderr(), /E_BROKER_LOST/);
  assert.match(run.stderr(), /stopped answering \(no reply within 2 s/);
  assert.match(run.stderr(), /did not answer again within 1 s/);
  assert.doesNotMatch(run.stderr(), /default:[0-9a-z]{6,}@/, 'the password is not printed');
  for (const w of ws) {
    await until(() => w.child.exitCode !== null, `worker ${w.pid} to give up`);
    assert.equal(w.child.exitCode, 1, w.output());
    assert.match(w.output(), /stopped answering \(no reply within 2 s\); retrying for 1 s/);
    assert.match(w.output(), /E_BROKER_LOST/);
  }
  for (const pid of taskPids) await until(() => !running(pid), `task process ${pid} to end`);
});

test('a broker frozen for less than SSDP_BROKER_RETRY_MS: the workers notice, reconnect once it answers, and the run completes', async () => {
  const { redis, env, ws } = await engines(120_000);
  const dir = project(1500, [1, 2, 3]);
  const run = submit(dir, redis.url, env);
  await until(() => marks(dir).length > 0, 'a step to start');
  redis.freeze();
  await until(() => /stopped answering/.test(ws[0]!.output()), 'the worker to notice the frozen broker');
  redis.thaw();
  await until(run.exited, 'the run to complete');
  assert.equal(await run.done, 0, run.stderr());
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), String(1 + 4 + 9));
  assert.match(ws[0]!.output(), /reconnected/);
  assert.equal(ws[0]!.child.exitCode, null, 'the worker still serves');
});

test('a Client whose broker freezes mid-compute: compute rejects with E_BROKER_LOST after SSDP_BROKER_RETRY_MS, and close() returns', async (t) => {
  const { redis } = await engines(1000);
  const before = { retry: process.env.SSDP_BROKER_RETRY_MS, stall: process.env.SSDP_BROKER_STALL_MS };
  process.env.SSDP_BROKER_RETRY_MS = '1000';
  process.env.SSDP_BROKER_STALL_MS = STALL;
  t.after(() => {
    if (before.retry === undefined) delete process.env.SSDP_BROKER_RETRY_MS;
    else process.env.SSDP_BROKER_RETRY_MS = before.retry;
    if (before.stall === undefined) delete process.env.SSDP_BROKER_STALL_MS;
    else process.env.SSDP_BROKER_STALL_MS = before.stall;
  });
  const dir = tempDir('ssdp-redis-frozen-client-');
  dirs.push(dir);
  const client = new Client({ broker: redis.url });
  try {
    await client.ready();
    const result = compute(delayed(tasks.markedSquare)(dir, 3, 30_000), { client });
    result.catch(() => {});
    await until(() => readdirSync(dir).length > 0, 'the task to start');
    redis.freeze();
    await assert.rejects(result, (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_BROKER_LOST', e.message);
      assert.match(e.message, /stopped answering/);
      return true;
    });
  } finally {
    await client.close();
  }
});
