import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delayed, compute, Client, sum, shutdownDefaultPools, isDelayed, computeWithSummary, tokenize } from '../../src/graph/index.js';
import type { SchedulerName } from '../../src/graph/index.js';
import { add, add_, addAsync, addMeeting } from './fixtures/lecture.js';
import { countedInc, point, Point, pointObj, sumList, inc, double } from './fixtures/tasks.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-delayed-'));
const SCHEDULERS: SchedulerName[] = ['sync', 'threads', 'processes'];
after(() => shutdownDefaultPools());

test('keys are deterministic: the same call is one task, impure functions are not', () => {
  const a = add_(1, 2);
  const b = add_(1, 2);
  assert.equal(a.key, b.key);
  assert.match(a.key, /^add-[0-9a-f]{16}$/);
  assert.notEqual(add_(1, 3).key, a.key);
  assert.notEqual(add_(2, 1).key, a.key);
  assert.equal(add_(a, 3).key, add_(b, 3).key);
  const rand = delayed(Math.random, { pure: false });
  assert.notEqual(rand().key, rand().key);
  // nested structures hash by content, key order does not matter
  const s = delayed(sumList);
  assert.equal(s([1, 2, { a: 1, b: 2 }] as never).key, s([1, 2, { b: 2, a: 1 }] as never).key);
  // typed arrays hash by content
  assert.equal(delayed(sumList)(new Float64Array([1, 2]) as never).key, delayed(sumList)(new Float64Array([1, 2]) as never).key);
  assert.notEqual(delayed(sumList)(new Float64Array([1, 2]) as never).key, delayed(sumList)(new Float64Array([1, 3]) as never).key);
});

test('a call is keyed by the token of its function and arguments, on its first call and later ones', () => {
  // tokenizeCall keeps the hash state after each function's token: keys must stay tokenize's
  const f = (x: unknown): unknown => x;
  const g = (x: unknown): unknown => [x];
  for (const v of [1, 'a', [1, 2], { b: 2 }]) {
    assert.equal(delayed(f)(v).key, `f-${tokenize([f, v])}`);
    assert.equal(delayed(g)(v).key, `g-${tokenize([g, v])}`);
  }
  assert.equal(delayed(inc)(7).key, `inc-${tokenize([inc, 7])}`);
});

test('keys of different calls differ: 2*10^5 calls near each other, and values alike in text', () => {
  const f = delayed(sumList);
  const keys = new Set<string>();
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    keys.add(delayed(inc)(i).key);
    keys.add(f([i, i + 1] as never).key);
  }
  assert.equal(keys.size, 2 * n);
  const alike: unknown[][] = [[['ab']], [['a', 'b']], [['a\u0000b']], [1], ['1'], [[1]], [{ a: 1 }], [['a', 1]], [{ a: '1' }], [1.5], [2 ** 40], [-(2 ** 31)], [2 ** 31], [true], ['T'], [null], [undefined], [[]], [{}], [1n], [[1, [2, 3]]], [[[1, 2], 3]]];
  const seen = new Set(alike.map((args) => f(...(args as [never])).key));
  assert.equal(seen.size, alike.length);
});

test('placeholders are lazy and never thenable', async () => {
  const counter = join(tmp, 'lazy');
  writeFileSync(counter, '');
  const c = delayed(countedInc);
  const x = c(counter, 1);
  assert.ok(isDelayed(x));
  assert.equal((x as { then?: unknown }).then, undefined);
  assert.equal(readFileSync(counter, 'utf8'), '', 'nothing ran before compute');
  assert.equal(await x.compute({ scheduler: 'sync' }), 2);
  assert.equal(readFileSync(counter, 'utf8'), '1\n');
});

for (const scheduler of SCHEDULERS) {
  test(`${scheduler}: the lecture's examples, word for word`, async () => {
    process.env.SSDP_TEST_SLEEP_MS = '1';
    const result = add_(add_(1, 2), add_(3, 4));
    assert.equal(await result.compute({ scheduler, nWorkers: 2 }), 10);

    const doubles = [0, 1, 2, 3].map((i) => add_(i, i));
    const total = delayed(sum)(doubles);
    assert.equal(await total.compute({ scheduler, nWorkers: 2 }), 12);

    const doubleSum = delayed(sum)(doubles);
    const result1 = doubleSum.mul(doubleSum);
    const result2 = doubleSum.add(doubleSum);
    const [a, b] = await compute(result1, result2, { scheduler, nWorkers: 2 });
    assert.deepEqual([a, b], [144, 24]);
  });

  test(`${scheduler}: work shared by results computed together runs once`, async () => {
    const counter = join(tmp, `shared-${scheduler}`);
    writeFileSync(counter, '');
    const c = delayed(countedInc);
    const doubles = [0, 1, 2, 3].map((i) => c(counter, i));
    const s = delayed(sumList)(doubles);
    const [r1, r2] = await compute(s.mul(s), s.add(s), { scheduler, nWorkers: 2 });
    assert.deepEqual([r1, r2], [100, 20]);
    assert.equal(readFileSync(counter, 'utf8').trim().split('\n').sort().join(','), '0,1,2,3');
  });

  test(`${scheduler}: one placeholder whose graph has the same call as two placeholders runs it once`, async () => {
    // compute of one placeholder plans from its nodes (no graph object): two nodes of one key
    // must be one task and one dependency, as the graph's keys make them
    const counter = join(tmp, `twice-${scheduler}`);
    writeFileSync(counter, '');
    const c = delayed(countedInc);
    const a = c(counter, 5);
    const b = c(counter, 5);
    assert.notEqual(a, b);
    assert.equal(a.key, b.key);
    const s = delayed(sumList)([a, b, a.add(b), c(counter, 6)] as never);
    assert.equal(await s.compute({ scheduler, nWorkers: 2 }), 6 + 6 + 12 + 7);
    assert.equal(readFileSync(counter, 'utf8').trim().split('\n').sort().join(','), '5,6');
  });

  test(`${scheduler}: attribute access, method calls and nested arguments are lazy`, async () => {
    const p = delayed(point)(3, 4) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const q = p.scaled(2);
    const [norm, x, qx, both, obj] = await compute(
      p.norm(),
      p.x,
      (q as unknown as { x: unknown }).x,
      delayed(sumList)([p.x, p.y, 10] as never),
      delayed((o: { a: number; b: number[] }) => o.a + o.b[0]!)({ a: p.x, b: [p.y] } as never),
      { scheduler, nWorkers: 2 },
    );
    assert.deepEqual([norm, x, qx, both], [5, 3, 6, 17]);
    assert.equal(obj, 7);
    // class instances keep their class across workers (the class is exported next to the task)
    const pt = await delayed(point)(1, 2).compute({ scheduler, nWorkers: 2 });
    assert.ok(pt instanceof Point);
    assert.equal(pt.scaled(3).y, 6);
    // a plain object with a method works too
    assert.equal(await (delayed(pointObj)(6, 8) as any).norm().compute({ scheduler, nWorkers: 2 }), 10); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  test(`${scheduler}: async task functions`, async () => {
    process.env.SSDP_TEST_SLEEP_MS = '5';
    const a = delayed(addAsync);
    assert.equal(await a(a(1, 2), 3).compute({ scheduler, nWorkers: 2 }), 6);
  });
}

test('delayed values and structures of placeholders', async () => {
  const v = delayed([1, 2, 3]);
  assert.match(v.key, /^array-/);
  assert.equal(await delayed(sumList)(v as never).compute({ scheduler: 'threads' }), 6);
  const lst = delayed([delayed(inc)(1), delayed(double)(5)]);
  assert.deepEqual(await lst.compute({ scheduler: 'threads' }), [2, 10]);
  // the same value placeholder is one key
  assert.equal(delayed({ a: 1 }).key, delayed({ a: 1 }).key);
});

test('a self-contained lambda is shipped as source; one using outer variables fails clearly on workers', async () => {
  const sq = delayed((x: number) => x * x);
  assert.equal(await sq(7).compute({ scheduler: 'threads' }), 49);
  const k = 10;
  const plusK = delayed((x: number) => x + k);
  assert.equal(await plusK(1).compute({ scheduler: 'sync' }), 11);
  // built-ins travel by name
  assert.equal(await delayed(Math.max)(1, 5, 3).compute({ scheduler: 'threads' }), 5);
  const rand = delayed(Math.random, { pure: false });
  const [r1, r2] = (await compute(rand(), rand(), { scheduler: 'processes', nWorkers: 1 })) as number[];
  assert.ok(r1 !== r2 && r1! >= 0 && r1! < 1);
  await assert.rejects(plusK(1).compute({ scheduler: 'threads' }), { code: 'E_TASK_FAILED', message: /ReferenceError: k is not defined \(the function was sent to the worker as source text[\s\S]*export it/ });
});

test('a module-level wrapper export is enough: workers find the function through it', async () => {
  // only `add_ = delayed(add)` and `add` are exported from the fixture; the keys use `add`
  const r = add_(2, 3);
  process.env.SSDP_TEST_SLEEP_MS = '1';
  assert.equal(await r.compute({ scheduler: 'processes', nWorkers: 1 }), 5);
  assert.equal(delayed(add)(2, 3).key, r.key);
});

test("the lecture's example on 2 workers: both inner adds run at the same time (timings: bench/graph-lecture.ts)", async () => {
  process.env.SSDP_TEST_SLEEP_MS = '50';
  const client = new Client({ nWorkers: 2 });
  try {
    await delayed(inc)(0).compute(); // workers started
    const meet = mkdtempSync(join(tmpdir(), 'ssdp-meet-'));
    const parallel = add_(delayed(addMeeting)(1, 2, meet, 2), delayed(addMeeting)(3, 4, meet, 2));
    assert.equal(await parallel.compute(), 10, 'an inner add waited alone: the two did not run concurrently');
    const result = add_(add_(1, 2), add_(3, 4));
    assert.equal(await result.compute(), 10);
    assert.equal(await result.compute({ scheduler: 'sync' }), 10);
    assert.deepEqual(await client.compute(result, add_(1, 1)), [10, 2]);
    const { summary } = await computeWithSummary(result);
    assert.equal(summary.tasks, 3);
    assert.equal(summary.scheduler, 'processes', "a Client's workers are processes by default, as Dask's");
    assert.equal(summary.kinds.add?.count, 3);
  } finally {
    await client.close();
  }
});
