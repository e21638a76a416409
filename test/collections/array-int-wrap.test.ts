/**
 * int32/uint32 products and powers that overflow wrap as NumPy's do (tester s23 try14x H3): they
 * were computed in float64 and wrapped after rounding, past 2^53, giving values NumPy never gives
 * (2147483647 * 2147483647 was 0, NumPy 1).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { array, shutdownDefaultPools } from '../../src/index.js';
import { ndarray } from '../../src/collections/array/index.js';
import { dask, NO_DASK } from '../helpers/dask.js';

after(() => shutdownDefaultPools());

const I32 = [2147483647, 65536, 123456789, -2147483648, 100000, 46341, -7, 0, 1, -1, 3037000499, 99991];
const U32 = [4294967295, 65536, 123456789, 3000000000, 2147483648, 7, 0, 1, 65537, 4000000001];

test('int32, uint32, int16 and uint8 mul and pow (array by array, by a scalar, scalar by array) equal NumPy 1.24, wrap-around included', { skip: NO_DASK }, async () => {
  const i32 = I32.map((v) => v | 0);
  const py = dask<Record<string, number[]>>(`import numpy as np, warnings
warnings.simplefilter('ignore')
a = np.array(${JSON.stringify(i32)}, dtype='i4'); u = np.array(${JSON.stringify(U32)}, dtype='u4')
s = np.array([300, -300, 32767, 181, -32768], dtype='i2'); b = np.array([255, 16, 17, 200], dtype='u1')
out = {
  'a*a': a * a, 'a*a[::-1]': a * a[::-1], 'a*7': a * 7, '7*a': 7 * a, 'a**3': a ** 3, 'a**2': a ** 2, 'a**0': a ** 0, 'a**31': a ** 31,
  'u*u': u * u, 'u*u[::-1]': u * u[::-1], 'u**3': u ** 3, 'u*3': u * 3,
  's*s': s * s, 's**3': s ** 3, 'b*b': b * b, 'b**3': b ** 3,
}
print(json.dumps({k: [v.dtype.name] + v.tolist() for k, v in out.items()}))`);
  const mk = (data: Int32Array | Uint32Array | Int16Array | Uint8Array) => array.fromArray(ndarray(data, [data.length]), { chunks: 3 });
  const a = mk(Int32Array.from(i32));
  const ar = mk(Int32Array.from(i32).reverse());
  const u = mk(Uint32Array.from(U32));
  const ur = mk(Uint32Array.from(U32).reverse());
  const s = mk(Int16Array.from([300, -300, 32767, 181, -32768]));
  const b = mk(Uint8Array.from([255, 16, 17, 200]));
  const ours = {
    'a*a': a.mul(a), 'a*a[::-1]': a.mul(ar), 'a*7': a.mul(7), '7*a': array.mul(7, a), 'a**3': a.pow(3), 'a**2': a.pow(2), 'a**0': a.pow(0), 'a**31': a.pow(31),
    'u*u': u.mul(u), 'u*u[::-1]': u.mul(ur), 'u**3': u.pow(3), 'u*3': u.mul(3),
    's*s': s.mul(s), 's**3': s.pow(3), 'b*b': b.mul(b), 'b**3': b.pow(3),
  };
  for (const scheduler of ['sync', 'threads'] as const) {
    for (const [name, x] of Object.entries(ours)) {
      const r = await x.compute({ scheduler, nWorkers: 2 });
      // before: a*a gave [0, 0, -1757895752, ...] where NumPy gives [1, 0, -1757895751, ...]
      assert.deepEqual([r.dtype, ...Array.from(r.data)], py[name], `${scheduler} ${name}`);
    }
  }
});
