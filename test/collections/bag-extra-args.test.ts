/**
 * Extra arguments to bag functions, as Dask's bag.map(func, *args) (tester s23 try14x H7): plain
 * values, Delayed values and other bags (pairwise) reach the function, never dropped silently;
 * filter (which in Dask takes the predicate alone) refuses them. Empty reduce/fold (H6) and
 * fromSequence of a non-list (H5) are coded errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromSequence } from '../../src/collections/bag.js';
import { delayed } from '../../src/graph/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const codeOf = (code: string, msg: RegExp) => (e: Error & { code?: string; hint?: string }) => {
  assert.equal(e.code, code, e.stack);
  assert.match(e.message, msg);
  assert.ok(e.hint);
  return true;
};

test('bag.map passes extra arguments (values, delayed, bags) as Dask does', { skip: NO_DASK }, async () => {
  const b = fromSequence([1, 2, 3], { npartitions: 2 });
  const other = fromSequence([10, 20, 30], { npartitions: 2 });
  const ours = {
    plain: await b.map((x: number, y: number) => x + y, 10).compute(),
    two: await b.map((x: number, y: number, z: number) => x * y + z, 2, 5).compute(),
    delayed: await b.map((x: number, y: number) => x + y, delayed(Math.abs)(-10)).compute(),
    bag: await b.map((x: number, y: number) => x + y, other).compute(),
    partitions: await b.mapPartitions((p: number[], y: number) => p.map((x) => x + y), delayed(Math.abs)(-100)).compute(),
  };
  const theirs = dask(`
import dask.bag as db
b = db.from_sequence([1, 2, 3], npartitions=2)
other = db.from_sequence([10, 20, 30], npartitions=2)
print(json.dumps({
  'plain': b.map(lambda x, y: x + y, 10).compute(),
  'two': b.map(lambda x, y, z: x * y + z, 2, 5).compute(),
  'delayed': b.map(lambda x, y: x + y, delayed(abs)(-10)).compute(),
  'bag': b.map(lambda x, y: x + y, other).compute(),
  'partitions': b.map_partitions(lambda p, y: [x + y for x in p], delayed(abs)(-100)).compute(),
}))`);
  assert.deepEqual(ours, theirs);
});

test('bag.map with a bag of other partitions, and filter with extra arguments, are E_BAG_ARGUMENT', () => {
  const b = fromSequence([1, 2, 3], { npartitions: 2 });
  assert.throws(() => b.map((x: number, y: number) => x + y, fromSequence([1, 2, 3], { npartitions: 3 })), codeOf('E_BAG_ARGUMENT', /bag\.map: a bag given as an extra argument has 3 partitions, this bag 2/));
  // Dask: TypeError: Bag.filter() takes 2 positional arguments but 3 were given
  assert.throws(() => (b.filter as (...a: unknown[]) => unknown)((x: number, y: number) => x > y, 2), codeOf('E_BAG_ARGUMENT', /^bag\.filter takes one function, got 1 more argument/));
});

test('reduce/fold of an empty bag without an initial value is E_BAG_EMPTY naming the call (Dask refuses too)', { skip: NO_DASK }, async () => {
  const theirs = dask<string>(`
import dask.bag as db
try:
    db.from_sequence([1, 2, 3], npartitions=3).filter(lambda x: x > 5).fold(lambda a, c: a + c).compute()
    print(json.dumps('ok'))
except TypeError as e:
    print(json.dumps(str(e)))`);
  assert.equal(theirs, 'reduce() of empty iterable with no initial value');
  for (const b of [fromSequence([] as number[], { npartitions: 3 }), fromSequence([1, 2, 3], { npartitions: 3 }).filter((x: number) => x > 5)]) {
    await assert.rejects(b.reduce((a, c) => a + c).compute(), codeOf('E_BAG_EMPTY', /^bag\.reduce: the bag is empty and no initial value was given/));
    await assert.rejects(b.fold((a: number, c: number) => a + c).compute(), codeOf('E_BAG_EMPTY', /^bag\.fold: the bag is empty/));
    assert.equal(await b.fold((a: number, c: number) => a + c, undefined, 0).compute(), 0);
  }
});

test('bag.fromSequence of a non-list, or npartitions as a BigInt, is E_BAG_ARGUMENT', () => {
  assert.throws(() => fromSequence(5 as unknown as number[]), codeOf('E_BAG_ARGUMENT', /^bag\.fromSequence: items must be an array \(or other iterable\), got number/));
  assert.throws(() => fromSequence(null as unknown as number[]), codeOf('E_BAG_ARGUMENT', /got null/));
  assert.throws(() => fromSequence([1, 2], { npartitions: 2n as unknown as number }), codeOf('E_BAG_ARGUMENT', /npartitions must be a whole number 1 or more; got 2n \(a BigInt\)/));
});
