/**
 * What a Dask user passes to the collections' API and gets back, against Python Dask where Dask
 * has an answer: exported block functions on workers (tester s22 try14w D1), integer powers (D2),
 * bag sizes (D3), text encodings (D4), ssdp's own kernels failing (D5), store's overwrite (D6).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, bag, shutdownDefaultPools } from '../../src/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';
import { doubleBlock } from './fixtures/block-fns.js';

const dir = mkdtempSync(join(tmpdir(), 'ssdp-api-arguments-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  return shutdownDefaultPools();
});
type Coded = Error & { code?: string; hint?: string };
const coded = (code: string, ...words: string[]) => (e: Coded) => {
  assert.equal(e.code, code, e.message);
  for (const w of words) assert.ok(`${e.message} ${e.hint ?? ''}`.includes(w), `${w} not in: ${e.message} | ${e.hint}`);
  return true;
};

test('D1: mapBlocks and blockwise of an exported function that calls its module\'s helpers run on threads and processes (workers import it)', async () => {
  const x = array.ones([4, 4], { chunks: 2 });
  for (const scheduler of ['threads', 'processes'] as const) {
    const m = await x.mapBlocks(doubleBlock, { dtype: 'float64' }).compute({ scheduler, nWorkers: 2 });
    assert.deepEqual(Array.from(m.data as Float64Array), new Array(16).fill(2), scheduler);
    const b = await array.blockwise(doubleBlock, 'ij', x, 'ij', { dtype: 'float64' }).compute({ scheduler, nWorkers: 2 });
    assert.deepEqual(Array.from(b.data as Float64Array), new Array(16).fill(2), scheduler);
  }
});

test('D2: an integer array to a negative integer power is refused as NumPy refuses it, never truncated to 0', { skip: NO_DASK }, async () => {
  const py = dask<string>(`import numpy as np
try:
    np.array([1, 2, 4, -5], dtype='i4') ** np.array([-1, 1, 1, 1], dtype='i4'); print(json.dumps('ok'))
except ValueError as e:
    print(json.dumps(str(e)))`);
  assert.match(py, /negative integer powers/);
  const x = array.fromArray({ shape: [4], dtype: 'int32', data: Int32Array.from([1, 2, 4, -5]) }, { chunks: 2 });
  assert.throws(() => x.pow(-1), coded('E_ARRAY_DTYPE', 'negative integer powers', "astype('float64')"));
  const e = array.fromArray({ shape: [4], dtype: 'int32', data: Int32Array.from([-1, 1, 1, 1]) }, { chunks: 2 });
  await assert.rejects(x.pow(e).compute({ scheduler: 'threads', nWorkers: 2 }), coded('E_ARRAY_DTYPE', 'negative integer powers'));
  // what still works: a float result, and non-negative integer powers
  assert.deepEqual(Array.from((await x.astype('float64').pow(-1).compute()).data), [1, 0.5, 0.25, -0.2]);
  assert.deepEqual(Array.from((await x.pow(2).compute()).data), [1, 4, 16, 25]);
});

test('D3: bag.fromSequence with npartitions or partitionSize not a whole number from 1 is E_BAG_ARGUMENT, never an empty bag', async () => {
  for (const n of [NaN, 0, -1, 1.5, Infinity]) {
    assert.throws(() => bag.fromSequence([1, 2, 3], { npartitions: n }), coded('E_BAG_ARGUMENT', 'npartitions', String(n)));
    assert.throws(() => bag.fromSequence([1, 2, 3], { partitionSize: n }), coded('E_BAG_ARGUMENT', 'partitionSize'));
  }
  assert.throws(() => bag.fromSequence([1], { npartitions: '2' as unknown as number }), coded('E_BAG_ARGUMENT', 'npartitions'));
  const b = bag.fromSequence([1, 2, 3, 4, 5], { npartitions: 2 });
  assert.equal(b.npartitions, 2);
  assert.equal(await b.sum().compute(), 15);
});

test('D4: readText refuses bytes that are not UTF-8, naming the file and byte, as Dask; encoding latin-1 reads them and toTextfiles writes them back byte for byte', { skip: NO_DASK }, async () => {
  const latin = join(dir, 'latin.txt');
  writeFileSync(latin, Buffer.from('caf\xe9\nna\xefve\n', 'latin1'));
  const py = dask<[string, string[]]>(`import dask.bag as db
try:
    db.read_text(${JSON.stringify(latin)}).compute(); err = 'ok'
except UnicodeDecodeError as e:
    err = 'byte %d' % e.start
print(json.dumps([err, db.read_text(${JSON.stringify(latin)}, encoding='latin-1').compute()]))`);
  assert.equal(py[0], 'byte 3');
  for (const scheduler of ['sync', 'threads'] as const) {
    await assert.rejects(bag.readText(latin).compute({ scheduler }), coded('E_BAG_ENCODING', latin, 'byte 3', "encoding: 'latin-1'"));
  }
  const read = await bag.readText(latin, { encoding: 'latin-1' }).compute();
  assert.deepEqual(read, py[1]);
  assert.deepEqual(await bag.readText(latin, { errors: 'replace' }).compute(), ['caf\ufffd\n', 'na\ufffdve\n']);
  const out = join(dir, 'out');
  await bag.fromSequence(read.map((l) => l.replace(/\n$/, '')), { npartitions: 1 }).toTextfiles(join(out, '*.txt'), { encoding: 'latin-1' });
  assert.deepEqual(readFileSync(join(out, '0.txt')), Buffer.from('caf\xe9\nna\xefve', 'latin1'));
  await assert.rejects(bag.fromSequence(['\u20ac'], { npartitions: 1 }).toTextfiles(join(dir, 'euro', '*.txt'), { encoding: 'latin-1' }), coded('E_BAG_ENCODING', 'latin-1'));
  assert.throws(() => bag.readText(latin, { encoding: 'klingon' }), coded('E_BAG_ENCODING', 'klingon'));
  // UTF-8 stays the default and reads as before
  writeFileSync(join(dir, 'u.txt'), 'café\n');
  assert.deepEqual(await bag.readText(join(dir, 'u.txt')).compute(), ['café\n']);
});

test('D5: ssdp\'s own bag kernels fail with coded errors naming the bag call, not a stack blamed on "the task function"', async () => {
  for (const scheduler of ['sync', 'threads'] as const) {
    await assert.rejects(bag.fromSequence([] as number[], { npartitions: 2 }).max().compute({ scheduler }), (e: Coded) => coded('E_BAG_EMPTY', 'bag.max', 'empty')(e) && !/task function/.test(e.hint ?? ''));
    await assert.rejects(bag.fromSequence<unknown>(['a', {}], { npartitions: 1 }).toTextfiles(join(dir, `obj-${scheduler}`, '*.txt'), { scheduler }), coded('E_BAG_TEXTFILES', 'element 1', 'b.map(String)'));
  }
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  assert.throws(() => bag.readText(folder), coded('E_BAG_NO_FILES', 'is a folder', join(folder, '*.txt')));
});

test('D6: array.store takes { overwrite: true } for path targets; with a target made by npyTarget it names npyTarget\'s own option', async () => {
  const x = array.ones([4], { chunks: 2 });
  const a = join(dir, 'a.npy');
  await array.toNpy(x, a);
  await assert.rejects(array.store([x], [a]), coded('E_ARRAY_STORE', 'already exists', 'to array.store'));
  await array.store([x.mul(3)], [a], { overwrite: true });
  assert.deepEqual(Array.from((await array.fromNpy(a).compute()).data), [3, 3, 3, 3]);
  await assert.rejects(array.store([x], [array.npyTarget(a)], { overwrite: true }), coded('E_ARRAY_ARGUMENT', 'npyTarget', 'array.npyTarget(path, { overwrite: true })'));
  await assert.rejects(array.store([x], [array.npyTarget(a)]), coded('E_ARRAY_STORE', 'already exists', 'array.npyTarget(path, { overwrite: true })'));
  await assert.rejects(array.store([x], [join(dir, 'b.npy')], { overwrit: true } as never), coded('E_OPTION_UNKNOWN', 'overwrit'));
});
