/**
 * Runs that do not end on their own still leave a performance report: one killed outright
 * (kill -9) leaves the report it last wrote mid-run, which the next run keeps aside; one stopped
 * with Ctrl-C writes its final report before it exits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { closePages, openPage, useBrowser } from '../helpers/browser.js';
import { charts, shown } from './page-state.js';
import type { DashState } from '../../src/dashboard/index.js';

// one chromium for the file's page checks (a launch costs ~3.5 s of CPU)
const sharedBrowser = useBrowser();

// A step naps while the file "slow" exists (start() makes it): long enough for a run to be caught
// mid-way; a run after that, which only has to finish, has the file taken away and does not wait.
const WORKFLOW = `
tasks:
  nap:
    foreach: { i: "range(0, 60)" }
    cmd: "[ ! -e slow ] || sleep 0.3; echo nap-\${i} >> log.txt"
  all:
    depends_on: [nap]
    cmd: "echo all >> log.txt"
`;

const REPORT = (dir: string) => join(dir, '.ssdp', 'performance-report.html');
const KEPT = (dir: string) => join(dir, '.ssdp', 'performance-report.unfinished.html');
const ran = (dir: string) => (existsSync(join(dir, 'log.txt')) ? readFileSync(join(dir, 'log.txt'), 'utf8').trim().split('\n') : []);

/** The state a static report carries (null while none is written). */
function reportState(file: string): DashState | null {
  try {
    const m = /var SSDP_DATA = (.*);<\/script>/.exec(readFileSync(file, 'utf8'));
    return m ? (JSON.parse(m[1]!) as DashState) : null;
  } catch {
    return null;
  }
}
const doneIn = (s: DashState | null) => (s ? Object.values(s.kinds).reduce((a, k) => a + k.done, 0) : 0);

/** `ssdp run all` in its own process group, as a shell starts a foreground job. */
function start(dir: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  writeFileSync(join(dir, 'slow'), '');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'all', '-j', '2'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, exited, stderr: () => err };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

test('kill -9 of ssdp run leaves the report it wrote mid-run, shown as unfinished; the next run keeps it aside and writes its own', async () => {
  const dir = tempDir('ssdp-dash-kill-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  const run = start(dir);
  const browser = sharedBrowser();
  try {
    await until(() => doneIn(reportState(REPORT(dir))) >= 2 || run.child.exitCode !== null, 'a report with 2 steps done');
    assert.equal(run.child.exitCode, null, 'the run ended before it could be killed');
    process.kill(run.child.pid!, 'SIGKILL');
    assert.equal((await run.exited).signal, 'SIGKILL');
    killGroup(run.child); // the steps the killed run left running
    const left = readFileSync(REPORT(dir), 'utf8');
    const state = reportState(REPORT(dir))!;
    assert.equal(state.run.status, 'running');
    assert.ok(doneIn(state) >= 2 && doneIn(state) <= ran(dir).length, `${doneIn(state)} done in the report, ${ran(dir).length} in the log`);

    const { page, errors } = await openPage(browser, pathToFileURL(REPORT(dir)).href);
    await page.screenshot({ path: join(dir, 'killed-report.png'), fullPage: true });
    const s = await shown(page);
    assert.equal(s.status, 'unfinished');
    assert.equal(s.done, doneIn(state));
    assert.equal(s.total, 61);
    assert.match(await page.locator('#summary').innerText(), /never wrote its final report/);
    for (const id of ['progress', 'stream', 'memory', 'workers']) {
      const c = (await charts(page))[id]!;
      assert.ok(c.items > 0 && c.inked, `${id} drawn: ${JSON.stringify(c)}`);
    }
    assert.deepEqual(errors, []);

    // resuming: the killed run's report is kept, the new run writes a finished one
    rmSync(join(dir, 'slow'));
    const again = runCli(['run', 'all', '-j', '2'], { cwd: dir });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /stopped before it wrote its final performance report.*\.ssdp\/performance-report\.unfinished\.html/);
    assert.equal(readFileSync(KEPT(dir), 'utf8'), left);
    const after = reportState(REPORT(dir))!;
    assert.equal(after.run.status, 'done');
    assert.equal(ran(dir).at(-1), 'all');

    // a finished report is not kept aside by the run after it
    const third = runCli(['run', 'all'], { cwd: dir });
    assert.equal(third.status, 0, third.stderr);
    assert.doesNotMatch(third.stderr, /final performance report/);
    assert.equal(readFileSync(KEPT(dir), 'utf8'), left);
  } finally {
    await closePages(browser);
    killGroup(run.child);
  }
});

test('Ctrl-C on ssdp run writes its final report before exiting: stopped, with the steps that finished', async () => {
  const dir = tempDir('ssdp-dash-int-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  const run = start(dir);
  const browser = sharedBrowser();
  try {
    await until(() => ran(dir).length >= 3 || run.child.exitCode !== null, '3 steps done');
    // a terminal's Ctrl-C reaches the whole foreground process group
    process.kill(-run.child.pid!, 'SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 130, run.stderr());
    assert.match(run.stderr(), /E_RUN_INTERRUPTED/);
    const state = reportState(REPORT(dir))!;
    assert.equal(state.run.status, 'stopped');
    // a step may have written its line and been stopped before it answered (at most one per worker)
    const done = ran(dir).length;
    assert.ok(doneIn(state) >= done - 2 && doneIn(state) <= done && doneIn(state) > 0, `${doneIn(state)} done in the report, ${done} in the log`);

    const { page, errors } = await openPage(browser, pathToFileURL(REPORT(dir)).href);
    await page.screenshot({ path: join(dir, 'stopped-report.png'), fullPage: true });
    const s = await shown(page);
    assert.equal(s.status, 'stopped');
    assert.equal(s.done, doneIn(state));
    assert.equal((await charts(page))['stream']!.items, doneIn(state));
    assert.deepEqual(errors, []);
  } finally {
    await closePages(browser);
    killGroup(run.child);
  }
});

test('two killed runs in a row: each unfinished report is kept, the second beside the first, not over it', () => {
  const dir = tempDir('ssdp-dash-kill2-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  all:\n    cmd: "echo all >> log.txt"\n');
  // what a run killed mid-way leaves: a report whose head says the run was still going
  const leftBy = (n: number) => `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="generator" content="ssdp performance report">\n<meta name="ssdp-run-status" content="running">\n<title>killed run ${n}</title>\n`;
  const first = runCli(['run', 'all'], { cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  writeFileSync(REPORT(dir), leftBy(1));
  const second = runCli(['run', 'all'], { cwd: dir });
  assert.match(second.stderr, /kept in \.ssdp\/performance-report\.unfinished\.html/);
  writeFileSync(REPORT(dir), leftBy(2));
  const third = runCli(['run', 'all'], { cwd: dir });
  assert.equal(third.status, 0, third.stderr);
  assert.match(third.stderr, /kept in \.ssdp\/performance-report\.unfinished-2\.html/);
  assert.equal(readFileSync(KEPT(dir), 'utf8'), leftBy(1));
  assert.equal(readFileSync(join(dir, '.ssdp', 'performance-report.unfinished-2.html'), 'utf8'), leftBy(2));
  assert.equal(reportState(REPORT(dir))!.run.status, 'done');
  assert.deepEqual(ran(dir), ['all', 'all', 'all']);
});
