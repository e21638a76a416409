/**
 * s10 arr14 B13 on delayed: parts of a `delayed(f, { nout })` call past what the call returned,
 * or past nout, are errors (Dask raises IndexError), never a silent undefined.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { delayed, shutdownDefaultPools } from '../../src/graph/index.js';
import type { SchedulerName } from '../../src/graph/index.js';
import { divmod } from './fixtures/api.js';
import { dask, NO_DASK } from '../helpers/dask.js';

after(() => shutdownDefaultPools());
type Coded = Error & { code?: string; hint?: string };

test('Dask raises IndexError for a part past what an nout call returned', { skip: NO_DASK }, () => {
  const py = dask<{ q: number; r: number; z: string }>(`
q, r, z = delayed(divmod, nout=3)(17, 5)
try:
    z.compute(); out = 'ok'
except IndexError as e:
    out = 'IndexError'
print(json.dumps({'q': q.compute(), 'r': r.compute(), 'z': out}))`);
  assert.deepEqual(py, { q: 3, r: 2, z: 'IndexError' });
});

for (const scheduler of ['sync', 'threads', 'processes'] as SchedulerName[]) {
  test(`${scheduler}: a part past what an nout call returned is E_DELAYED_NOUT naming nout and the count; the others compute`, async () => {
    const [q, r, z] = delayed(divmod, { nout: 3 })(17, 5);
    assert.deepEqual([await q!.compute({ scheduler }), await r!.compute({ scheduler })], [3, 2]);
    await assert.rejects(z!.compute({ scheduler }), (e: Coded) => {
      assert.equal(e.code, 'E_DELAYED_NOUT');
      assert.match(e.message, /delayed\(f, \{ nout: 3 \}\) returned 2 values, so it has no part 2/);
      return true;
    });
  });
}

test('indexing an nout placeholder past nout is E_DELAYED_NOUT when built; d[1] within nout is part 1', async () => {
  const d = delayed(divmod, { nout: 2 })(17, 5);
  assert.equal(await (d[1] as ReturnType<typeof delayed>).compute({ scheduler: 'sync' }), 2);
  assert.throws(() => d[2], (e: Coded) => e.code === 'E_DELAYED_NOUT' && /was made with nout: 2, so it has no part 2/.test(e.message) && /0\.\.1/.test(e.hint!));
  // a function returning something that is not an array
  const [a] = delayed((x: number) => x, { nout: 1 })(5);
  await assert.rejects(a!.compute({ scheduler: 'sync' }), /returned a value of type number, not an array, so it has no part 0/);
});
