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
