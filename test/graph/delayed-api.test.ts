/**
 * The delayed API Dask users reach for next: nout, persist, nested compute, the method forms of
 * operators and a task's own error class — each against Python Dask's answer on the same data.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delayed, compute, persist, shutdownDefaultPools, TaskFailedError, type Delayed } from '../../src/graph/index.js';
import type { SchedulerName } from '../../src/graph/index.js';
import { divmod, inc, add, counted, checkDay, hidden, RadarGapError } from './fixtures/api.js';
import { NO_DASK, useDaskMany } from '../helpers/dask.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-delayed-api-'));
const SCHEDULERS: SchedulerName[] = ['sync', 'threads', 'processes'];
after(() => shutdownDefaultPools());

/**
 * Python Dask's answers, from one Python process before the tests (useDaskMany), each snippet on
 * its own: nout and persist once (Python computes them with its own scheduler, whichever ours is),
 * the error class once per scheduler of ours (Python's threads for threads, sync for the rest).
 */
const PY_OUT = useDaskMany(
  {
    nout: `
def inc(x): return x + 1
q, r = delayed(divmod, nout=2)(17, 5)
x = delayed(inc)(q)
mixed = (x + 1) * r - 2
mixed = mixed / 4
powed = -(r ** 3) % 7
cmp = [q < r, q >= 3, x == 4, x != 4, delayed(lambda v: not v)(x)]
print(json.dumps(dask.compute({'qr': [q, r], 'deep': {'mixed': mixed, 'powed': powed, 'plain': 5}, 'cmp': cmp}, 'as is')))
`,
    persist: `
runs = []
def counted(x):
    runs.append(x); return x * 10
x = delayed(counted)(4)
(kept,) = dask.persist(x, scheduler='sync')
print(json.dumps([kept.key == x.key, (kept + 1).compute(scheduler='sync'), (kept * 2).compute(scheduler='sync'), len(runs)]))
`,
    ...Object.fromEntries(
      SCHEDULERS.map((scheduler) => [
        `error_${scheduler}`,
        `
class RadarGapError(Exception):
    def __init__(self, message, day, missing):
        super().__init__(message); self.day = day; self.missing = missing
def check_day(day): raise RadarGapError(f'day {day} has gaps', day, [3, 4, 5])
try:
    delayed(check_day)('2024-06-03').compute(scheduler='${scheduler === 'processes' ? 'sync' : scheduler}')
except RadarGapError as e:
    print(json.dumps([type(e).__name__, str(e), e.day, e.missing]))
`,
      ]),
    ),
  } as Record<string, string>,
  NO_DASK,
);

for (const scheduler of SCHEDULERS) {
  const opts = { scheduler, nWorkers: 2 };

  test(`${scheduler}: nout destructures, nested lists/objects compute, method operators — as Dask`, { skip: NO_DASK }, async () => {
    const [q, r] = delayed(divmod, { nout: 2 })(17, 5);
    const x = delayed(inc)(q!);
    const mixed = x.add(1).mul(r!).sub(2).div(4);
    const powed = (r as Delayed).pow(3).neg().mod(7);
    const cmp = [q!.lt(r!), q!.ge(3), x.eq(4), x.ne(4), x.not()];
    const ours = await compute({ qr: [q, r], deep: { mixed, powed, plain: 5 }, cmp }, 'as is', opts);
    const theirs = PY_OUT.nout;
    // Python's % follows the divisor's sign; JavaScript's the dividend's: compare the documented JS value
    const t = theirs as [{ qr: number[]; deep: { mixed: number; powed: number; plain: number }; cmp: boolean[] }, string];
    assert.deepEqual(ours[0], { ...t[0], deep: { ...t[0].deep, powed: -(2 ** 3) % 7 } });
    assert.equal(t[0].deep.powed, ((-(2 ** 3) % 7) + 7) % 7);
    assert.equal(ours[1], t[1]);
  });

  test(`${scheduler}: persist computes once; graphs built on the result reuse it, same key as Dask`, { skip: NO_DASK }, async () => {
    const file = join(tmp, `persist-${scheduler}`);
    writeFileSync(file, '');
    const x = delayed(counted)(file, 4);
    const kept = await x.persist(opts);
    assert.equal(kept.key, x.key);
    assert.equal(readFileSync(file, 'utf8'), '4\n');
    const [a, b] = await persist(kept.add(1), 'plain', opts);
    assert.equal(b, 'plain');
    assert.equal(await (a as Delayed).compute(opts), 41);
    assert.equal(await kept.mul(2).compute(opts), 80);
    assert.equal(readFileSync(file, 'utf8'), '4\n', 'the persisted task never ran again');
    const theirs = PY_OUT.persist;
    assert.deepEqual(theirs, [true, 41, 80, 1]);
  });

  test(`${scheduler}: a task's own Error subclass arrives as that class with its data, as Dask re-raises`, { skip: NO_DASK }, async () => {
    const d = delayed(checkDay)('2024-06-03');
    await assert.rejects(d.compute(opts), (e: unknown) => {
      assert.ok(e instanceof RadarGapError, `got ${String(e)}`);
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'RadarGapError');
      assert.equal(e.message, 'day 2024-06-03 has gaps');
      assert.equal(e.day, '2024-06-03');
      assert.deepEqual(e.missing, [3, 4, 5]);
      assert.equal(e.describe(), '2024-06-03: 3 frames missing');
      assert.equal((e as unknown as { key: string }).key, d.key);
      assert.match(e.stack ?? '', /at checkDay .*fixtures\/api\.js/);
      return true;
    });
    const theirs = PY_OUT[`error_${scheduler}`];
    assert.deepEqual(theirs, ['RadarGapError', 'day 2024-06-03 has gaps', '2024-06-03', [3, 4, 5]]);
    // a class the worker cannot find exported: E_TASK_FAILED naming it (sync rethrows the object itself)
    await assert.rejects(delayed(hidden)().compute(opts), (e: unknown) => {
      if (scheduler === 'sync') assert.equal((e as Error).name, 'HiddenError');
      else {
        assert.ok(e instanceof TaskFailedError);
        assert.match(e.message, /HiddenError: hidden class/);
      }
      return true;
    });
  });
}

test('a placeholder without nout cannot be destructured: a clear error (Dask: TypeError)', () => {
  const d = delayed(add)(1, 2);
  assert.throws(() => {
    const [a] = d as unknown as unknown[];
    return a;
  }, { code: 'E_DELAYED_NOT_ITERABLE', hint: /nout: 2/ });
  assert.throws(() => delayed(divmod, { nout: -1 }), { code: 'E_DELAYED_NOUT' });
  const parts = [...delayed(divmod, { nout: 0 })(1, 2)];
  assert.equal(parts.length, 0);
});
