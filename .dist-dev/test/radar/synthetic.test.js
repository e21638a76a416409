import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPOSITE_GEO, HEIGHT, NODATA, PIXELS, SUB_HEIGHT, SUB_PIXELS, SUB_WIDTH, WIDTH, coverageMask, dayPartial, decodeTiff, parseZip, radarPixels, readDay, readEntry, readGeoReference, syntheticDayZip, writeSyntheticDays, } from '../../src/radar/index.js';
const tmp = () => mkdtempSync(join(tmpdir(), 'ssdp-radar-syn-'));
test('synthetic: a full day is 288 SMHI-named, georeferenced, deflate-compressed 471 x 887 uint8 GeoTIFFs', () => {
    const zip = syntheticDayZip({ seed: 3, date: '2020-11-30' });
    const z = parseZip(zip, 'mem.zip');
    assert.equal(z.entries.length, 288);
    assert.equal(z.entries[0].name, 'radar_2011300000.tif');
    assert.equal(z.entries[1].name, 'radar_2011300005.tif');
    assert.equal(z.entries[287].name, 'radar_2011302355.tif');
    const tif = readEntry(z, z.entries[100]);
    const img = decodeTiff(tif, 'x');
    assert.equal(img.width, WIDTH);
    assert.equal(img.height, HEIGHT);
    assert.equal(img.bands, 1);
    assert.equal(img.compression, 8);
    assert.ok(tif.length < PIXELS / 3, `compressed to ${tif.length} bytes`);
    assert.deepEqual(readGeoReference(img.tags), COMPOSITE_GEO);
});
test('synthetic: byte-identical for a seed, different for another seed, same in worker threads', async () => {
    const a = tmp(), b = tmp(), c = tmp();
    try {
        await writeSyntheticDays({ dir: a, start: '2020-11-01', days: 3, seed: 5, imagesPerDay: 12 });
        await writeSyntheticDays({ dir: b, start: '2020-11-01', days: 3, seed: 5, imagesPerDay: 12, concurrency: 2 });
        await writeSyntheticDays({ dir: c, start: '2020-11-01', days: 1, seed: 6, imagesPerDay: 12 });
        assert.deepEqual(readdirSync(a).sort(), ['2020-11-01.zip', '2020-11-02.zip', '2020-11-03.zip']);
        for (const f of readdirSync(a))
            assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f);
        assert.ok(!readFileSync(join(a, '2020-11-01.zip')).equals(readFileSync(join(c, '2020-11-01.zip'))));
        // A day is a pure function of (seed, date): writing it alone gives the same bytes.
        const alone = tmp();
        await writeSyntheticDays({ dir: alone, start: '2020-11-02', days: 1, seed: 5, imagesPerDay: 12 });
        assert.ok(readFileSync(join(alone, '2020-11-02.zip')).equals(readFileSync(join(a, '2020-11-02.zip'))));
        rmSync(alone, { recursive: true, force: true });
    }
    finally {
        for (const d of [a, b, c])
            rmSync(d, { recursive: true, force: true });
    }
});
test('synthetic: nodata exactly outside the 12 radar circles; echoes only inside; realistic dBZ', async () => {
    const dir = tmp();
    try {
        await writeSyntheticDays({ dir, start: '2020-11-01', days: 2, seed: 1, imagesPerDay: 12 });
        const mask = coverageMask();
        const sites = radarPixels();
        assert.equal(sites.length, 12);
        for (const s of sites) {
            assert.ok(s.col > 0 && s.col < WIDTH && s.row > 0 && s.row < HEIGHT, `${s.name} inside the image`);
            assert.equal(mask[Math.floor(s.row) * WIDTH + Math.floor(s.col)], 0, `${s.name} covered`);
        }
        // Corners of the image are outside any radar's range.
        for (const i of [0, WIDTH - 1, (HEIGHT - 1) * WIDTH, PIXELS - 1])
            assert.equal(mask[i], NODATA);
        const covered = mask.reduce((s, v) => s + (v === 0 ? 1 : 0), 0);
        assert.ok(covered > 0.4 * PIXELS && covered < 0.8 * PIXELS, `coverage ${covered / PIXELS}`);
        let maxPx = 0, echoes = 0;
        const images = [...(await readDay(join(dir, '2020-11-01.zip'))), ...(await readDay(join(dir, '2020-11-02.zip')))];
        for (const img of images) {
            for (let i = 0; i < PIXELS; i++) {
                const v = img.pixels[i];
                assert.equal(v === NODATA, mask[i] === NODATA, `pixel ${i} of ${img.name}`);
                if (v !== NODATA && v > 0) {
                    echoes++;
                    maxPx = Math.max(maxPx, v);
                }
            }
        }
        assert.ok(echoes > 0.01 * covered * images.length, `echo fraction ${echoes / covered / images.length}`);
        const maxDbz = 0.4 * maxPx - 30;
        assert.ok(maxDbz > 35 && maxDbz < 72, `max ${maxDbz} dBZ`);
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
/** Centre of rain (mm/h-weighted) of one frame, in subsampled pixels. */
function centroid(frame) {
    let m = 0, sx = 0, sy = 0;
    for (let r = 0; r < SUB_HEIGHT; r++)
        for (let c = 0; c < SUB_WIDTH; c++) {
            const v = frame[r * SUB_WIDTH + c];
            if (v > 0) {
                m += v;
                sx += v * c;
                sy += v * r;
            }
        }
    return { x: sx / m, y: sy / m, mass: m };
}
test('synthetic: rain moves between frames, and the weather carries over midnight', async () => {
    const dir = tmp();
    try {
        await writeSyntheticDays({ dir, start: '2020-11-10', days: 2, seed: 21, imagesPerDay: 96 });
        const d = await dayPartial(join(dir, '2020-11-10.zip'));
        // Best shift between consecutive frames: the rain pattern moves (a few pixels, not zero).
        let moved = 0;
        for (let f = 0; f + 1 < 8; f++) {
            const a = d.frames.subarray(f * SUB_PIXELS, (f + 1) * SUB_PIXELS), b = d.frames.subarray((f + 1) * SUB_PIXELS, (f + 2) * SUB_PIXELS);
            let changed = 0;
            for (let i = 0; i < SUB_PIXELS; i++)
                if (a[i] > 0.1 !== b[i] > 0.1)
                    changed++;
            assert.ok(changed > 500, `frames ${f} and ${f + 1} differ in ${changed} pixels`);
            const ca = centroid(a), cb = centroid(b);
            if (Math.hypot(cb.x - ca.x, cb.y - ca.y) > 2)
                moved++;
        }
        assert.ok(moved >= 4, `the rain's centre moved in only ${moved} of 7 frame steps`);
        // 23:45 and 00:00 of the next day look alike; two images 12 hours apart do not.
        const day1 = await readDay(join(dir, '2020-11-10.zip')), day2 = await readDay(join(dir, '2020-11-11.zip'));
        const diff = (p, q) => {
            let n = 0;
            for (let i = 0; i < PIXELS; i++)
                if (p[i] > 0 !== q[i] > 0)
                    n++;
            return n;
        };
        const acrossMidnight = diff(day1[95].pixels, day2[0].pixels);
        const halfDay = diff(day1[48].pixels, day2[0].pixels);
        assert.ok(acrossMidnight * 3 < halfDay, `midnight step ${acrossMidnight} vs 12 h ${halfDay}`);
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
//# sourceMappingURL=synthetic.test.js.map