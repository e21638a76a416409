/**
 * histogram, blockwise and block, each checked against Python Dask on the same data
 * (issue 14, item 2).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { ndarray, toNested, type NDArray } from '../../src/collections/array/index.js';
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
    return {'shape': list(x.shape), 'chunks': [list(c) for c in x.chunks] if hasattr(x, 'chunks') else None, 'values': nan(np.asarray(v).tolist())}
def out(*xs):
    print(json.dumps([desc(x) for x in xs]))
`;
/**
 * The Dask side of every check, run in one Python process before the tests (useDaskMany): each
 * snippet on its own, named for the check it serves.
 */
const PYTHON = {
  histogram: `${PY}
v = values((9, 7)); v.flat[5] = np.nan
x = da.from_array(v, chunks=(4, 3))
cases = [da.histogram(x, bins=10, range=(-5, 8)), da.histogram(x, bins=7, range=(-1, 1.7)), da.histogram(x, bins=[-4.5, -1, 0, 0.25, 3, 8.5]),
         da.histogram(x, bins=6, range=(-5, 9), density=True), da.histogram(x, bins=[-4.5, -1, 0, 3, 8.5], density=True)]
print(json.dumps([{'hist': h.compute().tolist(), 'edges': np.asarray(e).tolist()} for h, e in cases]))`,
  histogramRefused: `${PY}
try:
    da.histogram(da.ones(3, chunks=1), bins=10); print(json.dumps('accepted'))
except ValueError as e:
    print(json.dumps('ValueError'))`,
  blockwise: `${PY}
x = da.from_array(values((6, 4)), chunks=(4, 2)); y = da.from_array(values((4, 6)) * 2, chunks=(3, 3)); w = da.from_array(values((4, 5)), chunks=((1, 3), 2))
def rowsums(blocks): return sum(b.sum(axis=1) for b in blocks)
def repeat(a, times): return np.stack([a * (t + 1) for t in range(times)], axis=-1)
out(da.blockwise(lambda a, b: a + b.T, 'ij', x, 'ij', y, 'ji', dtype=float), da.blockwise(np.dot, 'ik', x, 'ij', w, 'jk', concatenate=True, dtype=float),
    da.blockwise(rowsums, 'i', x, 'ij', dtype=float), da.blockwise(repeat, 'ijk', x, 'ij', new_axes={'k': 3}, times=3, dtype=float))`,
  block: `${PY}
a = da.from_array(values((2, 3)), chunks=(1, 2)); b = da.from_array(values((2, 2)), chunks=2); c = da.from_array(values((3, 5)), chunks=(2, 3))
v = da.from_array(values((5,)), chunks=2); i = da.from_array(np.array([1, 2, 3, 4, 5], dtype=np.int16), chunks=5)
out(da.block([[a, b], [c]]), da.block([a, b]), da.block([v, i]), da.block([[a, b], [v]]), da.block([[[v]], [[i]]]))`,
};
const PY_OUT = useDaskMany(PYTHON, skip);

interface PyOut {
  shape: number[];
  chunks: number[][] | null;
  values: unknown;
}
const plain = (a: NDArray): unknown => JSON.parse(JSON.stringify(toNested(a)));

test('histogram with bins and range, with edges, and density, as da.histogram', { skip }, async () => {
  const nd = values([9, 7]);
  nd.data[5] = NaN;
  const x = array.fromArray(nd, { chunks: [4, 3] });
  const cases = [
    array.histogram(x, { bins: 10, range: [-5, 8] }),
    array.histogram(x, { bins: 7, range: [-1, 1.7] }),
    array.histogram(x, { bins: [-4.5, -1, 0, 0.25, 3, 8.5] }),
    array.histogram(x, { bins: 6, range: [-5, 9], density: true }),
    array.histogram(x, { bins: [-4.5, -1, 0, 3, 8.5], density: true }),
  ];
  const py = PY_OUT.histogram as { hist: unknown; edges: number[] }[];
  for (const [i, [hist, edges]] of cases.entries()) {
    assert.deepEqual([...edges.data], py[i]!.edges, `case ${i}: edges`);
    assert.deepEqual(plain(await hist.compute(sync)), py[i]!.hist, `case ${i}: counts`);
  }
  assert.throws(() => array.histogram(x, { bins: 10 }), { code: 'E_ARRAY_ARGUMENT' });
  assert.throws(() => array.histogram(x, { bins: [1, 0] }), { code: 'E_ARRAY_ARGUMENT' });
  const refused = PY_OUT.histogramRefused as string;
  assert.equal(refused, 'ValueError');
});

/** Block functions (the sync scheduler calls them in this process). */
function addT(a: NDArray, b: NDArray): NDArray {
  const [r, c] = a.shape as [number, number];
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = a.data[i * c + j]! + b.data[j * r + i]!;
  return { shape: [r, c], dtype: 'float64', data: out };
}
function dot(a: NDArray, b: NDArray): NDArray {
  const [n, m] = a.shape as [number, number];
  const p = b.shape[1]!;
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) for (let j = 0; j < p; j++) out[i * p + j]! += a.data[i * m + k]! * b.data[k * p + j]!;
  return { shape: [n, p], dtype: 'float64', data: out };
}
function rowSums(blocks: NDArray[]): NDArray {
  const r = blocks[0]!.shape[0]!;
  const out = new Float64Array(r);
  for (const b of blocks) {
    const c = b.shape[1]!;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i]! += b.data[i * c + j]!;
  }
  return { shape: [r], dtype: 'float64', data: out };
}
function repeatLast(a: NDArray, times: number): NDArray {
  const out = new Float64Array(a.data.length * times);
  for (let i = 0; i < a.data.length; i++) for (let t = 0; t < times; t++) out[i * times + t] = a.data[i]! * (t + 1);
  return { shape: [...a.shape, times], dtype: 'float64', data: out };
}

test('blockwise index notation as da.blockwise: aligned, transposed, contracted with and without concatenate, new axes', { skip }, async () => {
  const x = array.fromArray(values([6, 4]), { chunks: [4, 2] });
  const y = array.fromArray(ndarray(values([4, 6]).data.map((v) => v * 2), [4, 6]), { chunks: [3, 3] });
  const w = array.fromArray(values([4, 5]), { chunks: [[1, 3], 2] });
  const list = [
    array.blockwise(addT, 'ij', x, 'ij', y, 'ji', { dtype: 'float64' }),
    array.blockwise(dot, 'ik', x, 'ij', w, 'jk', { concatenate: true, dtype: 'float64' }),
    array.blockwise(rowSums, 'i', x, 'ij', { dtype: 'float64' }),
    array.blockwise(repeatLast, 'ijk', x, 'ij', { newAxes: { k: 3 }, args: [3], dtype: 'float64' }),
  ];
  const py = PY_OUT.blockwise as PyOut[];
  for (const [i, r] of list.entries()) {
    assert.deepEqual(r.shape, py[i]!.shape, `case ${i}: shape`);
    assert.deepEqual(r.chunks, py[i]!.chunks, `case ${i}: chunks`);
    assert.deepEqual(plain(await r.compute(sync)), py[i]!.values, `case ${i}: values`);
  }
  assert.throws(() => array.blockwise(addT, 'ij', x, 'i'), { code: 'E_ARRAY_ARGUMENT' });
  assert.throws(() => array.blockwise(addT, 'ik', x, 'ij'), { code: 'E_ARRAY_ARGUMENT' });
  assert.throws(() => array.blockwise(addT, 'ij', x, 'ij', w, 'ij'), { code: 'E_ARRAY_ARGUMENT' });
});

test('block lays nested lists out as da.block (mixed dimensions and dtypes, differing chunks)', { skip }, async () => {
  const a = array.fromArray(values([2, 3]), { chunks: [1, 2] });
  const b = array.fromArray(values([2, 2]), { chunks: 2 });
  const c = array.fromArray(values([3, 5]), { chunks: [2, 3] });
  const v = array.fromArray(values([5]), { chunks: 2 });
  const i = array.fromArray(ndarray(new Int16Array([1, 2, 3, 4, 5]), [5]), { chunks: 5 });
  const list = [array.block([[a, b], [c]]), array.block([a, b]), array.block([v, i]), array.block([[a, b], [v]]), array.block([[[v]], [[i]]])];
  const py = PY_OUT.block as PyOut[];
  for (const [k, r] of list.entries()) {
    assert.deepEqual(r.shape, py[k]!.shape, `case ${k}: shape`);
    assert.deepEqual(plain(await r.compute(sync)), py[k]!.values, `case ${k}: values`);
  }
  assert.throws(() => array.block([[a], b]), { code: 'E_ARRAY_ARGUMENT' });
});
