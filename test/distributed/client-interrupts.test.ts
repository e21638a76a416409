/**
 * Breaks of the broker scale-out found by tester try11v (session 15), each with a real
 * redis-server and a real `ssdp worker`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compute, delayed, Client, registerModule, sleepSync } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { tempDir, until } from '../helpers/cli.js';
import { sharedBroker } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

const fixture = sharedBroker(['--nprocs', '2']);

/** Peak resident memory of a process so far (Linux /proc), bytes. */
function peakRss(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, `no VmHWM for process ${pid}`);
  return Number(m[1]) * 1024;
}

// First in this file: the worker's peak memory is measured from its start.
test("D2: a 40 MB array the submitter passes as a task's argument never goes through the worker's main process, nor does a big plain JS array", async () => {
  // Inside the batch it did: the main process, which renews the job locks, decoded 100 MB and
  // posted it to its task process, and lost the job's lock each time (E_WORKER_DIED after six
  // attempts). Its peak memory shows whether a copy of the array passed through it.
  const before = peakRss(fixture.worker.pid);
  const local = tasks.ramp(5_000_000);
  const client = new Client({ broker: fixture.redis.url });
  try {
    // the same array twice in one task: one blob, and the task sees one array
    const [s, same] = (await compute(delayed(tasks.sumOf)(local), delayed((a: Float64Array, b: Float64Array) => a === b && a.length)([local, local][0], local), { client })) as [number, number];
    assert.equal(s, tasks.sumOf(local));
    assert.equal(same, 5_000_000);
    // a plain JS array (not typed) of 4,000,000 numbers, ~36 MB serialized, and one inside a plain object: blobs too (they travelled inside the batch)
    const plain = Array.from(tasks.ramp(4_000_000));
    const [p, q] = (await compute(delayed(tasks.sumOf)(plain), delayed((o: { rows: number[] }) => o.rows.length)({ rows: plain.slice(0, 3_000_000) }), { client })) as [number, number];
    assert.equal(p, tasks.sumOf(plain as unknown as Float64Array));
    assert.equal(q, 3_000_000);
  } finally {
    await client.close();
  }
  const grew = peakRss(fixture.worker.pid) - before;
  assert.ok(grew < 20e6, `the worker's main process grew by ${(grew / 1e6).toFixed(1)} MB while a 40 MB typed and a 36 MB plain argument passed`);
});


function cli(args: string[]): string {
  const u = new URL(fixture.redis.url);
  return execFileSync('redis-cli', ['-h', u.hostname, '-p', u.port, '--user', decodeURIComponent(u.username), '--pass', decodeURIComponent(u.password), '--no-auth-warning', ...args], { encoding: 'utf8' }).trim();
}
const keysLike = (pattern: string): string[] => cli(['--scan', '--pattern', pattern]).split('\n').filter(Boolean);

const DIST_INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));

/** A Client({ broker }) script in dir whose one task takes a 96 MB argument: its upload takes a while. */
function writeUploadScript(dir: string): void {
  writeFileSync(join(dir, 'tasks.mjs'), 'export function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }\n');
  writeFileSync(
    join(dir, 'script.mjs'),
    `import { Client, compute, delayed } from ${JSON.stringify(DIST_INDEX)};
import { sum } from './tasks.mjs';
const client = new Client({ broker: process.env.URL });
const local = new Float64Array(12_000_000).fill(0.5);
console.log(await compute(delayed(sum)(local), { client }));
`,
  );
}

test('D3: Ctrl-C of a Client({ broker }) script while it uploads a 96 MB argument leaves no part of it in Redis', async () => {
  // The run's clean-up deleted the blob while part writes were still on their way; they made the
  // key again, and only the first part had set a TTL: 4-8 MB kept for good, each time.
  const dir = tempDir('ssdp-d3-');
  writeUploadScript(dir);
  const before = new Set(keysLike('ssdp:blob:*'));
  const script = spawn(process.execPath, ['script.mjs'], { cwd: dir, env: { ...process.env, URL: fixture.redis.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  script.stdout!.on('data', (d) => (out += d));
  script.stderr!.on('data', (d) => (out += d));
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((r) => script.on('exit', (c, s) => r([c, s])));
  await until(() => keysLike('ssdp:blob:*').some((k) => !before.has(k)), 'the upload to start');
  script.kill('SIGINT');
  assert.deepEqual(await ended, [null, 'SIGINT'], out);
  const left = keysLike('ssdp:blob:*').filter((k) => !before.has(k));
  assert.deepEqual(left.map((k) => `${k} ttl=${cli(['ttl', k])}`), []);
  rmSync(dir, { recursive: true, force: true });
});

test('D4: kill -9 of a Client({ broker }) script while it uploads its input: a worker removes the partial blob and the run record once the heartbeat lapses', async () => {
  // Workers watched only the runs whose batches they took: a run killed before its first batch
  // was queued kept its record and its partial blob for 24 h.
  const dir = tempDir('ssdp-d4-');
  writeUploadScript(dir);
  const records = (): string[] => keysLike('ssdp:run:*').filter((k) => /^ssdp:run:[^:]+$/.test(k));
  const before = new Set([...keysLike('ssdp:blob:*'), ...records()]);
  // its heartbeat lives 3 s (SSDP_RUN_HEARTBEAT_TTL_MS) rather than 8: it lapses sooner after the kill
  const script = spawn(process.execPath, ['script.mjs'], { cwd: dir, env: { ...process.env, URL: fixture.redis.url, SSDP_RUN_HEARTBEAT_TTL_MS: '3000' }, stdio: 'ignore' });
  const ended = new Promise<void>((r) => script.on('exit', () => r()));
  await until(() => keysLike('ssdp:blob:*').some((k) => !before.has(k)), 'the upload to start');
  script.kill('SIGKILL');
  await ended;
  const run = records().find((k) => !before.has(k));
  assert.ok(run, 'the killed run left its record');
  await until(() => !keysLike('ssdp:*').some((k) => !before.has(k) && (k === run || k.startsWith('ssdp:blob:'))), 'a worker to remove the killed run\'s record and blob');
  assert.match(cli(['get', `${run}:dropped`]), /saw it lapse/);
  rmSync(dir, { recursive: true, force: true });
});

test('D1: a submitter whose main thread is busy with its own synchronous work for longer than the heartbeat TTL keeps its run', async () => {
  // The heartbeat was a timer on the main thread: 8 s of synchronous work (building the next
  // input, a long GC) let it lapse, and the workers dropped the run with its finished results
  // (E_RUN_DROPPED). A thread of its own renews it now. The heartbeat lives 4 s here, as a user
  // sets it (SSDP_RUN_HEARTBEAT_TTL_MS, read by the Client's heartbeat thread as it starts and
  // sent to the workers with the run): the busy spell outlasts it by as much as it outlasted the 8 s default.
  const ttl = 4000;
  process.env.SSDP_RUN_HEARTBEAT_TTL_MS = String(ttl);
  const client = new Client({ broker: fixture.redis.url });
  try {
    const marks = tempDir('ssdp-d1-marks-');
    // longer than the busy spell below: the run is still going when a lapse would drop it
    const result = compute([1, 2].map((i) => delayed(tasks.markedSquare)(marks, i, ttl + 8000)), { client });
    await until(() => readdirSync(marks).length > 0, 'a worker to start a task');
    // busy, not stopped: as a submitter preparing its next input, the main thread runs no timer
    // or callback for this long; blocked in sleepSync rather than spinning, so the test does not
    // take a core from the test files running beside it for 8 s (the loop is as stuck either way)
    sleepSync(ttl + 5000);
    assert.deepEqual(await result, [[1, 4]]);
  } finally {
    await client.close();
    delete process.env.SSDP_RUN_HEARTBEAT_TTL_MS;
  }
});
