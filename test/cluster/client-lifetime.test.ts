/**
 * A cluster Client's workers over its life, on a real single-node Slurm (test/helpers/slurm.ts):
 * client.scale(n) as Dask's cluster.scale(n), and a script that never calls close() (tester
 * try11u C3: it kept its jobs and its private redis-server until killed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compute, Client, listSlurmWorkers, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { exitOf, tempDir, until } from '../helpers/cli.js';
import { running, signalledCommandShim, slurmJobPids, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
const skip = slurmSkip;

const runningWorkers = async (): Promise<number> => (await listSlurmWorkers()).filter((w) => w.state === 'RUNNING').length;

test('client.scale(n): 1 -> 2 -> 0 -> 1 workers in squeue, overlapping calls end at what the last one asked; at 0 a compute waits (no E_SLURM_WORKERS_GONE) and finishes once scaled up (try11t B8)', { skip }, async () => {
  process.env.SSDP_TEST_SLEEP_MS = '1';
  // squeue asked every 0.5 s instead of 2 (read as the cluster starts, which ready() waits for)
  process.env.SSDP_SLURM_POLL_MS = '500';
  const jobName = 'ssdp-t-scale';
  const client = new Client({ cluster: slurm({ workers: 1, cpus: 1, jobName }) });
  try {
    await client.ready();
    assert.equal(await runningWorkers(), 1);
    await client.scale(2);
    await until(() => squeue(jobName).filter((l) => / RUNNING$/.test(l)).length === 2, 'a second worker to run', SQUEUE_EVERY_MS);
    assert.deepEqual(await compute(add_(1, 2), { client }), [3]);
    await client.scale(0);
    await until(() => squeue(jobName).length === 0, 'every worker to be cancelled', SQUEUE_EVERY_MS);
    const waiting = compute(add_(3, 4), { client });
    let settled = false;
    void waiting.then(() => (settled = true), () => (settled = true));
    // the cluster's squeue poll (every 0.5 s here) sees none left, 4 times: before scale(0) counted,
    // two such answers in a row failed the run
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(settled, false, 'the compute waits for workers while scaled to 0');
    await client.scale(1);
    assert.deepEqual(await waiting, [7]);
    assert.equal(squeue(jobName).length, 1);
    // overlapping calls: the last one wins (each counted the same workers: 4 were left, tester s16 try11w W2)
    await Promise.all([client.scale(3), client.scale(1), client.scale(2)]);
    const live = squeue(jobName).filter((l) => !/ (COMPLETING|CANCELLED|COMPLETED)$/.test(l));
    assert.equal(live.length, 2, live.join('; '));
  } finally {
    delete process.env.SSDP_SLURM_POLL_MS;
    await client.close();
  }
  assert.deepEqual(squeue(jobName), [], 'close() cancels the workers');
  await assert.rejects(client.scale(1), (e: Error & { code?: string }) => e.code === 'E_CLIENT_CLOSED');
});

test('SSDP_SLURM_POLL_MS that is not a number above 0 is E_BAD_ENV_SETTING naming it, before any job is submitted', { skip }, async () => {
  for (const bad of ['0', 'soon', '-5']) {
    process.env.SSDP_SLURM_POLL_MS = bad;
    const jobName = 'ssdp-t-badpoll';
    const client = new Client({ cluster: slurm({ workers: 1, cpus: 1, jobName }) });
    try {
      await assert.rejects(client.ready(), (e: Error & { code?: string }) => e.code === 'E_BAD_ENV_SETTING' && e.message.includes(`SSDP_SLURM_POLL_MS="${bad}"`));
      assert.deepEqual(squeue(jobName), []);
    } finally {
      delete process.env.SSDP_SLURM_POLL_MS;
      await client.close();
    }
  }
});

test('client.scale refuses a client without a cluster and a count that is not a whole number >= 0', async () => {
  const local = new Client({ scheduler: 'sync' });
  await assert.rejects(local.scale(2), (e: Error & { code?: string }) => e.code === 'E_COMPUTE_OPTION' && /cluster/.test(e.message));
  await local.close();
});

test('a script with new Client({ cluster: slurm(...) }) that never calls close() ends after its last line: its jobs are cancelled and its private redis-server stopped (try11u C3)', { skip }, async () => {
  const dir = tempDir('ssdp-t-c3slurm-');
  const index = new URL('../../src/index.js', import.meta.url).href;
  writeFileSync(join(dir, 't.mjs'), 'export function f(x) { return x + 1; }\n');
  writeFileSync(
    join(dir, 'main.mjs'),
    `import { readdirSync, readFileSync } from 'node:fs';
import { Client, slurm, delayed, compute } from ${JSON.stringify(index)};
import { f } from './t.mjs';
const client = new Client({ cluster: slurm({ workers: 1, cpus: 1, jobName: 'ssdp-t-c3slurm' }) });
await assert(client.scale(-1));
const [r] = await compute(delayed(f)(1), { client });
// this process's children: the private redis-server among them
const kids = readdirSync('/proc').filter((d) => /^\\d+$/.test(d)).filter((d) => {
  try { return Number(readFileSync('/proc/' + d + '/stat', 'utf8').replace(/^.*\\) /, '').split(' ')[1]) === process.pid; } catch { return false; }
});
console.log('result', r, 'children', kids.join(','));
async function assert(p) { await p.then(() => { throw new Error('scale(-1) taken'); }, (e) => { if (e.code !== 'E_CLUSTER_OPTION') throw e; }); }
`,
  );
  const child = spawn(process.execPath, ['main.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // a bound for a hang only
  const code = await exitOf(child, 240_000);
  assert.equal(code, 0, out);
  const m = /result 2 children (\S*)/.exec(out);
  assert.ok(m, out);
  const kids = m[1]!.split(',').filter(Boolean).map(Number);
  assert.ok(kids.length > 0, 'the private redis-server was a child of the script');
  // the script's end waited for its clean-up: nothing is left at its exit
  assert.deepEqual(squeue('ssdp-t-c3slurm'), [], 'its jobs left squeue');
  assert.deepEqual(kids.filter(running), [], 'its private redis-server is stopped');
  assert.deepEqual(slurmJobPids(), [], 'no worker process is left');
});

/** A script run with `node` in its own folder, importing ssdp from this build; its output and how it ended. */
function clusterScript(prefix: string, body: string, env: NodeJS.ProcessEnv = process.env): { child: ReturnType<typeof spawn>; output: () => string; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; dir: string } {
  const dir = tempDir(prefix);
  const index = new URL('../../src/index.js', import.meta.url).href;
  writeFileSync(join(dir, 't.mjs'), `import { writeFileSync } from 'node:fs';
export function inc(x) { return x + 1; }
export function slowInc(x) { writeFileSync(new URL('./started', import.meta.url), ''); const end = Date.now() + 60_000; while (Date.now() < end); return x + 1; }
`);
  writeFileSync(join(dir, 'main.mjs'), `import { Client, slurm, delayed, compute } from ${JSON.stringify(index)};\nimport { inc, slowInc } from './t.mjs';\n${body}`);
  const child = spawn(process.execPath, ['main.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, output: () => out, ended, dir };
}

test('a private redis-server that cannot start (an address not of this machine): ready() and compute reject with E_REDIS_START, catchable; no unhandled rejection (try11x R1)', { skip }, async () => {
  // it escaped as an unhandled rejection before ready() settled: the script died with a stack, exit 1
  const s = clusterScript('ssdp-t-r1-', `
const client = new Client({ cluster: slurm({ workers: 1, host: '10.99.99.99', jobName: 'ssdp-t-r1' }) });
try { await client.ready(); console.log('ready'); } catch (e) { console.log('caught ready:', e.code); }
try { console.log(await compute(delayed(inc)(1), { client })); } catch (e) { console.log('caught compute:', e.code); }
await client.close();
console.log('end');
`);
  const { code } = await s.ended;
  assert.equal(code, 0, s.output());
  assert.equal(s.output(), 'caught ready: E_REDIS_START\ncaught compute: E_REDIS_START\nend\n');
  assert.deepEqual(squeue('ssdp-t-r1'), []);
});

// two moments: while its worker starts (was an uncaught E_SLURM "closed while its workers were
// starting"), and while the worker runs its task (was an uncaught E_CANCELLED); both exit 1 with a stack
for (const moment of ['submitted', 'running'] as const) {
  test(`Ctrl-C of a script with new Client({ cluster: slurm(...) }) once its worker is ${moment}: it dies of the signal, with no error of ours, and leaves nothing in squeue (try11x R3)`, { skip }, async () => {
    const s = clusterScript('ssdp-t-r3-', `
const client = new Client({ cluster: slurm({ workers: 1, jobName: 'ssdp-t-r3' }) });
console.log(await compute(delayed(slowInc)(1), { client }));
`);
    const reached = moment === 'submitted' ? () => squeue('ssdp-t-r3').length > 0 : () => existsSync(join(s.dir, 'started'));
    await until(() => reached() || s.child.exitCode !== null, `the worker job to be ${moment}`, SQUEUE_EVERY_MS);
    s.child.kill('SIGINT');
    const { signal } = await s.ended;
    assert.equal(signal, 'SIGINT', s.output());
    assert.equal(s.output(), '');
    assert.deepEqual(squeue('ssdp-t-r3'), [], 'its job left squeue');
    assert.deepEqual(slurmJobPids(), [], 'no worker process is left');
  });
}

for (const command of ['squeue', 'sbatch'] as const) {
  test(`Ctrl-C that kills the script's ${command} as its workers start (signalledCommandShim): it dies of the signal, no E_SLURM, nothing left in squeue (try11z Z2)`, { skip }, async () => {
    const shim = signalledCommandShim(command);
    const jobName = `ssdp-t-z2${command}`;
    const s = clusterScript('ssdp-t-z2-', `
const client = new Client({ cluster: slurm({ workers: 1, jobName: '${jobName}' }) });
console.log(await compute(delayed(slowInc)(1), { client }));
`, { ...process.env, PATH: `${shim.dir}:${process.env.PATH}` });
    const { signal } = await s.ended;
    assert.ok(shim.ran(), 'the shim ran');
    // was: E_SLURM "squeue ... failed: exit null" / "sbatch ... failed: exit null", exit 1
    assert.equal(signal, 'SIGINT', s.output());
    assert.equal(s.output(), '');
    assert.deepEqual(squeue(jobName), [], 'its job left squeue');
    assert.deepEqual(slurmJobPids(), [], 'no worker process is left');
  });
}
