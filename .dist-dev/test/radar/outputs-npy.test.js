import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { createNpyWriter, readNpy, writeNpy, npyHeader } from '../../src/radar/outputs/index.js';
import { isSsdpError } from '../../src/util/errors.js';
import { python } from './outputs-python.js';
const ROWS = 443, COLS = 235;
/** Exactly representable values, reproducible in numpy: (i % 1000) / 8 - 20, NaN every 97th, +-inf. */
function pattern(n, offset = 0) {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++)
        a[i] = (i + offset) % 97 === 0 ? NaN : (((i + offset) % 1000) / 8) - 20;
    a[1] = Infinity;
    a[2] = -Infinity;
    return a;
}
const PY_PATTERN = `
import numpy as np
def pattern(n, offset=0):
    i = np.arange(n, dtype=np.int64) + offset
    a = ((i % 1000) / 8 - 20).astype(np.float32)
    a[i % 97 == 0] = np.nan
    a[1] = np.inf; a[2] = -np.inf
    return a
`;
test('writeNpy: numpy reads the same float32 values and shape, and its own save gives identical bytes', async () => {
    const dir = tempDir('ssdp-npy-');
    const path = join(dir, 'stat.npy');
    await writeNpy(path, pattern(ROWS * COLS), [ROWS, COLS]);
    const r = python(PY_PATTERN + `
import json, sys, io
a = np.load(sys.argv[1])
b = io.BytesIO(); np.save(b, a)
print(json.dumps({"shape": list(a.shape), "dtype": a.dtype.str,
  "equal": bool(np.array_equal(a, pattern(${ROWS * COLS}).reshape(${ROWS}, ${COLS}), equal_nan=True)),
  "sameBytes": b.getvalue() == open(sys.argv[1], "rb").read()}))`, path);
    assert.deepEqual(r, { shape: [ROWS, COLS], dtype: '<f4', equal: true, sameBytes: true });
    assert.deepEqual(await readdir(dir), ['stat.npy'], 'no temporary file left behind');
});
test('createNpyWriter streams frames; the count in the header is patched to what was appended', async () => {
    const dir = tempDir('ssdp-npy-');
    const path = join(dir, 'frames.npy');
    const w = await createNpyWriter(path, '<f4', [ROWS, COLS]);
    for (let f = 0; f < 3; f++)
        await w.append(pattern(ROWS * COLS, f * ROWS * COLS));
    await assert.rejects(readFile(path), /ENOENT/, 'nothing under the final name before close');
    await w.close();
    const r = python(PY_PATTERN + `
import json, sys, io
a = np.load(sys.argv[1])
b = io.BytesIO(); np.save(b, a)
print(json.dumps({"shape": list(a.shape), "equal": bool(np.array_equal(a.ravel(), np.concatenate([pattern(${ROWS * COLS}, f * ${ROWS * COLS}) for f in range(3)]), equal_nan=True)),
  "sameBytes": b.getvalue() == open(sys.argv[1], "rb").read()}))`, path);
    assert.deepEqual(r, { shape: [3, ROWS, COLS], equal: true, sameBytes: true });
    const back = await readNpy(path);
    assert.deepEqual(back.shape, [3, ROWS, COLS]);
    assert.equal(back.data.length, 3 * ROWS * COLS);
});
test('an aborted stream leaves neither the final file nor a temporary one', async () => {
    const dir = tempDir('ssdp-npy-');
    const w = await createNpyWriter(join(dir, 'frames.npy'), '<f4', [2, 2]);
    await w.append(new Float32Array(4));
    await assert.rejects(w.append(new Float32Array(5)), (e) => isSsdpError(e) && e.code === 'E_NPY_SHAPE');
    await w.abort();
    assert.deepEqual(await readdir(dir), []);
});
test('readNpy reads what numpy writes (float32, float64, uint8, 1-d and 0-d shapes)', async () => {
    const dir = tempDir('ssdp-npy-');
    python(`
import numpy as np, sys, json
np.save(sys.argv[1] + "/f4.npy", np.arange(12, dtype="<f4").reshape(3, 4) / 4)
np.save(sys.argv[1] + "/f8.npy", np.array([1.5, np.nan, -2.25]))
np.save(sys.argv[1] + "/u1.npy", np.arange(5, dtype=np.uint8))
np.save(sys.argv[1] + "/scalar.npy", np.float32(7.5))
print("null")`, dir);
    const f4 = await readNpy(join(dir, 'f4.npy'));
    assert.equal(f4.descr, '<f4');
    assert.deepEqual(f4.shape, [3, 4]);
    assert.deepEqual([...f4.data], Array.from({ length: 12 }, (_, i) => i / 4));
    const f8 = await readNpy(join(dir, 'f8.npy'));
    assert.ok(f8.data instanceof Float64Array);
    assert.deepEqual([...f8.data], [1.5, NaN, -2.25]);
    const u1 = await readNpy(join(dir, 'u1.npy'));
    assert.deepEqual([u1.shape, [...u1.data]], [[5], [0, 1, 2, 3, 4]]);
    const scalar = await readNpy(join(dir, 'scalar.npy'));
    assert.deepEqual([scalar.shape, [...scalar.data]], [[], [7.5]]);
    // our header for each of those shapes is byte-identical to numpy's
    for (const [name, descr, shape] of [['f4', '<f4', [3, 4]], ['f8', '<f8', [3]], ['u1', '|u1', [5]], ['scalar', '<f4', []]]) {
        const file = await readFile(join(dir, `${name}.npy`));
        const ours = npyHeader(descr, shape);
        assert.deepEqual(file.subarray(0, ours.length), Buffer.from(ours), `${name} header`);
    }
});
test('readNpy names the file when it is truncated or not .npy at all', async () => {
    const dir = tempDir('ssdp-npy-');
    const path = join(dir, 'cut.npy');
    await writeNpy(path, new Float32Array(100), [10, 10]);
    const full = await readFile(path);
    await writeFile(path, full.subarray(0, full.length - 4));
    await assert.rejects(readNpy(path), (e) => isSsdpError(e) && e.code === 'E_NPY_INVALID' && e.message.includes(path) && /expected 400 data bytes/.test(e.message));
    await writeFile(path, 'hello');
    await assert.rejects(readNpy(path), (e) => isSsdpError(e) && e.code === 'E_NPY_INVALID' && /magic/.test(e.message));
});
//# sourceMappingURL=outputs-npy.test.js.map