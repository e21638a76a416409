/**
 * `ssdp run TASK --broker URL`: workflow steps run on real `ssdp worker` processes serving a
 * private redis-server. Outputs must equal the local run's byte for byte; a task process ended by
 * SIGTERM (what Slurm's scancel sends) hands its step back instead of failing the run; a worker
 * takes the broker URL from SSDP_BROKER, so the password is not on any command line.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, compute, delayed, registerModule } from '../../src/index.js';
import { workerCommand } from '../../src/cluster/index.js';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';
import { running } from '../helpers/processes.js';
import { assertSameRadarOutputs, radarProject, RADAR_PARAMS } from '../helpers/radar-run.js';

let redis: LocalRedis;
const workers: WorkerProcess[] = [];
const dirs: string[] = [];
// the workers start in a folder of their own, not the project's (try11w W4)
const workerHome = tempDir('ssdp-redis-run-worker-');
dirs.push(workerHome);

before(async () => {
  redis = await startRedis();
  // one worker the usual way, one with the URL only in its environment
  workers.push(await startWorker(redis.url, ['--nprocs', '1'], process.env, CLI_ENTRY, workerHome));
  workers.push(await startEnvWorker(redis.url));
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `SSDP_BROKER=URL ssdp worker`: no --broker, so nothing secret in its argv. */
function startEnvWorker(url: string): Promise<WorkerProcess> {
  return startWorker(null, ['--nprocs', '1'], { ...process.env, SSDP_BROKER: url }, CLI_ENTRY, workerHome);
}

const STEPS = `
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// Marks name the step, the ssdp worker running it (our parent) and this task process.
export function slow({ i, out, ms }, ctx) {
  writeFileSync(join(ctx.root, 'marks', \`\${i}.\${process.ppid}.\${process.pid}\`), '');
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

const YAML = (ms: number) => `
tasks:
  slow:
    foreach: { i: [0, 1, 2, 3, 4, 5] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", out: "out/\${i}.txt", ms: ${ms} }
    outputs: ["out/\${i}.txt"]
  total:
    depends_on: [slow]
    function: ./steps.mjs#total
    args: { out: out/total.txt }
    outputs: [out/total.txt]
`;

function project(ms: number): string {
  const dir = tempDir('ssdp-redis-run-');
  dirs.push(dir);
  mkdirSync(join(dir, 'marks'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  writeFileSync(join(dir, 'ssdp.yaml'), YAML(ms));
  return dir;
}

const marks = (dir: string) => readdirSync(join(dir, 'marks')).map((f) => {
  const [step, worker, pid] = f.split('.').map(Number) as [number, number, number];
  return { step, worker, pid };
});

const TOTAL = String([0, 1, 2, 3, 4, 5].reduce((a, i) => a + i * i, 0));

test('ssdp run TASK --broker: the steps run on the workers serving it (one started with SSDP_BROKER only)', () => {
  const dir = project(300);
  const r = runCli(['run', 'total', '--broker', redis.url], { cwd: dir, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /running 7 of 7 steps with the workers of the broker/);
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), TOTAL);
  const ran = marks(dir);
  assert.deepEqual(ran.map((m) => m.step).sort(), [0, 1, 2, 3, 4, 5]);
  const pids = new Set(workers.map((w) => w.pid));
  for (const m of ran) assert.ok(pids.has(m.worker), `step ${m.step} ran under ${m.worker}, not one of our workers`);
  assert.ok(ran.some((m) => m.worker === workers[1]!.pid), 'the worker started with SSDP_BROKER took steps');
  // the second run finds everything up to date, as a local run would
  const again = runCli(['run', 'total', '--broker', redis.url], { cwd: dir, timeout: 60_000 });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /up to date/);
});

test('ssdp run --broker: a function step, its module\'s top-level code too, runs in the project folder, not the folder its worker was started in (try11w W4, try11k K1)', () => {
  // It ran in the worker's folder: out/sq-*.txt went there and the run failed E_OUTPUT_MISSING;
  // then the call ran in the project folder but the import did not (out/ made at import time went
  // to the worker's folder and the write failed ENOENT).
  const dir = tempDir('ssdp-redis-run-cwd-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), `
tasks:
  sq:
    foreach: { i: "range(1, 5)" }
    function: "./steps.mjs#sq"
    args: { i: "\${i}" }
    outputs: ["out/sq-\${i}.txt"]
  total:
    depends_on: [sq]
    cmd: "cat out/sq-*.txt > out/total.txt"
    outputs: ["out/total.txt"]
`);
  writeFileSync(join(dir, 'steps.mjs'), `
import fs from 'node:fs';
fs.mkdirSync('out', { recursive: true });
export function sq({ i }) { fs.writeFileSync(\`out/sq-\${i}.txt\`, String(i * i) + '\\n'); }
`);
  const r = runCli(['run', 'total', '--broker', redis.url], { cwd: dir, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), '1\n4\n9\n16\n');
  assert.deepEqual(readdirSync(workerHome), [], 'nothing written in the folder the workers were started in');
  // again, without out/: each run imports the module afresh, as a local run does (try11x R2: the
  // workers' task processes kept the first run's import, out/ was not made and the run failed ENOENT)
  rmSync(join(dir, 'out'), { recursive: true });
  const again = runCli(['run', 'total', '--force', '--broker', redis.url], { cwd: dir, timeout: 120_000 });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), '1\n4\n9\n16\n');
});

test('a Client gets task processes of its own on the workers: a later script does not see what an earlier one imported; they stop when it closes or is killed with -9, the workers serve the next Client', async () => {
  // try11z Z1: a second Client (a later script) got the first one's task processes, so a file
  // read at import was stale and a module counter carried over; a local Client starts new ones.
  const dir = tempDir('ssdp-redis-run-client-');
  dirs.push(dir);
  writeFileSync(join(dir, 'factor.txt'), '2');
  writeFileSync(join(dir, 'cfg.mjs'), `
import { readFileSync } from 'node:fs';
const factor = Number(readFileSync(new URL('./factor.txt', import.meta.url), 'utf8'));
export function scale(x) { return { v: x * factor, pid: process.pid }; }
`);
  const url = pathToFileURL(join(dir, 'cfg.mjs')).href;
  const cfg = (await import(url)) as { scale: (x: number) => { v: number; pid: number } };
  registerModule(url, cfg);
  const scaled = (client: Client) => compute(...[1, 2, 3, 4, 5, 6].map((x) => delayed(cfg.scale)(x)), { client }) as Promise<{ v: number; pid: number }[]>;
  // the first Client, until both workers' task processes imported cfg.mjs with factor 2 (or three
  // computes: the invariant below holds whichever processes served it)
  const first = new Client({ broker: redis.url });
  const seen = new Set<number>();
  try {
    for (let i = 0; i < 3 && seen.size < 2; i++) for (const r of await scaled(first)) (assert.equal(r.v % 2, 0), seen.add(r.pid));
  } finally {
    await first.close();
  }
  // ... and they are stopped when it closes (they stayed until 2 newer sets pushed them out)
  await until(() => [...seen].every((pid) => !running(pid)), "the first Client's task processes to stop once it closed");
  // the next Client, a script the test then kills with -9 (no close): the workers serve it with new
  // task processes, which stop once its heartbeat lapses
  writeFileSync(join(dir, 'factor.txt'), '3');
  const index = new URL('../../src/index.js', import.meta.url).href;
  writeFileSync(join(dir, 'killed.mjs'), `import { Client, compute, delayed } from ${JSON.stringify(index)};
import { scale } from './cfg.mjs';
const client = new Client({ broker: ${JSON.stringify(redis.url)} });
console.log(JSON.stringify(await compute(...[1, 2, 3, 4, 5, 6].map((x) => delayed(scale)(x)), { client })));
setInterval(() => {}, 60_000);
`);
  const killed = spawn(process.execPath, ['killed.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  killed.stdout.on('data', (d) => (out += d));
  await until(() => out.endsWith('\n') || killed.exitCode !== null, 'the second script to compute');
  killed.kill('SIGKILL');
  const got = JSON.parse(out) as { v: number; pid: number }[];
  assert.deepEqual(got.map((r) => r.v), [3, 6, 9, 12, 15, 18], 'the factor read at the second script\'s import');
  for (const r of got) assert.ok(!seen.has(r.pid), `task process ${r.pid} served the first Client too`);
  await until(() => got.every((r) => !running(r.pid)), "the -9'd script's task processes to stop");
  assert.ok(workers.every((w) => running(w.pid)), 'the workers stay up');
});

test('a worker reads its broker from SSDP_BROKER: the URL is not in its command line, nor in the Slurm worker command', () => {
  const ps = spawnSync('ps', ['-o', 'args=', '-p', String(workers[1]!.pid)], { encoding: 'utf8' }).stdout;
  assert.match(ps, /worker/);
  assert.doesNotMatch(ps, /redis:\/\//);
  assert.ok(!workerCommand({ cpus: 2 }).some((a) => a.includes('SSDP_BROKER') || a === '--broker'), workerCommand({ cpus: 2 }).join(' '));
  const none = runCli(['worker'], { env: { ...process.env, SSDP_BROKER: '' }, timeout: 30_000 });
  assert.equal(none.status, 2, none.stderr);
  assert.match(none.stderr, /SSDP_BROKER/);
});

test('ssdp run --broker with a malformed URL is a usage error before anything runs', () => {
  const dir = project(1);
  const r = runCli(['run', 'total', '--broker', 'http://127.0.0.1:6379'], { cwd: dir, timeout: 30_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BROKER_URL/);
  assert.deepEqual(readdirSync(join(dir, 'marks')), []);
});

test('a task process ended by SIGTERM hands its step back: it runs again and the run completes', async () => {
  const dir = project(1500);
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'total', '--broker', redis.url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await until(() => marks(dir).length > 0, 'a step to start');
  const victim = marks(dir)[0]!;
  process.kill(victim.pid, 'SIGTERM');
  assert.equal(await done, 0, stderr);
  assert.doesNotMatch(stderr, /E_WORKER_DIED/);
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), TOTAL);
  const runs = marks(dir).filter((m) => m.step === victim.step);
  assert.ok(runs.length >= 2, `step ${victim.step} ran again after its process was ended: ${JSON.stringify(runs)}`);
  assert.ok(runs.some((m) => m.pid !== victim.pid), 'in another task process');
  const owner = workers.find((w) => w.pid === victim.worker)!;
  assert.match(owner.output(), /goes back to the queue/);
});

test('the radar pipeline (2 synthetic days) through 2 workers writes the same files as the local run', () => {
  // One folder for both runs (the partials record their paths): local first, then all again via Redis.
  const dir = radarProject('ssdp-redis-radar-');
  dirs.push(dir);
  const params = RADAR_PARAMS;
  let r = runCli(['run', 'pipeline', ...params], { cwd: dir, timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  renameSync(join(dir, 'out'), join(dir, 'out-local'));
  r = runCli(['run', 'pipeline', ...params, '--force', '--broker', redis.url], { cwd: dir, timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /with the workers of the broker/);
  assertSameRadarOutputs(join(dir, 'out-local'), join(dir, 'out'));
});
