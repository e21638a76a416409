/**
 * Runs through workers on a real single-node Slurm (test/helpers/slurm.ts): `ssdp worker`
 * processes started by sbatch arrays, a private redis-server as the broker. Results must equal the
 * local run's; a cancelled worker job costs a re-run, not the run; Ctrl-C of the submitter leaves
 * no job in squeue and no worker process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compute, delayed, sum, Client, listSlurmWorkers, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { alive, killWaitMs, running, slurmJobPids, slurmSkip, squeue, useLocalSlurm } from '../helpers/slurm.js';
import { assertSameRadarOutputs, radarProject, RADAR_PARAMS } from '../helpers/radar-run.js';
import { startRedis, startWorker } from '../helpers/redis.js';

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

const STEPS = `
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// Marks name the step, the Slurm job of the worker running it (ARRAY_TASK, as scancel takes it:
// a task's SLURM_JOB_ID is not always accepted), and the worker's and its own pid.
export function slow({ i, out }, ctx) {
  writeFileSync(join(ctx.root, 'marks', \`\${i}.\${process.env.SLURM_ARRAY_JOB_ID}_\${process.env.SLURM_ARRAY_TASK_ID}.\${process.ppid}.\${process.pid}\`), '');
  // While the test holds the steps they wait, so it acts on running steps however loaded the machine is.
  while (existsSync(join(ctx.root, 'hold'))) pause(50);
  pause(1500);
  writeFileSync(join(ctx.root, out), String(i * i));
  return i * i;
}
export function total({ out }, ctx) {
  const t = ctx.deps.slow.reduce((a, b) => a + b, 0);
  writeFileSync(join(ctx.root, out), String(t));
  return t;
}
`;

const SLOW_YAML = `
cluster:
  slurm: { cpus: 1, walltime: "10:00", jobName: JOBNAME }
tasks:
  slow:
    foreach: { i: [0, 1, 2, 3, 4, 5, 6, 7] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", out: "out/\${i}.txt" }
    outputs: ["out/\${i}.txt"]
  total:
    depends_on: [slow]
    function: ./steps.mjs#total
    args: { out: out/total.txt }
    outputs: [out/total.txt]
`;

function slowProject(jobName: string): string {
  const dir = tempDir('ssdp-slurm-slow-');
  mkdirSync(join(dir, 'marks'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  writeFileSync(join(dir, 'ssdp.yaml'), SLOW_YAML.replace('JOBNAME', jobName));
  return dir;
}

const marks = (dir: string) => readdirSync(join(dir, 'marks')).map((f) => {
  const [step, job, worker, pid] = f.split('.') as [string, string, string, string];
  return { step: Number(step), job, worker: Number(worker), pid: Number(pid) };
});

/** `group`: the run leads a process group of its own, so a test can signal it as a terminal's Ctrl-C does. */
function startRun(dir: string, args: string[], opts: { group?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'total', '--cluster', 'slurm', '--workers', '2', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: !!opts.group, env: opts.env });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr })));
  return { child, done };
}

const TOTAL = String([0, 1, 2, 3, 4, 5, 6, 7].reduce((a, i) => a + i * i, 0));

function scancel(args: string[]): void {
  const r = spawnSync('scancel', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `scancel ${args.join(' ')}: ${r.stderr}`);
}

for (const [how, scancelArgs] of [
  ['scancel (SIGTERM, then KILL after KillWait)', []],
  ['scancel --signal=KILL --full (as a node failure)', ['--signal=KILL', '--full']],
] as const) {
  test(`a worker job cancelled mid-run with ${how}: its steps run again on the other worker and the run completes`, { skip }, async (t) => {
    const dir = slowProject(`ssdp-t-kill${scancelArgs.length}`);
    writeFileSync(join(dir, 'hold'), '');
    const run = startRun(dir, []);
    t.after(() => void run.child.kill('SIGINT')); // a failed check must not leave the run and its workers behind
    // a held step cannot finish before its worker is cancelled (the other worker may hold one too)
    await until(() => marks(dir).length > 0, 'a worker to start a step');
    assert.equal(squeue(`ssdp-t-kill${scancelArgs.length}`).filter((l) => l.endsWith('RUNNING')).length, 2, 'both workers run');
    const victim = marks(dir)[0]!;
    scancel([...scancelArgs, victim.job]);
    await until(() => !alive(victim.pid), `the victim's task process ${victim.pid} to end`);
    const lost = Date.now();
    rmSync(join(dir, 'hold'));
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), TOTAL);
    const all = marks(dir);
    assert.deepEqual([...new Set(all.map((m) => m.step))].sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
    const again = all.filter((m) => m.step === victim.step && m.job !== victim.job);
    assert.ok(again.length > 0, `step ${victim.step} ran again on the other worker: ${JSON.stringify(all)}`);
    // how long the step waited for another worker (a measurement, reported, not asserted)
    const rerun = Math.min(...again.map((m) => statSync(join(dir, 'marks', `${m.step}.${m.job}.${m.worker}.${m.pid}`)).mtimeMs));
    t.diagnostic(`step ${victim.step} started again ${((rerun - lost) / 1000).toFixed(1)} s after its task process ended`);
    assert.deepEqual(squeue(`ssdp-t-kill${scancelArgs.length}`), []);
    for (const m of all) assert.equal(alive(m.worker), false, `worker ${m.worker} is gone`);
  });
}

test('Ctrl-C of ssdp run --cluster slurm (SIGINT to its whole process group, as a terminal sends it): the workers hand their batches back and exit, nothing left in squeue, no worker process, no redis-server, before Slurm\'s KillWait', { skip }, async (t) => {
  const dir = slowProject('ssdp-t-ctrlc');
  writeFileSync(join(dir, 'hold'), '');
  const run = startRun(dir, [], { group: true });
  t.after(() => void run.child.kill('SIGINT')); // a failed check must not leave the run and its workers behind
  await until(() => marks(dir).length >= 2, 'both workers to start a step');
  const started = marks(dir);
  assert.equal(squeue('ssdp-t-ctrlc').length, 2);
  const redis = Number(spawnSync('pgrep', ['-P', String(run.child.pid), 'redis-server'], { encoding: 'utf8' }).stdout.trim());
  assert.ok(redis > 0, 'the run started a private redis-server');
  const killWait = killWaitMs();
  const t0 = Date.now();
  process.kill(-run.child.pid!, 'SIGINT');
  const { code, stderr } = await run.done;
  const took = Date.now() - t0;
  t.diagnostic(`the run ended ${(took / 1000).toFixed(1)} s after Ctrl-C (Slurm's KillWait: ${killWait / 1000} s)`);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /E_RUN_INTERRUPTED/);
  assert.deepEqual(squeue('ssdp-t-ctrlc'), [], 'squeue is empty');
  for (const m of started) {
    assert.equal(alive(m.worker), false, `worker ${m.worker} is gone`);
    assert.equal(alive(m.pid), false, `task process ${m.pid} is gone`);
  }
  assert.equal(alive(redis), false, 'the private redis-server is stopped');
  // the workers ended themselves on scancel's SIGTERM (the broker was still up to take the batches back)
  for (const log of readdirSync(join(dir, '.ssdp', 'slurm'))) {
    const text = readFileSync(join(dir, '.ssdp', 'slurm', log), 'utf8');
    assert.match(text, /SIGTERM: handing running batches back to the queue, then stopping/, text);
    assert.doesNotMatch(text, /lost the connection/, text);
  }
  assert.ok(took < killWait, `the run took ${took} ms to end, not less than KillWait (${killWait} ms): Slurm, not the workers, ended them`);
});

test('kill -9 of ssdp run --cluster slurm (no handler runs): its private redis-server ends at once, the workers exit once SSDP_BROKER_RETRY_MS has passed without it, and their jobs leave squeue', { skip }, async (t) => {
  const dir = slowProject('ssdp-t-kill9');
  writeFileSync(join(dir, 'hold'), '');
  // the workers' jobs inherit the submitter's environment (sbatch --export=ALL)
  const run = startRun(dir, [], { env: { ...process.env, SSDP_BROKER_RETRY_MS: '3000' } });
  t.after(() => void run.child.kill('SIGKILL'));
  await until(() => marks(dir).length >= 2, 'both workers to start a step');
  const started = marks(dir);
  assert.equal(squeue('ssdp-t-kill9').length, 2);
  const redis = Number(spawnSync('pgrep', ['-P', String(run.child.pid), 'redis-server'], { encoding: 'utf8' }).stdout.trim());
  assert.ok(redis > 0, 'the run started a private redis-server');
  const t0 = Date.now();
  run.child.kill('SIGKILL');
  await run.done;
  await until(() => !running(redis), 'the private redis-server to end');
  const redisMs = Date.now() - t0;
  await until(() => squeue('ssdp-t-kill9').length === 0, 'the worker jobs to leave squeue');
  t.diagnostic(`after kill -9: redis-server gone in ${redisMs} ms, squeue empty in ${Date.now() - t0} ms (SSDP_BROKER_RETRY_MS 3000)`);
  for (const m of started) {
    await until(() => !running(m.worker) && !running(m.pid), `worker ${m.worker} and its task process ${m.pid} to end`);
  }
  for (const log of readdirSync(join(dir, '.ssdp', 'slurm'))) {
    assert.match(readFileSync(join(dir, '.ssdp', 'slurm', log), 'utf8'), /E_BROKER_LOST/);
  }
  rmSync(join(dir, 'hold'));
});

test('kill -9 of ssdp run --cluster slurm --broker URL (a broker that lives on): the workers started for that run stop once its heartbeat expires, their jobs leave squeue, no worker or task process is left; a worker a user started keeps serving', { skip }, async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const own = await startWorker(redis.url, ['--nprocs', '1']);
  t.after(() => own.stop());
  const dir = slowProject('ssdp-t-kill9b');
  writeFileSync(join(dir, 'hold'), '');
  // a long retry window: the broker stays up, so only the run's heartbeat can end the workers
  const run = startRun(dir, ['--broker', redis.url], { env: { ...process.env, SSDP_BROKER_RETRY_MS: '600000' } });
  t.after(() => void run.child.kill('SIGKILL'));
  await until(() => marks(dir).filter((m) => m.job !== 'undefined_undefined').length >= 2, 'both Slurm workers to start a step');
  const started = marks(dir).filter((m) => m.job !== 'undefined_undefined');
  assert.equal(squeue('ssdp-t-kill9b').length, 2);
  const t0 = Date.now();
  run.child.kill('SIGKILL');
  await run.done;
  await until(() => squeue('ssdp-t-kill9b').length === 0, 'the worker jobs to leave squeue');
  t.diagnostic(`after kill -9 of the submitter: squeue empty in ${((Date.now() - t0) / 1000).toFixed(1)} s (heartbeat TTL 20 s)`);
  for (const m of started) await until(() => !running(m.worker) && !running(m.pid), `worker ${m.worker} and its task process ${m.pid} to end`);
  for (const log of readdirSync(join(dir, '.ssdp', 'slurm'))) {
    const text = readFileSync(join(dir, '.ssdp', 'slurm', log), 'utf8');
    assert.match(text, /the run that started this worker \(.*\) is gone/, text);
    assert.doesNotMatch(text, /E_BROKER_LOST/, text);
  }
  assert.equal(own.child.exitCode, null, `the worker started by hand still serves: ${own.output()}`);
  rmSync(join(dir, 'hold'));
});

test('Ctrl-C of ssdp run pipeline --cluster slurm (the radar pipeline): nothing left in squeue, no worker or task process, no redis-server', { skip }, async (t) => {
  const dir = radarProject('ssdp-slurm-radar-int-');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'pipeline', ...RADAR_PARAMS, '--cluster', 'slurm', '--workers', '2'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => void child.kill('SIGINT'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // both workers run and a step is under way (the run marks running steps in .ssdp/running)
  const running = join(dir, '.ssdp', 'running');
  await until(() => squeue('ssdp-worker').filter((l) => l.endsWith('RUNNING')).length === 2 && existsSync(running) && readdirSync(running).length > 0, 'a step of the pipeline to run on the workers');
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
    await until(() => squeue(jobName).length === 0, 'the workers to end');
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

test('a worker drains before its walltime (--signal): it takes no more work and ends COMPLETED, and the Client says so instead of hanging', { skip }, async () => {
  const jobName = 'ssdp-t-drain';
  // a 3-minute walltime with drain 100 s: the signal is due 80 s in, and Slurm may send it up to 60 s
  // early (its event resolution), so 20 s at the earliest: after the worker is up. With walltime 2 it
  // could come as the job launched, which failed the job (JobLaunchFailure) instead of draining it.
  // (a walltime at or below drain is refused: the worker would drain as it starts)
  const client = new Client({ cluster: slurm({ workers: 1, cpus: 1, walltime: '3', drain: 100, jobName }) });
  try {
    await client.ready();
    const [w] = await listSlurmWorkers();
    assert.ok(w, 'the worker runs');
    const log = join(process.cwd(), '.ssdp', 'slurm', `${jobName}-${w.jobId}.log`);
    // Slurm checks time limits about every 30 s: wait for the signal longer than until() does
    for (let i = 0; i < 3 && squeue(jobName).length > 0; i++) await until(() => squeue(jobName).length === 0, 'the worker to drain').catch(() => {});
    assert.deepEqual(squeue(jobName), [], 'the worker ended before its walltime');
    assert.match(readFileSync(log, 'utf8'), /SIGUSR2: finishing running batches, then stopping/);
    await assert.rejects(compute(add_(1, 2), { client }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_SLURM_WORKERS_GONE', e.message);
      assert.match(e.message, new RegExp(`${w.jobId} COMPLETED`));
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
    await until(() => squeue('ssdp-t-noclose').length === 0, 'the jobs to leave squeue');
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
