import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPOSITE_GEO, HEIGHT, SUBSAMPLED_GEO, WIDTH, decodeRadarImage, decodeTiff, encodeTiff, readGeoReference, } from '../../src/radar/index.js';
import { pythonCode } from './python.js';
const tmp = () => mkdtempSync(join(tmpdir(), 'ssdp-radar-tiff-'));
/** A radar-like image: nodata frame, zeros, a gradient of echoes. */
function radarLike(w = WIDTH, h = HEIGHT) {
    const px = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
            const i = y * w + x;
            px[i] = x < 20 || y < 30 ? 255 : (x * 7 + y * 3) % 97 < 40 ? 0 : ((x + 2 * y) % 254);
        }
    return px;
}
test('tiff: uint8 GeoTIFFs we write are read by PIL with identical pixels and SMHI-style geo tags', () => {
    const dir = tmp();
    try {
        const px = radarLike();
        const file = join(dir, 'a.tif');
        writeFileSync(file, encodeTiff({ width: WIDTH, height: HEIGHT, data: px, geo: COMPOSITE_GEO, nodata: 255 }));
        const out = pythonCode(`import sys, numpy as np
from PIL import Image
im = Image.open(sys.argv[1])
a = np.array(im)
a.tofile(sys.argv[2])
t = im.tag_v2
print(im.mode, im.size, t[259], list(t[33550]), list(t[33922]), list(t[34735])[:4], 3006 in list(t[34735]), repr(t.get(42113)))
`, [file, join(dir, 'a.raw')]);
        assert.match(out, /^L \(471, 887\) 8 \[2014\.958, 2014\.958, 0\.0\] \[0\.0, 0\.0, 0\.0, 126648\.404, 7771252\.876, 0\.0\] \[1, 1, 0, 4\] True '255'/);
        assert.deepEqual(readFileSync(join(dir, 'a.raw')), Buffer.from(px));
        // And we read our own file back, geo tags included.
        const back = decodeTiff(readFileSync(file), 'a.tif');
        assert.deepEqual(Buffer.from(back.data), Buffer.from(px));
        assert.deepEqual(readGeoReference(back.tags), COMPOSITE_GEO);
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test('tiff: float32 GeoTIFFs (statistics maps) are read by PIL with identical values, NaN included', () => {
    const dir = tmp();
    try {
        const w = 235, h = 443;
        const data = new Float32Array(w * h).map((_, i) => (i % 11 === 0 ? NaN : Math.sin(i) * 100));
        for (const compression of ['deflate', 'none']) {
            const file = join(dir, `${compression}.tif`);
            writeFileSync(file, encodeTiff({ width: w, height: h, data, geo: SUBSAMPLED_GEO, nodata: NaN, compression }));
            pythonCode(`import sys, numpy as np
from PIL import Image
im = Image.open(sys.argv[1])
assert im.mode == 'F', im.mode
np.array(im, dtype=np.float32).tofile(sys.argv[2])
assert im.tag_v2[42113] == 'nan'
`, [file, join(dir, 'f.raw')]);
            const raw = readFileSync(join(dir, 'f.raw'));
            assert.deepEqual(raw, Buffer.from(data.buffer), compression);
            const back = decodeTiff(readFileSync(file), file);
            assert.ok(back.data instanceof Float32Array);
            assert.deepEqual(Buffer.from(back.data.buffer), Buffer.from(data.buffer));
            assert.deepEqual(readGeoReference(back.tags), SUBSAMPLED_GEO);
        }
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test('tiff: PIL-written LZW, deflate, PackBits, uncompressed and 3-band composites decode to the same pixels', async () => {
    const dir = tmp();
    try {
        const px = radarLike();
        writeFileSync(join(dir, 'src.raw'), px);
        const out = pythonCode(`import sys, os, numpy as np
from PIL import Image
d = sys.argv[1]
a = np.fromfile(os.path.join(d, 'src.raw'), dtype=np.uint8).reshape(${HEIGHT}, ${WIDTH})
im = Image.fromarray(a, mode='L')
for c in ['tiff_lzw', 'tiff_adobe_deflate', 'packbits', 'raw']:
    im.save(os.path.join(d, c + '.tif'), compression=c)
    print(c)
rgb = Image.fromarray(np.stack([a, a, a], axis=-1), mode='RGB')
for c in ['tiff_lzw', 'tiff_adobe_deflate']:
    rgb.save(os.path.join(d, 'rgb_' + c + '.tif'), compression=c)
    print('rgb_' + c)
`, [dir]);
        const names = out.trim().split('\n');
        assert.equal(names.length, 6);
        for (const name of names) {
            const bytes = readFileSync(join(dir, `${name}.tif`));
            const pixels = await decodeRadarImage(bytes, 'x.zip', `${name}.tif`);
            assert.deepEqual(Buffer.from(pixels), Buffer.from(px), name);
            assert.equal(decodeTiff(bytes, name).bands, name.startsWith('rgb') ? 3 : 1);
        }
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
test('tiff: truncation is E_RADAR_BAD_TIFF and a wrong size is E_RADAR_BAD_IMAGE, naming zip, entry and size', async () => {
    const good = encodeTiff({ width: WIDTH, height: HEIGHT, data: radarLike(), geo: COMPOSITE_GEO });
    for (const cut of [4, 100, Math.floor(good.length / 2), good.length - 10]) {
        await assert.rejects(decodeRadarImage(good.subarray(0, cut), '2020-11-01.zip', 'radar_2011010000.tif'), (e) => e.code === 'E_RADAR_BAD_TIFF' && e.message.startsWith('2020-11-01.zip: radar_2011010000.tif'), `cut at ${cut}`);
    }
    // Damaged compressed data (same length) is caught by the inflater, not passed on as pixels.
    const damaged = Buffer.from(good);
    for (let i = good.length - 3000; i < good.length - 2000; i++)
        damaged[i] = 0x55;
    await assert.rejects(decodeRadarImage(damaged, 'd.zip', 'radar_2011010005.tif'), /E?d\.zip: radar_2011010005\.tif.*(inflate|strip)/);
    const small = encodeTiff({ width: 470, height: 886, data: new Uint8Array(470 * 886) });
    await assert.rejects(decodeRadarImage(small, '2020-11-02.zip', 'radar_2011020000.tif'), (e) => e.code === 'E_RADAR_BAD_IMAGE' && /2020-11-02\.zip: radar_2011020000\.tif is a 470 x 886 8-bit image/.test(e.message));
    const float = encodeTiff({ width: WIDTH, height: HEIGHT, data: new Float32Array(WIDTH * HEIGHT) });
    await assert.rejects(decodeRadarImage(float, 'f.zip', 'radar_2011020005.tif'), /32-bit/);
});
//# sourceMappingURL=tiff.test.js.map