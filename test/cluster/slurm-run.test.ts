/**
 * Runs through workers on a real single-node Slurm (test/helpers/slurm.ts): `ssdp worker`
 * processes started by sbatch arrays, a private redis-server as the broker or the user's. Results
 * must equal the local run's; a Client whose workers are gone, or that exits without close(), and a
 * worker Slurm cannot start are named, not waited on. Runs stopped from outside (scancel, Ctrl-C,
 * kill -9): slurm-stop.test.ts; draining before the walltime: slurm-drain.test.ts (each file has a
 * cluster of its own, so they run beside each other).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compute, delayed, sum, Client, listSlurmWorkers, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { alive, killWaitMs, slurmJobPids, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';
import { assertSameRadarOutputs, radarProject, RADAR_PARAMS } from '../helpers/radar-run.js';
import { startRedis } from '../helpers/redis.js';
import { scancel, slowProject, TOTAL } from './slow-project.js';

useLocalSlurm();
const skip = slurmSkip;

test("the lecture's delayed example on 2 Slurm workers (new Client({ cluster: slurm(...) })) equals the local run", { skip }, async () => {
  process.env.SSDP_TEST_SLEEP_MS = '1';
  const result = add_(add_(1, 2), add_(3, 4));
  const doubles = [0, 1, 2, 3].map((i) => add_(i, i));
  const doubleSum = delayed(sum)(doubles);
  const exprs = [result, delayed(sum)(doubles), doubleSum.mul(doubleSum), doubleSum.add(doubleSum)];
  const local = await compute(...exprs, { scheduler: 'sync' });
  const client = new Client({ cluster: slurm({ workers: 2, cpus: 1, jobName: 'ssdp-t-client' }) });
  try {
    await client.ready();
    const remote = await compute(...exprs, { client });
    assert.deepEqual(remote, local);
    assert.deepEqual(remote, [10, 12, 144, 24]);
    const workers = (await listSlurmWorkers()).filter((w) => w.state === 'RUNNING');
    assert.equal(workers.length, 2);
  } finally {
    await client.close();
  }
  assert.deepEqual(squeue('ssdp-t-client'), [], 'close() cancels the workers');
});

test('the radar pipeline (2 synthetic days) with --cluster slurm --workers 2 writes the same files as the local run', { skip }, () => {
  // One folder for both runs (the partials record their paths): local first, then all again on Slurm.
  const dir = radarProject('ssdp-slurm-radar-');
  let r = runCli(['run', 'pipeline', ...RADAR_PARAMS], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  renameSync(join(dir, 'out'), join(dir, 'out-local'));
  r = runCli(['run', 'pipeline', ...RADAR_PARAMS, '--force', '--cluster', 'slurm', '--workers', '2'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /running 5 of 5 steps with 2 Slurm worker/);
  assertSameRadarOutputs(join(dir, 'out-local'), join(dir, 'out'));
  // one Slurm log per worker: the run had the 2 workers it asked for
  const logs = readdirSync(join(dir, '.ssdp', 'slurm'));
  assert.equal(logs.length, 2, logs.join(' '));
  assert.deepEqual(squeue('ssdp-worker'), [], 'the run cancels its workers at the end');
});

test('Ctrl-C of ssdp run pipeline --cluster slurm (the radar pipeline): nothing left in squeue, no worker or task process, no redis-server', { skip }, async (t) => {
  const dir = radarProject('ssdp-slurm-radar-int-');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'pipeline', ...RADAR_PARAMS, '--cluster', 'slurm', '--workers', '2'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => void child.kill('SIGINT'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // both workers run and a step is under way (the run marks running steps in .ssdp/running);
  // squeue (a process, ~20 ms of CPU) is asked only once a step runs, the cheap check every 50 ms
  const running = join(dir, '.ssdp', 'running');
  await until(() => existsSync(running) && readdirSync(running).length > 0 && squeue('ssdp-worker').filter((l) => l.endsWith('RUNNING')).length === 2, 'a step of the pipeline to run on the workers');
  const started = slurmJobPids();
  const redis = Number(spawnSync('pgrep', ['-P', String(child.pid), 'redis-server'], { encoding: 'utf8' }).stdout.trim());
  assert.ok(redis > 0, 'the run started a private redis-server');
  child.kill('SIGINT');
  assert.equal(await done, 130, stderr);
  assert.match(stderr, /E_RUN_INTERRUPTED/);
  assert.deepEqual(squeue('ssdp-worker'), [], 'squeue is empty');
  assert.deepEqual(slurmJobPids(), [], `no process of a worker job is left (there were ${started.join(', ')})`);
  assert.equal(alive(redis), false, 'the private redis-server is stopped');
});

test('new Client({ cluster: slurm(...) }) whose workers are all cancelled: compute fails naming each job and its state instead of hanging', { skip }, async () => {
  const jobName = 'ssdp-t-cgone';
  const client = new Client({ cluster: slurm({ workers: 2, cpus: 1, jobName }) });
  try {
    await client.ready();
    const arrays = [...new Set((await listSlurmWorkers()).filter((w) => w.state === 'RUNNING').map((w) => w.arrayJobId))];
    assert.equal(arrays.length, 1);
    scancel([arrays[0]!]);
    await until(() => squeue(jobName).length === 0, 'the workers to end', SQUEUE_EVERY_MS);
    await assert.rejects(compute(add_(1, 2), { client }), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_SLURM_WORKERS_GONE', e.message);
      assert.match(e.message, new RegExp(`${arrays[0]}_0 CANCELLED, ${arrays[0]}_1 CANCELLED`));
      assert.match(e.hint ?? '', /logs are in /);
      return true;
    });
  } finally {
    await client.close();
  }
});

test('--cluster slurm with --broker: the Slurm workers serve that broker (no private redis-server); an unreachable one fails before any job is submitted', { skip }, async () => {
  const redis = await startRedis();
  try {
    const dir = slowProject('ssdp-t-ext');
    const r = runCli(['run', 'total', '--cluster', 'slurm', '--workers', '1', '--broker', redis.url], { cwd: dir, timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), TOTAL);
    const logs = readdirSync(join(dir, '.ssdp', 'slurm'));
    assert.equal(logs.length, 1, logs.join(' '));
    const port = new URL(redis.url).port;
    assert.match(readFileSync(join(dir, '.ssdp', 'slurm', logs[0]!), 'utf8'), new RegExp(`serving redis://default:\\*\\*\\*@127\\.0\\.0\\.1:${port} `));
    assert.deepEqual(squeue('ssdp-t-ext'), []);

    const bad = slowProject('ssdp-t-extbad');
    const port2 = Number(port) === 65535 ? 1 : Number(port) + 1;
    const r2 = runCli(['run', 'total', '--cluster', 'slurm', '--workers', '1', '--broker', `redis://127.0.0.1:${port2}`], { cwd: bad, timeout: 120_000 });
    assert.equal(r2.status, 1, r2.stderr);
    assert.match(r2.stderr, /E_BROKER_UNREACHABLE/);
    assert.equal(existsSync(join(bad, '.ssdp', 'slurm')), false, 'no worker job was submitted');
    assert.deepEqual(squeue('ssdp-t-extbad'), []);
  } finally {
    await redis.stop();
  }
});

test('a Client script that throws, or calls process.exit, without close(): its Slurm jobs are gone before KillWait, not left to time out (try11s S3)', { skip }, async (t) => {
  const dir = tempDir('ssdp-t-noclose-');
  const index = new URL('../../src/index.js', import.meta.url).href;
  writeFileSync(join(dir, 't.mjs'), 'export function f(x) { return x + 1; }\n');
  writeFileSync(
    join(dir, 'main.mjs'),
    `import { Client, slurm, delayed, compute } from ${JSON.stringify(index)};
import { f } from './t.mjs';
const client = new Client({ cluster: slurm({ workers: 2, cpus: 1, jobName: 'ssdp-t-noclose' }) });
const [r] = await compute(delayed(f)(1), { client });
console.log('result', r);
if (process.argv[2] === 'throw') throw new Error('the script failed');
process.exit(3);
`,
  );
  const killWait = killWaitMs();
  for (const how of ['throw', 'exit']) {
    // the workers would wait this long for their broker: only the script's exit can end them in time
    const child = spawn(process.execPath, ['main.mjs', how], { cwd: dir, env: { ...process.env, SSDP_BROKER_RETRY_MS: '600000' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const t0 = Date.now();
    assert.match(out, /result 2/);
    assert.equal(code, how === 'throw' ? 1 : 3, out);
    await until(() => squeue('ssdp-t-noclose').length === 0, 'the jobs to leave squeue', SQUEUE_EVERY_MS);
    const took = Date.now() - t0;
    t.diagnostic(`${how}: the jobs left squeue ${(took / 1000).toFixed(1)} s after the script ended (KillWait ${killWait / 1000} s)`);
    assert.ok(took < killWait, `${how}: the jobs took ${took} ms to go, not less than KillWait (${killWait} ms): they were left to Slurm`);
  }
});

test('a Slurm worker that can never start (cpus above any node): the run says which job is PENDING and why, keeps waiting, and Ctrl-C stops it (try11s S2)', { skip }, async () => {
  const dir = tempDir('ssdp-t-pending-');
  writeFileSync(join(dir, 'steps.mjs'), 'export function one() { return 1; }\n');
  writeFileSync(join(dir, 'ssdp.yaml'), 'cluster:\n  slurm: { cpus: 64, jobName: ssdp-t-pending }\ntasks:\n  a: { function: ./steps.mjs#one }\n');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'a', '--cluster', 'slurm'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = new Promise<number | null>((r) => child.on('exit', r));
  try {
    await until(() => /Slurm worker \d+_0 is PENDING \(/.test(stderr), 'the notice naming the pending worker');
    const [line] = squeue('ssdp-t-pending');
    assert.match(line ?? '', /PENDING/, 'the run keeps waiting: its job is still queued');
    assert.match(stderr, /Slurm worker \d+_0 is PENDING \((PartitionConfig|Resources|ReqNodeNotAvail|PartitionNodeLimit)[^)]*\)/);
    assert.match(stderr, /Ctrl-C stops the run/);
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await code, 130, stderr);
  assert.match(stderr, /E_RUN_INTERRUPTED/);
  assert.doesNotMatch(stderr, /no ssdp worker serves/);
  assert.deepEqual(squeue('ssdp-t-pending'), []);
});
