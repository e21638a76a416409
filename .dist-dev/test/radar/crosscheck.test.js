/**
 * The cross-check: a small synthetic set through the lecture's notebook code in Python
 * (numpy + PIL, bench/peers/radar_notebook.py) and through ssdp; frames and statistics must agree
 * within 1e-5 mm/h with NaN in the same places.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUB_HEIGHT, SUB_PIXELS, SUB_WIDTH, dayPartial, finalizeStats, listDays, mergeAll, writeSyntheticDays } from '../../src/radar/index.js';
import { readNpy } from './npy.js';
import { python, repoRoot } from './python.js';
function compare(name, ours, theirs) {
    assert.equal(ours.length, theirs.length, `${name}: length`);
    let maxDiff = 0, nans = 0;
    for (let i = 0; i < ours.length; i++) {
        const a = ours[i], b = theirs[i];
        if (Number.isNaN(a) || Number.isNaN(b)) {
            assert.ok(Number.isNaN(a) && Number.isNaN(b), `${name}: NaN mismatch at ${i} (ssdp ${a}, numpy ${b})`);
            nans++;
            continue;
        }
        maxDiff = Math.max(maxDiff, Math.abs(a - b));
    }
    assert.ok(maxDiff < 1e-5, `${name}: max abs difference ${maxDiff} mm/h`);
    return { maxDiff, nans };
}
for (const imagesPerDay of [24, 21]) {
    test(`ssdp matches the notebook's numpy/PIL code on 2 synthetic days of ${imagesPerDay} images`, async (t) => {
        const root = mkdtempSync(join(tmpdir(), 'ssdp-radar-xcheck-'));
        try {
            const data = join(root, 'data'), out = join(root, 'numpy');
            await writeSyntheticDays({ dir: data, start: '2020-11-01', days: 2, seed: 11, imagesPerDay });
            python([join(repoRoot(), 'bench/peers/radar_notebook.py'), data, out]);
            const days = await Promise.all(listDays({ dir: data, start: '2020-11-01', days: 2 }).files.map((f) => dayPartial(f.path)));
            const frames = new Float32Array(days.length * 8 * SUB_PIXELS);
            days.forEach((d, i) => frames.set(d.frames, i * 8 * SUB_PIXELS));
            const stats = finalizeStats(mergeAll(days.map((d) => d.partial)));
            const npFrames = readNpy(join(out, 'frames.npy'));
            assert.deepEqual(npFrames.shape, [16, SUB_HEIGHT, SUB_WIDTH]);
            const f = compare('frames', frames, npFrames.data);
            t.diagnostic(`frames: max abs difference ${f.maxDiff}`);
            // Not a vacuous comparison: there is rain, dry ground and uncovered area.
            let rain = 0;
            for (const v of frames)
                if (v > 0.5)
                    rain++;
            assert.ok(rain > 1000, `only ${rain} rainy frame pixels`);
            assert.ok(f.nans > 0.1 * frames.length);
            for (const name of ['nanmin', 'nanmax', 'nanmean', 'nanstd']) {
                const np = readNpy(join(out, `${name}.npy`));
                assert.deepEqual(np.shape, [SUB_HEIGHT, SUB_WIDTH]);
                t.diagnostic(`${name}: max abs difference ${compare(name, stats[name], np.data).maxDiff}`);
            }
            let spread = 0;
            for (const v of stats.nanstd)
                if (v > 0.1)
                    spread++;
            assert.ok(spread > 1000, 'the standard deviation map is nearly flat');
        }
        finally {
            rmSync(root, { recursive: true, force: true });
        }
    });
}
//# sourceMappingURL=crosscheck.test.js.map