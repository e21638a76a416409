/**
 * Workers started as Slurm jobs (a real single-node Slurm, test/helpers/slurm.ts) appear on the
 * dashboard as a user sees it: each worker row names its Slurm job, as squeue lists it, and the
 * job's state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, compute, delayed, listSlurmWorkers, slurm } from '../../src/index.js';
import { addMeeting } from '../graph/fixtures/lecture.js';
import { tempDir } from '../helpers/cli.js';
import { launch, openPage } from '../helpers/browser.js';
import { slurmSkip, squeue, useLocalSlurm } from '../helpers/slurm.js';
import { connected, summary, workerRows } from './page-state.js';

useLocalSlurm();

test('a Client on 2 Slurm workers: the dashboard lists each worker with its Slurm job id and state', { skip: slurmSkip }, async () => {
  const dir = tempDir('ssdp-dash-slurm-');
  const client = new Client({ cluster: slurm({ workers: 2, cpus: 1, jobName: 'ssdp-t-dash' }), dashboard: { port: 0 } });
  const browser = await launch();
  try {
    await client.ready();
    const { page, errors } = await openPage(browser, (await client.dashboardUrl())!);
    await connected(page);
    // two tasks that only finish once both run at once: each worker answers
    const meet = delayed(addMeeting);
    assert.deepEqual(await compute(meet(1, 2, dir, 2), meet(3, 4, dir, 2), { client }), [3, 7]);
    const jobs = (await listSlurmWorkers()).filter((w) => w.state === 'RUNNING').map((w) => w.jobId).sort();
    assert.equal(jobs.length, 2);
    // the page hears Slurm's state within a poll (2 s)
    await page.waitForFunction(
      `Array.from(document.querySelectorAll('#workers tbody tr')).filter((tr) => tr.children[9].textContent === 'RUNNING' && tr.children[2].textContent !== '').length === 2`,
      undefined,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: join(dir, 'slurm-workers.png'), fullPage: true });
    const rows = await workerRows(page);
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.deepEqual(rows.map((r) => r[8]).sort(), jobs);
    for (const r of rows) {
      assert.match(r[2]!, /^\d+$/, 'the worker process pid');
      assert.equal(r[9], 'RUNNING');
    }
    // the summary counts the workers that answered (it said 1 worker: the count known when the run started)
    await page.waitForFunction(`Array.from(document.querySelectorAll('#summary dt')).some((dt) => dt.textContent === 'scheduler' && dt.nextElementSibling.textContent === 'distributed, 2 workers')`, undefined, { timeout: 30_000 }).catch(() => undefined);
    assert.equal((await summary(page))['scheduler'], 'distributed, 2 workers');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await client.close();
  }
  assert.deepEqual(squeue('ssdp-t-dash'), []);
});
