/**
 * Breaks of the s22 try14w outside test (issue 14) fixed by fix14e, each against Python Dask where
 * Dask has an answer: D9 readText of a path whose folder is named like a glob (`run [1]`).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, bag, shutdownDefaultPools } from '../../src/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const dir = mkdtempSync(join(tmpdir(), 'ssdp-try14w-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  return shutdownDefaultPools();
});
const sync = { scheduler: 'sync' as const };

test('D9: readText reads an existing file under a folder named `run [1]` as Dask does; brackets in a pattern escape as in Python, never a raw SyntaxError', { skip: NO_DASK }, async () => {
  const run = join(dir, 'run [1]');
  mkdirSync(run);
  const written = await bag.fromSequence(['a', 'b'], { npartitions: 2 }).toTextfiles(join(run, 'out-*.txt'), sync);
  assert.deepEqual(written, [join(run, 'out-0.txt'), join(run, 'out-1.txt')]);
  const file = join(run, 'out-0.txt');
  const py = dask<string[]>(`import dask.bag as db\nprint(json.dumps(db.read_text(${JSON.stringify(file)}).compute()))`);
  assert.deepEqual(py, ['a']);
  // before: E_BAG_NO_FILES for the plain path and the one-item list
  assert.deepEqual(await bag.readText(file).compute(sync), py);
  assert.deepEqual(await bag.readText([file]).compute(sync), py);
  // a pattern: [[] and []] are literal brackets (Python's glob.escape), the rest globs as before
  assert.deepEqual(await bag.readText(join(dir, 'run [[]1[]]', '*.txt')).compute(sync), ['a', 'b']);
  assert.deepEqual(await bag.readText(join(dir, 'run [[]*', 'out-[!0].txt')).compute(sync), ['b']);
  writeFileSync(join(dir, 'run 1.txt'), 'one');
  assert.deepEqual(await bag.readText(join(dir, 'run [1].txt')).compute(sync), ['one']); // no such file: [1] is a class
  // a backslash is a character of the name (no escapes, as Python): no match, not a SyntaxError
  assert.throws(() => bag.readText(join(dir, 'run \\[1\\]', 'out-0.txt')), (e: Error & { code?: string }) => e.code === 'E_BAG_NO_FILES' && /\[\[\]/.test((e as { hint?: string }).hint ?? ''));
  assert.throws(() => bag.readText(join(dir, 'run [z-a]', '*.txt')), { code: 'E_GLOB_PATTERN' });
});

test('D11: array.compute(counts, edges) after histogram with a number of bins gives both, as Dask\'s compute passes the NumPy edges through', { skip: NO_DASK }, async () => {
  const py = dask<number[][]>(`import dask.array as da
x = da.ones((4, 6), chunks=(2, 4))
counts, edges = da.histogram(x, bins=3, range=(0, 2))
c, e = dask.compute(counts, edges)
print(json.dumps([c.tolist(), e.tolist()]))`);
  const x = array.ones([4, 6], { chunks: [2, 4] });
  const [counts, edges] = array.histogram(x, { bins: 3, range: [0, 2] });
  // before: E_COMPUTE_OPTION "get: unknown option 'shape'" (edges read as the options object)
  const got = await array.compute(counts, edges as never);
  assert.deepEqual(got.map((r) => Array.from(r.data)), py);
  const withOpts = await array.compute(counts, edges as never, { scheduler: 'threads', nWorkers: 2 });
  assert.deepEqual(withOpts.map((r) => Array.from(r.data)), py);
});
