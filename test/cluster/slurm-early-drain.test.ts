/**
 * Slurm's drain signal (sbatch --signal=B:USR2) may come at any moment of the job, its first
 * second included (Slurm sends it at a time-limit check, up to 60 s early). A worker it reached
 * before the worker handled it died of it (FAILED, JobLaunchFailure), was not replaced, and the run
 * failed E_SLURM_WORKERS_GONE (try11t T6). Real single-node Slurm (test/helpers/slurm.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compute, Client, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { until } from '../helpers/cli.js';
import { slurmJobPids, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
const skip = slurmSkip;

/** The `ssdp worker` process of this file's Slurm jobs, once it has been started. */
function workerPid(): number | undefined {
  return slurmJobPids().find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').includes('worker');
    } catch {
      return false;
    }
  });
}

/** Slurm's state of a job (any state it still lists), e.g. COMPLETED, or '' once it is forgotten. */
function stateOf(jobId: string): string {
  const r = spawnSync('squeue', ['-h', '-t', 'all', '-j', jobId, '-o', '%T %r'], { encoding: 'utf8' });
  return r.stdout.trim();
}

test('a drain signal that reaches a Slurm worker as it starts, before it handles signals, drains it: its job ends COMPLETED and is replaced, and the work runs (try11t T6)', { skip }, async () => {
  const jobName = 'ssdp-t-early-drain';
  const notices: string[] = [];
  const client = new Client({ cluster: slurm({ workers: 1, cpus: 1, jobName }), onNotice: (m: string) => notices.push(m) });
  try {
    void client.ready().catch(() => {});
    // as soon as the worker's process exists (Node still starting, no handler yet), as a
    // --signal=B:USR2 due at once would reach it: to the batch step only, as Slurm sends it
    await until(() => workerPid() !== undefined, 'the Slurm worker process to start', 20);
    const [line] = squeue(jobName);
    assert.ok(line, 'the worker job is listed');
    const jobId = line.split(' ')[0]!;
    const sent = spawnSync('scancel', ['--signal=USR2', '--batch', jobId], { encoding: 'utf8' });
    assert.equal(sent.status, 0, `scancel --signal=USR2: ${sent.stderr}`);
    await until(() => !/^(PENDING|RUNNING|CONFIGURING|COMPLETING)\b/.test(stateOf(jobId)), 'the first worker to end', SQUEUE_EVERY_MS);
    // drained, not killed by the signal (it was FAILED (JobLaunchFailure) before)
    assert.match(stateOf(jobId), /^COMPLETED\b/);
    const log = readFileSync(join(process.cwd(), '.ssdp', 'slurm', `${jobName}-${jobId}.log`), 'utf8');
    assert.match(log, /SIGUSR2: finishing running batches, then stopping/);
    // replaced (the run failed E_SLURM_WORKERS_GONE before): the work runs on the new worker
    assert.deepEqual(await compute(add_(1, 2), { client }), [3]);
    assert.ok(notices.some((m) => m.includes(`${jobId} drained before its walltime; submitted a replacement`)), notices.join('\n'));
  } finally {
    await client.close();
  }
});
