import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { closePages, openPage, useBrowser } from '../helpers/browser.js';
import { charts, connected, growingSnapshots, shown, workerRows } from './page-state.js';

// one chromium for the file's page checks (a launch costs ~3.5 s of CPU)
const sharedBrowser = useBrowser();

const WORKFLOW = `
params: { pause: "0.5", n: "16", gate: "" }
tasks:
  nap:
    foreach: { i: "range(0, \${n})" }
    # with a gate, steps start once that file exists (the page is watching by then, however loaded the machine)
    cmd: "while [ -n '\${gate}' ] && [ ! -e '\${gate}' ]; do sleep 0.05; done; sleep \${pause}; echo nap-\${i} >> log.txt"
  all:
    depends_on: [nap]
    cmd: "echo all >> log.txt"
  broken:
    cmd: "echo 'the gauge is frozen' >&2; exit 3"
`;

function project(): string {
  const dir = tempDir('ssdp-dash-wf-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  return dir;
}

const REPORT = (dir: string) => join(dir, '.ssdp', 'performance-report.html');
const ran = (dir: string) => (existsSync(join(dir, 'log.txt')) ? readFileSync(join(dir, 'log.txt'), 'utf8').trim().split('\n') : []);

test('ssdp run --dashboard: the page grows while the workflow runs; afterwards its report opens from disk with every chart', async () => {
  const dir = project();
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'all', '-j', '2', '--dashboard', '--dashboard-port', '0', '--param', 'gate=go'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const browser = sharedBrowser();
  try {
    await until(() => /dashboard: http:\/\/127\.0\.0\.1:\d+\//.test(stderr) || child.exitCode !== null, 'the dashboard line');
    const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)![1]!;
    const { page, errors } = await openPage(browser, url);
    await connected(page);
    writeFileSync(join(dir, 'go'), '');
    const [, second] = await growingSnapshots(page, dir);
    assert.equal(second.total, 17);
    assert.deepEqual(errors, []);

    assert.equal(await exited, 0, stderr);
    assert.equal(ran(dir).length, 17);
    assert.match(stderr, /performance report: \.ssdp\/performance-report\.html/);
    const r = await openPage(browser, pathToFileURL(REPORT(dir)).href);
    await r.page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    for (const [id, c] of Object.entries(await charts(r.page))) assert.ok(c.items > 0 && c.inked, `${id} drawn in the report: ${JSON.stringify(c)}`);
    const fromDisk = await shown(r.page);
    assert.deepEqual([fromDisk.done, fromDisk.total, fromDisk.status], [17, 17, 'done']);
    assert.match(await r.page.locator('#progress').innerText(), /nap[\s\S]*done 16/);
    assert.deepEqual(r.errors, []);
  } finally {
    await closePages(browser);
    child.kill();
  }
});

test('every ssdp run leaves a report, also a failed one, showing the failing step and its message', async () => {
  const dir = project();
  const r = runCli(['run', 'broken'], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stderr, /dashboard:|performance report:/, 'nothing is served or announced without --dashboard');
  assert.ok(existsSync(REPORT(dir)));
  const browser = sharedBrowser();
  try {
    const { page, errors } = await openPage(browser, pathToFileURL(REPORT(dir)).href);
    const s = await shown(page);
    assert.equal(s.status, 'failed');
    assert.equal(s.failures.length, 1);
    assert.match(s.failures[0]!, /exited with code 3[\s\S]*the gauge is frozen/);
    assert.match(await page.locator('#failures .key').innerText(), /^broken/);
    // the worker was busy with the failing step: it has its bar (drawn as failed) and its time
    assert.equal(s.failedBars, 1);
    assert.equal(s.bars, 1);
    assert.deepEqual(s.timedKinds, ['broken']);
    // live-only text stays out of a report opened later: a worker was last seen at a time in the run
    const rows = await workerRows(page);
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(row[7]!, /^at \d+(\.\d+)? m?s into the run$/, row.join(' | '));
    assert.doesNotMatch(await page.locator('body').innerText(), / ago\b/);
    assert.deepEqual(errors, []);
  } finally {
    await closePages(browser);
  }
});

function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

test('--dashboard-port on a port in use stops before any step runs, with a clear error', async () => {
  const dir = project();
  const busy = (await hold(0))!;
  const port = (busy.address() as { port: number }).port;
  try {
    const r = runCli(['run', 'all', '--dashboard-port', String(port), '--param', 'n=2', '--param', 'pause=0'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_DASHBOARD_PORT.*127\\.0\\.0\\.1:${port}.*in use`));
    assert.match(r.stderr, /hint: .*--dashboard-port/);
    assert.deepEqual(ran(dir), []);
  } finally {
    busy.close();
  }
});

test('without a port, a taken 8787 moves the dashboard to a free one; over SSH the line says how to tunnel', async () => {
  const dir = project();
  const held = await hold(8787); // undefined when something else already has it: taken either way
  try {
    const r = runCli(['run', 'all', '--dashboard', '--param', 'n=1', '--param', 'pause=0'], { cwd: dir, env: { ...process.env, SSH_CONNECTION: '192.0.2.7 50000 192.0.2.1 22', USER: 'ada' } });
    assert.equal(r.status, 0, r.stderr);
    const port = Number(/dashboard: http:\/\/127\.0\.0\.1:(\d+)\//.exec(r.stderr)?.[1]);
    assert.ok(port > 0 && port !== 8787, r.stderr);
    assert.match(r.stderr, new RegExp(`ssh -L ${port}:127\\.0\\.0\\.1:${port} ada@192\\.0\\.2\\.1`));
  } finally {
    held?.close();
  }
});

test('--dashboard-port takes a plain decimal whole number from 0 to 65535, checked before anything runs (exit 2)', () => {
  const dir = project();
  // only plain decimal: a leading space or zero (0080, octal to some tools) is refused too
  for (const bad of ['1e3', '0x1F90', '-1', '70000', '80.5', ' 9000', '9000 ', '0080', '00']) {
    const r = runCli(['run', 'all', `--dashboard-port=${bad}`, '--param', 'n=1', '--param', 'pause=0'], { cwd: dir });
    assert.equal(r.status, 2, `${bad}: ${r.stderr}`);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE.*--dashboard-port takes a whole number from 1 to 65535 \(0: any free port\)/, bad);
    assert.doesNotMatch(r.stderr, /running/);
  }
  assert.deepEqual(ran(dir), []);
});

test('--dashboard-port given twice, or with --dashboard=false / --no-dashboard, is refused before anything runs (exit 2)', () => {
  const dir = project();
  const cases: Array<[string[], RegExp]> = [
    [['--dashboard-port', '9130', '--dashboard-port', '9131'], /--dashboard-port is given twice \(9130, then 9131\): give it once/],
    [['--dashboard-port', '0', '--dashboard=false'], /--dashboard-port asks for the dashboard, and --dashboard=false \(or --no-dashboard\) for none/],
    [['--no-dashboard', '--dashboard-port=0'], /--dashboard-port asks for the dashboard/],
  ];
  for (const [opts, why] of cases) {
    const r = runCli(['run', 'all', '--force', ...opts, '--param', 'n=1', '--param', 'pause=0'], { cwd: dir });
    assert.equal(r.status, 2, `${opts.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE/);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /running|dashboard: http/);
  }
  assert.deepEqual(ran(dir), []);
  assert.ok(!existsSync(REPORT(dir)));
});

test('a run with nothing to run serves no page and keeps the last report (it describes the outputs); with --dashboard it says so', () => {
  const dir = tempDir('ssdp-dash-uptodate-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  make:\n    foreach: { i: "range(0, 2)" }\n    cmd: "echo ${i} > out-${i}.txt"\n    outputs: ["out-${i}.txt"]\n');
  const first = runCli(['run', 'make'], { cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  const report = readFileSync(REPORT(dir), 'utf8');
  assert.match(report, /"done":2/);

  const again = runCli(['run', 'make', '--dashboard'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /all 2 steps are up to date/);
  assert.match(again.stderr, /dashboard: not started, nothing to run; the report of the last run that ran steps stays in \.ssdp\/performance-report\.html/);
  assert.doesNotMatch(again.stderr, /dashboard: http/);
  assert.equal(readFileSync(REPORT(dir), 'utf8'), report, 'the last report is kept as it was');

  // the same outputs, not written by ssdp (no .ssdp): found as data, nothing runs, no report
  const copy = tempDir('ssdp-dash-data-');
  for (const f of ['ssdp.yaml', 'out-0.txt', 'out-1.txt']) writeFileSync(join(copy, f), readFileSync(join(dir, f)));
  const data = runCli(['run', 'make', '--dashboard-port', '0'], { cwd: copy });
  assert.equal(data.status, 0, data.stderr);
  assert.match(data.stderr, /dashboard: not started, nothing to run; no report is written \(no run of this workflow has run a step yet\)/);
  assert.ok(!existsSync(REPORT(copy)));
});

test("the memory of the run and of its worker include the step's own processes (a command the step starts)", () => {
  const dir = tempDir('ssdp-dash-mem-');
  // 300 MiB held by python, a child of the worker's shell, for 4 s (several samples)
  writeFileSync(join(dir, 'ssdp.yaml'), `tasks:\n  big:\n    cmd: "python3 -c 'import time; x = b\\"1\\" * (300 * 2**20); time.sleep(4)'; echo done > big.txt"\n    outputs: [big.txt]\n`);
  const r = runCli(['run', 'big', '-j', '1'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const state = JSON.parse(/var SSDP_DATA = (.*);<\/script>/.exec(readFileSync(REPORT(dir), 'utf8'))![1]!) as { memory: [number, number][]; workers: { pid: number; peakRssBytes: number }[] };
  const MiB = 2 ** 20;
  const peak = Math.max(...state.memory.map((p) => p[1]));
  assert.ok(peak >= 300 * MiB, `peak memory of the run ${(peak / MiB).toFixed(0)} MiB`);
  const worker = state.workers.find((w) => w.pid !== null && w.peakRssBytes >= 300 * MiB);
  assert.ok(worker, `worker peaks: ${state.workers.map((w) => (w.peakRssBytes / MiB).toFixed(0)).join(', ')} MiB`);
});

test('ssdp run -n ENV CMD has no dashboard: --dashboard and --dashboard-port are refused (exit 2), the command is not run', () => {
  const dir = tempDir('ssdp-dash-envrun-');
  for (const opts of [['--dashboard'], ['--dashboard-port', '9000'], ['--no-dashboard']]) {
    const r = runCli(['run', '-n', 'some-env', ...opts, '--', 'node', '-e', "require('fs').writeFileSync('ran.txt', '')"], { cwd: dir, env: { ...process.env, SSDP_ROOT: join(dir, 'root') } });
    assert.equal(r.status, 2, `${opts.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`E_BAD_ARGS.*${opts[0]!.replace('no-', '')} is an option of workflow runs, not of ssdp run -n/-p`));
    assert.ok(!existsSync(join(dir, 'ran.txt')));
  }
});

test('--json: the result names the dashboard address and the report written (null when there is none)', () => {
  const dir = project();
  const served = runCli(['run', 'all', '--json', '--dashboard-port', '0', '--param', 'n=1', '--param', 'pause=0'], { cwd: dir });
  assert.equal(served.status, 0, served.stderr);
  const out = JSON.parse(served.stdout) as { dashboard: string | null; report: string | null };
  assert.match(out.dashboard!, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(out.report, REPORT(dir));
  assert.ok(existsSync(out.report!));
  const plain = JSON.parse(runCli(['run', 'all', '--json', '--force', '--param', 'n=1', '--param', 'pause=0'], { cwd: dir }).stdout) as { dashboard: string | null; report: string | null };
  assert.deepEqual([plain.dashboard, plain.report], [null, REPORT(dir)]);
});
