import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { array, bag, delayed, compute, shutdownDefaultPools } from '../../src/index.js';
import { dependenciesOf, isTask } from '../../src/graph/index.js';
import { ndarray, slice, toNested, type NDArray } from '../../src/collections/array/index.js';
import { partialReduce, combinePartials, finalizeReduction } from '../../src/collections/array/reduce-kernels.js';
import { randomChunk } from '../../src/collections/array/kernels.js';
import { close, pySliceIndices, refReduce } from './array-reference.js';
import { loadCount, syntheticImage } from './array-fixtures.js';

after(() => shutdownDefaultPools());
const sync = { scheduler: 'sync' as const };

/** A 3-D float32 test cube with scattered NaNs and one fibre that is NaN all along axis 0. */
function cube(): NDArray {
  const shape = [7, 5, 6];
  const data = new Float32Array(7 * 5 * 6);
  for (let i = 0; i < 7; i++)
    for (let j = 0; j < 5; j++)
      for (let k = 0; k < 6; k++) {
        const o = (i * 5 + j) * 6 + k;
        data[o] = (i * 37 + j * 11 + k * 5) % 17 === 3 || (j === 1 && k === 2) ? NaN : Math.sin(o) * 100 + i;
      }
  return ndarray(data, shape);
}

const OPS = ['sum', 'nansum', 'mean', 'nanmean', 'min', 'max', 'nanmin', 'nanmax', 'var', 'nanvar', 'std', 'nanstd'] as const;
const AXES = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];

for (const [label, chunks] of [
  ['ragged chunks', [3, 2, 4]],
  ['chunks of 1 along axis 0 (deep trees)', [1, 2, 4]],
] as const) {
  test(`every reduction over every axis set of a 3-D array, ${label}, against reference loops`, async () => {
    const nd = cube();
    const x = array.fromArray(nd, { chunks: [...chunks] });
    for (const axes of AXES) {
      for (const op of OPS) {
        for (const ddof of op.includes('var') || op.includes('std') ? [0, 1] : [0]) {
          const lazy = x[op]({ axis: axes, ddof, splitEvery: 2 });
          const got = await lazy.compute(sync);
          const want = refReduce(nd.data, nd.shape, axes, op, ddof);
          assert.deepEqual(got.shape, want.shape, `${op} ${axes}`);
          assert.equal(got.dtype, 'float32');
          const bad = close(got.data, want.values);
          assert.equal(bad, undefined, `${op} axis=${axes} ddof=${ddof}: ${bad}`);
        }
      }
    }
  });
}

test('reductions over ±Infinity and NaN match NumPy whatever the chunking (mean of [1, 2, inf, 3] is inf)', async () => {
  const row = [1, 2, Infinity, 3, -Infinity, 5, NaN, Infinity, 7, NaN, 4, -Infinity];
  // rows: finite, +inf only, inf and NaN, both infinities, -inf first then finite
  const rows = [
    [1, 2, 3, 4, 5, 6],
    [1, 2, Infinity, 3, 4, 5],
    [Infinity, NaN, 2, 3, NaN, 1],
    [Infinity, 1, 2, -Infinity, 3, 4],
    [-Infinity, 5, 6, NaN, 7, 8],
  ];
  const inputs: [number[], number[]][] = [
    [row, [12]],
    [rows.flat(), [5, 6]],
  ];
  for (const [values, shape] of inputs) {
    const nd = ndarray(new Float64Array(values), shape);
    for (const chunk of [1, 2, 4, 12]) {
      const x = array.fromArray(nd, { chunks: chunk });
      const axesSets = shape.length === 1 ? [[0]] : [[0], [1], [0, 1]];
      for (const axes of axesSets) {
        const ops = OPS.flatMap((op) => (op.includes('var') || op.includes('std') ? [[op, 0], [op, 1]] : [[op, 0]])) as [
          (typeof OPS)[number],
          number,
        ][];
        // all together (one shared partial per chunk) and each alone
        const together = await compute(...ops.map(([op, ddof]) => x[op]({ axis: axes, ddof })), sync);
        for (const [i, [op, ddof]] of ops.entries()) {
          const want = refReduce(nd.data, nd.shape, axes, op, ddof).values;
          const alone = await x[op]({ axis: axes, ddof }).compute(sync);
          for (const got of [together[i] as NDArray, alone]) {
            const bad = close(got.data, want);
            assert.equal(bad, undefined, `${op} shape=${shape} chunks=${chunk} axis=${axes} ddof=${ddof}: ${bad}`);
          }
        }
      }
    }
  }
});

test('array.full keeps -0 as np.full does', async () => {
  for (const chunks of [2, 4]) {
    const got = await array.full([4], -0, { chunks }).compute(sync);
    assert.ok([...got.data].every((v) => Object.is(v, -0)), `full(-0) gave ${[...got.data]}`);
    const [z, m] = await compute(array.zeros([4], { chunks }), array.full([4], -0, { chunks }), sync);
    assert.ok(Object.is((z as NDArray).data[0], 0) && Object.is((m as NDArray).data[0], -0));
  }
});

test('axis forms: negative axes, keepdims, namespace functions like da.nanmean(x, axis=0)', async () => {
  const nd = cube();
  const x = array.fromArray(nd, { chunks: 3 });
  const a = await array.nanmean(x, { axis: -1 }).compute(sync);
  assert.equal(close(a.data, refReduce(nd.data, nd.shape, [2], 'nanmean').values), undefined);
  const k = await x.nanstd({ axis: [0, 2], keepdims: true, ddof: 1 }).compute(sync);
  assert.deepEqual(k.shape, [1, 5, 1]);
  assert.equal(close(k.data, refReduce(nd.data, nd.shape, [0, 2], 'nanstd', 1).values), undefined);
  assert.throws(() => x.sum({ axis: 3 }), { code: 'E_ARRAY_AXIS' });
  assert.throws(() => x.sum({ axis: [0, -3] }), { code: 'E_ARRAY_AXIS' });
});

test('NumPy NaN rules: all-NaN gives NaN (nansum 0), empty mean is NaN, empty min is an error', async () => {
  const allNaN = array.fromArray(ndarray(new Float32Array([NaN, NaN, NaN, NaN, 1, NaN]), [3, 2]), { chunks: 1 });
  const [mn, mx, me, sd, sm, nsum] = await array.compute(
    allNaN.nanmin({ axis: 0 }),
    allNaN.nanmax({ axis: 0 }),
    allNaN.nanmean({ axis: 0 }),
    allNaN.nanstd({ axis: 0 }),
    allNaN.sum({ axis: 0 }),
    allNaN.nansum({ axis: 0 }),
    sync,
  );
  // column 0 is [NaN, NaN, 1], column 1 all NaN
  assert.ok(mn!.data[0] === 1 && Number.isNaN(mn!.data[1]));
  assert.ok(mx!.data[0] === 1 && Number.isNaN(mx!.data[1]));
  assert.ok(me!.data[0] === 1 && Number.isNaN(me!.data[1]));
  assert.ok(sd!.data[0] === 0 && Number.isNaN(sd!.data[1]));
  assert.ok(Number.isNaN(sm!.data[0]) && Number.isNaN(sm!.data[1]));
  assert.deepEqual([...nsum!.data], [1, 0]);

  const x = array.fromArray(ndarray(Float64Array.from({ length: 12 }, (_, i) => i), [4, 3]), { chunks: [2, 2] });
  const empty = x.get(slice(2, 2));
  assert.deepEqual(empty.shape, [0, 3]);
  const [em, es, ev] = await array.compute(empty.mean({ axis: 0 }), empty.sum({ axis: 0 }), empty.nanvar(), sync);
  assert.ok([...em!.data].every(Number.isNaN));
  assert.deepEqual([...es!.data], [0, 0, 0]);
  assert.ok(Number.isNaN(ev!.data[0]));
  assert.throws(() => empty.min({ axis: 0 }), { code: 'E_ARRAY_EMPTY_REDUCTION' });
  assert.throws(() => empty.nanmax(), { code: 'E_ARRAY_EMPTY_REDUCTION' });
  // ddof equal to the count divides by zero as Dask's var (inf); larger: NaN, no crash
  const v = await x.var({ axis: 0, ddof: 4 }).compute(sync);
  assert.deepEqual([...v.data], [Infinity, Infinity, Infinity]);
  const w = await x.var({ axis: 0, ddof: 5 }).compute(sync);
  assert.ok([...w.data].every(Number.isNaN));
});

test("variance stays accurate where sum-of-squares cancels (Chan's combine of chunk moments)", () => {
  const n = 10000;
  const data = Float64Array.from({ length: n }, (_, i) => 1e9 + ((i * 7919) % 101) / 10);
  const want = refReduce(data, [n], [0], 'var', 1).values[0]!;
  // chunk partials combined pairwise in a lopsided order, as a tree would
  const parts = [];
  for (let s = 0; s < n; s += 997) parts.push(partialReduce(ndarray(data.subarray(s, Math.min(n, s + 997))), [0], 'var'));
  let acc = parts[0]!;
  for (const p of parts.slice(1)) acc = combinePartials([acc, p]);
  const got = finalizeReduction(acc, 'var', 1, [], 'float64').data[0]!;
  assert.ok(Math.abs(got - want) / want < 1e-9, `${got} vs ${want}`);
  // the naive formula loses everything here, which is why the kernels do not use it
  let s = 0;
  let q = 0;
  for (const v of data) {
    s += v;
    q += v * v;
  }
  const naive = (q - (s * s) / n) / (n - 1);
  assert.ok(Math.abs(naive - want) / want > 1e-3);
});

test('integer dtypes: sums and means widen to float64, extremes keep the dtype', async () => {
  const nd = ndarray(Int16Array.from({ length: 30 }, (_, i) => (i * 7919) % 600 - 300), [5, 6]);
  const x = array.fromArray(nd, { chunks: [2, 4] });
  const [s, m, mn] = await array.compute(x.sum({ axis: 1 }), x.mean(), x.min({ axis: 0 }), sync);
  assert.equal(s!.dtype, 'float64');
  assert.equal(m!.dtype, 'float64');
  assert.equal(mn!.dtype, 'int16');
  assert.equal(close(s!.data, refReduce(nd.data, nd.shape, [1], 'sum').values), undefined);
  assert.equal(close(m!.data, refReduce(nd.data, nd.shape, [0, 1], 'mean').values), undefined);
  assert.equal(close(mn!.data, refReduce(nd.data, nd.shape, [0], 'min').values), undefined);
});

test('slicing with steps (negative too), integer indices and empty slices, as Python would', async () => {
  const [R, C] = [13, 11];
  const nd = ndarray(Float64Array.from({ length: R * C }, (_, i) => i), [R, C]);
  const x = array.fromArray(nd, { chunks: [4, 3] });
  type Ix = number | [number | null, number | null, number | null];
  const cases: Ix[][] = [
    [[0, null, 2], [0, -1, 2]],
    [[null, null, -1]],
    [[10, 2, -3], [-2, null, -4]],
    [3, [1, 8, 3]],
    [[5, 5, null], [null, null, null]],
    [[null, null, -5], -1],
    [[-100, 100, 4], [100, -100, -3]],
    [[2, 1, null], [null, null, -1]],
    [-13, 0],
  ];
  for (const c of cases) {
    const args = c.map((ix) => (typeof ix === 'number' ? ix : slice(...ix)));
    const lazy = x.get(...args);
    const got = await lazy.compute(sync);
    const rows = typeof c[0] === 'number' ? [c[0] < 0 ? c[0] + R : c[0]] : pySliceIndices(R, ...(c[0] ?? [null, null, null]));
    const c1 = c[1] ?? [null, null, null];
    const cols = typeof c1 === 'number' ? [c1 < 0 ? c1 + C : c1] : pySliceIndices(C, ...c1);
    const want: number[] = [];
    for (const r of rows) for (const k of cols) want.push(r * C + k);
    const shape = [typeof c[0] === 'number' ? null : rows.length, typeof c1 === 'number' ? null : cols.length].filter((s) => s !== null);
    assert.deepEqual(got.shape, shape, JSON.stringify(c));
    assert.deepEqual([...got.data], want, JSON.stringify(c));
    assert.equal(lazy.chunks.reduce((n, ch) => n * ch.length, 1), lazy.keys.length);
  }
  assert.throws(() => x.get(13), { code: 'E_ARRAY_INDEX' });
  assert.throws(() => x.get(slice(0, 5, 0)), { code: 'E_ARRAY_INDEX' });
  assert.throws(() => x.get(0, 0, 0), { code: 'E_ARRAY_INDEX' });
});

test('element-wise arithmetic with numbers, equal shapes and broadcasting; dtypes as NumPy', async () => {
  const a = ndarray(Float32Array.from({ length: 24 }, (_, i) => i / 3 - 2), [6, 4]);
  const b = ndarray(Int16Array.from({ length: 24 }, (_, i) => (i % 5) + 1), [6, 4]);
  const x = array.fromArray(a, { chunks: [4, 2] });
  const y = array.fromArray(b, { chunks: [4, 2] });
  const exprs = {
    add: [x.add(1.5), (p: number) => p + 1.5],
    mul: [x.mul(y), (p: number, q: number) => p * q],
    div: [x.div(y), (p: number, q: number) => p / q],
    sub: [array.sub(2, x), (p: number) => 2 - p],
    pow: [x.pow(2), (p: number) => p * p],
    sqrt: [x.abs().sqrt(), (p: number) => Math.sqrt(Math.abs(p))],
    ydiv: [y.div(2), (_p: number, q: number) => q / 2],
  } as const;
  const results = await array.compute(...Object.values(exprs).map((e) => e[0]), sync);
  Object.values(exprs).forEach(([, f], i) => {
    const want = [...a.data].map((p, j) => f(p, b.data[j]!));
    assert.equal(close(results[i]!.data, want), undefined, Object.keys(exprs)[i]);
  });
  assert.equal(results[0]!.dtype, 'float32');
  assert.equal(results[1]!.dtype, 'float32', 'float32 * int16 stays float32');
  assert.equal(results[6]!.dtype, 'float64', 'true division of ints gives float64');

  // anomalies: x - mean over axis 0, broadcast over the rows
  const anom = await x.sub(x.mean({ axis: 0, keepdims: true })).compute(sync);
  const means = refReduce(a.data, a.shape, [0], 'mean').values;
  assert.equal(close(anom.data, [...a.data].map((p, j) => p - means[j % 4]!), 1e-5), undefined);
  assert.throws(() => x.add(array.ones([5, 4], { chunks: 2 })), { code: 'E_ARRAY_BROADCAST' });
});

test('random.rand: deterministic for a seed on any chunk order, uniform in [0, 1)', async () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const mk = (seed: number) => array.random.rand({ shape: [50, 40], chunks: [16, 15], seed, dtype });
    const [p, q, r] = await array.compute(mk(7), mk(7), mk(8), sync);
    assert.equal(p!.dtype, dtype);
    assert.deepEqual(p!.data, q!.data);
    assert.notDeepEqual(p!.data, r!.data);
    assert.ok([...p!.data].every((v) => v >= 0 && v < 1));
    const mean = [...p!.data].reduce((s, v) => s + v, 0) / p!.data.length;
    assert.ok(Math.abs(mean - 0.5) < 0.03, `mean ${mean}`);
    assert.equal(new Set(p!.data).size > p!.data.length * 0.99, true, 'values are not repeating');
    // a chunk depends only on (seed, chunk number): computing it alone gives the same values
    const alone = randomChunk(7, 1 * 3 + 2, [16, 10], dtype); // block (1, 2) of a 4 x 3 grid
    const block3 = mk(7).get(slice(16, 32), slice(30, 40));
    assert.deepEqual((await block3.compute(sync)).data, alone.data);
  }
  assert.throws(() => array.random.rand({ shape: [3], seed: -1 }), { code: 'E_ARRAY_SEED' });
  assert.throws(() => array.random.rand({ shape: [3], dtype: 'int8' as 'float32' }), { code: 'E_ARRAY_DTYPE' });
});

test("the lecture's stack of delayed images: four nan-statistics computed together read each image once", async () => {
  const [H, W] = [9, 8];
  const load = delayed(syntheticImage);
  const slices = [];
  for (let day = 1; day <= 3; day++) {
    for (let i = 0; i < 12; i++) slices.push(array.fromDelayed(load(day, i, H, W), { shape: [H, W], dtype: 'float32' }));
  }
  const dataArray = array.stack(slices, 0);
  assert.deepEqual(dataArray.shape, [36, H, W]);
  assert.deepEqual(dataArray.chunksize, [1, H, W]);
  const statistics = [
    array.nanmin(dataArray, { axis: 0, splitEvery: 4 }),
    array.nanmax(dataArray, { axis: 0, splitEvery: 4 }),
    array.nanmean(dataArray, { axis: 0, splitEvery: 4 }),
    array.nanstd(dataArray, { axis: 0, splitEvery: 4 }),
  ];
  // bounded fan-in: no task waits on more than splitEvery inputs
  const graph: Record<string, unknown> = {};
  for (const s of statistics) Object.assign(graph, s.ssdpGraph());
  for (const node of Object.values(graph)) {
    if (isTask(node as never)) assert.ok(dependenciesOf(node as never).length <= 4);
  }
  const before = loadCount();
  const [rrMin, rrMax, rrMean, rrStd] = (await compute(...statistics, sync)) as NDArray[];
  assert.equal(loadCount() - before, 36, 'each image loaded exactly once');

  const cubeData = new Float32Array(36 * H * W);
  let n = 0;
  for (let day = 1; day <= 3; day++) for (let i = 0; i < 12; i++) cubeData.set(syntheticImage(day, i, H, W), n++ * H * W);
  const ops = ['nanmin', 'nanmax', 'nanmean', 'nanstd'];
  [rrMin, rrMax, rrMean, rrStd].forEach((r, j) => {
    assert.deepEqual(r!.shape, [H, W]);
    assert.equal(close(r!.data, refReduce(cubeData, [36, H, W], [0], ops[j]!).values), undefined, ops[j]);
  });
  assert.ok(Number.isNaN(rrMean!.data[0]), 'column x = 0 is NaN in every image');

  // a promise the delayed value does not keep is reported when it is computed
  const wrong = array.fromDelayed(load(1, 0, H, W), { shape: [H, W + 1], dtype: 'float32' });
  await assert.rejects(wrong.compute(sync), (e: Error) => /promised/.test(String(e.message) + String((e.cause as Error)?.message)));
});

test('concatenate, zeros/ones and mapBlocks', async () => {
  const a = ndarray(Float64Array.from({ length: 12 }, (_, i) => i), [3, 4]);
  const b = ndarray(Float64Array.from({ length: 6 }, (_, i) => 100 + i), [3, 2]);
  const xa = array.fromArray(a, { chunks: [2, 3] });
  const xb = array.fromArray(b, { chunks: [2, 1] });
  const c = array.concatenate([xa, xb], 1);
  assert.deepEqual(c.chunks, [[2, 1], [3, 1, 1, 1]]);
  const got = await c.compute(sync);
  assert.deepEqual(toNested(got), [
    [0, 1, 2, 3, 100, 101],
    [4, 5, 6, 7, 102, 103],
    [8, 9, 10, 11, 104, 105],
  ]);
  const z = await array.concatenate([xa, xa.mul(0).add(1)], 0).sum({ axis: 0 }).compute(sync);
  assert.deepEqual([...z.data], [12 + 3, 15 + 3, 18 + 3, 21 + 3]);
  const o = await array.ones([5, 3], { chunks: 2, dtype: 'uint8' }).add(array.zeros([5, 3], { chunks: 2, dtype: 'uint8' })).sum().compute(sync);
  assert.equal(o.data[0], 15);
  const { affineBlock } = await import('./array-fixtures.js');
  const m = await xa.mapBlocks(affineBlock, { args: [2, 1] }).compute(sync);
  assert.deepEqual([...m.data], [...a.data].map((v) => 2 * v + 1));
});

test('summary text and HTML are derived from shape, chunks and graph', () => {
  const x = array.random.rand({ shape: [10000, 10000], chunks: [1000, 1000], dtype: 'float32', seed: 1 });
  const tasks = Object.keys(x.ssdpGraph()).length;
  assert.equal(tasks, x.taskCount);
  const text = String(x);
  const bytes = `${((10000 * 10000 * 4) / 1e6).toFixed(2)} MB`;
  const chunkBytes = `${((1000 * 1000 * 4) / 1e6).toFixed(2)} MB`;
  for (const s of [bytes, chunkBytes, '(10000, 10000)', '(1000, 1000)', `${tasks} Tasks`, `${10 * 10} Chunks`, 'float32']) {
    assert.ok(text.includes(s), `${s} in\n${text}`);
  }
  assert.equal(inspect(x), text);
  const html = x.toHTML();
  for (const s of [bytes, '(10000, 10000)', `${tasks} Tasks`, '100 Chunks', 'float32', '<table', '<svg']) assert.ok(html.includes(s), s);
  const y = x.mean({ axis: 0 });
  assert.ok(String(y).includes(`${Object.keys(y.ssdpGraph()).length} Tasks`));
  assert.ok(String(y).includes('(10000,)'));

  // the lecture's table: 8610 images of 443 x 235 float32
  const imgs = [];
  const load = delayed(syntheticImage);
  for (let i = 0; i < 8610; i++) imgs.push(array.fromDelayed(load(0, i, 443, 235), { shape: [443, 235], dtype: 'float32' }));
  const t0 = performance.now();
  const stacked = array.stack(imgs, 0);
  const buildMs = performance.now() - t0;
  const st = String(stacked);
  for (const s of [
    `${((8610 * 443 * 235 * 4) / 1e9).toFixed(2)} GB`,
    `${((443 * 235 * 4) / 1e3).toFixed(2)} kB`,
    '(8610, 443, 235)',
    '(1, 443, 235)',
    '8610 Chunks',
  ]) {
    assert.ok(st.includes(s), `${s} in\n${st}`);
  }
  assert.ok(buildMs < 5000, `stacking 8610 arrays took ${buildMs} ms`);
});

test('a misspelt option of an array or bag function is an error naming the right one; rand takes the lecture\'s size', async () => {
  const cases: [() => unknown, RegExp][] = [
    [() => array.random.rand({ shape: [100, 100], chunk: [10, 10] } as never), /array\.random\.rand: unknown option 'chunk' \(did you mean 'chunks'\?\)/],
    [() => array.random.rand({ shape: [100, 100], sed: 1 } as never), /unknown option 'sed' \(did you mean 'seed'\?\)/],
    [() => array.zeros([4], { chunks: 2 }).mean({ axes: 0 } as never), /array\.mean: unknown option 'axes' \(did you mean 'axis'\?\)/],
    [() => array.nanmean(array.zeros([4]), { kepdims: true } as never), /unknown option 'kepdims' \(did you mean 'keepdims'\?\)/],
    [() => array.full([4], 2, { dtyp: 'float32' } as never), /array\.full: unknown option 'dtyp' \(did you mean 'dtype'\?\)/],
    [() => array.fromArray(new Float64Array(4), { chunk: 2 } as never), /array\.fromArray: unknown option 'chunk'/],
    [() => array.zeros([4]).mapBlocks((b: NDArray) => b, { dtpe: 'float32' } as never), /array\.mapBlocks: unknown option 'dtpe'/],
    [() => bag.fromSequence([1, 2], { npartition: 2 } as never), /bag\.fromSequence: unknown option 'npartition' \(did you mean 'npartitions'\?\)/],
  ];
  for (const [make, message] of cases) assert.throws(make, { code: 'E_OPTION_UNKNOWN', message });
  const bySize = array.random.rand({ size: [100, 100], chunks: [10, 10], seed: 3 });
  const byShape = array.random.rand({ shape: [100, 100], chunks: [10, 10], seed: 3 });
  assert.deepEqual(bySize.shape, [100, 100]);
  assert.deepEqual(bySize.chunks, byShape.chunks);
  const [a, b] = await compute(bySize.sum(), byShape.sum(), sync);
  assert.equal((a as NDArray).data[0], (b as NDArray).data[0]);
  assert.throws(() => array.random.rand({ size: [2], shape: [2] }), { code: 'E_ARRAY_SHAPE', message: /not both/ });
});
