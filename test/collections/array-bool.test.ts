/**
 * Bool arrays (comparisons, logic, any/all, sums of bools, where with bool masks) and fancy
 * indexing (integer lists and arrays, boolean masks, unknown chunk sizes after a mask and what
 * then errors), each checked against Python Dask on the same data (issue 14, item 1).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { ndarray, slice, toNested, type NDArray } from '../../src/collections/array/index.js';
import type { ChunkedArray } from '../../src/collections/array/index.js';
import { PY_VALUES, values } from './array-values.js';
import { NO_DASK, useDaskMany } from '../helpers/dask.js';

after(() => shutdownDefaultPools());
const sync = { scheduler: 'sync' as const };
const skip = NO_DASK;

const PY = `${PY_VALUES}
import dask.array as da
def nan(v):
    return [nan(e) for e in v] if isinstance(v, (list, tuple)) else (None if isinstance(v, float) and v != v else v)
def desc(x):
    v = x.compute() if hasattr(x, 'compute') else x
    return {'shape': nan(list(x.shape)), 'chunks': nan([list(c) for c in x.chunks]) if hasattr(x, 'chunks') else None,
            'dtype': str(np.asarray(v).dtype), 'values': nan(np.asarray(v).tolist())}
def out(*xs):
    print(json.dumps([desc(x) for x in xs]))
def fails(*fs):
    r = []
    for f in fs:
        try:
            f(); r.append(None)
        except Exception as e:
            r.append(type(e).__name__)
    return r
`;
/**
 * The Dask side of every check, run in one Python process before the tests (useDaskMany): each
 * snippet on its own, named for the check it serves.
 */
const PYTHON = {
  bool: `${PY}
v = values((5, 7)); v.flat[9] = np.nan
x = da.from_array(v, chunks=(2, 3)); row = da.from_array(values((7,)), chunks=4)
pos = x > 0; neg = row < 0
out(pos, x <= 1.25, x == row, x != x, x >= row, pos & neg, ~pos, pos | neg, pos ^ neg, pos + neg, pos * neg, da.isnan(x), pos.any(axis=1), pos.all(axis=0), x.any(), x[:0].any(), x[:0].all(), (x != 100).all(axis=(0, 1)))`,
  num: `${PY}
v = values((5, 7)); v.flat[9] = np.nan
x = da.from_array(v, chunks=(2, 3)); row = da.from_array(values((7,)), chunks=4)
pos = x > 0; neg = row < 0
out(pos.sum(), pos.sum(axis=0), da.where(pos, x, row), da.where(pos & neg, 1, 0), da.where(x, 1, 0), pos.astype('int16') + 1, x.astype(bool), pos.max(axis=0))`,
  mean: `${PY}
v = values((5, 7)); v.flat[9] = np.nan
x = da.from_array(v, chunks=(2, 3))
out((x > 0).mean(axis=1))`,
  boolRefused: `${PY}
b = da.from_array(np.array([True, False]), chunks=1)
print(json.dumps(fails(lambda: (b - b).compute(), lambda: (-b).compute())))`,
  fancy: `${PY}
x = da.from_array(values((6, 5)), chunks=(4, 2)); idx = da.from_array(np.array([5, 0, 3, -1], dtype=np.int32), chunks=3)
out(x[[2, 0, 0, 5]], x[:, [4, -1, 0, 1]], x[1, [0, 2]], x[1:5, [3, 3]], x[idx], x[:, idx[:2] % 5], x[[True, False, False, True, True, False]], x[np.array([1, 3], dtype=np.int32)], x[[]])`,
  mask: `${PY}
x = da.from_array(values((6, 5)), chunks=(4, 2)); v = da.from_array(values((9,)), chunks=4)
colMask = da.from_array(np.array([1, 0, 1, 1, 0], dtype=bool), chunks=2)
y = x[x > 0]
out(y, x[:, colMask], v[v < 1], y[y > 2], (y * 2).sum(), da.where(y > 2, y, 0), y.any(), x[:, colMask].sum(axis=1), x[(x > 0).sum(axis=1) > 2])`,
  maskKnown: `${PY}
x = da.from_array(values((6, 5)), chunks=(4, 2)); y = x[x > 0].compute_chunk_sizes()
out(y[2:7], y.reshape(-1))`,
  maskRefused: `${PY}
x = da.from_array(values((6, 5)), chunks=(4, 2)); y = x[x > 0]
print(json.dumps(fails(lambda: y[:2], lambda: y.reshape(2, -1), lambda: y.rechunk(3), lambda: y + x.ravel()[:7])))`,
};
const PY_OUT = useDaskMany(PYTHON, skip);

interface PyOut {
  shape: (number | null)[];
  chunks: (number | null)[][] | null;
  dtype: string;
  values: unknown;
}
/** NaN (unknown) as null, as the Python side writes it. */
const nulls = (v: readonly (number | readonly number[])[]): unknown => JSON.parse(JSON.stringify(v));

async function sameAsDask(list: ChunkedArray[], py: PyOut[], opts: { dtype?: boolean; chunks?: boolean } = {}): Promise<void> {
  assert.equal(list.length, py.length);
  for (const [i, r] of list.entries()) {
    assert.deepEqual(nulls(r.shape), py[i]!.shape, `case ${i}: shape`);
    if (opts.chunks) assert.deepEqual(nulls(r.chunks), py[i]!.chunks, `case ${i}: chunks`);
    const got = await r.compute(sync);
    if (opts.dtype) assert.equal(got.dtype, py[i]!.dtype, `case ${i}: dtype`);
    assert.deepEqual(JSON.parse(JSON.stringify(toNested(got))), py[i]!.values, `case ${i}: values`);
  }
}

test('comparisons give bool arrays; logic, any/all, sums of bools and where with bool masks as Dask', { skip }, async () => {
  const nd = values([5, 7]);
  nd.data[9] = NaN;
  const x = array.fromArray(nd, { chunks: [2, 3] });
  const row = array.fromArray(values([7]), { chunks: 4 });
  const pos = x.gt(0);
  const neg = row.lt(0);
  const boolOps = [pos, x.le(1.25), x.eq(row), x.ne(x), x.ge(row), pos.and(neg), pos.not(), array.logicalOr(pos, neg), pos.xor(neg), pos.add(neg), pos.mul(neg), array.isnan(x), pos.any({ axis: 1 }), pos.all({ axis: 0 }), x.any(), x.get(slice(0, 0)).any(), x.get(slice(0, 0)).all(), array.all(x.ne(100), { axis: [0, 1] })];
  const pyBool = PY_OUT.bool as PyOut[];
  await sameAsDask(boolOps, pyBool, { dtype: true });

  // numbers from bools: sums count, means are fractions (NumPy's int64 sum is float64 here: no int64)
  const numeric = [pos.sum(), pos.sum({ axis: 0 }), array.where(pos, x, row), array.where(pos.and(neg), 1, 0), array.where(x, 1, 0), pos.astype('int16').add(1), x.astype('bool'), pos.max({ axis: 0 })];
  const pyNum = PY_OUT.num as PyOut[];
  await sameAsDask(numeric, pyNum);
  assert.equal((await pos.sum().compute(sync)).dtype, 'float64');
  // a mean of bools is a fraction (a running mean, so equal to Dask's sum/count within rounding)
  const [pyMean] = PY_OUT.mean as PyOut[];
  const mean = await pos.mean({ axis: 1 }).compute(sync);
  (pyMean!.values as number[]).forEach((m, i) => assert.ok(Math.abs(mean.data[i]! - m) < 1e-12, `mean row ${i}`));
  assert.equal((await x.astype('bool').compute(sync)).dtype, 'bool');

  // what NumPy refuses for bools, refused here too
  const pyRefused = PY_OUT.boolRefused as string[];
  assert.ok(pyRefused.every((e) => e !== null), `Dask refuses both: ${pyRefused.join(', ')}`);
  assert.throws(() => pos.sub(pos), { code: 'E_ARRAY_DTYPE' });
  assert.throws(() => pos.neg(), { code: 'E_ARRAY_DTYPE' });
});

test('fancy indexing with integer lists, integer arrays and boolean lists along an axis as Dask (values and chunks)', { skip }, async () => {
  const x = array.fromArray(values([6, 5]), { chunks: [4, 2] });
  const idx = array.fromArray(ndarray(new Int32Array([5, 0, 3, -1]), [4]), { chunks: 3 });
  const list = [
    x.get([2, 0, 0, 5]),
    x.get(null, [4, -1, 0, 1]),
    x.get(1, [0, 2]),
    x.get(slice(1, 5), [3, 3]),
    x.get(idx),
    x.get(null, idx.get(slice(0, 2)).mod(5)),
    x.get([true, false, false, true, true, false]),
    x.get(new Int32Array([1, 3])),
    x.get([]),
  ];
  const py = PY_OUT.fancy as PyOut[];
  await sameAsDask(list, py, { chunks: true });
  assert.throws(() => x.get([7]), { code: 'E_ARRAY_INDEX' });
  assert.throws(() => x.get([true, false]), { code: 'E_ARRAY_INDEX' });
  assert.throws(() => x.get(x.get(0)), { code: 'E_ARRAY_INDEX' }); // float positions
  assert.throws(() => x.get([0], [1]), { code: 'E_ARRAY_INDEX' });
  // positions in an index array are only seen when it runs
  const far = array.fromArray(ndarray(new Int32Array([9]), [1]));
  await assert.rejects(x.get(far).compute(sync), /out of bounds for axis 0 with size 6/);
});

test('boolean masks give chunks of unknown size (NaN) as Dask; compute, reduce, mask again; reshape/rechunk/slice then fail as in Dask', { skip }, async () => {
  const x = array.fromArray(values([6, 5]), { chunks: [4, 2] });
  const v = array.fromArray(values([9]), { chunks: 4 });
  const colMask = array.fromArray(ndarray([1, 0, 1, 1, 0], [5], 'bool'), { chunks: 2 });
  const y = x.get(x.gt(0));
  const list = [y, x.get(null, colMask), v.get(v.lt(1)), y.get(y.gt(2)), y.mul(2).sum(), array.where(y.gt(2), y, 0), y.any(), x.get(null, colMask).sum({ axis: 1 }), x.get(x.gt(0).sum({ axis: 1 }).gt(2))];
  const py = PY_OUT.mask as PyOut[];
  // the flattened mask's block count is the reshape's own choice (values and NaN shapes compared)
  assert.ok(y.chunks[0]!.every(Number.isNaN));
  assert.deepEqual(nulls(x.get(null, colMask).chunks), py[1]!.chunks);
  assert.deepEqual(nulls(v.get(v.lt(1)).chunks), py[2]!.chunks);
  await sameAsDask(list, py);

  // sizes found by computing (Dask's compute_chunk_sizes), then slicing works again
  const known = await y.computeChunkSizes(sync);
  const pyKnown = PY_OUT.maskKnown as PyOut[];
  assert.equal(known.shape[0], pyKnown[1]!.shape[0]);
  assert.deepEqual(toNested(await known.get(slice(2, 7)).compute(sync)), pyKnown[0]!.values);

  // what Dask refuses on unknown sizes (ValueError), refused here with one code
  const refused = PY_OUT.maskRefused as (string | null)[];
  assert.deepEqual(refused, ['ValueError', 'ValueError', 'ValueError', 'ValueError']);
  assert.throws(() => y.get(slice(0, 2)), { code: 'E_ARRAY_UNKNOWN_CHUNKS' });
  assert.throws(() => y.reshape(2, -1), { code: 'E_ARRAY_UNKNOWN_CHUNKS' });
  assert.throws(() => y.rechunk(3), { code: 'E_ARRAY_UNKNOWN_CHUNKS' });
  assert.throws(() => y.add(x.reshape(-1).get(slice(0, 7))), { code: 'E_ARRAY_UNKNOWN_CHUNKS' });

  // worker threads import the mask kernels by name and agree with sync
  const [t] = await array.compute(x.get(x.gt(0)), { scheduler: 'threads', nWorkers: 2 });
  assert.deepEqual(toNested(t!), py[0]!.values);
});
