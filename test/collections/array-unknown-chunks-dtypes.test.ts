/**
 * Array breaks of the s10 arr14 test, each against Python Dask/numpy 1.24 on the same data:
 * B4 arg-reductions along an axis of unknown chunk sizes are refused as Dask refuses them, and
 * B7 an array with a plain number takes numpy 1.24's value-based dtype, so nothing wraps.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { ndarray, type DType } from '../../src/collections/array/index.js';
import { NO_DASK, useDaskMany } from '../helpers/dask.js';

after(() => shutdownDefaultPools());
const sync = { scheduler: 'sync' as const };

// B7's cases, shared with its Python side
const dtypes: DType[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32'];
const nums = [1000, -1, 300, 70000, -40000, 2 ** 33, 1.5, 1e300, 70000.5];
/** The Python side of both checks, from one Python process before the tests (useDaskMany), each snippet on its own. */
const PY_OUT = useDaskMany(
  {
    b4: `import numpy as np, dask.array as da
out = {}
z = da.from_array(np.array([5, 1, 9, 2, 7, 3.]), chunks=2)
try:
    z[z > 1].argmax(0); out['1d'] = 'ok'
except ValueError as e:
    out['1d'] = 'unknown' if 'unknown chunksizes' in str(e) else str(e)
m = da.from_array(np.array([[1, 8, 3, 4], [5, 9, 7, 1], [2, 6, 0, 3]], dtype='f8'), chunks=2)
cols = m[:, da.from_array(np.array([True, False, True, True]), chunks=2)]
try:
    cols.argmax(1); out['cols1'] = 'ok'
except ValueError as e:
    out['cols1'] = 'unknown'
out['cols0'] = cols.argmax(0).compute().tolist()
rows = m[m[:, 0] > 1]
out['rows1'] = rows.argmin(1).compute().tolist()
try:
    rows.T.argmax(1); out['rowsT'] = 'ok'
except ValueError as e:
    out['rowsT'] = 'unknown'
print(json.dumps(out))`,
    b7: `import numpy as np
out = {}
for dt in ${JSON.stringify(dtypes)}:
    a = np.array([1, 2], dtype=dt)
    rows = []
    for v in ${JSON.stringify(nums)}:
        v = int(v) if float(v).is_integer() and abs(v) < 2**63 else v  # a JS number that is whole is a python int
        for r in [a + v, a - v, a * v, np.where(a > 1, a, v)]:
            rows.append([str(r.dtype), r.astype('f8').tolist()])
    out[dt] = rows
print(json.dumps(out))`,
  },
  NO_DASK,
);

test('B4: argmax/argmin along an axis of unknown chunk sizes are E_ARRAY_UNKNOWN_CHUNKS as in Dask; along a known axis they are right', { skip: NO_DASK }, async () => {
  const py = PY_OUT.b4 as Record<string, unknown>;
  assert.deepEqual([py['1d'], py.cols1, py.rowsT], ['unknown', 'unknown', 'unknown']);
  const z = array.fromArray(ndarray([5, 1, 9, 2, 7, 3], [6]), { chunks: 2 });
  const zm = z.get(z.gt(1));
  const unknown = (e: Error & { code?: string }) => e.code === 'E_ARRAY_UNKNOWN_CHUNKS' && /argm/.test(e.message);
  assert.throws(() => zm.argmax(0), unknown);
  assert.throws(() => zm.argmin(0), unknown);
  const m = array.fromArray(ndarray([1, 8, 3, 4, 5, 9, 7, 1, 2, 6, 0, 3], [3, 4]), { chunks: 2 });
  const cols = m.get(array.slice(null), array.fromArray(ndarray([1, 0, 1, 1], [4], 'bool'), { chunks: 2 }));
  assert.throws(() => cols.argmax(1), unknown);
  assert.deepEqual([...(await cols.argmax(0).compute(sync)).data], py.cols0);
  const rows = m.get(m.get(array.slice(null), 0).gt(1));
  assert.deepEqual([...(await rows.argmin(1).compute(sync)).data], py.rows1);
  assert.throws(() => rows.T.argmax(1), unknown);
  // after computeChunkSizes, as Dask's hint says, it works and gives numpy's answer
  assert.deepEqual([...(await (await zm.computeChunkSizes()).argmax(0).compute(sync)).data], [1]);
});

test('B7: an array with a plain number takes numpy 1.24 value-based dtypes (no wrap-around), for +, -, *, where', { skip: NO_DASK }, async () => {
  const py = PY_OUT.b7 as Record<string, [string, number[]][]>;
  for (const dt of dtypes) {
    const a = array.fromArray(ndarray([1, 2], [2], dt), { chunks: 1 });
    const got: [string, number[]][] = [];
    for (const v of nums) {
      for (const r of [a.add(v), a.sub(v), a.mul(v), array.where(a.gt(1), a, v)]) {
        const c = await r.compute(sync);
        got.push([c.dtype, [...c.data]]);
      }
    }
    // ssdp has no 64-bit integers: numpy's int64/uint64 are float64 here (exact below 2**53), so a
    // uint64 result that numpy wraps (uint8 - 2**33) is the true value in ssdp
    py[dt]!.forEach(([d, vals], i) => {
      assert.equal(got[i]![0], d === 'int64' || d === 'uint64' ? 'float64' : d, `${dt} case ${i}`);
      if (d !== 'uint64') assert.deepEqual(got[i]![1], d === 'float32' ? vals.map(Math.fround) : vals, `${dt} case ${i}`);
    });
  }
});
