/**
 * What toZarr/toNpy/store/toTextfiles may replace (s10 arr14 breaks B1, B9, B13, B14): an existing
 * target is refused as Dask refuses it (ContainsArrayError, KeyError over a file) unless
 * `overwrite: true`, a user's folder or file never goes, repeated targets are refused before
 * anything is written, and temporary files of a write killed with -9 go with the next write.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, bag, shutdownDefaultPools } from '../../src/index.js';
import { dask, DASK_PYTHON, NO_DASK } from '../helpers/dask.js';
const dir = mkdtempSync(join(tmpdir(), 'ssdp-target-'));
after(() => {
    rmSync(dir, { recursive: true, force: true });
    return shutdownDefaultPools();
});
const sync = { scheduler: 'sync' };
const NO_ZARR = NO_DASK || (spawnSync(DASK_PYTHON, ['-c', 'import zarr']).status === 0 ? false : "Debian's python3-zarr is missing");
const ones = () => array.ones([4, 4], { chunks: 2 });
const code = (c) => (e) => e.code === c;
test('B1: toZarr refuses a folder of user files, a file, the working folder and an existing zarr array as Dask does; overwrite replaces only a zarr array', { skip: NO_ZARR }, async () => {
    const proj = join(dir, 'proj');
    mkdirSync(proj);
    writeFileSync(join(proj, 'notes.txt'), 'precious');
    writeFileSync(join(dir, 'data.txt'), 'precious');
    const py = dask(`import zarr, numpy as np, dask.array as da
zarr.save_array(${JSON.stringify(join(dir, 'py.zarr'))}, np.arange(6.0), chunks=(4,))
try:
    da.ones((4, 4), chunks=2).to_zarr(${JSON.stringify(join(dir, 'py.zarr'))}); print(json.dumps({'exists': 'written'}))
except Exception as e:
    print(json.dumps({'exists': type(e).__name__}))`);
    assert.equal(py.exists, 'ContainsArrayError', 'Dask refuses an existing array without overwrite');
    for (const [target, opts] of [[proj, {}], [proj, { overwrite: true }], [join(dir, 'data.txt'), {}], [join(dir, 'data.txt'), { overwrite: true }], [join(dir, 'py.zarr'), {}]]) {
        await assert.rejects(array.toZarr(ones(), target, { ...sync, format: 2, ...opts }), code('E_ARRAY_STORE'), `${target} ${JSON.stringify(opts)}`);
    }
    await assert.rejects(array.store([ones()], [array.zarrTarget(proj, { format: 2, overwrite: true })], sync), code('E_ARRAY_STORE'));
    const cwd = process.cwd();
    process.chdir(proj);
    try {
        await assert.rejects(array.toZarr(ones(), process.cwd(), { ...sync, overwrite: true }), /working folder/);
        await assert.rejects(array.toZarr(ones(), '.', { ...sync, overwrite: true }), /working folder/);
    }
    finally {
        process.chdir(cwd);
    }
    assert.equal(readFileSync(join(proj, 'notes.txt'), 'utf8'), 'precious');
    assert.deepEqual(readdirSync(proj), ['notes.txt']);
    assert.equal(readFileSync(join(dir, 'data.txt'), 'utf8'), 'precious');
    // a new store inside the user's folder is written beside the user's files, as Dask's
    await array.toZarr(ones(), join(proj, 'x.zarr'), { ...sync, format: 2 });
    assert.deepEqual(readdirSync(proj).sort(), ['notes.txt', 'x.zarr']);
    // an empty folder is a fine target; overwrite replaces Python's array, and Python reads ours
    mkdirSync(join(dir, 'empty.zarr'));
    await array.toZarr(ones(), join(dir, 'empty.zarr'), { ...sync, format: 2 });
    await array.toZarr(ones().mul(3), join(dir, 'py.zarr'), { ...sync, format: 2, overwrite: true });
    const back = dask(`import zarr
print(json.dumps([zarr.open(${JSON.stringify(join(dir, 'py.zarr'))}, mode='r')[...].tolist(), zarr.open(${JSON.stringify(join(dir, 'empty.zarr'))}, mode='r')[...].tolist()]))`);
    assert.deepEqual(back, [Array(4).fill([3, 3, 3, 3]), Array(4).fill([1, 1, 1, 1])]);
});
test('B1/B13: toNpy refuses an existing file unless overwrite, a non-.npy file even then, and a folder; it writes through a symlink as numpy.save', { skip: NO_DASK }, async () => {
    const npy = join(dir, 'a.npy');
    await array.toNpy(ones(), npy, sync);
    await assert.rejects(array.toNpy(ones().mul(2), npy, sync), code('E_ARRAY_STORE'));
    await assert.rejects(array.store([ones()], [npy], sync), code('E_ARRAY_STORE'));
    await array.toNpy(ones().mul(2), npy, { ...sync, overwrite: true });
    writeFileSync(join(dir, 'notes.npy'), 'my notes');
    await assert.rejects(array.toNpy(ones(), join(dir, 'notes.npy'), { ...sync, overwrite: true }), /not a \.npy file/);
    assert.equal(readFileSync(join(dir, 'notes.npy'), 'utf8'), 'my notes');
    mkdirSync(join(dir, 'dir.npy'));
    await assert.rejects(array.toNpy(ones(), join(dir, 'dir.npy'), { ...sync, overwrite: true }), (e) => e.code === 'E_ARRAY_STORE' && /is a folder/.test(e.message));
    symlinkSync('a.npy', join(dir, 'link.npy'));
    await array.toNpy(ones().mul(5), join(dir, 'link.npy'), { ...sync, overwrite: true });
    assert.ok(lstatSync(join(dir, 'link.npy')).isSymbolicLink(), 'the link is kept');
    const py = dask(`import numpy as np
print(json.dumps(np.load(${JSON.stringify(join(dir, 'a.npy'))}).tolist()))`);
    assert.deepEqual(py, Array(4).fill([5, 5, 5, 5]));
});
test('B9: repeated targets are refused before anything is written (store, toTextfiles); toTextfiles keeps user files unless overwrite', async () => {
    const s = join(dir, 's.npy');
    await assert.rejects(array.store([ones(), ones().mul(2)], [s, s], sync), (e) => e.code === 'E_ARRAY_STORE' && /targets 0 and 1/.test(e.message));
    await assert.rejects(array.store([ones(), ones()], [array.zarrTarget(join(dir, 'z.zarr')), array.zarrTarget(join(dir, '.', 'z.zarr'))], sync), code('E_ARRAY_STORE'));
    assert.equal(existsSync(s), false);
    assert.equal(existsSync(join(dir, 'z.zarr')), false);
    const b = bag.fromSequence(['l1', 'l2', 'l3', 'l4', 'l5', 'l6'], { npartitions: 3 });
    const o = join(dir, 'o');
    await assert.rejects(b.toTextfiles([join(o, 'a.txt'), join(o, 'a.txt'), join(o, 'a.txt')], sync), code('E_BAG_TEXTFILES'));
    assert.equal(existsSync(o), false, 'nothing written');
    mkdirSync(o);
    writeFileSync(join(o, '1.txt'), 'mine');
    await assert.rejects(b.toTextfiles(join(o, '*.txt'), sync), (e) => /1\.txt already exists/.test(e.message));
    assert.deepEqual(readdirSync(o), ['1.txt']);
    assert.equal(readFileSync(join(o, '1.txt'), 'utf8'), 'mine');
    await b.toTextfiles(join(o, '*.txt'), { ...sync, overwrite: true });
    assert.equal(readFileSync(join(o, '1.txt'), 'utf8'), 'l3\nl4');
    // B13: a file where the folder should be is a clear error, not EEXIST from mkdir
    writeFileSync(join(dir, 'f'), 'file');
    for (const p of [join(dir, 'f'), join(dir, 'f', '*.txt')])
        await assert.rejects(b.toTextfiles(p, sync), (e) => e.code === 'E_BAG_TEXTFILES' && /is a file/.test(e.message), p);
});
test('B14: a toNpy killed with -9 leaves its temporary file; the next write to the same target removes it', async () => {
    const target = join(dir, 'killed.npy');
    const index = resolve(fileURLToPath(import.meta.url), '../../../src/index.js');
    const script = `import { array } from ${JSON.stringify(index)};
const slow = (b) => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); return b; };
await array.toNpy(array.ones([64, 64], { chunks: 8 }).mapBlocks(slow, { dtype: 'float64' }), ${JSON.stringify(target)}, { scheduler: 'sync' });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const temps = () => readdirSync(dir).filter((f) => f.startsWith('killed.npy.ssdp-tmp-'));
    while (temps().length === 0)
        await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.equal(temps().length, 1, 'the killed write left its temporary file');
    assert.equal(existsSync(target), false, 'and no target');
    // a temporary of a live writer is kept (this process's own pid is never taken as dead)
    writeFileSync(`${target}.ssdp-tmp-${process.pid}-0000abcd`, '');
    await array.toNpy(ones(), target, sync);
    assert.deepEqual(temps(), [`killed.npy.ssdp-tmp-${process.pid}-0000abcd`]);
});
//# sourceMappingURL=write-target.test.js.map