/**
 * Tester breaks of issue 14 on futures (s10 arr14 B8, B12): a Future inside a delayed call is
 * its value on every scheduler, submit computes a delayed argument, and cancelling a running
 * future frees its worker. Results are checked against dask.compute of the same calls
 * (Debian has no python3-distributed).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, compute, delayed, shutdownDefaultPools } from '../../src/graph/index.js';
import type { SchedulerName } from '../../src/graph/index.js';
import { add, inc, checkDay, RadarGapError } from './fixtures/api.js';
import { blockUntil, sumAll } from './fixtures/futures14.js';
import { NO_DASK, useDaskMany } from '../helpers/dask.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-futures14-'));
const SCHEDULERS: SchedulerName[] = ['sync', 'threads', 'processes'];
after(() => shutdownDefaultPools());

/** Polls for a file a worker writes (the task has started): no time limit of its own. */
async function until(file: string): Promise<void> {
  while (!existsSync(file)) await sleep(20);
}

function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Python Dask's answers, from one Python process before the tests (useDaskMany), each snippet on
 * its own, once: Python computes them with its own scheduler, whichever ours is.
 */
const PY_OUT = useDaskMany(
  {
    futureArgs: `
def inc(x): return x + 1
def add(a, b): return a + b
f = delayed(inc)(40)
g = delayed(add)(f, 100)
(r,) = dask.compute({'one': delayed(inc)(f), 'nested': delayed(sum)([f, g, delayed(inc)(f)]), 'inObject': delayed(lambda o: o['a'] + o['b'][0])({'a': f, 'b': [g]})})
print(json.dumps([r, delayed(inc)(g).compute()]))
`,
    submitDelayed: `
def inc(x): return x + 1
def add(a, b): return a + b
f = delayed(inc)(100)
print(json.dumps(list(dask.compute(delayed(inc)(delayed(inc)(10)), delayed(add)(delayed(inc)(f), f), delayed(sum)([delayed(inc)(1), delayed(add)(2, 3)])))))
`,
  },
  NO_DASK,
);

for (const scheduler of SCHEDULERS) {
  test(`${scheduler}: a Future as an argument of a delayed call (also inside lists and objects) is its value, as in Dask`, { skip: NO_DASK }, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const f = client.submit(inc, 40);
      const g = client.submit(add, f, 100);
      const one = delayed(inc)(f);
      const nested = delayed(sumAll)([f, g, delayed(inc)(f)]);
      const inObject = delayed((o: { a: number; b: number[] }) => o.a + o.b[0]!)({ a: f, b: [g] });
      // without the client: the futures still resolve, on the default scheduler of that name
      const [ours, alone] = await Promise.all([compute({ one, nested, inObject }), delayed(inc)(g).compute({ scheduler })]);
      const theirs = PY_OUT.futureArgs;
      assert.deepEqual([ours[0], alone], theirs);
      assert.equal(one.key, delayed(inc)(f).key, 'the same call on the same future is one task');
    } finally {
      await client.close();
    }
  });

  test(`${scheduler}: a failed or cancelled Future inside a delayed call fails the compute with its error`, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const bad = client.submit(checkDay, '2024-06-03');
      await assert.rejects(delayed(inc)(bad).compute(), RadarGapError);
      const gone = client.submit(inc, 7);
      client.cancel(gone);
      await assert.rejects(delayed(inc)([gone]).compute(), { code: 'E_FUTURE_CANCELLED' });
    } finally {
      await client.close();
    }
  });

  test(`${scheduler}: client.submit computes a delayed argument as part of the task, as dask.distributed`, { skip: NO_DASK }, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const f = client.submit(inc, 100);
      const ours = await client.gather([
        client.submit(inc, delayed(inc)(10)),
        client.submit(add, delayed(inc)(f), f), // a future inside the delayed argument, in the same turn
        client.submit(sumAll, [delayed(inc)(1), delayed(add)(2, 3)]),
      ]);
      const theirs = PY_OUT.submitDelayed;
      assert.deepEqual(ours, theirs);
    } finally {
      await client.close();
    }
  });
}

test('client.submit refuses a bag or array argument, saying how to pass it', async () => {
  const bag = await import('../../src/collections/bag-index.js');
  const client = new Client({ scheduler: 'sync' });
  try {
    assert.throws(() => client.submit(sumAll, bag.fromSequence([1, 2, 3], { npartitions: 1 })), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_FUTURE_ARGS');
      assert.match(e.message, /client\.submit: an argument is a \w+, which submit does not compute/);
      assert.match(e.hint!, /compute it first/i);
      return true;
    });
  } finally {
    await client.close();
  }
});

for (const scheduler of ['threads', 'processes'] as const) {
  test(`${scheduler}: cancelling a running future frees its worker: the next submit runs while the cancelled task would still block`, { timeout: 120_000 }, async () => {
    // one worker: before, the next submit waited for the cancelled task (here: for ever)
    const client = new Client({ scheduler, nWorkers: 1 });
    const gate = join(tmp, `gate-${scheduler}`);
    const started = join(tmp, `started-${scheduler}`);
    try {
      const blocked = client.submit(blockUntil, gate, started);
      await until(started);
      const where = JSON.parse(readFileSync(started, 'utf8')) as { pid: number };
      client.cancel(blocked);
      assert.equal(blocked.status, 'cancelled');
      await assert.rejects(blocked.result(), { code: 'E_FUTURE_CANCELLED' });
      assert.equal(await client.submit(inc, 1000).result(), 1001, 'the next submit ran (the gate is still closed)');
      assert.ok(!existsSync(gate));
      assert.ok(!existsSync(`${started}.ended`), 'the cancelled task never got past its gate');
      if (scheduler === 'processes') {
        assert.ok(!alive(where.pid), `the worker process ${where.pid} that ran the cancelled task was killed`);
        assert.equal(client.pool!.pids.length, 1, 'and replaced');
      }
    } finally {
      writeFileSync(gate, '');
      await client.close();
    }
  });

  test(`${scheduler}: cancelling one running future of a run starts the run's other unfinished futures again; finished ones keep their results`, { timeout: 120_000 }, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    const gate = join(tmp, `gate2-${scheduler}`);
    const started = join(tmp, `started2-${scheduler}`);
    try {
      const done = client.submit(inc, 1);
      const blocked = client.submit(blockUntil, gate, started);
      const other = client.submit(add, 2, 3);
      assert.equal(await done.result(), 2);
      await until(started);
      client.cancel(blocked);
      assert.deepEqual(await client.gather([done, other]), [2, 5]);
      assert.equal(blocked.status, 'cancelled');
    } finally {
      writeFileSync(gate, '');
      await client.close();
    }
  });
}

test('closing a client whose future is running does not wait for the task', { timeout: 120_000 }, async () => {
  const client = new Client({ scheduler: 'processes', nWorkers: 1 });
  const gate = join(tmp, 'gate-close');
  const started = join(tmp, 'started-close');
  try {
    const blocked = client.submit(blockUntil, gate, started);
    await until(started);
    await client.close();
    assert.equal(blocked.status, 'cancelled');
    assert.ok(!existsSync(`${started}.ended`));
  } finally {
    writeFileSync(gate, '');
  }
});
