/**
 * What the report counts: one task-stream row per worker process slot (an `ssdp worker --nprocs 2`
 * is one worker with two rows), and up-to-date steps apart from the tasks of their kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, tempDir } from '../helpers/cli.js';
import { closePages, openPage, useBrowser } from '../helpers/browser.js';
import { startRedis, startWorker } from '../helpers/redis.js';
import { kindTimes, summary, workerRows } from './page-state.js';
import type { DashState } from '../../src/dashboard/index.js';

// one chromium for the file's page checks (a launch costs ~3.5 s of CPU)
const sharedBrowser = useBrowser();

const REPORT = (dir: string) => join(dir, '.ssdp', 'performance-report.html');
const stateOf = (dir: string) => JSON.parse(/var SSDP_DATA = (.*);<\/script>/.exec(readFileSync(REPORT(dir), 'utf8'))![1]!) as DashState;

async function inReport<T>(dir: string, read: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  const browser = sharedBrowser();
  try {
    const { page, errors } = await openPage(browser, pathToFileURL(REPORT(dir)).href);
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    const out = await read(page);
    assert.deepEqual(errors, []);
    return out;
  } finally {
    await closePages(browser);
  }
}

test('up-to-date steps are counted apart ("up to date"), drawn as no bar, and kept out of their kind\'s mean', async () => {
  const dir = tempDir('ssdp-dash-fresh-');
  // a step sleeps 1 s only once the file "slow" exists: the first run, which only makes the
  // outputs, does not wait; the step the second run runs again does, for a bar of its own length
  writeFileSync(
    join(dir, 'ssdp.yaml'),
    'tasks:\n  step: { foreach: { i: "range(1, 7)" }, cmd: "[ ! -e slow ] || sleep 1; echo ${i} > out-${i}.txt", outputs: ["out-${i}.txt"] }\n  all: { depends_on: [step], cmd: "cat out-*.txt > all.txt", outputs: ["all.txt"] }\n',
  );
  const first = runCli(['run', 'all', '-j', '2'], { cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  rmSync(join(dir, 'all.txt'));
  rmSync(join(dir, 'out-3.txt'));
  writeFileSync(join(dir, 'slow'), '');
  const again = runCli(['run', 'all', '-j', '2'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /2 ran, 5 up to date/);

  const s = stateOf(dir);
  assert.deepEqual(s.kinds['step'], { total: 1, running: 0, done: 1, failed: 0, upToDate: 5 });
  assert.deepEqual(s.kinds['all'], { total: 1, running: 0, done: 1, failed: 0, upToDate: 0 });
  assert.deepEqual(s.tasks.map((t) => t[4]).sort(), ['all', 'step[3]'], 'a bar for each step that ran, none for the up-to-date ones');
  const stepBar = s.tasks.find((t) => t[4] === 'step[3]')!;
  assert.ok(stepBar[3] - stepBar[2] >= 900, `the step that ran slept 1 s: its bar is ${stepBar[3] - stepBar[2]} ms`);

  const { shown, times } = await inReport(dir, async (page) => ({ shown: await summary(page), times: await kindTimes(page) }));
  assert.match(shown['tasks']!, /^2 done of 2; 5 up to date \(not run\)$/);
  // one step task, whose mean is its own time (about 1 s), not spread over the 5 up-to-date ones
  assert.equal(times['step']![0], '1');
  assert.match(times['step']![2]!, /^[1-9]\.\d+ s$/);
});

test('an ssdp worker serving 2 processes has a task-stream row per process; the summary says 1 worker (2 processes)', async () => {
  const redis = await startRedis();
  const worker = await startWorker(redis.url, ['--nprocs', '2']);
  try {
    const dir = tempDir('ssdp-dash-nprocs-');
    writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  m: { foreach: { i: "range(1, 7)" }, cmd: "sleep 1; echo ${i} > o-${i}.txt", outputs: ["o-${i}.txt"] }\n');
    const r = runCli(['run', 'm', '--broker', redis.url], { cwd: dir });
    assert.equal(r.status, 0, r.stderr + worker.output());

    const s = stateOf(dir);
    const rows = s.workers.filter((w) => w.slot >= 0);
    assert.equal(rows.length, 2, JSON.stringify(s.workers));
    const id = `${rows[0]!.host}:${worker.pid}`;
    assert.deepEqual(rows.map((w) => [w.worker, w.proc]).sort(), [[id, 0], [id, 1]]);
    assert.notEqual(rows[0]!.pid, rows[1]!.pid, 'each row is its own process');
    assert.deepEqual(new Set(s.tasks.map((t) => t[0])), new Set(rows.map((w) => w.slot)), 'tasks ran on both processes, each on its row');
    assert.deepEqual([s.run.nWorkers, s.run.nSlots], [1, 2]);

    const { shown, table } = await inReport(dir, async (page) => ({ shown: await summary(page), table: await workerRows(page) }));
    assert.equal(shown['scheduler'], 'distributed, 1 worker (2 processes)');
    assert.deepEqual(table.map((row) => row.at(-1)).sort(), [`${id} process 0`, `${id} process 1`]);
  } finally {
    await worker.stop();
    await redis.stop();
  }
});
