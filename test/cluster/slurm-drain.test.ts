/**
 * A Slurm worker whose walltime comes drains first (--signal, test/helpers/slurm.ts: a real
 * single-node Slurm): it takes no more work and its job ends COMPLETED. A file of its own: the
 * test waits about a minute for Slurm's signal, beside the other files rather than after them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compute, Client, listSlurmWorkers, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { until } from '../helpers/cli.js';
import { slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
const skip = slurmSkip;

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
    for (let i = 0; i < 3 && squeue(jobName).length > 0; i++) await until(() => squeue(jobName).length === 0, 'the worker to drain', SQUEUE_EVERY_MS).catch(() => {});
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
