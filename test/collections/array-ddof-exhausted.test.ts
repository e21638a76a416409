/**
 * var/std with no degrees of freedom left as Dask gives them (tester s23 try14x, noted: ssdp gave
 * NaN for ddof = count, where Dask (and NumPy's var) divide by zero and give inf; 0/0 stays NaN;
 * ddof past the count is NaN in Dask).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array } from '../../src/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';

const rows = [
  [1, 2, 4, 8],
  [3, 3, 3, 3],
  [1, NaN, 3, 5],
];
const nd = array.ndarray(Float64Array.from(rows.flat()), [3, 4]);

test('var/std/nanvar/nanstd along rows with ddof = count and past it equal Dask', { skip: NO_DASK }, async () => {
  const cases: [string, number][] = [];
  for (const op of ['var', 'std', 'nanvar', 'nanstd']) for (const ddof of [3, 4, 5]) cases.push([op, ddof]);
  const py = dask<(number | string)[][]>(`import numpy as np, warnings, dask.array as da
warnings.simplefilter('ignore')
x = da.from_array(np.array(${JSON.stringify(rows).replace(/null/g, 'float("nan")')}), chunks=(2, 3))
out = []
for op, ddof in ${JSON.stringify(cases)}:
    r = getattr(da, op)(x, axis=1, ddof=ddof).compute()
    out.append(['nan' if np.isnan(v) else 'inf' if np.isinf(v) else float(v) for v in r])
print(json.dumps(out))`);
  const x = array.fromArray(nd, { chunks: [2, 3] });
  for (const [i, [op, ddof]] of cases.entries()) {
    for (const scheduler of ['sync', 'threads'] as const) {
      const got = await (x as unknown as Record<string, (o: object) => { compute: (o: object) => Promise<{ data: Float64Array }> }>)[op]!({ axis: 1, ddof }).compute({ scheduler });
      const text = [...got.data].map((v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v));
      text.forEach((v, k) => {
        const want = py[i]![k]!;
        if (typeof v === 'number' && typeof want === 'number') assert.ok(Math.abs(v - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${op} ddof=${ddof} on ${scheduler}: ${v} vs ${want}`);
        else assert.equal(v, want, `${op} ddof=${ddof} row ${k} on ${scheduler}`);
      });
    }
  }
});
