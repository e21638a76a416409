/**
 * Blobs (typed arrays and other values that do not travel inline) through a real redis-server
 * and a real `ssdp worker`: they travel in parts, so no single Redis command carries a whole big
 * array (try11t B1: one 100 MB SET stalled the connection and the worker's job locks), and none
 * is left behind when a run ends, also one a worker writes after the run has failed (try11t B1/B5).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compute, delayed, Client, registerModule, shutdownDefaultPools } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { tempDir, until } from '../helpers/cli.js';
import { sharedBroker } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

const fixture = sharedBroker(['--nprocs', '2']);
const tmp = tempDir('ssdp-blobs-test-');

after(async () => {
  await shutdownDefaultPools();
  rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[]): string {
  const u = new URL(fixture.redis.url);
  return execFileSync('redis-cli', ['-h', u.hostname, '-p', u.port, '--user', decodeURIComponent(u.username), '--pass', decodeURIComponent(u.password), '--no-auth-warning', ...args], { encoding: 'utf8' }).trim();
}

const blobKeys = (): string => cli(['--scan', '--pattern', 'ssdp:blob:*']);

/** Peak resident memory of a process so far (Linux /proc), bytes. */
function peakRss(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, `no VmHWM for process ${pid}`);
  return Number(m[1]) * 1024;
}

// First in this file: the worker's peak memory is measured from its start.
test("a 40 MB typed array made on a worker: the worker's main process never holds it (its task process writes the blob)", async () => {
  // The main process holds the job locks and the heartbeat: copying, (de)serializing and sending
  // 100 MB there blocked it for 5-13 s on a loaded machine and the job was failed as stalled
  // (try11t B1). Its peak memory shows whether a copy of the array ever passed through it.
  const before = peakRss(fixture.worker.pid);
  const client = new Client({ broker: fixture.redis.url });
  try {
    // the array is a result of the run too: it travels to the client as a blob
    const a = delayed(tasks.ramp)(5_000_000);
    const [s, arr] = (await compute(delayed(tasks.sumOf)(a), a, { client })) as [number, Float64Array];
    assert.equal(s, tasks.sumOf(tasks.ramp(5_000_000)));
    assert.equal(arr.length, 5_000_000);
  } finally {
    await client.close();
  }
  const grew = peakRss(fixture.worker.pid) - before;
  assert.ok(grew < 20e6, `the worker's main process grew by ${(grew / 1e6).toFixed(1)} MB while a 40 MB array passed`);
});

test('a typed array bigger than what Redis takes in one command travels in parts, equal to the local result', async () => {
  // Redis refuses any single argument over proto-max-bulk-len (512 MB by default; 4 MB here, so
  // the test stays small): a blob sent as one SET fails. Each part is at most 4 MiB.
  cli(['CONFIG', 'SET', 'proto-max-bulk-len', String(4 * 1024 * 1024)]);
  const client = new Client({ broker: fixture.redis.url });
  try {
    const a = delayed(tasks.ramp)(2_500_000); // 20 MB
    const [s, arr] = (await compute(delayed(tasks.sumOf)(a), a, { client })) as [number, Float64Array];
    const local = tasks.ramp(2_500_000);
    assert.equal(s, tasks.sumOf(local));
    assert.ok(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).equals(Buffer.from(local.buffer)), 'the array came back bit for bit');
  } finally {
    await client.close();
    cli(['CONFIG', 'SET', 'proto-max-bulk-len', String(512 * 1024 * 1024)]);
  }
  await until(() => blobKeys() === '', 'the run to delete its blobs');
});

/**
 * Task `a` computes an array while `b` fails the run; `a` returns after the submitter has given
 * up and cleaned up: its result blob reaches nobody and must not stay (24 h in Redis, for ever
 * in a shared folder).
 */
async function failWhileArrayComputes(sharedDir?: string): Promise<void> {
  const dir = join(tmp, `marks-${sharedDir ? 'shared' : 'redis'}`);
  const hold = join(dir, 'hold');
  mkdirSync(dir, { recursive: true });
  writeFileSync(hold, '');
  const client = new Client({ broker: fixture.redis.url, ...(sharedDir ? { sharedDir } : {}) });
  try {
    const a = delayed(tasks.heldRamp)(dir, hold, 100_000);
    const b = delayed(tasks.failAfterStart)(dir);
    await assert.rejects(compute(a, b, { client }), /fails on purpose/);
  } finally {
    await client.close();
  }
  rmSync(hold);
  // the worker either stops the task (the run is over: 574a293) or finishes it and drops its blob
  await until(() => cli(['LLEN', 'ssdp:tasks:active']) === '0', 'the worker to be done with the job');
}

test("a run that fails while a worker still computes a typed array: the array's late blob is deleted from Redis", async () => {
  await failWhileArrayComputes();
  assert.equal(blobKeys(), '', 'blobs left in Redis');
});

test("the same with a shared folder: the run's blob folder is gone afterwards", async () => {
  const shared = join(tmp, 'shared');
  mkdirSync(shared);
  await failWhileArrayComputes(shared);
  const left = existsSync(join(shared, 'ssdp-blobs')) ? readdirSync(join(shared, 'ssdp-blobs'), { recursive: true }) : [];
  assert.deepEqual(left, [], 'blob files left in the shared folder');
});
