/**
 * A run stopped on the submitter stops on the workers (tester s13 try11t B2, B4): after Ctrl-C of
 * `ssdp run --broker` or of a `new Client({ broker })` script the task processes running its steps
 * are gone by the time the run has said it stopped, and nothing of the run is left in Redis; after
 * kill -9 of the submitter the workers notice its heartbeat lapse, kill those task processes and
 * remove the run's data.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { running } from '../helpers/processes.js';
import { startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
const workers: WorkerProcess[] = [];
const leftovers: number[] = [];


after(async () => {
  for (const pid of leftovers) if (running(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(workers.map((w) => w.stop()));
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The keys the broker holds, but the workers' own announcements. */
function keysOf(url: string): string[] {
  const out = execFileSync('redis-cli', ['-u', url, '--no-auth-warning', '--scan'], { encoding: 'utf8' });
  return out.split('\n').filter((k) => k && !k.startsWith('ssdp:worker:'));
}

/** The step marks its worker and task process, then blocks far longer than `until` waits, then writes. */
const STEPS = `
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
export function slow({ out }, ctx) {
  writeFileSync(join(ctx.root, 'marks', 'tmp'), process.ppid + ' ' + process.pid);
  renameSync(join(ctx.root, 'marks', 'tmp'), join(ctx.root, 'marks', 'first'));
  pause(120000);
  writeFileSync(join(ctx.root, out), 'written after the run stopped');
  return 1;
}
`;
const SPEC = 'tasks:\n  slow:\n    function: ./steps.mjs#slow\n    args: { out: out.txt }\n    outputs: [out.txt]\n';

async function slowRun(tag: string, o: { steps?: string; spec?: string; workerEnv?: NodeJS.ProcessEnv; runEnv?: NodeJS.ProcessEnv } = {}) {
  const redis = await startRedis();
  servers.push(redis);
  const worker = await startWorker(redis.url, ['--nprocs', '1'], o.workerEnv);
  workers.push(worker);
  const dir = tempDir(`ssdp-stop-${tag}-`);
  dirs.push(dir);
  mkdirSync(join(dir, 'marks'));
  writeFileSync(join(dir, 'steps.mjs'), o.steps ?? STEPS);
  writeFileSync(join(dir, 'ssdp.yaml'), o.spec ?? SPEC);
  // its own process group, as a terminal's foreground job: Ctrl-C reaches the whole group
  const run: ChildProcess = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--broker', redis.url], { cwd: dir, env: o.runEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  run.stderr!.on('data', (d) => (stderr += d));
  const code = new Promise<number | null>((r) => run.on('exit', (c) => r(c)));
  await until(() => existsSync(join(dir, 'marks', 'first')), 'the step to start on the worker');
  const [workerPid, taskPid] = readFileSync(join(dir, 'marks', 'first'), 'utf8').trim().split(' ').map(Number) as [number, number];
  leftovers.push(taskPid);
  assert.equal(workerPid, worker.pid);
  return { redis, worker, dir, run, code, stderr: () => stderr, taskPid };
}

test('B2: Ctrl-C of ssdp run --broker mid-step: by the time it exits with E_RUN_INTERRUPTED the task process on the worker is gone, nothing is written, nothing of the run stays in Redis', async () => {
  const { redis, worker, dir, run, code, stderr, taskPid } = await slowRun('int');
  process.kill(-run.pid!, 'SIGINT');
  assert.equal(await code, 130, stderr());
  assert.match(stderr(), /E_RUN_INTERRUPTED/);
  assert.equal(running(taskPid), false, `task process ${taskPid} still runs the stopped step on the worker`);
  assert.equal(existsSync(join(dir, 'out.txt')), false);
  assert.deepEqual(keysOf(redis.url).filter((k) => /^ssdp:(run|blob):/.test(k)), []);
  await until(() => /was stopped by its submitter/.test(worker.output()), 'the worker to say why it stopped the batch');
  assert.equal(worker.child.exitCode, null, 'the worker keeps serving');
});

test('B2: kill -9 of ssdp run --broker mid-step: the worker sees the run\'s heartbeat lapse, kills its task process and removes the run\'s data', async () => {
  // the heartbeat lives 3 s (SSDP_RUN_HEARTBEAT_TTL_MS) rather than 8, renewed every 0.75 s
  const { redis, worker, run, code, taskPid } = await slowRun('kill', { runEnv: { ...process.env, SSDP_RUN_HEARTBEAT_TTL_MS: '3000' } });
  process.kill(run.pid!, 'SIGKILL');
  await code;
  await until(() => !running(taskPid), `the worker to stop task process ${taskPid} of the killed submitter's run`);
  await until(() => /is gone \(its heartbeat was not renewed for over \d+ s while this worker had the broker: its submitter was killed/.test(worker.output()), 'the worker to say why');
  // only the note of why the run was dropped stays (an hour), for a submitter that comes back
  assert.deepEqual(keysOf(redis.url).filter((k) => /^ssdp:(run|blob):/.test(k)).map((k) => k.replace(/:run:[^:]+:/, ':run:ID:')), ['ssdp:run:ID:dropped']);
  assert.equal(worker.child.exitCode, null, 'the worker keeps serving');
});

/**
 * The OLD run's step marks itself, then keeps its main thread busy (no timer of its own runs)
 * until the test releases it, then writes its tag; the NEW run's step writes at once.
 */
const RELEASED_STEPS = `
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
export function slow({ out, tag }, ctx) {
  if (tag === 'OLD') {
    writeFileSync(join(ctx.root, 'marks', 'tmp'), process.ppid + ' ' + process.pid);
    renameSync(join(ctx.root, 'marks', 'tmp'), join(ctx.root, 'marks', 'first'));
    while (!existsSync(join(ctx.root, 'marks', 'release'))) pause(50);
  }
  writeFileSync(join(ctx.root, out), tag);
  return 1;
}
`;
const TAG_SPEC = 'params: { tag: OLD }\ntasks:\n  slow:\n    function: ./steps.mjs#slow\n    args: { out: out.txt, tag: "${tag}" }\n    outputs: [out.txt]\n';

test('A1: after kill -9 of ssdp run --cluster-style (private redis-server) mid-step, a new run waits while the old step\'s lease on a worker of another host is renewed, and the worker kills that step once the server refuses it: the old step never writes over the new run\'s output', async (t) => {
  // SSDP_TEST_STEP_HOST: the worker's steps say they run on another host, so the new run can only
  // judge them by their lease; SSDP_BROKER_PRIVATE: the broker is the killed run's own server, so
  // the worker ends the step as soon as that server refuses it (not after 600 s of retrying)
  const { redis, worker, dir, run, code, taskPid } = await slowRun('lease', { steps: RELEASED_STEPS, spec: TAG_SPEC, workerEnv: { ...process.env, SSDP_TEST_STEP_HOST: 'elsewhere.invalid', SSDP_BROKER_PRIVATE: '1', SSDP_BROKER_RETRY_MS: '600000' } });
  // frozen: it cannot notice anything until the new run is seen waiting
  process.kill(worker.pid, 'SIGSTOP');
  t.after(() => {
    if (worker.child.exitCode === null) process.kill(worker.pid, 'SIGCONT');
  });
  process.kill(run.pid!, 'SIGKILL');
  await code;
  // a lease that stood still 2 s has lapsed for it (SSDP_STEP_LEASE_MS, the least allowed) rather than 5
  const next = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--param', 'tag=NEW'], { cwd: dir, env: { ...process.env, SSDP_STEP_LEASE_MS: '2000' }, stdio: ['ignore', 'pipe', 'pipe'] });
  // a failed check must not leave it running in a deleted folder
  t.after(() => void next.kill('SIGKILL'));
  let stderr = '';
  next.stderr!.on('data', (d) => (stderr += d));
  const nextCode = new Promise<number | null>((r) => next.on('exit', (c) => r(c)));
  let ended = false;
  void nextCode.then(() => (ended = true));
  await until(() => /an earlier run of this workflow still runs step slow on elsewhere\.invalid \(pid \d+\): waiting/.test(stderr) || ended, 'the new run to wait for the old step');
  assert.equal(ended, false, `the new run did not wait for the old step still running on the worker:\n${stderr}`);
  assert.match(stderr, new RegExp(`still runs step slow on elsewhere\\.invalid \\(pid ${taskPid}\\)`));
  // the killed run's private server goes (as it does with its submitter), then the worker wakes up
  await redis.stop();
  process.kill(worker.pid, 'SIGCONT');
  await until(() => worker.child.exitCode !== null, 'the worker to exit (it retries for 600 s without the rule)');
  assert.equal(worker.child.exitCode, 1);
  assert.match(worker.output(), /private redis-server at .* refuses connections: it ended with its submitter/);
  assert.match(worker.output(), /E_BROKER_LOST/);
  await until(() => !running(taskPid), `task process ${taskPid} to be gone`);
  assert.equal(await nextCode, 0, stderr);
  // had the old step lived on, this would let it write OLD now
  writeFileSync(join(dir, 'marks', 'release'), '');
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'NEW');
  assert.match(stderr, /step slow did not finish in an earlier run/);
});

test('A1: SSDP_STEP_LEASE_MS that is not a number of milliseconds, or shorter than two lease renewals, stops ssdp run before any step runs (exit 2, naming it)', () => {
  const dir = tempDir('ssdp-stop-lease-setting-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  hello:\n    cmd: echo hi > out.txt\n    outputs: [out.txt]\n');
  for (const [value, why] of [['1500', /shorter than 2000 ms/], ['5s', /not a number above 0/], ['0', /not a number above 0/]] as const) {
    const r = spawnSync(process.execPath, [CLI_ENTRY, 'run', 'hello'], { cwd: dir, env: { ...process.env, SSDP_STEP_LEASE_MS: value }, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /E_BAD_ENV_SETTING/);
    assert.match(r.stderr, new RegExp(`SSDP_STEP_LEASE_MS=\\W?${value}`));
    assert.match(r.stderr, why);
    assert.equal(existsSync(join(dir, 'out.txt')), false, `the step ran with SSDP_STEP_LEASE_MS=${value}`);
  }
  const ok = spawnSync(process.execPath, [CLI_ENTRY, 'run', 'hello'], { cwd: dir, env: { ...process.env, SSDP_STEP_LEASE_MS: '2000' }, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'hi\n');
});

const DIST_INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));

test('B4: Ctrl-C of a new Client({ broker }) script mid-compute: its task process is gone when the script has died of the signal, and none of its blobs stays in Redis', async () => {
  const redis = await startRedis();
  servers.push(redis);
  const worker = await startWorker(redis.url, ['--nprocs', '1']);
  workers.push(worker);
  const dir = tempDir('ssdp-stop-client-');
  dirs.push(dir);
  writeFileSync(
    join(dir, 'tasks.mjs'),
    `import { renameSync, writeFileSync } from 'node:fs';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
export function make(n) { return new Float64Array(n).fill(1.5); }
export function slow(a, b, mark) { writeFileSync(mark + '.tmp', process.pid + ''); renameSync(mark + '.tmp', mark); pause(120000); return a.length + b.length; }
`,
  );
  const mark = join(dir, 'started');
  writeFileSync(
    join(dir, 'script.mjs'),
    `import { Client, compute, delayed } from ${JSON.stringify(DIST_INDEX)};
import { make, slow } from './tasks.mjs';
const client = new Client({ broker: process.env.URL });
// two arrays made apart (work is split over at least two batches): one at least travels as a blob
const [a, b] = [delayed(make)(100000), delayed(make)(100001)];
console.log(await compute(delayed(slow)(a, b, ${JSON.stringify(mark)}), { client }));
`,
  );
  const script = spawn(process.execPath, ['script.mjs'], { cwd: dir, env: { ...process.env, URL: redis.url }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  script.stdout!.on('data', (d) => (out += d));
  script.stderr!.on('data', (d) => (out += d));
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((r) => script.on('exit', (c, s) => r([c, s])));
  await until(() => existsSync(mark), 'the slow task to start on the worker');
  const taskPid = Number(readFileSync(mark, 'utf8'));
  leftovers.push(taskPid);
  assert.ok(keysOf(redis.url).some((k) => k.startsWith('ssdp:blob:')), 'the array travels as a blob');
  process.kill(-script.pid!, 'SIGINT');
  assert.deepEqual(await ended, [null, 'SIGINT'], out);
  assert.equal(running(taskPid), false, `task process ${taskPid} still runs the stopped compute on the worker`);
  assert.deepEqual(keysOf(redis.url).filter((k) => /^ssdp:(run|blob):/.test(k)), []);
  assert.deepEqual(readdirSync(dir).sort(), ['script.mjs', 'started', 'tasks.mjs']);
});

/**
 * A way to the broker on which every new connection waits `ms` before it is put through: the run
 * spends a while connecting, a window a Ctrl-C can be aimed at.
 */
async function slowProxy(url: string, ms: number): Promise<{ url: string; close(): void }> {
  const { createServer, connect } = await import('node:net');
  const target = new URL(url);
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((down) => {
    sockets.add(down);
    down.on('error', () => {});
    setTimeout(() => {
      const up = connect(Number(target.port), target.hostname);
      sockets.add(up);
      up.on('error', () => down.destroy());
      down.on('close', () => up.destroy());
      up.on('close', () => down.destroy());
      down.pipe(up);
      up.pipe(down);
    }, ms);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const proxied = new URL(url);
  proxied.port = String(port);
  return {
    url: proxied.href.replace(/\/$/, ''),
    close: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

test('B11: Ctrl-C while ssdp run --broker is still connecting (after "running N of M steps"): the run stops with E_RUN_INTERRUPTED, exit 130, and no step runs', async (t) => {
  const redis = await startRedis();
  servers.push(redis);
  const worker = await startWorker(redis.url, ['--nprocs', '1']);
  workers.push(worker);
  // Each connection the run opens waits 0.5 s: "running 1 of 1 steps" comes while it still opens
  // more, and it goes on opening them (5 rounds, then 2 for its clean-up) after the Ctrl-C, so
  // each 0.1 s here is ~0.7 s of the test (1.5 s made it 11-26 s)
  const proxy = await slowProxy(redis.url, 500);
  t.after(() => proxy.close());
  const dir = tempDir('ssdp-stop-early-');
  dirs.push(dir);
  mkdirSync(join(dir, 'marks'));
  writeFileSync(join(dir, 'steps.mjs'), STEPS.replace('pause(120000)', 'pause(10)'));
  writeFileSync(join(dir, 'ssdp.yaml'), SPEC);
  const run = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--broker', proxy.url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  t.after(() => void run.kill('SIGKILL'));
  let stderr = '';
  run.stderr!.on('data', (d) => (stderr += d));
  const code = new Promise<number | null>((r) => run.on('exit', (c) => r(c)));
  await until(() => /running 1 of 1 steps/.test(stderr), 'the run to start');
  process.kill(-run.pid!, 'SIGINT');
  assert.equal(await code, 130, stderr);
  assert.match(stderr, /E_RUN_INTERRUPTED/);
  assert.deepEqual(readdirSync(join(dir, 'marks')), []);
});
