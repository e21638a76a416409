import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { readNpy, readNpyHeader, writeOutputs } from '../../src/radar/outputs/index.js';
import { isSsdpError } from '../../src/util/errors.js';
import { syntheticOutputs } from '../../bench/outputs-synthetic.js';
import { python } from './outputs-python.js';
import { expectedRgb } from './outputs-expected.js';
const ROWS = 443, COLS = 235;
const STATS = ['nanmin', 'nanmax', 'nanmean', 'nanstd'];
const EXPECTED_FILES = ['frames.npy', 'radar.gif', 'report.html', 'summary.json', ...STATS.flatMap((s) => [`${s}.npy`, `${s}.png`, `${s}.tif`])].sort();
function deadPid() {
    const r = spawnSync(process.execPath, ['-e', '0']);
    return r.pid;
}
test('writeOutputs writes every output, readable by numpy and PIL, and a report whose links exist', async () => {
    const dir = join(tempDir('ssdp-out-'), 'out');
    mkdirSync(dir);
    const stale = `.radar.gif.${deadPid()}.0badcafe.ssdp-tmp`;
    writeFileSync(join(dir, stale), 'left by a killed run');
    const input = syntheticOutputs(16, { seed: 7 });
    const progress = [];
    const res = await writeOutputs({
        outDir: dir, ...input, onProgress: (p) => progress.push(p),
        summary: { parameters: { source: 'synthetic', days: 2 }, daysUsed: ['2020-11-01', '2020-11-02'], daysSkipped: [{ day: '2020-11-03', reason: 'missing zip' }], imageCount: 576, timings: { 'read days': 1.25 }, runtime: { workers: 2 } },
    });
    assert.deepEqual((await readdir(dir)).sort(), EXPECTED_FILES, 'all outputs, and the stale temporary file is gone');
    assert.equal(progress.at(-1).done, progress.at(-1).total);
    assert.ok(progress.every((p, i) => i === 0 || p.done > progress[i - 1].done));
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    assert.equal(summary.counts.frames, 16);
    assert.equal(summary.counts.images, 576);
    assert.deepEqual(summary.days, { used: ['2020-11-01', '2020-11-02'], skipped: [{ day: '2020-11-03', reason: 'missing zip' }] });
    assert.equal(summary.period.firstFrameStart, '2020-11-01T00:00:00.000Z');
    assert.equal(summary.period.lastFrameEnd, '2020-11-03T00:00:00.000Z');
    assert.deepEqual(summary.run, { runtime: { workers: 2 } });
    assert.equal(summary.timings[0].stage, 'read days');
    assert.ok(summary.timings.some((t) => t.stage === 'write radar.gif'));
    const maxOfStat = input.stats.nanmax.reduce((m, v) => (v > m ? v : m), -Infinity);
    assert.equal(summary.valueRanges.nanmax.max, maxOfStat);
    for (const o of summary.outputs) {
        const st = await stat(join(dir, o.file));
        if (o.bytes !== null)
            assert.equal(st.size, o.bytes, o.file);
    }
    assert.deepEqual(res.files.map((f) => f.name).sort(), EXPECTED_FILES);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.includes('radar.gif') && STATS.every((s) => refs.includes(`${s}.png`)), 'GIF and maps shown');
    for (const ref of refs)
        await stat(join(dir, ref));
    assert.match(html, /write radar\.gif/);
    assert.match(html, /missing zip/);
    // frames.npy holds the frames; numpy's nanmax over them is the nanmax statistic
    const frames = await readNpy(join(dir, 'frames.npy'));
    assert.deepEqual(frames.shape, [16, ROWS, COLS]);
    for (let f = 0; f < 16; f++)
        assert.deepEqual(frames.data.subarray(f * ROWS * COLS, (f + 1) * ROWS * COLS), input.frames[f]);
    const probe = { r: 250, c: 120 };
    const cell = probe.r * COLS + probe.c;
    const pic = summary.pictures['nanmean.png'];
    const py = python(`
import json, sys, warnings
import numpy as np
from PIL import Image
d = sys.argv[1]; x, y = json.loads(sys.argv[2])
fr = np.load(d + "/frames.npy")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    mx = np.nanmax(fr, axis=0)
tif_equal = {}
for s in ["nanmin", "nanmax", "nanmean", "nanstd"]:
    t = np.array(Image.open(d + "/" + s + ".tif"))
    tif_equal[s] = bool(t.dtype == np.float32 and t.shape == (${ROWS}, ${COLS}) and np.array_equal(t, np.load(d + "/" + s + ".npy"), equal_nan=True))
im = Image.open(d + "/nanmean.tif")
tags = {str(k): im.tag_v2.get(k) for k in (33550, 33922, 34735, 42113)}
png = Image.open(d + "/nanmean.png")
print(json.dumps({"shape": list(fr.shape), "nanmaxEqual": bool(np.array_equal(mx, np.load(d + "/nanmax.npy"), equal_nan=True)),
  "tifEqual": tif_equal, "tags": {k: list(v) if isinstance(v, tuple) else v for k, v in tags.items()},
  "pngMode": png.mode, "pngPixel": list(png.convert("RGB").getpixel((x, y)))}))
`, dir, JSON.stringify([pic.mapX + probe.c * pic.mapScale, pic.mapY + probe.r * pic.mapScale]));
    assert.deepEqual(py.shape, [16, ROWS, COLS]);
    assert.equal(py.nanmaxEqual, true);
    assert.deepEqual(py.tifEqual, { nanmin: true, nanmax: true, nanmean: true, nanstd: true });
    assert.deepEqual(py.tags['33550'], [4029.916, 4029.916, 0]);
    // half a composite pixel (1007.479 m) west and north of the composite's corner: centres on source centres
    const tie = py.tags['33922'];
    assert.deepEqual(tie.slice(0, 3), [0, 0, 0]);
    assert.ok(Math.abs(tie[3] - 125640.925) < 1e-6 && Math.abs(tie[4] - 7772260.355) < 1e-6, `tie point ${tie}`);
    const keys = py.tags['34735'];
    assert.ok(keys.join(',').includes('3072,0,1,3006'), `ProjectedCSTypeGeoKey = EPSG:3006 in ${keys}`);
    assert.equal(py.tags['42113'], 'nan');
    assert.ok(py.pngMode === 'RGB' || py.pngMode === 'RGBA', `map PNG mode ${py.pngMode}`);
    // the map pixel has the colour of its value on the map's log scale, computed independently
    const { lo, hi } = summary.valueRanges.nanmean.colorScale;
    const v = input.stats.nanmean[cell];
    assert.ok(v > 0, 'probe is on rain');
    assert.deepEqual(py.pngPixel.slice(0, 3), expectedRgb(v, lo, hi));
});
test('bad input is refused with a clear error before anything is written', async () => {
    const dir = join(tempDir('ssdp-out-'), 'out');
    const input = syntheticOutputs(2);
    await assert.rejects(writeOutputs({ outDir: dir, ...input, timestamps: input.timestamps.slice(1) }), (e) => isSsdpError(e) && e.code === 'E_OUTPUTS_INPUT' && /2 frames but 1 timestamps/.test(e.message));
    await assert.rejects(writeOutputs({ outDir: dir, ...input, frames: [input.frames[0], new Float32Array(10)] }), (e) => isSsdpError(e) && e.code === 'E_OUTPUTS_INPUT' && /frame 1 has 10 values/.test(e.message));
    await assert.rejects(writeOutputs({ outDir: dir, frames: [], timestamps: [], stats: input.stats }), (e) => isSsdpError(e) && e.code === 'E_OUTPUTS_INPUT' && /no frames/.test(e.message));
    await assert.rejects(stat(dir), /ENOENT/);
});
test('a run killed while writing leaves only complete files under final names; the next run cleans up', async () => {
    const dir = join(tempDir('ssdp-out-'), 'out');
    const script = join(dir, '..', 'write.mjs');
    const mod = (p) => JSON.stringify(new URL(p, import.meta.url).href);
    writeFileSync(script, `
import { writeOutputs } from ${mod('../../src/radar/outputs/index.js')};
import { syntheticOutputs } from ${mod('../../bench/outputs-synthetic.js')};
const input = syntheticOutputs(240, { seed: 3 });
let said = false;
await writeOutputs({ outDir: process.argv[2], ...input, onProgress: (p) => { if (!said && p.done > 100) { said = true; process.stdout.write('writing\\n'); } } });
`);
    const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
        child.stdout.on('data', () => resolve());
        child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const left = await readdir(dir);
    assert.ok(left.some((n) => n.endsWith('.ssdp-tmp')), `killed mid-write: temporaries expected in ${left}`);
    for (const name of left.filter((n) => !n.startsWith('.'))) {
        // anything under a final name must be whole
        if (name.endsWith('.npy')) {
            const h = await readNpyHeader(join(dir, name));
            const n = h.shape.reduce((a, b) => a * b, 1);
            assert.equal((await stat(join(dir, name))).size, 128 + n * 4, name);
        }
        else if (name === 'radar.gif') {
            const gif = await readFile(join(dir, name));
            assert.equal(gif.at(-1), 0x3b, 'GIF trailer present');
        }
    }
    const input = syntheticOutputs(4);
    await writeOutputs({ outDir: dir, ...input });
    assert.deepEqual((await readdir(dir)).sort(), EXPECTED_FILES);
});
//# sourceMappingURL=outputs-write.test.js.map