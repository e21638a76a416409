/**
 * Breaks of the broker scale-out found by tester try11v (session 15), each with a real
 * redis-server and a real `ssdp worker`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { compute, delayed, Client, registerModule } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { tempDir } from '../helpers/cli.js';
import { startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

let redis: LocalRedis;
let worker: WorkerProcess;
const tmp = tempDir('ssdp-try11v-test-');

before(async () => {
  redis = await startRedis();
  worker = await startWorker(redis.url, ['--nprocs', '2']);
});

after(async () => {
  await worker?.stop();
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Peak resident memory of a process so far (Linux /proc), bytes. */
function peakRss(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, `no VmHWM for process ${pid}`);
  return Number(m[1]) * 1024;
}

// First in this file: the worker's peak memory is measured from its start.
test("D2: a 40 MB array the submitter passes as a task's argument never goes through the worker's main process", async () => {
  // Inside the batch it did: the main process, which renews the job locks, decoded 100 MB and
  // posted it to its task process, and lost the job's lock each time (E_WORKER_DIED after six
  // attempts). Its peak memory shows whether a copy of the array passed through it.
  const before = peakRss(worker.pid);
  const local = tasks.ramp(5_000_000);
  const client = new Client({ broker: redis.url });
  try {
    // the same array twice in one task: one blob, and the task sees one array
    const [s, same] = (await compute(delayed(tasks.sumOf)(local), delayed((a: Float64Array, b: Float64Array) => a === b && a.length)([local, local][0], local), { client })) as [number, number];
    assert.equal(s, tasks.sumOf(local));
    assert.equal(same, 5_000_000);
  } finally {
    await client.close();
  }
  const grew = peakRss(worker.pid) - before;
  assert.ok(grew < 20e6, `the worker's main process grew by ${(grew / 1e6).toFixed(1)} MB while a 40 MB argument passed`);
});
