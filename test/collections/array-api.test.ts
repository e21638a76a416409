/**
 * The array API Dask users reach for next (issue 14), each checked against Python Dask run on
 * the same data: values, shape, and where Dask's choice is part of the contract, chunks.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { ndarray, slice, toNested, type NDArray } from '../../src/collections/array/index.js';
import { NO_DASK, useDaskMany } from '../helpers/dask.js';

after(() => shutdownDefaultPools());
const sync = { scheduler: 'sync' as const };
const skip = NO_DASK;

/** Values with negatives, repeats and fractions, the same in both languages (formula below). */
function values(shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = ((i * 7) % 13) - 4.5 + (i % 3) * 0.25;
  return ndarray(d, shape);
}
const PY_VALUES = `
import numpy as np, dask.array as da
def values(shape):
    i = np.arange(int(np.prod(shape)))
    return (((i * 7) % 13) - 4.5 + (i % 3) * 0.25).reshape(shape)
def clean(v):
    return [clean(e) for e in v] if isinstance(v, list) else (None if isinstance(v, float) and v != v else v)
def out(*xs):
    print(json.dumps([{'shape': list(x.shape), 'chunks': [list(c) for c in x.chunks] if hasattr(x, 'chunks') else None, 'values': clean(np.asarray(x.compute() if hasattr(x, 'compute') else x).tolist())} for x in xs]))
`;
/** Block functions for the masks (no comparison operators yet). */
export function positiveMask(b: NDArray): NDArray {
  return { shape: b.shape, dtype: 'uint8', data: Uint8Array.from(b.data, (v) => (v > 0 ? 1 : 0)) };
}
export function negativeMask(b: NDArray): NDArray {
  return { shape: b.shape, dtype: 'uint8', data: Uint8Array.from(b.data, (v) => (v < 0 ? 1 : 0)) };
}

/**
 * The Dask side of every check, run in one Python process before the tests (useDaskMany): each
 * snippet on its own, named for the check it serves.
 */
const PYTHON = {
  broadcast: `${PY_VALUES}
a = da.from_array(values((4, 6)), chunks=(2, 4)); b = da.from_array(values((6,)), chunks=3); c = da.from_array(values((4, 1)), chunks=((1, 3), 1))
out(a + b, a * b - c)`,
  rechunk: `${PY_VALUES}
x = da.from_array(values((7, 10)), chunks=(3, 4))
out(x.rechunk((5, 3)), x.rechunk(((1, 6), (2, 2, 6))), x.rechunk((-1, 1)), x.rechunk(2))`,
  reshape: `${PY_VALUES}
# Dask refuses (2, 2, 3, 10) from these chunks ("split unevenly"); NumPy gives the values
x = da.from_array(values((4, 6, 5)), chunks=(3, 4, 2)); flat = da.from_array(values((24,)), chunks=5)
out(x.T, x.transpose(1, 0, 2), x.transpose(2, 0, 1), x.reshape(4, 30), x.reshape(-1), x.reshape(24, 5), values((4, 6, 5)).reshape(2, 2, 3, 10), flat.reshape(4, 6), flat.reshape(2, -1, 3))`,
  whereCumsum: `${PY_VALUES}
v = values((5, 7)); v.flat[9] = np.nan
x = da.from_array(v, chunks=(2, 3)); row = da.from_array(values((7,)), chunks=4)
ints = da.from_array(np.array([3, -1, 4, 1, -5, 9, 2, 6], dtype=np.int16).reshape(2, 4), chunks=(1, 3))
out(da.where(x > 0, x, row), da.where(row < 0, 0, x), x.cumsum(axis=0), x.cumsum(axis=1), ints.cumsum(axis=1), ints.compute().cumsum(),  # Dask wants an axis; NumPy flattens
    x.argmin(axis=0), x.argmax(axis=1), x[2:].argmin(axis=1), row.argmax(), ints.argmin(), ints.argmax(axis=0))`,
};
const PY_OUT = useDaskMany(PYTHON, skip);

interface PyOut {
  shape: number[];
  chunks: number[][] | null;
  values: unknown;
}

test('broadcasting unifies differing chunks itself: (4,6) chunked [2,4] + (6,) chunked [3], as Dask', { skip }, async () => {
  const a = array.fromArray(values([4, 6]), { chunks: [2, 4] });
  const b = array.fromArray(values([6]), { chunks: [3] });
  const c = array.fromArray(values([4, 1]), { chunks: [[1, 3], 1] });
  const sum = a.add(b);
  const three = a.mul(b).sub(c);
  const [py1, py2] = PY_OUT.broadcast as PyOut[];
  assert.deepEqual(sum.chunks, py1!.chunks);
  assert.deepEqual(toNested(await sum.compute(sync)), py1!.values);
  assert.deepEqual(three.chunks, py2!.chunks);
  assert.deepEqual(toNested(await three.compute(sync)), py2!.values);
});

test('rechunk to sizes, explicit chunks and whole axes gives the same chunks and values as Dask', { skip }, async () => {
  const x = array.fromArray(values([7, 10]), { chunks: [3, 4] });
  const specs = ['[5, 3]', '[[1, 6], [2, 2, 6]]', '[-1, 1]', '2'];
  const py = PY_OUT.rechunk as PyOut[];
  const ours = [x.rechunk([5, 3]), x.rechunk([[1, 6], [2, 2, 6]]), x.rechunk([-1, 1]), x.rechunk(2)];
  for (const [i, r] of ours.entries()) {
    assert.deepEqual(r.chunks, py[i]!.chunks, specs[i]);
    assert.deepEqual(toNested(await r.compute(sync)), py[i]!.values, specs[i]);
  }
  // blocks that do not change are reused, not copied by a task
  const same = x.rechunk([3, [4, 4, 2]]);
  assert.equal(same, x);
  const rows = x.rechunk([[3, 3, 1], 10]);
  assert.ok(rows.taskCount < x.rechunk([5, 3]).taskCount + 1);
  await assert.rejects(async () => x.rechunk([[3, 3], 10]), { code: 'E_ARRAY_CHUNKS' });
});

test('transpose, T and reshape (with -1) give the same values and shapes as Dask', { skip }, async () => {
  const x = array.fromArray(values([4, 6, 5]), { chunks: [3, 4, 2] });
  const flat = array.fromArray(values([24]), { chunks: 5 });
  const py = PY_OUT.reshape as PyOut[];
  const ours = [x.T, x.transpose(1, 0, 2), x.transpose(2, 0, 1), x.reshape(4, 30), x.reshape(-1), x.reshape([24, 5]), x.reshape(2, 2, 3, 10), flat.reshape(4, 6), flat.reshape(2, -1, 3)];
  for (const [i, r] of ours.entries()) {
    assert.deepEqual(r.shape, py[i]!.shape, `case ${i}`);
    assert.deepEqual(toNested(await r.compute(sync)), py[i]!.values, `case ${i}`);
  }
  assert.throws(() => x.reshape(7, -1), { code: 'E_ARRAY_SHAPE' });
  assert.throws(() => x.transpose(0, 0, 1), { code: 'E_ARRAY_AXIS' });
});

test('where, cumsum and argmin/argmax (NaN wins, first extreme wins, flattened when no axis) as Dask', { skip }, async () => {
  const nd = values([5, 7]);
  nd.data[9] = NaN; // row 1, col 2
  const x = array.fromArray(nd, { chunks: [2, 3] });
  const row = array.fromArray(values([7]), { chunks: 4 });
  const ints = array.fromArray(ndarray(new Int16Array([3, -1, 4, 1, -5, 9, 2, 6]), [2, 4]), { chunks: [1, 3] });
  const py = PY_OUT.whereCumsum as PyOut[];
  const positive = x.mapBlocks(positiveMask, { dtype: 'uint8' });
  const negRow = row.mapBlocks(negativeMask, { dtype: 'uint8' });
  const list = [
    array.where(positive, x, row),
    array.where(negRow, 0, x),
    x.cumsum(0),
    x.cumsum(1),
    ints.cumsum(1),
    ints.cumsum(),
    x.argmin(0),
    x.argmax(1),
    x.get(slice(2)).argmin(1),
    row.argmax(),
    ints.argmin(),
    array.argmax(ints, 0),
  ];
  for (const [i, r] of list.entries()) {
    assert.deepEqual(r.shape, py[i]!.shape, `case ${i}`);
    const got = toNested(await r.compute(sync));
    assert.deepEqual(JSON.parse(JSON.stringify(got)), py[i]!.values, `case ${i}`);
  }
  assert.equal((await ints.cumsum(1).compute(sync)).dtype, 'float64');
  assert.throws(() => x.cumsum(2), { code: 'E_ARRAY_AXIS' });
});
