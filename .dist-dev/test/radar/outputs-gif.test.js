import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { frameLabel, writeRadarGif } from '../../src/radar/outputs/index.js';
import { python } from './outputs-python.js';
import { expectedRgb } from './outputs-expected.js';
const ROWS = 443, COLS = 235;
/** Columns 0-9 NaN, 10-19 zero, 20-29 exactly 1 mm/h, then a gradient; rows 200-209 change per frame. */
function frame(i) {
    const f = new Float32Array(ROWS * COLS);
    for (let r = 0; r < ROWS; r++)
        for (let c = 0; c < COLS; c++) {
            f[r * COLS + c] = c < 10 ? NaN : c < 20 ? 0 : c < 30 ? 1 : 10 ** (-2.5 + (5 * (c - 30)) / (COLS - 30)) * 1.003;
        }
    for (let r = 200; r < 210; r++)
        for (let c = 100; c < 140; c++)
            f[r * COLS + c] = 10 ** (i - 2) * 1.5;
    return f;
}
test('radar GIF: PIL decodes every frame at 50 ms with the exact colours of each value', async () => {
    const dir = tempDir('ssdp-gif-');
    const n = 5;
    const frames = Array.from({ length: n }, (_, i) => frame(i));
    const start = Date.UTC(2020, 10, 1);
    const labels = frames.map((_, i) => frameLabel(new Date(start + i * 3 * 3600_000), 180));
    assert.equal(labels[0], '2020-11-01 00:00\u201303:00 UTC');
    const path = join(dir, 'radar.gif');
    const res = await writeRadarGif({ path, frames, labels, cols: COLS, rows: ROWS });
    const { mapX, mapY, mapScale, bar } = res.layout;
    const { x: headerX, y: headerY, w: headerW, h: headerH } = res.layout.header[0];
    const probes = []; // frame, x, y, value
    const addProbe = (i, r, c) => probes.push([i, mapX + c * mapScale, mapY + r * mapScale, frames[i][r * COLS + c]]);
    for (let i = 0; i < n; i++)
        for (const [r, c] of [[5, 5], [50, 15], [100, 25], [300, 31], [300, 100], [300, 200], [300, 234], [205, 120], [400, 120]])
            addProbe(i, r, c);
    const r = python(`
import json, sys
from PIL import Image, ImageSequence
im = Image.open(sys.argv[1])
probes = json.loads(sys.argv[2]); bar = json.loads(sys.argv[3]); hx, hy, hw, hh = json.loads(sys.argv[4])
frames = [f.convert("RGB") for f in ImageSequence.Iterator(im)]
durations = []
for i in range(im.n_frames):
    im.seek(i); durations.append(im.info.get("duration"))
pixels = [list(frames[p[0]].getpixel((p[1], p[2]))) for p in probes]
barpix = [list(frames[0].getpixel((bar[0], y))) for y in bar[1:]]
ink = [sum(1 for x in range(hx, hx + hw) for y in range(hy, hy + hh) if f.getpixel((x, y))[0] < 128) for f in frames]
h0 = frames[0].crop((hx, hy, hx + hw, hy + hh)).tobytes(); h1 = frames[1].crop((hx, hy, hx + hw, hy + hh)).tobytes()
print(json.dumps({"size": list(im.size), "frames": im.n_frames, "durations": durations, "loop": im.info.get("loop"),
  "pixels": pixels, "bar": barpix, "headerInk": ink, "headersDiffer": h0 != h1}))
`, path, JSON.stringify(probes), JSON.stringify([bar.x + 2, bar.y, bar.y + bar.h - 1]), JSON.stringify([headerX, headerY, headerW, headerH]));
    assert.deepEqual(r.size, [res.width, res.height]);
    assert.equal(r.frames, n);
    assert.deepEqual(r.durations, Array(n).fill(50));
    assert.equal(r.loop, 0);
    probes.forEach(([i, x, y, v], k) => assert.deepEqual(r.pixels[k], expectedRgb(v), `frame ${i} at (${x}, ${y}), value ${v}`));
    // the probes include NaN -> white, zero -> black and 1 mm/h -> magma entry 128
    assert.deepEqual(r.pixels[0], [255, 255, 255]);
    assert.deepEqual(r.pixels[1], [0, 0, 0]);
    assert.deepEqual(r.pixels[2], expectedRgb(1));
    assert.deepEqual(r.bar, [expectedRgb(99.9), expectedRgb(0.0101)], 'colour bar runs from 100 (top) to 0.01 (bottom)');
    assert.ok(r.headerInk.every((c) => c > 100), 'every frame has a label');
    assert.ok(r.headersDiffer, 'labels differ between frames');
    assert.deepEqual(await readdir(dir), ['radar.gif']);
});
test('a month of frames stays small: unchanged pixels cost almost nothing', async () => {
    const dir = tempDir('ssdp-gif-');
    const still = frame(2);
    const frames = Array.from({ length: 240 }, () => still);
    const labels = frames.map((_, i) => frameLabel(new Date(Date.UTC(2020, 10, 1) + i * 3 * 3600_000), 180));
    const res = await writeRadarGif({ path: join(dir, 'radar.gif'), frames, labels, cols: COLS, rows: ROWS });
    const first = await writeRadarGif({ path: join(dir, 'one.gif'), frames: [still], labels: [labels[0]], cols: COLS, rows: ROWS });
    // 239 more frames whose only change is the label: well under the size of the first frame each
    assert.ok(res.bytes < first.bytes + 239 * 2000, `${res.bytes} bytes`);
});
test('a failure while encoding leaves the previous radar.gif untouched and no temporary file', async () => {
    const dir = tempDir('ssdp-gif-');
    const path = join(dir, 'radar.gif');
    await writeFile(path, 'previous run');
    const good = frame(0);
    const frames = new Proxy([good, good, good], {
        get(t, p, rcv) {
            if (p === '2')
                throw new Error('reader failed');
            return Reflect.get(t, p, rcv);
        },
    });
    await assert.rejects(writeRadarGif({ path, frames, labels: ['a', 'b', 'c'], cols: COLS, rows: ROWS }), /reader failed/);
    assert.equal(await readFile(path, 'utf8'), 'previous run');
    assert.deepEqual(await readdir(dir), ['radar.gif']);
});
//# sourceMappingURL=outputs-gif.test.js.map