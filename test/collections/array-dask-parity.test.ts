/**
 * The small gaps of the s10 arr14 test (B13) on arrays and bags, each against Python Dask/numpy
 * (Debian's python3-dask, python3-zarr) where Dask defines the answer: NumPy's list form of
 * transpose, zarr stores ssdp cannot read said plainly, toZarr/toNpy option typos, histogram
 * with chunked edges and of a masked array, concatenate/stack of differently chunked or typed
 * arrays, and wrong arguments to bag.topk and array.full.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, bag, shutdownDefaultPools } from '../../src/index.js';
import { ndarray, type DType } from '../../src/collections/array/index.js';
import { DASK_PYTHON, NO_DASK, useDaskMany } from '../helpers/dask.js';

after(() => shutdownDefaultPools());
const sync = { scheduler: 'sync' as const };
const tmp = mkdtempSync(join(tmpdir(), 'ssdp-breaks14b-'));
const NO_ZARR = NO_DASK || (spawnSync(DASK_PYTHON, ['-c', 'import zarr']).status === 0 ? false : "Debian's python3-zarr is missing");
/** The Dask side of the checks, run in one Python process before the tests (useDaskMany), each snippet on its own. */
const PY_OUT = useDaskMany(
  {
    transposeList: `import numpy as np, dask.array as da
x = da.from_array(np.arange(24.).reshape(2, 3, 4), chunks=2)
t = x.transpose([2, 0, 1])
print(json.dumps({'shape': list(t.shape), 'v': t.compute().ravel().tolist()}))`,
    histogramEdges: `import numpy as np, dask.array as da
x = da.from_array(np.array([1., 2, 3, 4, 5, 6, 7.5, np.nan]), chunks=3)
b = da.from_array(np.array([0., 2, 4, 7.5]), chunks=2)
out = {'h': da.histogram(x, bins=b)[0].compute().tolist(), 'edges': da.histogram(x, bins=b)[1].compute().tolist(),
       'd': da.histogram(x, bins=b, density=True)[0].compute().tolist(),
       'm': da.histogram(x[x > 2], bins=3, range=(0, 9))[0].compute().tolist(),
       'mb': da.histogram(x[x > 2], bins=b)[0].compute().tolist()}
print(json.dumps(out))`,
    concatStack: `import numpy as np, dask.array as da
a = da.from_array(np.arange(12.).reshape(2, 6), chunks=(2, 3)); b = da.from_array(np.arange(12.).reshape(6, 2) * -1, chunks=(4, 1))
c = da.concatenate([a.T, b], axis=1)
s = da.stack([da.from_array(np.arange(5.), chunks=2), da.from_array(np.arange(5.) * 10, chunks=3)], axis=1)
i8 = da.from_array(np.array([1, -2], dtype='i1'), chunks=1)
pairs = [('int8', 'float64'), ('int8', 'uint16'), ('int8', 'bool'), ('uint8', 'int8'), ('float32', 'int8'), ('float32', 'float64')]
dts = [da.concatenate([i8.astype(p), i8.astype(q)]).dtype.name for p, q in pairs] + [da.stack([i8.astype(p), i8.astype(q)]).dtype.name for p, q in pairs]
print(json.dumps({'cchunks': c.chunks, 'c': c.compute().ravel().tolist(), 'schunks': s.chunks, 's': s.compute().ravel().tolist(),
  'dts': dts, 'mixed': da.concatenate([i8, da.from_array(np.array([0.5]), chunks=1)]).compute().tolist()}))`,
  },
  NO_DASK,
);
type Coded = Error & { code?: string; hint?: string };
const values = async (x: { compute(o: object): Promise<{ data: ArrayLike<number> }> }): Promise<number[]> => Array.from((await x.compute(sync)).data, Number);

test('transpose takes NumPy\'s list form x.transpose([2, 0, 1]) as well as separate axes', { skip: NO_DASK }, async () => {
  const data = Array.from({ length: 24 }, (_, i) => i);
  const x = array.fromArray(ndarray(data, [2, 3, 4]), { chunks: 2 });
  const py = PY_OUT.transposeList as { shape: number[]; v: number[] };
  const t = x.transpose([2, 0, 1]);
  assert.deepEqual(t.shape, py.shape);
  assert.deepEqual(await values(t), py.v);
  assert.deepEqual(await values(x.transpose(2, 0, 1)), py.v);
  assert.throws(() => x.transpose([2, 0, 0]), { code: 'E_ARRAY_AXIS' });
});

test('fromZarr of a v2 float16 store says float16 is not an ssdp dtype; of a group, names the arrays inside', { skip: NO_ZARR }, async () => {
  const r = spawnSync(DASK_PYTHON, ['-c', `
import zarr, numpy as np, sys
d = sys.argv[1]
z = zarr.open(d + '/h.zarr', mode='w', shape=(4,), chunks=(2,), dtype='f2'); z[:] = np.arange(4)
g = zarr.open_group(d + '/g.zarr', mode='w')
g.create_dataset('temp', shape=(3,), chunks=(2,), dtype='f8')[:] = [1, 2, 3]
g.create_group('sub').create_dataset('rain', shape=(2,), dtype='i2')[:] = [4, 5]
`, tmp], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  await assert.rejects(array.fromZarr(join(tmp, 'h.zarr')), (e: Coded) => {
    assert.equal(e.code, 'E_ARRAY_ZARR');
    assert.match(e.message, /h\.zarr is a zarr v2 array of dtype <f2 \(float16\), which ssdp arrays do not have/);
    assert.match(e.hint!, /astype\('f4'\)/);
    return true;
  });
  await assert.rejects(array.fromZarr(join(tmp, 'g.zarr')), (e: Coded) => {
    assert.equal(e.code, 'E_ARRAY_ZARR');
    assert.match(e.message, /g\.zarr is a zarr group, not an array; name an array inside: .*g\.zarr\/sub\/rain, .*g\.zarr\/temp\./);
    return true;
  });
  // the names it gives are arrays ssdp reads, with Python's values
  assert.deepEqual(await values(await array.fromZarr(join(tmp, 'g.zarr', 'temp'))), [1, 2, 3]);
  assert.deepEqual(await values(await array.fromZarr(join(tmp, 'g.zarr', 'sub', 'rain'))), [4, 5]);
});

test('an unknown option to toZarr/toNpy names their own options, with a did-you-mean, and writes nothing', async () => {
  const x = array.ones([4], { chunks: 2 });
  const target = join(tmp, 'typo.zarr');
  await assert.rejects(array.toZarr(x, target, { fromat: 2 } as never), (e: Coded) => {
    assert.equal(e.code, 'E_OPTION_UNKNOWN');
    assert.match(e.message, /array\.toZarr: unknown option 'fromat' \(did you mean 'format'\?\)/);
    assert.match(e.hint!, /format, dtype, overwrite, scheduler/);
    return true;
  });
  assert.ok(!existsSync(target));
  await assert.rejects(array.toNpy(x, join(tmp, 'typo.npy'), { overwirte: true } as never), /array\.toNpy: unknown option 'overwirte' \(did you mean 'overwrite'\?\)/);
  assert.ok(!existsSync(join(tmp, 'typo.npy')));
  await array.toZarr(x, target, { format: 2, scheduler: 'sync' }); // compute's options still pass
  assert.deepEqual(await values(await array.fromZarr(target)), [1, 1, 1, 1]);
});

test('histogram with chunked bin edges (also density) and of a masked array, as Dask', { skip: NO_DASK }, async () => {
  const py = PY_OUT.histogramEdges as Record<string, number[]>;
  const x = array.fromArray(ndarray([1, 2, 3, 4, 5, 6, 7.5, NaN], [8]), { chunks: 3 });
  const b = array.fromArray(ndarray([0, 2, 4, 7.5], [4]), { chunks: 2 });
  const [h, edges] = array.histogram(x, { bins: b });
  assert.deepEqual(await values(h), py.h);
  assert.equal(edges, b, 'the edges come back as the chunked array given, as Dask');
  assert.deepEqual(await values(edges), py.edges);
  const dens = await values(array.histogram(x, { bins: b, density: true })[0]);
  dens.forEach((v, i) => assert.ok(Math.abs(v - py.d![i]!) < 1e-12, `density bin ${i}: ${v} vs ${py.d![i]}`));
  const masked = x.get(x.gt(2));
  assert.deepEqual(await values(array.histogram(masked, { bins: 3, range: [0, 9] })[0]), py.m);
  assert.deepEqual(await values(array.histogram(masked, { bins: b })[0]), py.mb);
  // edges that are not increasing are found when computed, with the same error as given numbers
  const bad = array.fromArray(ndarray([0, 5, 2], [3]), { chunks: 2 });
  await assert.rejects(array.histogram(x, { bins: bad })[0].compute(sync), (e: Coded) => e.code === 'E_ARRAY_ARGUMENT' && /finite and increasing/.test(e.message));
  assert.throws(() => array.histogram(x, { bins: array.ones([2, 2], { chunks: 1 }) }), { code: 'E_ARRAY_ARGUMENT' });
});

test('concatenate/stack unify chunks off the axis and promote dtypes, as Dask/NumPy', { skip: NO_DASK }, async () => {
  const py = PY_OUT.concatStack as Record<string, unknown>;
  const a = array.fromArray(ndarray(Array.from({ length: 12 }, (_, i) => i), [2, 6]), { chunks: [2, 3] });
  const b = array.fromArray(ndarray(Array.from({ length: 12 }, (_, i) => -i), [6, 2]), { chunks: [4, 1] });
  const c = array.concatenate([a.T, b], 1);
  assert.deepEqual(c.chunks, py.cchunks);
  assert.deepEqual(await values(c), py.c);
  const s = array.stack([array.fromArray(ndarray([0, 1, 2, 3, 4], [5]), { chunks: 2 }), array.fromArray(ndarray([0, 10, 20, 30, 40], [5]), { chunks: 3 })], 1);
  assert.deepEqual(s.chunks, py.schunks);
  assert.deepEqual(await values(s), py.s);
  const i8 = array.fromArray(ndarray([1, -2], [2], 'int8'), { chunks: 1 });
  const pairs: [DType, DType][] = [['int8', 'float64'], ['int8', 'uint16'], ['int8', 'bool'], ['uint8', 'int8'], ['float32', 'int8'], ['float32', 'float64']];
  const ours = [...pairs.map(([p, q]) => array.concatenate([i8.astype(p), i8.astype(q)]).dtype), ...pairs.map(([p, q]) => array.stack([i8.astype(p), i8.astype(q)]).dtype)];
  assert.deepEqual(ours, py.dts);
  assert.deepEqual(await values(array.concatenate([i8, array.fromArray(ndarray([0.5], [1]), { chunks: 1 })])), py.mixed);
  // shapes that differ off the axis are still refused
  assert.throws(() => array.concatenate([a, b], 1), (e: Coded) => e.code === 'E_ARRAY_SHAPE' && /item 1 \(shape \[6, 2\]\) does not match item 0 \(shape \[2, 6\]\) off axis 1/.test(e.message));
  assert.throws(() => array.stack([a, a.T]), { code: 'E_ARRAY_SHAPE' });
});

test('bag.topk with a negative or fractional k and array.full with its arguments out of order are clear errors', () => {
  const b = bag.fromSequence([3, 1, 2], { npartitions: 2 });
  for (const k of [-2, 1.5]) {
    assert.throws(() => b.topk(k), (e: Coded) => e.code === 'E_BAG_ARGUMENT' && e.message.includes(`bag.topk: k is how many elements to keep, a whole number 0 or more; got ${k}.`));
  }
  // array.full([n], [100000], 0.1) filled 100000 before
  assert.throws(() => array.full([3], [100000] as never, 0.1 as never), (e: Coded) => {
    assert.equal(e.code, 'E_ARRAY_ARGUMENT');
    assert.match(e.message, /array\.full: the fill value must be a single number, got a list \[100000\]/);
    assert.match(e.hint!, /shape comes first, then the fill value/);
    return true;
  });
  assert.throws(() => array.full([3], 2, 0.1 as never), /array\.full: the third argument is the options object, got the number 0\.1/);
});
