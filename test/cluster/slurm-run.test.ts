/**
 * Runs through workers on a real single-node Slurm (test/helpers/slurm.ts): `ssdp worker`
 * processes started by sbatch arrays, a private redis-server as the broker. Results must equal the
 * local run's; a cancelled worker job costs a re-run, not the run; Ctrl-C of the submitter leaves
 * no job in squeue and no worker process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compute, delayed, sum, Client, listSlurmWorkers, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { alive, slurmSkip, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
const skip = slurmSkip;
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

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

test('the radar pipeline (2 synthetic days) with --cluster slurm --workers 2 writes the same files as the local run', { skip }, async () => {
  // One folder for both runs (the partials record their paths): local first, then all again on Slurm.
  const dir = tempDir('ssdp-slurm-radar-');
  writeFileSync(join(dir, 'ssdp.yaml'), readFileSync(join(REPO, 'ssdp.yaml'), 'utf8').replace(/^env:.*$/m, ''));
  const params = ['--param', 'days=2', '--param', 'start=2020-11-03'];
  let r = runCli(['run', 'pipeline', ...params], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  renameSync(join(dir, 'out'), join(dir, 'out-local'));
  r = runCli(['run', 'pipeline', ...params, '--force', '--cluster', 'slurm', '--workers', '2'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /running 5 of 5 steps with 2 Slurm worker/);
  const files = (out: string) => readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(out.length)).sort();
  const [local, remote] = [join(dir, 'out-local'), join(dir, 'out')];
  assert.deepEqual(files(remote), files(local));
  assert.ok(files(local).includes('/radar.gif'));
  for (const f of files(local)) assert.deepEqual(readFileSync(join(remote, f)), readFileSync(join(local, f)), f);
  assert.deepEqual(squeue('ssdp-worker'), [], 'the run cancels its workers at the end');
});

const STEPS = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// Marks name the step, the Slurm job of the worker running it, and the worker's and its own pid.
export function slow({ i, out }, ctx) {
  writeFileSync(join(ctx.root, 'marks', \`\${i}.\${process.env.SLURM_JOB_ID}.\${process.ppid}.\${process.pid}\`), '');
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
  const [step, job, worker, pid] = f.split('.').map(Number) as [number, number, number, number];
  return { step, job, worker, pid };
});

function startRun(dir: string, args: string[]) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'total', '--cluster', 'slurm', '--workers', '2', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr })));
  return { child, done };
}

const TOTAL = String([0, 1, 2, 3, 4, 5, 6, 7].reduce((a, i) => a + i * i, 0));

async function scancel(args: string[]): Promise<void> {
  const p = spawn('scancel', args, { stdio: 'inherit' });
  await new Promise((r) => p.on('exit', r));
}

test('a worker job killed mid-task (scancel --signal=KILL --full, as a node failure): its task runs again on the other worker', { skip }, async () => {
  const dir = slowProject('ssdp-t-kill');
  const run = startRun(dir, []);
  // the victim: a step still running (its output not yet written)
  const running = () => marks(dir).filter((m) => !existsSync(join(dir, 'out', `${m.step}.txt`)));
  await until(() => running().length >= 1 && marks(dir).length >= 2, 'both workers to start and one step to be running');
  const victim = running()[0]!;
  await scancel(['--signal=KILL', '--full', String(victim.job)]);
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), TOTAL);
  const all = marks(dir);
  assert.ok(all.some((m) => m.step === victim.step && m.job !== victim.job), `step ${victim.step} ran again on another worker: ${JSON.stringify(all)}`);
  assert.deepEqual(squeue('ssdp-t-kill'), []);
  for (const m of all) assert.equal(alive(m.worker), false, `worker ${m.worker} is gone`);
});

test('Ctrl-C of ssdp run --cluster slurm: nothing left in squeue, no worker process, no redis-server', { skip }, async () => {
  const dir = slowProject('ssdp-t-ctrlc');
  const run = startRun(dir, []);
  await until(() => marks(dir).length >= 2, 'both workers to start a step');
  const started = marks(dir);
  assert.equal(squeue('ssdp-t-ctrlc').length, 2);
  const redis = Number(spawnSync('pgrep', ['-P', String(run.child.pid), 'redis-server'], { encoding: 'utf8' }).stdout.trim());
  assert.ok(redis > 0, 'the run started a private redis-server');
  run.child.kill('SIGINT');
  const { code, stderr } = await run.done;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /E_RUN_INTERRUPTED/);
  assert.deepEqual(squeue('ssdp-t-ctrlc'), [], 'squeue is empty');
  for (const m of started) {
    assert.equal(alive(m.worker), false, `worker ${m.worker} is gone`);
    assert.equal(alive(m.pid), false, `task process ${m.pid} is gone`);
  }
  assert.equal(alive(redis), false, 'the private redis-server is stopped');
});
