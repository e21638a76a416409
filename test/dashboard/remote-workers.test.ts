/**
 * Workers on other hosts (a Redis or Slurm executor reports them through the run observer): the
 * dashboard keeps them apart from local ones, adds their memory to the run's, and shows their
 * Slurm job and state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { closePages, openPage, useBrowser } from '../helpers/browser.js';
import { workerRows, charts } from './page-state.js';
import { Dashboard } from '../../src/dashboard/index.js';

// one chromium for the file's page checks (a launch costs ~3.5 s of CPU)
const sharedBrowser = useBrowser();

test('remote workers: host, pid, memory now and peak, running task, heartbeat, Slurm job id and state', async () => {
  const dash = await Dashboard.start({ serve: false, title: 'remote' });
  const rec = dash.recorder;
  rec.runStart({ kinds: { load: 2 }, scheduler: 'redis', nWorkers: 2 });
  rec.worker({ slot: 0, host: 'node-a', pid: 4242, rssBytes: 300 * 2 ** 20, slurmJobId: '7781', slurmState: 'RUNNING' });
  rec.worker({ slot: 0, host: 'node-b', pid: 4242, rssBytes: 100 * 2 ** 20, task: 'load-1' });
  rec.batchSent(['load-0'], 64);
  rec.worker({ slot: 0, host: 'node-a', task: 'load-0', rssBytes: 200 * 2 ** 20 });
  rec.batchDone({ slot: 0, host: 'node-a', pid: 4242 }, ['load-0'], [['load-0', 5]], 1, 32);
  rec.runEnd();
  const s = dash.state();
  const byHost = Object.fromEntries(s.workers.map((w) => [w.host, w]));
  assert.deepEqual(
    { pid: byHost['node-a']!.pid, rss: byHost['node-a']!.rssBytes, peak: byHost['node-a']!.peakRssBytes, task: byHost['node-a']!.task, job: byHost['node-a']!.slurmJobId, state: byHost['node-a']!.slurmState },
    { pid: 4242, rss: 200 * 2 ** 20, peak: 300 * 2 ** 20, task: 'load-0', job: '7781', state: 'RUNNING' },
  );
  assert.equal(byHost['node-b']!.task, 'load-1');
  // the run's memory counts the remote workers' too
  assert.ok(s.memory.at(-1)![1] >= 300 * 2 ** 20, String(s.memory.at(-1)));
  assert.deepEqual(s.kinds['load'], { total: 2, running: 0, done: 1, failed: 0, upToDate: 0 });

  const file = await dash.writeReport(join(tempDir('ssdp-remote-'), 'r.html'));
  await dash.close();
  const browser = sharedBrowser();
  try {
    const { page, errors } = await openPage(browser, pathToFileURL(file).href);
    const rows = await workerRows(page);
    const a = rows.find((r) => r[1] === 'node-a')!;
    assert.deepEqual([a[2], a[3], a[4], a[6], a[8], a[9]], ['4242', '200.0 MiB', '300.0 MiB', 'load-0', '7781', 'RUNNING']);
    assert.match(a[7]!, /^at [\d.]+ m?s into the run$/, 'a saved report says when the worker was last seen, not how long ago');
    assert.equal(rows.find((r) => r[1] === 'node-b')![6], 'load-1');
    assert.equal((await charts(page))['stream']!.items, 1);
    assert.deepEqual(errors, []);
  } finally {
    await closePages(browser);
  }
});

test("Slurm's view of worker jobs: a job whose worker has not answered has a row of its own, replaced by its worker's; a job squeue stopped listing shows ENDED", async () => {
  const dash = await Dashboard.start({ serve: false, title: 'slurm' });
  const rec = dash.recorder;
  const job = (jobId: string, state: string, node = '', reason = 'None') => ({ jobId, arrayJobId: jobId.split('_')[0]!, state, node, reason });
  rec.slurmJobs([job('90_0', 'RUNNING', 'n1'), job('90_1', 'PENDING', '', 'Resources')]);
  const rows = () => dash.state().workers.map((w) => [w.slot, w.host, w.task, w.slurmJobId, w.slurmState]);
  assert.deepEqual(rows(), [
    [-1, 'n1', 'not answering yet', '90_0', 'RUNNING'],
    [-1, '', 'not answering yet (Resources)', '90_1', 'PENDING'],
  ]);
  // the worker of 90_0 answers: its own row takes the job's state, the job's row goes
  rec.worker({ slot: 0, host: 'n1', pid: 77, slurmJobId: '90_0', task: '' });
  assert.deepEqual(rows(), [
    [-1, '', 'not answering yet (Resources)', '90_1', 'PENDING'],
    [0, 'n1', '', '90_0', 'RUNNING'],
  ]);
  rec.slurmJobs([job('90_1', 'RUNNING', 'n2')]);
  assert.deepEqual(rows(), [
    [0, 'n1', '', '90_0', 'ENDED'],
    [-1, 'n2', 'not answering yet', '90_1', 'RUNNING'],
  ]);

  const file = await dash.writeReport(join(tempDir('ssdp-slurm-rows-'), 'r.html'));
  await dash.close();
  const browser = sharedBrowser();
  try {
    const { page, errors } = await openPage(browser, pathToFileURL(file).href);
    const shown = await workerRows(page);
    const pending = shown.find((r) => r[8] === '90_1')!;
    assert.deepEqual([pending[0], pending[6], pending[7], pending[9]], ['', 'not answering yet', '', 'RUNNING']);
    assert.equal(shown.find((r) => r[8] === '90_0')![9], 'ENDED');
    assert.deepEqual(errors, []);
  } finally {
    await closePages(browser);
  }
});
