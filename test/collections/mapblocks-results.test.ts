/**
 * A mapBlocks function returning the wrong thing is reported as that mapBlocks call (its function,
 * where it was called, the block, the shapes), on every scheduler, whether the block is computed
 * directly, reduced or stacked (tester s22 try14w D10: it was blamed on "a delayed value given to
 * array.fromDelayed", which the script never used).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { ndarray, type NDArray } from '../../src/collections/array/index.js';

after(() => shutdownDefaultPools());
const HERE = fileURLToPath(import.meta.url);

export function threeLong(): NDArray {
  return { shape: [3], dtype: 'float64', data: new Float64Array(3) };
}
export function five(): number {
  return 5;
}
export function plainList(b: NDArray): number[] {
  return Array.from(b.data);
}
export function asInt32(b: NDArray): Int32Array {
  return Int32Array.from(b.data as Float64Array, (v) => v * 2);
}
export function firstOnly(b: NDArray): NDArray {
  return { shape: [1], dtype: 'float64', data: b.data.slice(0, 1) as Float64Array };
}

type Coded = Error & { code?: string; hint?: string };
const line = (): number => Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split('\n')[2]!)![1]);

for (const scheduler of ['sync', 'threads', 'processes'] as const) {
  const opts = { scheduler, nWorkers: 2 };
  test(`${scheduler}: mapBlocks of a wrong shape or a non-array names mapBlocks, its function, its call site and the block`, async () => {
    const x = array.ones([4, 6], { chunks: [2, 3] });
    let at = line() + 1;
    const wrong = x.mapBlocks(threeLong, { dtype: 'float64' });
    for (const y of [wrong, wrong.sum({ axis: 0 }), array.stack([wrong, wrong])]) {
      await assert.rejects(y.compute(opts), (e: Coded) => {
        assert.equal(e.code, 'E_ARRAY_CHUNK_SHAPE', e.message);
        assert.doesNotMatch(e.message, /fromDelayed/);
        assert.match(e.message, new RegExp(`^array\\.mapBlocks\\(threeLong\\) called at ${HERE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at}:\\d+ returned an array of shape \\[3\\] \\(3 values, float64\\) for block \\[\\d, \\d\\], but that block has shape \\[2, 3\\] \\(6 values, float64\\)\\.`));
        assert.match(e.hint ?? '', /chunks/);
        return true;
      });
    }
    for (const [fn, got] of [[five, 'number'], [plainList, 'a plain Array']] as const) {
      at = line() + 1;
      const y = x.mapBlocks(fn, { dtype: 'float64' });
      await assert.rejects(y.sum().compute(opts), (e: Coded) => {
        assert.equal(e.code, 'E_ARRAY_CHUNK_TYPE', e.message);
        assert.match(e.message, new RegExp(`^array\\.mapBlocks\\(${fn.name}\\) called at .*mapblocks-results\\.test\\.js:${at}:\\d+ returned ${got} for block \\[\\d, \\d\\], not an array\\.`));
        assert.match(e.hint ?? '', /shape \[2, 3\], dtype float64/);
        return true;
      });
    }
  });

  test(`${scheduler}: mapBlocks results of the promised size still work: converted to the declared dtype, or shaped by \`chunks\``, async () => {
    const x = array.fromArray(ndarray(new Float64Array([0, 1, 2, 3, 4, 5]), [6]), { chunks: 3 });
    const doubled = await x.mapBlocks(asInt32, { dtype: 'float64' }).compute(opts);
    assert.equal(doubled.dtype, 'float64');
    assert.deepEqual(Array.from(doubled.data), [0, 2, 4, 6, 8, 10]);
    const firsts = await x.mapBlocks(firstOnly, { chunks: [[1, 1]] }).compute(opts);
    assert.deepEqual(Array.from(firsts.data), [0, 3]);
    // `chunks` that do not match what the function returns: the message says so
    await assert.rejects(x.mapBlocks(firstOnly, { chunks: [[2, 1]] }).compute(opts), (e: Coded) => e.code === 'E_ARRAY_CHUNK_SHAPE' && /for block \[0\], but that block has shape \[2\]/.test(e.message) && /sizes given in `chunks`/.test(e.hint ?? ''));
  });
}
