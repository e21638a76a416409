import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, delayed, compute, registerModule, shutdownDefaultPools } from '../../src/index.js';
import * as fixtures from './array-fixtures.js';
const FIXTURES = new URL('./array-fixtures.js', import.meta.url).href;
registerModule(FIXTURES, fixtures);
after(() => shutdownDefaultPools());
/** The same graphs on sync and on 2 worker threads give bit-identical results. */
function sameBits(a, b, label) {
    assert.equal(a.length, b.length);
    a.forEach((x, i) => {
        assert.deepEqual(x.shape, b[i].shape, label);
        assert.equal(x.dtype, b[i].dtype, label);
        assert.deepEqual(new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength), new Uint8Array(b[i].data.buffer, b[i].data.byteOffset, b[i].data.byteLength), `${label}: result ${i}`);
    });
}
test('sync and threads agree bit for bit: random data, reductions, slicing, arithmetic, mapBlocks', async () => {
    const x = array.random.rand({ shape: [300, 220], chunks: [64, 50], seed: 11, dtype: 'float32' });
    const strided = x.get(array.slice(null, null, -1), array.slice(1, null, 3)).mul(2).sub(0.5);
    const exprs = [
        x,
        array.nanmean(x, { axis: 0 }),
        array.nanstd(x, { axis: 1, ddof: 1 }),
        x.var(),
        x.min({ axis: [0, 1] }),
        strided.nanmax({ axis: 0, splitEvery: 3 }),
        strided,
        x.mapBlocks(fixtures.affineBlock, { dtype: 'float64', args: [3, -1] }).sum({ axis: 1 }),
    ];
    const s = await array.compute(...exprs, { scheduler: 'sync' });
    const t = await array.compute(...exprs, { scheduler: 'threads', nWorkers: 2 });
    sameBits(s, t, 'sync vs threads');
    // and a second threads run (different batching and worker assignment) too
    sameBits(t, await array.compute(...exprs, { scheduler: 'threads', nWorkers: 2 }), 'threads twice');
});
test("threads: the lecture's statistics over stacked delayed images, loader imported by the workers", async () => {
    const load = delayed(fixtures.syntheticImage, { module: FIXTURES });
    const slices = [];
    for (let day = 0; day < 4; day++) {
        for (let i = 0; i < 24; i++)
            slices.push(array.fromDelayed(load(day, i, 17, 13), { shape: [17, 13], dtype: 'float32' }));
    }
    const dataArray = array.stack(slices, 0);
    const statistics = [
        array.nanmin(dataArray, { axis: 0 }),
        array.nanmax(dataArray, { axis: 0 }),
        array.nanmean(dataArray, { axis: 0 }),
        array.nanstd(dataArray, { axis: 0 }),
    ];
    const onThreads = (await compute(...statistics, { scheduler: 'threads', nWorkers: 2 }));
    const onSync = (await compute(...statistics, { scheduler: 'sync' }));
    sameBits(onSync, onThreads, 'lecture statistics');
    assert.ok(onThreads.every((r) => r.shape.join() === '17,13'));
});
//# sourceMappingURL=array-schedulers.test.js.map