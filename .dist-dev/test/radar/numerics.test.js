import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DayAccumulator, PIXELS, SUB_HEIGHT, SUB_PIXELS, SUB_WIDTH, WIDTH, accumulate, dayFrames, emptyPartial, finalizeStats, frameSizes, mergeAll, mergePartials, pixelToRainRate, rainRateLut, subsample, } from '../../src/radar/index.js';
import { rng } from '../../src/radar/synthetic-weather.js';
test('rain-rate table: 256 float32 entries, NaN for 255, 0 below 5 dBZ, the Marshall-Palmer formula above', () => {
    const lut = rainRateLut();
    assert.equal(lut.length, 256);
    assert.ok(Number.isNaN(lut[255]));
    assert.equal(lut[0], 0);
    assert.equal(lut[87], 0); // 4.8 dBZ
    assert.ok(lut[88] > 0); // 5.2 dBZ
    // 0.4 * 150 - 30 = 30 dBZ -> (1000 / 200)^(2/3)
    assert.equal(lut[150], Math.fround(Math.pow(5, 2 / 3)));
    for (let x = 88; x < 255; x++) {
        assert.ok(lut[x] > lut[x - 1], `increasing at ${x}`);
        assert.equal(lut[x], Math.fround(pixelToRainRate(x)));
    }
});
test('frame bins: 288 images make 8 frames of 36; the first n mod 8 frames take one more', () => {
    assert.deepEqual(frameSizes(288), Array(8).fill(36));
    assert.deepEqual(frameSizes(287), [36, 36, 36, 36, 36, 36, 36, 35]);
    assert.deepEqual(frameSizes(21), [3, 3, 3, 3, 3, 2, 2, 2]);
    assert.deepEqual(frameSizes(5), [1, 1, 1, 1, 1, 0, 0, 0]);
    assert.deepEqual(frameSizes(10, 4), [3, 3, 2, 2]);
});
test('subsample is [:-1:2, :-1:2]: 443 x 235 from 887 x 471', () => {
    const px = new Uint8Array(PIXELS).map((_, i) => i % 251);
    const s = subsample(px);
    assert.equal(s.length, SUB_HEIGHT * SUB_WIDTH);
    assert.equal(SUB_HEIGHT, 443);
    assert.equal(SUB_WIDTH, 235);
    for (const [r, c] of [[0, 0], [1, 1], [442, 234], [100, 17]])
        assert.equal(s[r * SUB_WIDTH + c], px[2 * r * WIDTH + 2 * c]);
});
function randomImage(r) {
    const px = new Uint8Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) {
        const u = r();
        px[i] = u < 0.2 ? 255 : u < 0.5 ? 0 : Math.floor(r() * 255);
    }
    return px;
}
test('frames: plain per-bin means of the subsampled rain rates; NaN wherever a bin saw nodata', () => {
    const r = rng(42);
    const imgs = Array.from({ length: 11 }, () => randomImage(r));
    const frames = dayFrames(imgs, 4); // bins of 3, 3, 3, 2
    const lut = rainRateLut();
    const bins = [[0, 3], [3, 6], [6, 9], [9, 11]];
    for (let f = 0; f < 4; f++)
        for (const o of [0, 1, 5000, SUB_PIXELS - 1, 77777]) {
            const rr = Math.floor(o / SUB_WIDTH), cc = o % SUB_WIDTH;
            let sum = 0;
            let nan = false;
            for (let k = bins[f][0]; k < bins[f][1]; k++) {
                const x = imgs[k][2 * rr * WIDTH + 2 * cc];
                if (x === 255)
                    nan = true;
                sum += lut[x];
            }
            const got = frames[f * SUB_PIXELS + o];
            if (nan)
                assert.ok(Number.isNaN(got));
            else
                assert.ok(Math.abs(got - sum / (bins[f][1] - bins[f][0])) < 1e-4 * Math.max(1, sum), `frame ${f} pixel ${o}`);
        }
});
test('statistics: Welford per image and Chan merges give numpy nan-statistics, in any merge order', () => {
    const r = rng(7);
    const size = 500;
    const images = Array.from({ length: 40 }, (_, k) => new Float32Array(size).map((_, i) => (i % 50 === 0 ? NaN : r() < 0.3 && k % 3 ? NaN : Math.fround(1000 + r() * 100 * (i % 7)))));
    images.forEach((img) => (img[size - 1] = NaN)); // a pixel that never has a value
    // Reference: two-pass float64 over the non-NaN values.
    const ref = { min: [], max: [], mean: [], std: [] };
    for (let i = 0; i < size; i++) {
        const v = images.map((im) => im[i]).filter((x) => !Number.isNaN(x));
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        ref.mean.push(v.length ? m : NaN);
        ref.std.push(v.length ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) : NaN);
        ref.min.push(v.length ? Math.min(...v) : NaN);
        ref.max.push(v.length ? Math.max(...v) : NaN);
    }
    const one = emptyPartial(size);
    for (const im of images)
        accumulate(one, im);
    const cuts = [0, 5, 6, 20, 33, 40];
    const parts = cuts.slice(1).map((to, j) => {
        const p = emptyPartial(size);
        for (const im of images.slice(cuts[j], to))
            accumulate(p, im);
        return p;
    });
    const tree = mergeAll(parts);
    const chain = parts.reduceRight((acc, p) => mergePartials(p, acc));
    for (const p of [one, tree, chain]) {
        const s = finalizeStats(p);
        for (let i = 0; i < size; i++) {
            for (const [got, want] of [[s.nanmin[i], ref.min[i]], [s.nanmax[i], ref.max[i]], [s.nanmean[i], ref.mean[i]], [s.nanstd[i], ref.std[i]]]) {
                if (Number.isNaN(want))
                    assert.ok(Number.isNaN(got), `pixel ${i}`);
                else
                    assert.ok(Math.abs(got - want) <= 1.5e-7 * Math.abs(want) + 1e-9, `pixel ${i}: ${got} vs ${want}`); // float32 rounding
            }
        }
    }
    assert.ok(Number.isNaN(finalizeStats(tree).nanmean[size - 1]));
});
test('DayAccumulator refuses the wrong number of images instead of guessing', () => {
    const acc = new DayAccumulator(2, 8);
    acc.add(new Uint8Array(PIXELS));
    assert.throws(() => acc.finish(), /1 of 2 images/);
    acc.add(new Uint8Array(PIXELS));
    assert.throws(() => acc.add(new Uint8Array(PIXELS)), /more images/);
    assert.throws(() => new DayAccumulator(1).add(new Uint8Array(10)), /10 pixels/);
});
//# sourceMappingURL=numerics.test.js.map