/**
 * An `ssdp worker` in a Slurm job whose broker is gone (fix11 item 2): told to stop (SIGTERM, as
 * scancel and a submitter's close() send it) while it retries the broker, it must exit, and its job
 * leave squeue, instead of lingering until its walltime. Real Slurm (test/helpers/slurm.ts), a real
 * redis-server stopped under it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchScript } from '../../src/cluster/slurm.js';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { startRestartableRedis } from '../helpers/redis.js';
import { killWaitMs, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
const skip = slurmSkip;

test('a Slurm worker whose broker is gone exits on SIGTERM while it still retries (a long SSDP_BROKER_RETRY_MS): its job leaves squeue before KillWait', { skip }, async (t) => {
  const redis = await startRestartableRedis({ persist: false });
  t.after(() => redis.stop());
  const dir = tempDir('ssdp-slurm-gone-');
  const log = join(dir, 'worker.log');
  const name = 'ssdp-t-gone';
  // the broker URL in the environment (sbatch --export=ALL), as the Slurm workers of a run get it;
  // a retry window longer than the test: only the SIGTERM can end the worker
  const sb = spawnSync('sbatch', ['--parsable', `--job-name=${name}`, `--output=${log}`, '--time=10:00'], {
    input: batchScript([process.execPath, CLI_ENTRY, 'worker', '--nprocs', '1']),
    env: { ...process.env, SSDP_BROKER: redis.url, SSDP_BROKER_RETRY_MS: '600000' },
    encoding: 'utf8',
  });
  assert.equal(sb.status, 0, sb.stderr);
  const job = sb.stdout.trim().split(';')[0]!;
  t.after(() => void spawnSync('scancel', [job]));
  const text = (): string => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  await until(() => /serving/.test(text()), 'the Slurm worker to serve the broker');
  await redis.down();
  await until(() => /lost the connection/.test(text()), 'the worker to notice the broker is gone');
  const t0 = Date.now();
  // only a signal, not a cancel: Slurm would end a cancelled job itself after KillWait
  const sc = spawnSync('scancel', ['--signal=TERM', '--full', job], { encoding: 'utf8' });
  assert.equal(sc.status, 0, sc.stderr);
  await until(() => squeue(name).length === 0, `job ${name} (${job}) to leave squeue: ${text()}`, SQUEUE_EVERY_MS);
  const took = Date.now() - t0;
  t.diagnostic(`SIGTERM to squeue empty: ${took} ms`);
  assert.match(text(), /SIGTERM: handing running batches back to the queue, then stopping/);
  assert.doesNotMatch(text(), /E_BROKER_LOST/, 'it stopped on the signal, not at the end of the retry window');
  assert.ok(took < killWaitMs(), `the job took ${took} ms to end, not less than KillWait (${killWaitMs()} ms)`);
});
