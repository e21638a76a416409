/**
 * Client futures (dask.distributed's submit/map/gather/scatter/as_completed/cancel) on every
 * scheduler. Python's distributed is not installed with Debian's python3-dask, so results are
 * checked against dask.compute of the same calls.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Future, compute, delayed, shutdownDefaultPools } from '../../src/graph/index.js';
import type { SchedulerName } from '../../src/graph/index.js';
import { inc, add, counted, checkDay, waitFor, RadarGapError } from './fixtures/api.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-futures-'));
const SCHEDULERS: SchedulerName[] = ['sync', 'threads', 'processes'];
after(() => shutdownDefaultPools());

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

for (const scheduler of SCHEDULERS) {
  test(`${scheduler}: submit, map, scatter and gather give Dask's results`, { skip: NO_DASK }, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const x = client.submit(inc, 1);
      assert.ok(x instanceof Future);
      const y = client.submit(add, x, 10); // a future as an argument
      const ys = client.map(inc, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const pairs = client.map(add, [1, 2, 3], [10, 20, 30, 40]);
      const [s1, s2, s3] = client.scatter([100, 200, 300]);
      const fromScattered = client.submit(add, s1, s3);
      const total = client.submit(sumAll, ys);
      assert.equal(client.submit(inc, 1).key, x.key, 'the same pure call is the same future');
      const ours = await client.gather({ x, y, ys, pairs, fromScattered, total, s2, plain: 'kept' });
      assert.equal(x.status, 'finished');
      assert.ok(x.done());
      const theirs = dask(`
def inc(x): return x + 1
def add(a, b): return a + b
x = delayed(inc)(1)
y = delayed(add)(x, 10)
ys = [delayed(inc)(i) for i in range(10)]
pairs = [delayed(add)(a, b) for a, b in zip([1, 2, 3], [10, 20, 30, 40])]
(r,) = dask.compute({'x': x, 'y': y, 'ys': ys, 'pairs': pairs, 'fromScattered': delayed(add)(100, 300), 'total': delayed(sum)(ys), 's2': 200, 'plain': 'kept'})
print(json.dumps(r))
`);
      assert.deepEqual(ours, theirs);
    } finally {
      await client.close();
    }
  });

  test(`${scheduler}: a failing future rejects with the task's own error; the others still finish`, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const bad = client.submit(checkDay, '2024-06-03');
      const good = client.map(inc, [1, 2, 3]);
      const after = client.submit(inc, bad);
      await assert.rejects(bad.result(), (e: unknown) => e instanceof RadarGapError && e.day === '2024-06-03');
      assert.deepEqual(await client.gather(good), [2, 3, 4]);
      assert.equal(bad.status, 'error');
      assert.ok((await bad.exception()) instanceof RadarGapError);
      await assert.rejects(after.result(), RadarGapError, 'a future built on a failed one fails with its error');
      await assert.rejects(client.gather([good[0], bad]), RadarGapError);
    } finally {
      await client.close();
    }
  });

  test(`${scheduler}: cancel: a queued future never runs and rejects with E_FUTURE_CANCELLED`, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    const file = join(tmp, `cancel-${scheduler}`);
    writeFileSync(file, '');
    try {
      const f = client.submit(counted, file, 7);
      client.cancel(f);
      assert.equal(f.status, 'cancelled');
      await assert.rejects(f.result(), { code: 'E_FUTURE_CANCELLED' });
      assert.equal(await client.submit(inc, 41).result(), 42, 'the client keeps working');
      assert.equal(readFileSync(file, 'utf8'), '', 'the cancelled task never ran');
      const again = client.submit(counted, file, 7);
      assert.equal(await again.result(), 70, 'submitting a cancelled call again runs it');
    } finally {
      await client.close();
    }
  });

  test(`${scheduler}: asCompleted yields every future once, results and errors`, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const fs = [...client.map(inc, [1, 2, 3]), client.submit(checkDay, 'd')];
      const seen: unknown[] = [];
      for await (const f of client.asCompleted(fs)) seen.push(f.status === 'error' ? 'error' : await f.result());
      assert.deepEqual(seen.map(String).sort(), ['2', '3', '4', 'error']);
    } finally {
      await client.close();
    }
  });
}

for (const scheduler of ['threads', 'processes'] as const) {
  test(`${scheduler}: asCompleted gives the first finished first; cancel on a running future`, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    const gate = join(tmp, `gate-${scheduler}`);
    try {
      const slow = client.submit(waitFor, gate, 'slow');
      const fast = client.submit(waitFor, '/', 'fast');
      const order: string[] = [];
      for await (const f of client.asCompleted([slow, fast])) {
        order.push(await f.result());
        if (order.length === 1) writeFileSync(gate, ''); // only now can the slow one finish
      }
      assert.deepEqual(order, ['fast', 'slow']);
      const gate2 = join(tmp, `gate2-${scheduler}`);
      const running = client.submit(waitFor, gate2, 'never used');
      await tick();
      client.cancel(running);
      await assert.rejects(running.result(), { code: 'E_FUTURE_CANCELLED' });
      writeFileSync(gate2, '');
      assert.equal(await client.submit(inc, 1).result(), 2);
    } finally {
      await client.close();
    }
  });
}

test('Client runs worker processes by default, as Dask\'s Client', async () => {
  const client = new Client({ nWorkers: 1 });
  try {
    assert.equal(client.scheduler, 'processes');
    assert.equal(await client.submit(inc, 1).result(), 2);
    assert.equal(client.pool?.pids.length, 1);
    assert.notEqual(client.pool?.pids[0], process.pid);
  } finally {
    await client.close();
  }
  assert.throws(() => client.submit(inc, 1), { code: 'E_CLIENT_CLOSED' });
});

test('compute({ client }) and client.compute on a closed Client are E_CLIENT_CLOSED, not run on the default pool (tester s22 try14w D10)', async () => {
  const client = new Client({ scheduler: 'threads', nWorkers: 1 });
  assert.equal(await compute(delayed(inc)(1), { client }).then((r) => r[0]), 2);
  await client.close();
  // before: both ran quietly on the default threads pool
  await assert.rejects(compute(delayed(inc)(1), { client }), (e: Error & { code?: string; hint?: string }) => e.code === 'E_CLIENT_CLOSED' && /closed/.test(e.message) && /new Client/.test(e.hint ?? ''));
  await assert.rejects(client.compute(delayed(inc)(2)), { code: 'E_CLIENT_CLOSED' });
  // without a client the default scheduler still runs it
  assert.deepEqual(await compute(delayed(inc)(1)), [2]);
});

export function sumAll(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
