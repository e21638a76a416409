/**
 * A Slurm worker whose walltime comes drains first (--signal, test/helpers/slurm.ts: a real
 * single-node Slurm): it takes no more work, its job ends COMPLETED and a replacement is submitted. A file of its own: the
 * test waits up to 30 s for Slurm's signal (its time-limit check), beside the other files rather than after them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compute, Client, listSlurmWorkers, slurm } from '../../src/index.js';
import { add_ } from '../graph/fixtures/lecture.js';
import { until } from '../helpers/cli.js';
import { slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';

useLocalSlurm();
// the run's heartbeat lives 6 s rather than 20, so the frozen-submitter check below waits less
process.env.SSDP_RUN_OWNER_TTL_MS = '6000';
const skip = slurmSkip;

test('a worker drains before its walltime (--signal): it takes no more work, ends COMPLETED, and is replaced, so work after its walltime still runs (try11u C5); a submitter that did not run longer than its heartbeat says so (try11w W5)', { skip }, async () => {
  const jobName = 'ssdp-t-drain';
  // a 3-minute walltime with drain 100 s: the signal is due 80 s in, and Slurm may send it up to 60 s
  // early (its event resolution), so 20 s at the earliest: after the worker is up. With walltime 2 it
  // could come as the job launched, which failed the job (JobLaunchFailure) instead of draining it.
  // (a walltime at or below drain is refused: the worker would drain as it starts)
  const notices: string[] = [];
  const client = new Client({ cluster: slurm({ workers: 1, cpus: 1, walltime: '3', drain: 100, jobName }), onNotice: (m: string) => notices.push(m) });
  try {
    await client.ready();
    const [w] = await listSlurmWorkers();
    assert.ok(w, 'the worker runs');
    const log = join(process.cwd(), '.ssdp', 'slurm', `${jobName}-${w.jobId}.log`);
    const first = () => squeue(jobName).some((l) => l.startsWith(`${w.jobId} `));
    // Submitted with 3 minutes, its signal was due 80 s in (Slurm sends it at its first time-limit
    // check, every 30 s, within 30 s of that): about a minute of waiting. Now that the worker is up,
    // its limit is cut to 2 minutes, as an admin may (scontrol update, root), so the signal is due at
    // once and comes at Slurm's next check, still ahead of the (new) walltime: the same drain, sent by
    // Slurm from --signal, in 0-30 s.
    const cut = spawnSync('scontrol', ['update', `JobId=${w.jobId}`, 'TimeLimit=2'], { encoding: 'utf8' });
    assert.equal(cut.status, 0, `scontrol update TimeLimit: ${cut.stderr}`);
    // Slurm checks time limits about every 30 s: wait for the signal longer than until() does
    for (let i = 0; i < 3 && first(); i++) await until(() => !first(), 'the worker to drain', SQUEUE_EVERY_MS).catch(() => {});
    assert.equal(first(), false, 'the worker ended before its walltime');
    assert.match(readFileSync(log, 'utf8'), /SIGUSR2: finishing running batches, then stopping/);
    // it was replaced (it failed E_SLURM_WORKERS_GONE before): the work runs on the new worker
    assert.deepEqual(await compute(add_(1, 2), { client }), [3]);
    const now = await listSlurmWorkers();
    assert.ok(now.length === 1 && now[0]!.jobId !== w.jobId, `a new worker: ${JSON.stringify(now)}`);
    assert.ok(notices.some((m) => m.includes(`${w.jobId} drained before its walltime; submitted a replacement`)), notices.join('\n'));

    // This process not running longer than the run's heartbeat TTL (here its main thread blocked
    // until the workers have left; SIGSTOP or a suspended machine alike): its workers leave, and the
    // run says this process did not run, not a walltime or a cancel, and replaces none (try11w W5)
    while (squeue(jobName).length > 0) spawnSync('sleep', ['0.25']);
    await assert.rejects(compute(add_(2, 3), { client }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'E_RUN_DROPPED', e.message);
      assert.match(e.message, /did not run for \d+ s|frozen as a whole/);
      return true;
    });
    assert.deepEqual(squeue(jobName), [], 'no replacement for workers that left a frozen run');
  } finally {
    await client.close();
  }
});
