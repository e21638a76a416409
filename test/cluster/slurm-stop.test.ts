/**
 * Slurm runs stopped from outside (test/helpers/slurm.ts, a real single-node Slurm): a worker job
 * cancelled mid-run costs a re-run of its steps, not the run; Ctrl-C of the submitter leaves no job
 * in squeue, no worker process and no redis-server; after a kill -9 of the submitter its workers
 * stop on their own (broker lost, or the run's heartbeat gone when the broker lives on).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from '../helpers/cli.js';
import { alive, killWaitMs, running, signalledCommandShim, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';
import { startRedis, startWorker } from '../helpers/redis.js';
import { marks, scancel, slowProject, startRun, TOTAL } from './slow-project.js';

useLocalSlurm();
const skip = slurmSkip;

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

test('Ctrl-C that kills ssdp run --cluster slurm\'s sbatch (signalledCommandShim): E_RUN_INTERRUPTED, exit 130, not E_SLURM; the job sbatch queued is cancelled (try11z Z2)', { skip }, async (t) => {
  const dir = slowProject('ssdp-t-z2run');
  const shim = signalledCommandShim('sbatch');
  const run = startRun(dir, [], { env: { ...process.env, PATH: `${shim.dir}:${process.env.PATH}` } });
  t.after(() => void run.child.kill('SIGINT'));
  const { code, stderr } = await run.done;
  assert.ok(shim.ran(), 'the shim ran');
  // was: E_SLURM "sbatch ... failed: exit null. Slurm had queued it anyway", exit 1
  assert.equal(code, 130, stderr);
  assert.match(stderr, /E_RUN_INTERRUPTED/);
  assert.doesNotMatch(stderr, /E_SLURM/);
  assert.deepEqual(squeue('ssdp-t-z2run'), [], 'squeue is empty');
});

test('kill -9 of ssdp run --cluster slurm (no handler runs): its private redis-server ends at once, the workers see it refuse them and exit at once (E_BROKER_LOST), and their jobs leave squeue', { skip }, async (t) => {
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
  await until(() => squeue('ssdp-t-kill9').length === 0, 'the worker jobs to leave squeue', SQUEUE_EVERY_MS);
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
  // a long retry window: the broker stays up, so only the run's heartbeat can end the workers; the
  // heartbeat lives 6 s (SSDP_RUN_OWNER_TTL_MS) rather than 20, renewed every 1.5 s
  const run = startRun(dir, ['--broker', redis.url], { env: { ...process.env, SSDP_BROKER_RETRY_MS: '600000', SSDP_RUN_OWNER_TTL_MS: '6000' } });
  t.after(() => void run.child.kill('SIGKILL'));
  await until(() => marks(dir).filter((m) => m.job !== 'undefined_undefined').length >= 2, 'both Slurm workers to start a step');
  const started = marks(dir).filter((m) => m.job !== 'undefined_undefined');
  assert.equal(squeue('ssdp-t-kill9b').length, 2);
  const t0 = Date.now();
  run.child.kill('SIGKILL');
  await run.done;
  await until(() => squeue('ssdp-t-kill9b').length === 0, 'the worker jobs to leave squeue', SQUEUE_EVERY_MS);
  t.diagnostic(`after kill -9 of the submitter: squeue empty in ${((Date.now() - t0) / 1000).toFixed(1)} s (heartbeat TTL 6 s)`);
  for (const m of started) await until(() => !running(m.worker) && !running(m.pid), `worker ${m.worker} and its task process ${m.pid} to end`);
  for (const log of readdirSync(join(dir, '.ssdp', 'slurm'))) {
    const text = readFileSync(join(dir, '.ssdp', 'slurm', log), 'utf8');
    assert.match(text, /the run that started this worker \(.*\) is gone/, text);
    assert.doesNotMatch(text, /E_BROKER_LOST/, text);
  }
  assert.equal(own.child.exitCode, null, `the worker started by hand still serves: ${own.output()}`);
  rmSync(join(dir, 'hold'));
});
