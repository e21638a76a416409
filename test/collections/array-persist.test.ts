/**
 * Chunked arrays persist and draw their graph as bags and delayed values do (tester s23 try14x
 * H4: `x.persist()` and `x.visualize()` were TypeErrors, and `persist(x)` computed the blocks and
 * handed back the same unpersisted array, so later work computed them again).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, persist } from '../../src/index.js';
import type { NDArray } from '../../src/collections/array/ndarray.js';

let calls = 0;
function counted(block: NDArray): NDArray {
  calls++;
  return block;
}

const fresh = () => array.fromArray(array.ndarray(Float64Array.from({ length: 24 }, (_, i) => i * 1.5), [4, 6]), { chunks: [2, 3] }).mapBlocks(counted, { dtype: 'float64' });

test('x.persist() and persist(x) compute the blocks once; later work on the result starts from them', async () => {
  const x = fresh();
  const want = (await x.sum({ axis: 0 }).compute({ scheduler: 'sync' })).data;
  calls = 0;
  const p = await x.persist({ scheduler: 'sync' });
  assert.equal(calls, x.npartitions, 'each block computed once by persist');
  assert.deepEqual([...p.shape], [...x.shape]);
  assert.deepEqual(p.chunks, x.chunks);
  assert.equal(p.dtype, x.dtype);
  assert.deepEqual((await p.sum({ axis: 0 }).compute({ scheduler: 'sync' })).data, want);
  assert.deepEqual((await p.compute({ scheduler: 'sync' })).data, (await x.compute({ scheduler: 'sync' })).data);
  calls = 0;
  await p.sum({ axis: 0 }).compute({ scheduler: 'sync' });
  assert.equal(calls, 0, 'work on the persisted array does not compute its blocks again');

  calls = 0;
  const [q] = (await persist(fresh(), { scheduler: 'sync' })) as [typeof x];
  assert.equal(calls, x.npartitions);
  calls = 0;
  assert.deepEqual((await q.sum({ axis: 0 }).compute({ scheduler: 'sync' })).data, want);
  assert.equal(calls, 0, 'persist(x) hands back the persisted array');
});

test('x.visualize({ filename }) writes the graph picture and returns its SVG', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-array-vis-'));
  const svg = await fresh().sum().visualize({ filename: join(dir, 'graph.svg') });
  assert.match(svg, /<svg[\s\S]*<\/svg>/);
  assert.ok(existsSync(join(dir, 'graph.svg')));
  assert.equal(readFileSync(join(dir, 'graph.svg'), 'utf8'), svg);
});
