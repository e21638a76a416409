import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bag, sum, compute, delayed, shutdownDefaultPools } from '../../src/index.js';
import { square, isEven, repeat, recordTo, slowDouble } from './bag-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-bag-'));
after(() => shutdownDefaultPools());

const N = 1000;
const items = Array.from({ length: N }, (_, i) => i);

for (const scheduler of ['sync', 'threads', 'processes'] as const) {
  const opts = { scheduler, nWorkers: 2 };
  test(`${scheduler}: map, filter, flatten and reductions agree with plain loops`, async () => {
    const b = bag.fromSequence(items, { npartitions: 7 });
    assert.equal(b.npartitions, 7);
    assert.deepEqual(await b.compute(opts), items);
    const squares = b.map(square);
    assert.deepEqual(await squares.compute(opts), items.map((x) => x * x));
    assert.deepEqual(await squares.filter(isEven).compute(opts), items.map((x) => x * x).filter((x) => x % 2 === 0));
    const flat: number[] = [];
    for (const x of items) for (let k = 0; k < x % 4; k++) flat.push(x);
    assert.deepEqual(await b.map(repeat).flatten().compute(opts), flat);
    let s = 0;
    for (const x of items) s += x * x;
    const [total, count, mean, max, folded] = await compute(
      squares.sum(),
      b.filter(isEven).count(),
      b.mean(),
      b.reduce((a: number, c: number) => (a > c ? a : c)),
      b.fold((acc: number, x: number) => acc + 1, (p: number, q: number) => p + q, { initial: 0 }),
      opts,
    );
    assert.deepEqual([total, count, mean, max, folded], [s, N / 2, (N - 1) / 2, N - 1, N]);
    assert.equal(await b.reduction((xs: number[]) => xs.length, (parts: number[]) => parts.length).compute(opts), 7);
    assert.deepEqual(await b.map(slowDouble).take(3, opts), [0, 2, 4]);
  });
}

test('take computes only the partitions it needs', async () => {
  const log = join(tmp, 'take');
  writeFileSync(log, '');
  const b = bag.fromSequence(items.map((v) => ({ file: log, v })), { partitionSize: 10 }).map(recordTo);
  assert.deepEqual(await b.take(3, { scheduler: 'threads' }), [0, 1, 2]);
  assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 10, 'one partition of 10 ran');
  writeFileSync(log, '');
  assert.equal((await b.take(25, { scheduler: 'sync' })).length, 25);
  assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 40, 'first 1, then 2, then 4 partitions');
});

test("the lecture's bag: random sums differ on every take and the whole bag computes", async () => {
  const b = bag.fromSequence(Array(100).fill(10_000));
  assert.equal(b.npartitions, 100);
  const randomNumbers = b.map((x: number) => Array.from({ length: x }, () => Math.random()));
  const sums = randomNumbers.map(sum);
  const first = await sums.take(1);
  const second = await sums.take(1);
  assert.equal(first.length, 1);
  assert.notEqual(first[0], second[0]);
  for (const v of [...first, ...second]) assert.ok(Math.abs(v - 5000) < 300, `sum of 10000 uniforms near 5000: ${v}`);
  const all = await sums.compute();
  assert.equal(all.length, 100);
  const meanOfSums = all.reduce((a, c) => a + c, 0) / all.length;
  assert.ok(Math.abs(meanOfSums - 5000) < 50);
});

test('a bag inside a delayed call, and empty-bag errors', async () => {
  const b = bag.range(10, { npartitions: 3 });
  assert.equal(await delayed((xs: number[]) => xs.length)(b).compute({ scheduler: 'threads' }), 10);
  await assert.rejects(bag.fromSequence([] as number[]).reduce((a, c) => a + c).compute({ scheduler: 'sync' }), { code: 'E_BAG_EMPTY', message: /^bag\.reduce: the bag is empty/ });
  assert.equal(await bag.fromSequence([] as number[]).sum().compute({ scheduler: 'sync' }), 0);
});

test("fold's initial given positionally, as Dask's b.fold(binop, combine, 0), on every scheduler", async () => {
  const b = bag.fromSequence(items, { npartitions: 5 });
  const add = (p: number, q: number) => p + q;
  for (const scheduler of ['sync', 'threads'] as const) {
    const [positional, wrapped, stringInit] = await compute(
      b.fold((acc: number, x: number) => acc + 1, add, 0),
      b.fold((acc: number, x: number) => acc + 1, add, { initial: 0 }),
      bag.fromSequence(['a', 'b', 'c'], { npartitions: 3 }).fold((acc: string, x: string) => acc + x, (p: string, q: string) => p + q, ''),
      { scheduler },
    );
    assert.deepEqual([positional, wrapped, stringInit], [N, N, 'abc'], scheduler);
  }
});
