import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { tempDir } from '../helpers/cli.js';
import { launch, openPage } from '../helpers/browser.js';
import { charts, connected, failureShown, growingSnapshots, shown, workerRows } from './page-state.js';
import { createServer } from 'node:net';
import { Client, delayed } from '../../src/graph/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/dash-client.js', import.meta.url));

test('a Client dashboard shows progress and the task stream growing live, then a failure, then opens as a report from disk', async () => {
  const dir = tempDir('ssdp-dash-client-');
  const reportFile = join(dir, 'report.html');
  const child = spawn(process.execPath, [FIXTURE, reportFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const said: Record<string, unknown>[] = [];
  const next = async (field: string): Promise<unknown> => {
    for (;;) {
      const hit = said.find((o) => field in o);
      if (hit) return hit[field];
      if (child.exitCode !== null) throw new Error(`fixture exited before saying ${field}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  createInterface({ input: child.stdout }).on('line', (l) => said.push(JSON.parse(l) as Record<string, unknown>));
  const browser = await launch();
  try {
    const url = (await next('url')) as string;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(stderr, new RegExp(`dashboard: ${url.replace(/[.]/g, '\\.')}`));
    const { page, errors } = await openPage(browser, url);
    await connected(page);
    child.stdin.write('go\n');

    // two snapshots while the first compute runs: both the progress and the task stream grew
    await growingSnapshots(page, dir);
    assert.deepEqual(errors, []);

    // the failing task of the second compute appears with its message
    assert.match((await next('failed')) as string, /gauge is frozen/);
    await failureShown(page);
    const failed = await shown(page);
    await page.screenshot({ path: join(dir, 'live-failed.png') });
    assert.deepEqual(failed.failures, ['RangeError: cannot take sensor reading 7: the gauge is frozen']);
    assert.equal(failed.failedBars, 1, 'the failing task has its bar in the live stream');
    assert.ok(failed.timedKinds.includes('explode'), `time in tasks: ${failed.timedKinds.join(', ')}`);
    assert.match(await page.locator('#failures .stack').innerText(), /at explode/);
    // two worker processes, each with its own pid and memory
    const rows = await workerRows(page);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.match(row[2]!, /^\d+$/);
      assert.notEqual(Number(row[2]), child.pid);
      assert.match(row[3]!, /MiB$/);
    }
    assert.deepEqual(errors, []);

    // the report: written while the client is open, opened from disk, every chart drawn
    assert.equal(await next('report'), reportFile);
    const html = readFileSync(reportFile, 'utf8');
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet/, 'the report loads nothing from elsewhere');
    const r = await openPage(browser, pathToFileURL(reportFile).href);
    await r.page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    const drawn = await charts(r.page);
    for (const [id, c] of Object.entries(drawn)) assert.ok(c.items > 0 && c.inked, `${id} drawn in the report: ${JSON.stringify(c)}`);
    const fromDisk = await shown(r.page);
    assert.equal(fromDisk.done, 29);
    assert.deepEqual(fromDisk.failures, failed.failures);
    assert.equal(fromDisk.failedBars, 1);
    assert.equal(fromDisk.bars, failed.bars);
    assert.ok(fromDisk.timedKinds.includes('explode'));
    // one compute of two failed: the session is not labelled failed as a whole
    assert.equal(fromDisk.status, '1 of 2 computes failed');
    assert.match(await r.page.locator('#summary').innerText(), /tasks\s+29 done of 30, 1 failed \(2 computes, 1 failed\)/);
    // a report opened later says when each worker was last seen, not how long ago
    for (const row of await workerRows(r.page)) assert.match(row[7]!, /^at \d+(\.\d+)? m?s into the run$/, row.join(' | '));
    assert.doesNotMatch(await r.page.locator('body').innerText(), / ago\b/);
    assert.deepEqual(r.errors, []);
  } finally {
    await browser.close();
    child.stdin.end();
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.on('exit', r)));
  }
  assert.equal(child.exitCode, 0, stderr);
  assert.ok(existsSync(join(dir, 'live-2.png')));
});

test('performanceReport on a Client without a dashboard says how to get one', async () => {
  const client = new Client({ scheduler: 'sync' });
  try {
    await assert.rejects(client.performanceReport(join(tempDir(), 'r.html')), (e: Error & { code?: string; hint?: string }) => e.code === 'E_NO_DASHBOARD' && /dashboard: true/.test(e.hint ?? ''));
  } finally {
    await client.close();
  }
});

export function addUp(a: number, b: number): number {
  return a + b;
}

test('a Client dashboard port: bad values are refused by the constructor; a taken one fails the first compute, and the report is still written', async () => {
  // a typo or a value that is not an option object is refused too, not served on the default port
  const refused = (why: RegExp) => (e: Error & { code?: string; hint?: string }) => e.code === 'E_COMPUTE_OPTION' && why.test(e.message) && /keys: serve, port, title, kindOf/.test(e.hint ?? '');
  assert.throws(() => new Client({ scheduler: 'sync', dashboard: { prot: 9000 } as never }), refused(/unknown dashboard option 'prot' \(did you mean 'port'\?\)/));
  assert.throws(() => new Client({ scheduler: 'sync', dashboard: 'yes' as never }), refused(/dashboard takes true, false or an object, not "yes"/));
  assert.throws(() => new Client({ scheduler: 'sync', dashboard: { serve: 'no' } as never }), refused(/dashboard\.serve takes a boolean, not "no"/));
  for (const port of ['abc', -5, 70000, 80.5]) {
    assert.throws(() => new Client({ scheduler: 'sync', dashboard: { port: port as number } }), (e: Error & { code?: string; hint?: string }) => e.code === 'E_DASHBOARD_PORT' && /1 to 65535/.test(e.hint ?? ''), String(port));
  }
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  const client = new Client({ scheduler: 'sync', dashboard: { port } });
  const file = join(tempDir(), 'r.html');
  try {
    await assert.rejects(delayed(addUp)(1, 2).compute(), (e: Error & { code?: string }) => e.code === 'E_DASHBOARD_PORT' && e.message.includes(String(port)));
    await assert.rejects(client.compute(delayed(addUp)(1, 2)), (e: Error & { code?: string }) => e.code === 'E_DASHBOARD_PORT');
    assert.equal(await client.performanceReport(file), file);
    assert.match(readFileSync(file, 'utf8'), /<html/i);
  } finally {
    await client.close();
    busy.close();
  }
});

test('performanceReport to a folder, an empty name or an unwritable place: a coded error naming the path, no temp file left', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'existing dir'));
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  chmodSync(ro, 0o500);
  const client = new Client({ scheduler: 'sync', dashboard: { serve: false } });
  const cwd = process.cwd();
  process.chdir(join(dir, 'existing dir'));
  try {
    for (const bad of [join(dir, 'existing dir'), '', '.', '/proc/x.html', ...(process.getuid?.() === 0 ? [] : [join(ro, 'r.html')])]) {
      await assert.rejects(client.performanceReport(bad), (e: Error & { code?: string; hint?: string }) => e.code === 'E_REPORT_PATH' && e.message.includes(JSON.stringify(bad)) && !/ssdp-tmp/.test(e.message) && /html/.test(e.hint ?? ''), JSON.stringify(bad));
    }
    assert.deepEqual(readdirSync(dir).sort(), ['existing dir', 'ro']);
    assert.deepEqual(readdirSync(join(dir, 'existing dir')), []);
  } finally {
    process.chdir(cwd);
    chmodSync(ro, 0o700);
    await client.close();
  }
});

test('recording for the report is sampled, not a point per batch: a run of 3000 small tasks keeps one data-moved point per memory sample at most', async () => {
  const client = new Client({ scheduler: 'processes', nWorkers: 2, dashboard: { serve: false } });
  const file = join(tempDir(), 'r.html');
  try {
    const add = delayed(addUp);
    const parts = Array.from({ length: 3000 }, (_, i) => add(i, 1));
    const sums = Array.from({ length: 30 }, (_, g) => delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0))(parts.slice(g * 100, g * 100 + 100)));
    const [total] = (await client.compute(delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0))(sums))) as [number];
    assert.equal(total, (3000 * 2999) / 2 + 3000);
    await client.performanceReport(file);
    const state = JSON.parse(/var SSDP_DATA = (.*);<\/script>/.exec(readFileSync(file, 'utf8'))![1]!) as { tasks: unknown[]; moved: [number, number, number][]; memory: unknown[] };
    assert.equal(state.tasks.length, 3031, 'every task has its bar');
    assert.ok(state.moved.length >= 1 && state.moved.length <= state.memory.length, `${state.moved.length} moved points, ${state.memory.length} memory samples`);
    assert.ok(state.moved.at(-1)![1] > 0 && state.moved.at(-1)![2] > 0, 'the last point has all the bytes moved');
  } finally {
    await client.close();
  }
});

test('a kindOf that throws or returns no string fails the compute with E_DASHBOARD_KIND_OF naming kindOf; the report says so', async () => {
  const cases: Array<[(key: string) => unknown, RegExp]> = [
    [() => { throw new Error('no kind for you'); }, /kindOf\(".+"\) threw: no kind for you/],
    [() => 42, /kindOf\(".+"\) returned 42 \(number\), not a string/],
    [() => null, /kindOf\(".+"\) returned null \(null\), not a string/],
  ];
  for (const [kindOf, why] of cases) {
    const client = new Client({ scheduler: 'sync', dashboard: { serve: false, kindOf: kindOf as (key: string) => string } });
    try {
      await assert.rejects(client.compute(delayed(addUp)(1, 2)), (e: Error & { code?: string; hint?: string }) => e.code === 'E_DASHBOARD_KIND_OF' && why.test(e.message) && /kindOf/.test(e.hint ?? ''));
      const file = await client.performanceReport(join(tempDir('ssdp-kindof-'), 'r.html'));
      const state = JSON.parse(/var SSDP_DATA = (.*);<\/script>/.exec(readFileSync(file, 'utf8'))![1]!) as { run: { status: string; error: string } };
      assert.equal(state.run.status, 'failed');
      assert.match(state.run.error, why);
    } finally {
      await client.close();
    }
  }
});
