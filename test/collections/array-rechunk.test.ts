/**
 * rechunk as Dask's split/merge (tester s22 try14w D12): an input block is cut once into the
 * pieces the output blocks take, so on threads/processes each piece travels once instead of every
 * whole input block travelling to every output block it overlaps (a 288 MB rows-to-columns
 * rechunk cost 10x Dask's CPU and 3.7x its memory on threads and did not finish on processes).
 * The structure is checked on the graph; the values against Dask on every scheduler.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, shutdownDefaultPools, type Graph } from '../../src/index.js';
import { dependenciesOf } from '../../src/graph/index.js';
import { ndarray, toNested, type NDArray } from '../../src/collections/array/index.js';
import { NO_DASK, useDaskMany } from '../helpers/dask.js';

after(() => shutdownDefaultPools());
const skip = NO_DASK;

function values(shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = ((i * 7) % 13) - 4.5 + (i % 3) * 0.25;
  return ndarray(d, shape);
}

const PY_OUT = useDaskMany(
  {
    rechunk: `import numpy as np, dask.array as da
def values(shape):
    i = np.arange(int(np.prod(shape)))
    return (((i * 7) % 13) - 4.5 + (i % 3) * 0.25).reshape(shape)
x = da.from_array(values((12, 10)), chunks=((3, 3, 4, 2), 10))
y = da.from_array(values((4, 6, 5)), chunks=(1, (4, 2), (2, 3)))
rs = [x.rechunk((12, (3, 3, 4))), x.rechunk(((5, 7), (1, 9))), y.rechunk((4, 3, (1, 4))), y.rechunk((2, 6, 5))]
print(json.dumps([{'chunks': [list(c) for c in r.chunks], 'values': r.compute().tolist()} for r in rs]))`,
  },
  skip,
);

/** The tasks of `g` that name `key` among their inputs. */
function usersOf(g: Graph, key: string): string[] {
  return Object.keys(g).filter((k) => dependenciesOf(g[k]!).includes(key));
}

test('D12: rows to columns cuts each input block once; no output block takes a whole input block', () => {
  const x = array.random.rand({ shape: [60, 60], chunks: [6, 60], seed: 1 });
  const r = x.rechunk([60, 6]);
  const g = r.ssdpGraph();
  for (const k of x.keys) {
    // before: each of the 10 input blocks was an input of all 10 output blocks
    assert.deepEqual(usersOf(g, k).length, 1, `block ${k} is cut by one task`);
  }
  for (const k of r.keys) {
    const deps = dependenciesOf(g[k]!);
    assert.equal(deps.length, 10);
    for (const d of deps) assert.ok(!x.keys.includes(d), `output ${k} takes a piece, not the whole block ${d}`);
  }
  // a rechunk that only merges whole blocks (rows of blocks into one) cuts nothing
  const merged = x.rechunk([30, 60]);
  const gm = merged.ssdpGraph();
  for (const k of merged.keys) assert.deepEqual(dependenciesOf(gm[k]!).sort(), x.keys.filter((b) => dependenciesOf(gm[k]!).includes(b)).sort());
  assert.equal(Object.keys(gm).length, x.keys.length + merged.keys.length);
});

test('D12: rechunk gives Dask\'s chunks and values on sync, threads and processes (pieces picked by the scheduler)', { skip, timeout: 120_000 }, async () => {
  const py = PY_OUT.rechunk as { chunks: number[][]; values: unknown }[];
  const x = array.fromArray(values([12, 10]), { chunks: [[3, 3, 4, 2], 10] });
  const y = array.fromArray(values([4, 6, 5]), { chunks: [1, [4, 2], [2, 3]] });
  const ours = [x.rechunk([12, [3, 3, 4]]), x.rechunk([[5, 7], [1, 9]]), y.rechunk([4, 3, [1, 4]]), y.rechunk([2, 6, 5])];
  for (const scheduler of ['sync', 'threads', 'processes'] as const) {
    const got = await array.compute(...ours, { scheduler, nWorkers: 2 });
    for (const [i, r] of ours.entries()) {
      assert.deepEqual(r.chunks, py[i]!.chunks, `${scheduler} case ${i}`);
      assert.deepEqual(toNested(got[i]!), py[i]!.values, `${scheduler} case ${i}`);
    }
  }
  // a bigger rows-to-columns rechunk, reduced, is the same on every scheduler
  const big = array.random.rand({ shape: [400, 400], chunks: [40, 400], seed: 3 }).rechunk([400, 40]).sum({ axis: 0 });
  const want = Array.from((await big.compute({ scheduler: 'sync' })).data);
  for (const scheduler of ['threads', 'processes'] as const) {
    assert.deepEqual(Array.from((await big.compute({ scheduler, nWorkers: 2 })).data), want, scheduler);
  }
});
