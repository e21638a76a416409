/**
 * Zarr through zarrita: toZarr writes v2 stores Python's zarr reads (dtype, shape, chunks, values)
 * and v3 stores zarrita reads back; fromZarr reads stores Python wrote and a v3 fixture of known
 * bytes; blocks write their own chunks in parallel; a failed write leaves the old store
 * (issue 14, item 4).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { toNested } from '../../src/collections/array/index.js';
import { PY_VALUES, values } from './array-values.js';
import { dask, DASK_PYTHON, NO_DASK } from '../helpers/dask.js';
const dir = mkdtempSync(join(tmpdir(), 'ssdp-zarr-'));
after(() => {
    rmSync(dir, { recursive: true, force: true });
    return shutdownDefaultPools();
});
const sync = { scheduler: 'sync' };
const NO_ZARR = NO_DASK || (spawnSync(DASK_PYTHON, ['-c', 'import zarr']).status === 0 ? false : "Debian's python3-zarr is missing (apt-get install python3-zarr)");
const PY = `${PY_VALUES}
import zarr
`;
const plain = (a) => JSON.parse(JSON.stringify(toNested(a)));
test('toZarr writes zarr v2 that Python zarr reads: dtype, shape, chunks and values exact; on worker threads', { skip: NO_ZARR }, async () => {
    const x = array.fromArray(values([7, 5]), { chunks: [3, 2] });
    const cases = [
        ['f8', x],
        ['f4', array.fromArray(values([4, 3, 5]), { chunks: [3, 2, 5] }).astype('float32')],
        ['i2', x.mul(3).astype('int16')],
        ['b1', x.gt(0)],
        ['u4', x.add(5).astype('uint32').rechunk([[2, 5], [4, 1]])],
    ];
    for (const [name, a] of cases)
        await array.toZarr(a, join(dir, `${name}.zarr`), { format: 2, scheduler: 'threads', nWorkers: 2 });
    const py = dask(`${PY}
out = []
for name in ${JSON.stringify(cases.map(([n]) => n))}:
    z = zarr.open(${JSON.stringify(dir)} + '/' + name + '.zarr', mode='r')
    out.append({'dtype': str(z.dtype), 'shape': list(z.shape), 'chunks': list(z.chunks), 'values': z[...].tolist()})
print(json.dumps(out))`);
    for (const [i, [name, a]] of cases.entries()) {
        const got = await a.compute(sync);
        assert.equal(py[i].dtype, got.dtype, name);
        assert.deepEqual(py[i].shape, got.shape, name);
        assert.deepEqual(py[i].chunks, a.chunks.map((c) => c[0]), `${name}: the first block's extent is the zarr chunk`);
        assert.deepEqual(py[i].values, plain(got), name);
    }
    // one chunk file per block, written by the block's own task
    assert.equal(readdirSync(join(dir, 'f8.zarr')).filter((f) => /^\d+\.\d+$/.test(f)).length, x.npartitions);
});
test('fromZarr reads what Python zarr wrote (v2, raw and compressed) and what toZarr wrote as v3', { skip: NO_ZARR }, async () => {
    dask(`${PY}
zarr.save_array(${JSON.stringify(dir)} + '/py-raw.zarr', values((9, 4)), chunks=(4, 3), compressor=None)
zarr.save_array(${JSON.stringify(dir)} + '/py-blosc.zarr', values((5, 7)), chunks=(2, 3))  # zarr's default compressor, Blosc
zarr.save_array(${JSON.stringify(dir)} + '/py-int.zarr', np.arange(-10, 14, dtype='<i4').reshape(4, 6), chunks=(3, 4), compressor=None)
print(json.dumps(None))`);
    const raw = await array.fromZarr(join(dir, 'py-raw.zarr'));
    assert.deepEqual(raw.chunks, [[4, 4, 1], [3, 1]]);
    assert.deepEqual(plain(await raw.compute(sync)), plain(values([9, 4])));
    const blosc = await array.fromZarr(join(dir, 'py-blosc.zarr'));
    assert.deepEqual(plain(await blosc.compute(sync)), plain(values([5, 7])));
    const ints = await array.fromZarr(join(dir, 'py-int.zarr'), { chunks: [2, 5] });
    assert.equal(ints.dtype, 'int32');
    assert.deepEqual([...(await ints.compute({ scheduler: 'threads', nWorkers: 2 })).data], Array.from({ length: 24 }, (_, i) => i - 10));
    // v3 round trip, every dtype; the metadata says what was written
    const x = array.fromArray(values([6, 5]), { chunks: [4, 2] });
    for (const a of [x, x.gt(0), x.mul(4).astype('int16'), x.astype('float32').T]) {
        const path = join(dir, `v3-${a.dtype}-${a.shape.join('x')}.zarr`);
        await array.toZarr(a, path, { scheduler: 'threads', nWorkers: 2 });
        const meta = JSON.parse(readFileSync(join(path, 'zarr.json'), 'utf8'));
        assert.equal(meta.zarr_format, 3);
        assert.deepEqual(meta.shape, a.shape);
        assert.equal(meta.data_type, a.dtype);
        const back = await array.fromZarr(path);
        assert.equal(back.dtype, a.dtype);
        assert.deepEqual(plain(await back.compute(sync)), plain(await a.compute(sync)));
    }
});
test('a zarr v3 store of known bytes (fixture) reads as those values; a failed write keeps the old store; bad paths refused', async () => {
    // 3x4 uint16 in 2x3 chunks, little-endian raw bytes; edge chunks padded to full size as zarr stores them
    const store = join(dir, 'fixture.zarr');
    mkdirSync(join(store, 'c', '0'), { recursive: true });
    mkdirSync(join(store, 'c', '1'), { recursive: true });
    writeFileSync(join(store, 'zarr.json'), JSON.stringify({
        zarr_format: 3, node_type: 'array', shape: [3, 4], data_type: 'uint16',
        chunk_grid: { name: 'regular', configuration: { chunk_shape: [2, 3] } },
        chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
        codecs: [{ name: 'bytes', configuration: { endian: 'little' } }], fill_value: 0, attributes: {},
    }));
    const want = Array.from({ length: 12 }, (_, i) => 1000 + i * 257);
    const chunk = (r0, c0) => {
        const b = Buffer.alloc(2 * 3 * 2);
        for (let r = 0; r < 2; r++)
            for (let c = 0; c < 3; c++)
                if (r0 + r < 3 && c0 + c < 4)
                    b.writeUInt16LE(want[(r0 + r) * 4 + c0 + c], (r * 3 + c) * 2);
        return b;
    };
    writeFileSync(join(store, 'c', '0', '0'), chunk(0, 0));
    writeFileSync(join(store, 'c', '0', '1'), chunk(0, 3));
    writeFileSync(join(store, 'c', '1', '0'), chunk(2, 0));
    writeFileSync(join(store, 'c', '1', '1'), chunk(2, 3));
    const z = await array.fromZarr(store);
    assert.equal(z.dtype, 'uint16');
    assert.deepEqual(z.chunks, [[2, 1], [3, 1]]);
    assert.deepEqual([...(await z.compute(sync)).data], want);
    // toZarr over it from a source that fails part-way: the fixture is still there, no temporary folder
    const src = join(dir, 'short.npy');
    await array.toNpy(array.fromArray(values([6, 6]), { chunks: 3 }), src, sync);
    const lazy = array.fromNpy(src, { chunks: 3 });
    writeFileSync(src, readFileSync(src).subarray(0, 200));
    await assert.rejects(array.toZarr(lazy, store, { ...sync, overwrite: true }), /shorter than its header/);
    assert.deepEqual([...(await (await array.fromZarr(store)).compute(sync)).data], want);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('ssdp-tmp')), []);
    await assert.rejects(array.fromZarr(join(dir, 'nothing.zarr')), { code: 'E_ARRAY_ZARR' });
    // store: several sources into several kinds of target in one run
    await array.store([z, z.mul(2)], [join(dir, 'both.npy'), array.zarrTarget(join(dir, 'both.zarr'), { format: 2 })], sync);
    assert.deepEqual([...(await array.fromNpy(join(dir, 'both.npy')).compute(sync)).data], want);
    assert.deepEqual([...(await (await array.fromZarr(join(dir, 'both.zarr'))).compute(sync)).data], want.map((v) => v * 2));
    await assert.rejects(array.toZarr(z, join(dir, 'no', 'x.zarr')), { code: 'E_ARRAY_STORE' });
});
//# sourceMappingURL=array-zarr.test.js.map