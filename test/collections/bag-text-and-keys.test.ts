/**
 * Bag breaks of the s10 arr14 test, each against Python Dask on the same data: readText with
 * universal newlines and a case-insensitive .gz (B5, B6), a missing plain file (B13), pluck(-1),
 * missing keys, and foldby's initial value the same on every scheduler (B11).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bag, shutdownDefaultPools } from '../../src/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const dir = mkdtempSync(join(tmpdir(), 'ssdp-bag-breaks-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  return shutdownDefaultPools();
});
const sync = { scheduler: 'sync' as const };
const threads = { scheduler: 'threads' as const, nWorkers: 2 };

test('B5/B6/B13: readText splits on \\r\\n and a lone \\r as Dask (universal newlines), reads x.TXT.GZ as gzip, and a missing file is E_BAG_NO_FILES', { skip: NO_DASK }, async () => {
  writeFileSync(join(dir, 'a.txt'), 'x\r\ny\r\n');
  writeFileSync(join(dir, 'b.txt'), 'lone\rcr\nend\r');
  writeFileSync(join(dir, 'c.txt'), 'no newline\r\nlast');
  writeFileSync(join(dir, 'x.TXT.GZ'), gzipSync('g1\r\ng2\n'));
  const py = dask<string[][]>(`import dask.bag as db
print(json.dumps([db.read_text(${JSON.stringify(join(dir, '*.txt'))}).compute(), db.read_text(${JSON.stringify(join(dir, 'x.TXT.GZ'))}).compute()]))`);
  assert.deepEqual(await bag.readText(join(dir, '*.txt')).compute(sync), py[0]);
  assert.deepEqual(await bag.readText(join(dir, 'x.TXT.GZ')).compute(threads), py[1]);
  assert.throws(() => bag.readText(join(dir, 'missing.txt')), (e: Error & { code?: string }) => e.code === 'E_BAG_NO_FILES' && e.message.includes('missing.txt'));
});

test('B11: pluck(-1) is the last item; a record without the key is an error in groupby/foldby/distinct as Dask\'s KeyError', { skip: NO_DASK }, async () => {
  const py = dask<Record<string, unknown>>(`import dask.bag as db
out = {'last': db.from_sequence([[1, 2, 3], [4, 5], 'xyz'], npartitions=2).pluck(-1).compute()}
recs = db.from_sequence([{'name': 'a'}, {'other': 1}, {'name': 'b'}], npartitions=2)
for op, f in [('groupby', lambda: recs.groupby('name').compute()), ('foldby', lambda: recs.foldby('name', lambda a, x: a + 1, 0).compute()), ('distinct', lambda: recs.distinct('name').compute())]:
    try:
        f(); out[op] = 'ok'
    except KeyError:
        out[op] = 'KeyError'
print(json.dumps(out))`);
  assert.deepEqual(await bag.fromSequence<unknown>([[1, 2, 3], [4, 5], 'xyz'], { npartitions: 2 }).pluck(-1).compute(sync), py.last);
  const recs = bag.fromSequence<Record<string, unknown>>([{ name: 'a' }, { other: 1 }, { name: 'b' }], { npartitions: 2 });
  for (const [op, run] of [
    ['groupby', () => recs.groupby('name').compute(sync)],
    ['foldby', () => recs.foldby('name', (a: number) => a + 1, 0).compute(sync)],
    ['distinct', () => recs.distinct('name').compute(threads)],
  ] as const) {
    assert.equal(py[op], 'KeyError', op);
    await assert.rejects(run(), (e: Error) => e.message.includes("no key 'name'") && e.message.includes('KeyError'), op);
  }
});

test('B11: foldby with a mutable initial gives Dask\'s answer on every scheduler; a factory initial is called for each new key', { skip: NO_DASK }, async () => {
  const py = dask<Record<string, unknown>>(`import dask.bag as db
b = db.from_sequence(list(range(1, 13)), npartitions=2)
def push(acc, x):
    acc.append(x)
    return acc
out = {'shared': sorted(b.foldby(lambda x: x % 2, push, [], lambda a, c: a + c, []).compute()),
       'factory': sorted(b.foldby(lambda x: x % 2, push, list, lambda a, c: a + c, list).compute())}
print(json.dumps(out))`);
  const b = bag.fromSequence(Array.from({ length: 12 }, (_, i) => i + 1), { npartitions: 2 });
  const sortPairs = (r: [number, number[]][]) => r.map(([k, v]) => [k, [...v].sort((x, y) => x - y)]).sort((x, y) => (x[0] as number) - (y[0] as number));
  const sortPy = (r: unknown) => sortPairs(r as [number, number[]][]);
  for (const opts of [sync, threads]) {
    const shared = await b.foldby((x: number) => x % 2, (acc: number[], x: number) => { acc.push(x); return acc; }, [] as number[], (a: number[], c: number[]) => a.concat(c), [] as number[]).compute(opts);
    assert.deepEqual(sortPairs(shared as [number, number[]][]), sortPy(py.shared), `shared on ${opts.scheduler}`);
    const factory = await b.foldby((x: number) => x % 2, (acc: number[], x: number) => { acc.push(x); return acc; }, (() => []) as unknown as number[], (a: number[], c: number[]) => a.concat(c), (() => []) as unknown as number[]).compute(opts);
    assert.deepEqual(sortPairs(factory as [number, number[]][]), sortPy(py.factory), `factory on ${opts.scheduler}`);
  }
});
