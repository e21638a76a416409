import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateMagma } from 'd3-scale-chromatic';
import { BLACK, BORDER, COAST, GREY, INK, KEEP, LEVELS, MAGMA, PALETTE, WHITE, autoScale, indexField, levelOf, magmaEntryForLevel, RAIN_SCALE } from '../../src/radar/outputs/index.js';
test('the magma table is matplotlib\'s float table rounded to bytes (entries from matplotlib\'s _magma_data)', () => {
    const matplotlib = {
        0: [0.001462, 0.000466, 0.013866],
        64: [0.316654, 0.07169, 0.48538],
        128: [0.716387, 0.214982, 0.47529],
        200: [0.992785, 0.594891, 0.410283],
        255: [0.987053, 0.991438, 0.749504],
    };
    assert.equal(MAGMA.length, 256);
    for (const [i, rgb] of Object.entries(matplotlib))
        assert.deepEqual(MAGMA[Number(i)], rgb.map((x) => Math.round(x * 255)), `entry ${i}`);
});
test('palette: magma from entry 48 on (the darkest level stands apart from black), then black, white, grey, lines and ink', () => {
    assert.equal(PALETTE.length, 256);
    assert.deepEqual(PALETTE[0], MAGMA[48]);
    assert.deepEqual(PALETTE[LEVELS - 1], MAGMA[255]);
    assert.deepEqual(PALETTE[BLACK], [0, 0, 0]);
    assert.deepEqual(PALETTE[WHITE], [255, 255, 255]);
    // the darkest rain colour is far from "no rain" black (magma's own first entry is #000004)
    assert.ok(Math.max(...PALETTE[0]) >= 100, `darkest level ${PALETTE[0]}`);
    // matplotlib: ListedColormap(colormaps['magma'](np.linspace(48 / 256, 1, LEVELS))) looks up floor(x * 256)
    for (let k = 0; k < LEVELS; k++) {
        const x = 48 / 256 + (k / (LEVELS - 1)) * (1 - 48 / 256);
        assert.equal(magmaEntryForLevel(k), Math.min(255, Math.floor(x * 256 + 1e-9)), `level ${k}`);
    }
    // every index is used once: no colour means two things
    const special = [BLACK, WHITE, GREY, COAST, BORDER, ...INK, KEEP];
    assert.equal(new Set(special).size, special.length - 2, 'INK starts at BLACK and ends at WHITE, nothing else repeats');
    assert.ok(special.every((i) => i >= LEVELS && i <= 255));
    assert.equal(new Set([...Array(LEVELS).keys(), ...special]).size, 256);
    // ink greys run evenly from black to white
    INK.forEach((idx, i) => assert.ok(Math.abs(PALETTE[idx][0] - (i * 255) / (INK.length - 1)) <= 0.5));
});
/** The mapping written out independently: LogNorm position, then a LEVELS-entry lookup. */
function expectedLevel(v) {
    if (Number.isNaN(v))
        return WHITE;
    if (v <= 0)
        return BLACK;
    const t = Math.log(v / 0.01) / Math.log(100 / 0.01);
    return Math.min(LEVELS - 1, Math.max(0, Math.floor(t * LEVELS)));
}
test('log-scale position: 1 mm/h sits in the middle, ends clamp, zero is black and NaN white', () => {
    assert.equal(levelOf(1), LEVELS / 2);
    // matplotlib magma at 48/256 + 0.5 * (1 - 48/256) of the map = entry 152
    assert.deepEqual(PALETTE[levelOf(1)], [1, 3, 5].map((i) => parseInt(interpolateMagma(152.5 / 256).slice(i, i + 2), 16)));
    assert.equal(levelOf(0.01 * 1.0001), 0);
    assert.equal(levelOf(0.001), 0);
    assert.equal(levelOf(150), LEVELS - 1);
    assert.equal(levelOf(Infinity), LEVELS - 1);
    assert.equal(levelOf(0), BLACK);
    assert.equal(levelOf(-3), BLACK);
    assert.equal(levelOf(NaN), WHITE);
    for (const v of [0.0123, 0.05, 0.31, 2.5, 7.7, 42, 99])
        assert.equal(levelOf(v), expectedLevel(v), `v=${v}`);
    // the colour is the d3/matplotlib magma at the resampled position
    const k = levelOf(2.5);
    const hex = interpolateMagma((magmaEntryForLevel(k) + 0.5) / 256);
    assert.equal('#' + PALETTE[k].map((c) => c.toString(16).padStart(2, '0')).join(''), hex);
});
test('indexField (table lookup) agrees with levelOf on random, boundary and special values', () => {
    const n = 200_000;
    const a = new Float32Array(n);
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < n; i++)
        a[i] = 10 ** (rand() * 8 - 4);
    // values right at and around every level boundary
    for (let k = 0; k <= LEVELS; k++) {
        const b = 10 ** (-2 + (4 * k) / LEVELS);
        a[3 * k] = b;
        a[3 * k + 1] = Math.fround(b) * (1 - 2 ** -23);
        a[3 * k + 2] = Math.fround(b) * (1 + 2 ** -23);
    }
    a.set([0, -0, -1, NaN, Infinity, -Infinity, 1e-45, 3e38], n - 8);
    const out = indexField(a, new Uint8Array(n));
    for (let i = 0; i < n; i++)
        if (out[i] !== levelOf(a[i]))
            assert.fail(`value ${a[i]}: indexField ${out[i]} levelOf ${levelOf(a[i])}`);
    // away from boundaries (which may round either way) it is the independent formula's level
    for (let i = 3 * LEVELS + 3; i < 3 * LEVELS + 2000; i++)
        assert.equal(out[i], expectedLevel(a[i]), `value ${a[i]}`);
});
test('autoScale picks whole decades around a statistic\'s values', () => {
    assert.deepEqual(autoScale(Float32Array.from([0, NaN, 0.05, 0.2, 3, 30])), { lo: 0.01, hi: 100 });
    assert.deepEqual(autoScale(Float32Array.from([0.2, 0.5, 0.9])), { lo: 0.1, hi: 1 });
    assert.deepEqual(autoScale(Float32Array.from([0, 0, NaN])), RAIN_SCALE);
    assert.deepEqual(autoScale(Float32Array.from([1e-7, 5e4])), { lo: 0.001, hi: 1000 });
});
//# sourceMappingURL=outputs-colormap.test.js.map