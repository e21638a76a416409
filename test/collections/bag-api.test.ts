/**
 * The bag API Dask users reach for next — pluck, foldby, groupby, frequencies, distinct, topk,
 * min/max/std/var, mapPartitions, readText and toTextfiles (globs, gzip) — against Python Dask
 * on the same data.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { bag, compute, shutdownDefaultPools } from '../../src/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-bag-api-'));
after(() => shutdownDefaultPools());

interface Rec {
  id: number;
  name: string;
  amount: number;
}
const NAMES = ['alice', 'bob', 'carol', 'dan', 'erin'];
const records: Rec[] = Array.from({ length: 60 }, (_, i) => ({ id: i, name: NAMES[(i * i + 3 * i) % 5]!, amount: ((i * 37) % 101) - 20 }));

const PY_RECORDS = `
import dask.bag as db
NAMES = ['alice', 'bob', 'carol', 'dan', 'erin']
records = [{'id': i, 'name': NAMES[(i * i + 3 * i) % 5], 'amount': ((i * 37) % 101) - 20} for i in range(60)]
b = db.from_sequence(records, npartitions=6)
`;

const byKey = (a: [unknown, unknown], b: [unknown, unknown]): number => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);

let theirs: Record<string, unknown> | undefined;
function daskAnswers(): Record<string, unknown> {
  theirs ??= dask<Record<string, unknown>>(`${PY_RECORDS}
amounts = b.pluck('amount')
r = dask.compute({
  'names': b.pluck('name'),
  'idName': b.pluck(['id', 'name']),
  'missing': b.pluck('nope', None).take(2, npartitions=-1),
  'foldby': b.foldby('name', lambda acc, x: acc + x['amount'], 0, lambda a, c: a + c, 0),
  'groupby': b.groupby(lambda x: x['amount'] % 3).map(lambda kv: [kv[0], sorted(x['id'] for x in kv[1])]),
  'freq': b.pluck('name').frequencies(sort=True),
  'distinct': b.pluck('name').distinct(),
  'topk': amounts.topk(5),
  'topkBy': b.topk(3, key=lambda x: x['amount']).pluck('id'),
  'min': amounts.min(), 'max': amounts.max(),
  'var': amounts.var(), 'var1': amounts.var(ddof=1), 'std': amounts.std(),
  'parts': b.map_partitions(lambda xs: [sum(x['amount'] for x in xs)]),
}, scheduler='sync')[0]
r['missing'] = list(r['missing'])
print(json.dumps(r))
`);
  return theirs;
}

for (const scheduler of ['sync', 'threads', 'processes'] as const) {
  test(`${scheduler}: pluck, foldby, groupby, frequencies, distinct, topk, min/max/var/std, mapPartitions — as Dask`, { skip: NO_DASK }, async () => {
    const b = bag.fromSequence(records, { npartitions: 6 });
    const amounts = b.pluck('amount') as ReturnType<typeof bag.fromSequence<number>>;
    const [ours] = await compute(
      {
        names: b.pluck('name'),
        idName: b.pluck(['id', 'name']),
        missing: b.pluck('nope', null),
        foldby: b.foldby('name', (acc: number, x: Rec) => acc + x.amount, 0, (a: number, c: number) => a + c, 0),
        groupby: b.groupby((x: Rec) => ((x.amount % 3) + 3) % 3).map((kv: [number, Rec[]]) => [kv[0], kv[1].map((x) => x.id).sort((p, q) => p - q)]),
        freq: b.pluck('name').frequencies({ sort: true }),
        distinct: b.pluck('name').distinct(),
        topk: amounts.topk(5),
        topkBy: b.topk(3, (x: Rec) => x.amount).pluck('id'),
        min: amounts.min(),
        max: amounts.max(),
        var: amounts.var(),
        var1: amounts.var(1),
        std: amounts.std(),
        parts: b.mapPartitions((xs: Rec[]) => [xs.reduce((s, x) => s + x.amount, 0)]),
      },
      { scheduler, nWorkers: 2 },
    );
    const t = daskAnswers();
    const o = ours as Record<string, unknown>;
    for (const k of ['names', 'idName', 'topk', 'topkBy', 'min', 'max', 'parts']) assert.deepEqual(o[k], t[k], k);
    assert.deepEqual((o.missing as unknown[]).slice(0, 2), t.missing);
    // key order of a grouping is not part of Dask's contract (its shuffle reorders them)
    for (const k of ['foldby', 'groupby', 'distinct']) {
      const sort = (v: unknown): unknown[] => (v as [unknown, unknown][]).slice().sort(k === 'distinct' ? undefined : byKey);
      assert.deepEqual(sort(o[k]), sort(t[k]), k);
    }
    const freqOrder = (v: unknown): unknown[] => (v as [string, number][]).slice().sort((a, c) => c[1] - a[1] || (a[0] < c[0] ? -1 : 1));
    assert.deepEqual(freqOrder(o.freq), freqOrder(t.freq));
    assert.deepEqual((o.freq as [string, number][]).map((p) => p[1]), (t.freq as [string, number][]).map((p) => p[1]), 'sorted by count, most frequent first');
    for (const k of ['var', 'var1', 'std']) assert.ok(Math.abs((o[k] as number) - (t[k] as number)) <= 1e-9 * Math.abs(t[k] as number), `${k}: ${o[k]} vs ${t[k]}`);
  });
}

test('pluck of a missing key without a default, and min of an empty bag, are clear errors', async () => {
  await assert.rejects(bag.fromSequence([{ a: 1 }]).pluck('b').compute({ scheduler: 'sync' }), /pluck: an element has no key 'b'/);
  await assert.rejects(bag.fromSequence([] as number[]).min().compute({ scheduler: 'sync' }), /bag.min: the bag is empty/);
});

for (const scheduler of ['sync', 'processes'] as const) {
  test(`${scheduler}: readText over a glob with gzip, and toTextfiles, read and write what Dask does`, { skip: NO_DASK }, async () => {
    const dir = join(tmp, `in-${scheduler}`);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'alpha\nbeta\n\ngamma');
    writeFileSync(join(dir, 'b.txt.gz'), gzipSync('delta\nepsilon\n'));
    writeFileSync(join(dir, 'sub', 'c.txt'), 'zeta\n');
    writeFileSync(join(dir, 'skip.csv'), 'not,this\n');
    const pattern = join(dir, '*.txt*');
    const lines = bag.readText(pattern);
    assert.equal(lines.npartitions, 2);
    const ours = await lines.compute({ scheduler, nWorkers: 2 });
    const outOurs = join(tmp, `out-ours-${scheduler}`);
    const outDask = join(tmp, `out-dask-${scheduler}`);
    const written = await lines.map((l: string) => l.trimEnd().toUpperCase()).toTextfiles(join(outOurs, '*.txt.gz'), { scheduler, nWorkers: 2 });
    assert.deepEqual(written, [join(outOurs, '0.txt.gz'), join(outOurs, '1.txt.gz')]);
    const t = dask<{ lines: string[]; n: number }>(
      `
import dask.bag as db, sys
b = db.read_text(sys.argv[1])
b.map(lambda l: l.rstrip().upper()).to_textfiles(sys.argv[2] + '/*.txt.gz')
print(json.dumps({'lines': b.compute(), 'n': b.npartitions}))
`,
      [pattern, outDask],
    );
    assert.deepEqual(ours, t.lines);
    assert.equal(lines.npartitions, t.n);
    assert.deepEqual(readdirSync(outOurs).sort(), readdirSync(outDask).sort());
    for (const f of readdirSync(outDask)) assert.equal(gunzipSync(readFileSync(join(outOurs, f))).toString(), gunzipSync(readFileSync(join(outDask, f))).toString(), f);
    // ** reaches sub-folders; plain (uncompressed) output to a folder
    assert.deepEqual(await bag.readText(join(dir, '**', '*.txt')).compute({ scheduler }), ['alpha\n', 'beta\n', '\n', 'gamma', 'zeta\n']);
    const plain = await bag.fromSequence(['x', 'y', 'z'], { npartitions: 2 }).toTextfiles(join(tmp, `plain-${scheduler}`), { scheduler });
    assert.deepEqual(plain.map((p) => readFileSync(p, 'utf8')), ['x\ny', 'z']);
  });
}

test('readText and toTextfiles refuse bad input clearly and leave no half-written file', async () => {
  assert.throws(() => bag.readText(join(tmp, 'nothing-here', '*.txt')), { code: 'E_BAG_NO_FILES', message: /no file matches/ });
  const bad = join(tmp, 'bad.txt.gz');
  writeFileSync(bad, 'plain text, not gzip');
  await assert.rejects(bag.readText(bad).compute({ scheduler: 'sync' }), { code: 'E_BAG_GZIP', message: /bad\.txt\.gz is not a readable gzip file/ });
  assert.deepEqual(await bag.readText(bad, { compression: null }).compute({ scheduler: 'sync' }), ['plain text, not gzip']);
  const out = join(tmp, 'half');
  await assert.rejects(bag.fromSequence(['ok', 3 as unknown as string], { npartitions: 2 }).toTextfiles(join(out, '*.txt'), { scheduler: 'sync' }), /element 0 .* is a number, not a string/);
  assert.deepEqual(readdirSync(out).filter((f) => f.includes('ssdp-tmp')), []);
  assert.throws(() => bag.readText(bad, { compression: 'zip' as never }), { code: 'E_BAG_COMPRESSION' });
});
