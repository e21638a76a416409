/**
 * One side of bench/array-reductions' radar case, run in a fresh process so its whole process
 * tree's memory can be measured: `frames` synthetic 443 x 235 frames, each a `fromDelayed`
 * slice, stacked, and nanmin / nanmax / nanmean / nanstd over axis 0 computed together (the
 * lecture's radar statistics). Prints JSON: seconds of the build + compute, and a checksum.
 */
import { array, delayed, shutdownDefaultPools } from '../src/index.js';
import { radarFrame } from './graph-tasks.js';
const frames = Number(process.argv[2] ?? 240);
const workers = Number(process.argv[3] ?? 2);
const [H, W] = [443, 235];
const t0 = performance.now();
const load = delayed(radarFrame);
const slices = [];
for (let i = 0; i < frames; i++)
    slices.push(array.fromDelayed(load(i, H, W), { shape: [H, W], dtype: 'float32' }));
const cube = array.stack(slices, 0);
const stats = [array.nanmin(cube, { axis: 0 }), array.nanmax(cube, { axis: 0 }), array.nanmean(cube, { axis: 0 }), array.nanstd(cube, { axis: 0 })];
const out = await array.compute(...stats, { scheduler: 'threads', nWorkers: workers });
const seconds = (performance.now() - t0) / 1000;
// the mean of each statistic over its non-NaN pixels, as the peer's np.nanmean
const check = out.map((r) => {
    let s = 0;
    let n = 0;
    for (const v of r.data)
        if (v === v)
            (s += v), n++;
    return s / n;
});
console.log(JSON.stringify({ seconds, check }));
await shutdownDefaultPools();
//# sourceMappingURL=array-radar-run.js.map