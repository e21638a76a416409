/**
 * Work goes to an idle worker, not into the local queue of a busy one: two tasks that must run at
 * once (each waits until the other has started) meet on two workers even when the second worker
 * joins after the first has taken one of them and is waiting for more (the Slurm race of
 * session 10's CI: a `--nprocs 1` worker took the second job too and ran it after the first,
 * so the other worker idled and the pair never met).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compute, delayed, Client, registerModule, shutdownDefaultPools } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { tempDir } from '../helpers/cli.js';
import { startRedis, startWorker, type WorkerProcess } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

const ROUNDS = 6;
const tmp = tempDir('ssdp-meeting-test-');
after(() => rmSync(tmp, { recursive: true, force: true }));

test('two tasks that must run at once get both workers, though one worker started first and had just run short batches', async () => {
  const redis = await startRedis();
  const workers: WorkerProcess[] = [];
  let client: Client | undefined;
  try {
    workers.push(await startWorker(redis.url, ['--nprocs', '1']), await startWorker(redis.url, ['--nprocs', '1']));
    client = new Client({ broker: redis.url });
    await client.ready();
    assert.equal(await (await client.remote)!.workers(), 2);
    // short batches first: a worker that has just run them takes a next batch ahead while busy
    const warm = Array.from({ length: 40 }, (_, i) => delayed(tasks.total)([i, 1]));
    assert.deepEqual(await compute(delayed(tasks.total)(warm), { client }), [820]);

    // Both jobs of a pair are queued at once; the worker that takes the first must leave the
    // second to the idle one. Which worker is first to ask is a race: the pair runs several times.
    for (let round = 0; round < ROUNDS; round++) {
      const dir = join(tmp, `meet-${round}`);
      mkdirSync(dir);
      // far more than meeting needs: NaN means one task waited behind the other
      const pair = [1, 2].map((i) => delayed(tasks.meet)(dir, i, 2, 15_000));
      assert.deepEqual(await compute(...pair, { client }), [1, 2], `round ${round}: both tasks ran at once; marks: ${readdirSync(dir).join(' ')}`);
      const ran = readdirSync(dir).map((f) => Number(f.split('.')[1]));
      assert.deepEqual(ran.sort(), workers.map((w) => w.pid).sort(), `round ${round}: one task on each worker`);
    }
  } finally {
    await client?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await shutdownDefaultPools();
    await redis.stop();
  }
});
