/**
 * .npy files: array.toNpy writes what numpy.load reads (dtype and shape exact, byte for byte the
 * file numpy.save writes), block by block; array.fromNpy reads numpy.save's files lazily; a failed
 * write leaves the target as it was (issue 14, item 3).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { isRef, isTask } from '../../src/graph/index.js';
import { toNested } from '../../src/collections/array/index.js';
import { planStore } from '../../src/collections/array/store.js';
import { PY_VALUES, values } from './array-values.js';
import { dask, NO_DASK } from '../helpers/dask.js';
const dir = mkdtempSync(join(tmpdir(), 'ssdp-npy-'));
after(() => {
    rmSync(dir, { recursive: true, force: true });
    return shutdownDefaultPools();
});
const sync = { scheduler: 'sync' };
const skip = NO_DASK;
const PY = `${PY_VALUES}def nan(v):
    return [nan(e) for e in v] if isinstance(v, list) else (None if isinstance(v, float) and v != v else v)
`;
test('toNpy writes files numpy.load reads with the exact dtype, shape and values, byte for byte numpy.save\'s', { skip }, async () => {
    const x = array.fromArray(values([7, 5]), { chunks: [3, 2] });
    const cases = [
        ['f8', x],
        ['f4', array.fromArray(values([4, 3, 5]), { chunks: [3, 2, 5] }).astype('float32')],
        ['i2', x.mul(3).astype('int16')],
        ['u1', x.add(5).astype('uint8')],
        ['b1', x.gt(0)],
        ['u4', x.add(5).astype('uint32').T],
        ['i4-0d', x.astype('int32').get(2, 3)],
        ['empty', x.get(array.slice(2, 2))],
    ];
    for (const [name, a] of cases)
        await array.toNpy(a, join(dir, `${name}.npy`), sync);
    const loaded = dask(`${PY}
out = []
for name in ${JSON.stringify(cases.map(([n]) => n))}:
    a = np.load(${JSON.stringify(dir)} + '/' + name + '.npy')
    np.save(${JSON.stringify(dir)} + '/' + name + '.numpy.npy', a)
    out.append({'dtype': str(a.dtype), 'shape': list(a.shape), 'values': nan(a.tolist())})
print(json.dumps(out))`);
    const names = { float64: 'float64', float32: 'float32', int16: 'int16', uint8: 'uint8', bool: 'bool', uint32: 'uint32', int32: 'int32' };
    for (const [i, [name, a]] of cases.entries()) {
        const got = await a.compute(sync);
        assert.equal(loaded[i].dtype, names[got.dtype], name);
        assert.deepEqual(loaded[i].shape, got.shape, name);
        assert.deepEqual(loaded[i].values, JSON.parse(JSON.stringify(toNested(got))), name);
        assert.deepEqual(readFileSync(join(dir, `${name}.npy`)), readFileSync(join(dir, `${name}.numpy.npy`)), `${name}: same bytes as numpy.save`);
    }
    // one task per block, each reading only its own block: the whole array is never in one task
    const plan = await planStore(x, join(dir, 'plan.npy'));
    assert.equal(plan.keys.length, x.npartitions);
    for (const k of plan.keys) {
        const task = plan.graph[k];
        assert.ok(isTask(task));
        const refs = task.args.filter(isRef);
        assert.equal(refs.length, 1);
        assert.ok(x.keys.includes(refs[0].$ref));
    }
    await plan.abort();
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('ssdp-tmp')), []);
});
test('fromNpy reads numpy.save files lazily in chunks (int64 as float64), on sync and worker threads', { skip }, async () => {
    const written = dask(`${PY}
arrs = {'f8': values((9, 4)), 'f4': values((10,)).astype('<f4'), 'i8': np.arange(-6, 6).reshape(3, 4) * 1000003, 'b1': values((5, 3)) > 0,
        'u2': (values((2, 3, 4)) * 4 + 20).astype('<u2'), 'i1': np.arange(-5, 5, dtype=np.int8)}
out = []
for name, a in arrs.items():
    np.save(${JSON.stringify(dir)} + '/in-' + name + '.npy', a)
    out.append({'dtype': str(a.dtype), 'shape': list(a.shape), 'values': a.tolist()})
print(json.dumps(out))`);
    const names = ['f8', 'f4', 'i8', 'b1', 'u2', 'i1'];
    const want = ['float64', 'float32', 'float64', 'bool', 'uint16', 'int8'];
    for (const [i, name] of names.entries()) {
        const a = array.fromNpy(join(dir, `in-${name}.npy`), { chunks: 2 });
        assert.equal(a.dtype, want[i], name);
        assert.deepEqual(a.shape, written[i].shape, name);
        assert.ok(a.npartitions > 1, name);
        const [s, t] = [await a.compute(sync), await a.compute({ scheduler: 'threads', nWorkers: 2 })];
        assert.deepEqual(toNested(s), written[i].values, name);
        assert.deepEqual(toNested(t), written[i].values, `${name} on threads`);
    }
    // round trip through ssdp gives numpy's own file back
    await array.toNpy(array.fromNpy(join(dir, 'in-f8.npy'), { chunks: [4, 3] }), join(dir, 'again-f8.npy'), { scheduler: 'threads', nWorkers: 2 });
    assert.deepEqual(readFileSync(join(dir, 'again-f8.npy')), readFileSync(join(dir, 'in-f8.npy')));
});
test('bad .npy input is refused naming the file; a failed or impossible write leaves the target as it was', { skip }, async () => {
    dask(`${PY}
np.save(${JSON.stringify(dir)} + '/fortran.npy', np.asfortranarray(values((3, 4))))
np.save(${JSON.stringify(dir)} + '/big.npy', values((3,)).astype('>f8'))
np.save(${JSON.stringify(dir)} + '/c16.npy', values((3,)).astype(np.complex128))
print(json.dumps(None))`);
    writeFileSync(join(dir, 'text.npy'), 'not numpy at all');
    for (const f of ['fortran', 'big', 'c16', 'text', 'missing']) {
        assert.throws(() => array.fromNpy(join(dir, `${f}.npy`)), (e) => e.code === 'E_ARRAY_NPY' && e.message.includes(`${f}.npy`), f);
    }
    // a file cut short after the lazy array was made fails when read; the target keeps its bytes
    const src = join(dir, 'short.npy');
    await array.toNpy(array.fromArray(values([6, 6]), { chunks: 3 }), src, sync);
    const lazy = array.fromNpy(src, { chunks: 3 });
    truncateSync(src, 200);
    const target = join(dir, 'keep.npy');
    await array.toNpy(array.fromArray(values([2]), { chunks: 1 }), target, sync);
    const previous = readFileSync(target);
    await assert.rejects(array.toNpy(lazy.add(1), target, { ...sync, overwrite: true }), /shorter than its header/);
    assert.deepEqual(readFileSync(target), previous);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('ssdp-tmp')), []);
    await assert.rejects(array.toNpy(lazy, join(dir, 'no-such-folder', 'x.npy')), { code: 'E_ARRAY_STORE' });
    assert.equal(existsSync(join(dir, 'no-such-folder')), false);
});
//# sourceMappingURL=array-npy.test.js.map