/**
 * bench/radar: a synthetic month (30 days x 288 images) through `ssdp run pipeline` against the
 * lecture's Dask code (bench/peers/radar_dask.py, Debian's python3-dask) on the same zips and the
 * same cores, in one run. Prints wall time, peak memory of each whole process tree, time per
 * image, and the ratios. Usage: node dist/bench/radar.js [--days N] [--workers N] [--no-peer] [--dashboard [--pairs N]]
 * (--no-peer: the ssdp side alone, for before/after comparisons of ssdp on a loaded machine;
 * --dashboard: what the live dashboard costs: N pairs (default 5) of ssdp runs without and with
 * --dashboard, a viewer reading its event stream, in turns (A B B A ...) from this one process,
 * and the median ratios of their wall times and of their whole process trees' CPU times
 * (user + system, GNU time): pairing keeps the ratio fair while the machine's load drifts, and
 * CPU time is what the dashboard adds on a machine busy with other work).
 */
import { get } from 'node:http';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasured } from './proc-tree.js';
import { readNpy } from '../src/radar/outputs/index.js';
const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const days = arg('days', 30);
const workers = arg('workers', availableParallelism());
const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const work = join(repo, 'bench', '.work', 'radar');
const data = join(work, `data-${days}`);
const cli = join(repo, 'bin', 'ssdp');
const python = '/usr/bin/python3';
mkdirSync(work, { recursive: true });
const common = ['--param', `days=${days}`, '--param', 'start=2020-11-01', '-j', String(workers)];
if (!existsSync(join(data, `2020-11-${String(Math.min(days, 30)).padStart(2, '0')}.zip`))) {
    console.log(`writing a synthetic month of ${days} days to ${data} ...`);
    const gen = await runMeasured(process.execPath, [cli, 'run', 'fetch', ...common, '--param', `data=${data}`, '--param', `out=${join(work, 'gen-out')}`], { cwd: repo });
    if (gen.code !== 0)
        throw new Error('generating the data failed');
    console.log(`  ${gen.seconds.toFixed(1)} s (${((gen.seconds / (days * 288)) * 1000).toFixed(2)} ms per image)`);
}
// Warm-up: the env exists and the code is compiled, so both sides are timed on the job alone.
await runMeasured(process.execPath, [cli, 'run', 'pipeline', '--param', 'source=local', '--param', `data=${data}`, '--param', 'days=1', '--param', `out=${join(work, 'warm')}`], { cwd: repo });
const ssdpOut = join(work, 'ssdp-out');
const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
/** One `ssdp run pipeline` from scratch; with the dashboard, a viewer follows its event stream as a browser would. */
async function runPipeline(withDashboard) {
    rmSync(ssdpOut, { recursive: true, force: true });
    let sseBytes = 0;
    let watching = false;
    const onStderr = (text) => {
        const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)?.[1];
        if (!url || watching)
            return;
        watching = true;
        get(`${url}events`, (res) => res.on('data', (d) => (sseBytes += d.length)).on('error', () => { })).on('error', () => { });
    };
    const args = [cli, 'run', 'pipeline', '--force', ...common, ...(withDashboard ? ['--dashboard', '--dashboard-port', '0'] : []), '--param', 'source=local', '--param', `data=${data}`, '--param', `out=${ssdpOut}`];
    const r = await runMeasured(process.execPath, args, { cwd: repo, onStderr, cpu: true });
    if (r.code !== 0)
        throw new Error(`ssdp run pipeline${withDashboard ? ' --dashboard' : ''} failed`);
    if (withDashboard && sseBytes === 0)
        throw new Error('the dashboard sent its viewer nothing');
    return { ...r, sseBytes };
}
if (process.argv.includes('--dashboard')) {
    const pairs = arg('pairs', 5);
    const wall = [];
    const cpu = [];
    const median = (xs) => {
        const v = xs.slice().sort((x, y) => x - y);
        return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    };
    console.log(`radar month: ${days} days, ${days * 288} images, ${workers} workers: ${pairs} pairs of ssdp run pipeline without / with --dashboard (a viewer connected), in turns`);
    for (let i = 0; i < pairs; i++) {
        // the order alternates so neither side always runs on the warmer cache
        const first = i % 2 === 1;
        const a = await runPipeline(first);
        const b = await runPipeline(!first);
        const [off, on] = first ? [b, a] : [a, b];
        wall.push(on.seconds / off.seconds);
        cpu.push(on.cpuSeconds / off.cpuSeconds);
        console.log(`  pair ${i + 1}: without ${off.seconds.toFixed(2)} s wall, ${off.cpuSeconds.toFixed(2)} s CPU (peak ${mb(off.peakRssBytes)}); with ${on.seconds.toFixed(2)} s wall, ${on.cpuSeconds.toFixed(2)} s CPU (peak ${mb(on.peakRssBytes)}, ${(on.sseBytes / 1024).toFixed(0)} KiB streamed); ratios wall ${wall.at(-1).toFixed(3)}, CPU ${cpu.at(-1).toFixed(3)}`);
    }
    console.log(`  dashboard cost, median ratio with/without: wall ${median(wall).toFixed(3)}, CPU of the process tree ${median(cpu).toFixed(3)} (target <= 1.05)`);
    process.exit(0);
}
const ssdp = await runPipeline(false);
if (process.argv.includes('--no-peer')) {
    const images = days * 288;
    console.log(`radar month: ${days} days, ${images} images, ${workers} workers (ssdp only)`);
    console.log(`  ssdp run pipeline : ${ssdp.seconds.toFixed(2)} s  (${((ssdp.seconds / images) * 1000).toFixed(2)} ms/image, peak ${mb(ssdp.peakRssBytes)}; includes GIF, maps, GeoTIFFs, report)`);
    process.exit(0);
}
const daskOut = join(work, 'dask-out');
const dask = await runMeasured(python, [join(repo, 'bench', 'peers', 'radar_dask.py'), data, daskOut, '--workers', String(workers)], { env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
if (dask.code !== 0)
    throw new Error('the Dask peer failed (is python3-dask installed? apt-get install python3-dask)');
const daskInfo = JSON.parse(dask.stdout.trim().split('\n').pop());
let maxDiff = 0;
for (const name of ['nanmean', 'nanstd', 'nanmin', 'nanmax']) {
    const a = (await readNpy(join(ssdpOut, `${name}.npy`))).data;
    const b = (await readNpy(join(daskOut, `${name}.npy`))).data;
    for (let i = 0; i < a.length; i++)
        if (!(Number.isNaN(a[i]) && Number.isNaN(b[i])))
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
}
const images = daskInfo.images;
console.log(`radar month: ${days} days, ${images} images, ${workers} workers`);
console.log(`  ssdp run pipeline : ${ssdp.seconds.toFixed(2)} s  (${((ssdp.seconds / images) * 1000).toFixed(2)} ms/image, peak ${mb(ssdp.peakRssBytes)}; includes GIF, maps, GeoTIFFs, report)`);
console.log(`  Python Dask       : ${dask.seconds.toFixed(2)} s  (${((dask.seconds / images) * 1000).toFixed(2)} ms/image, peak ${mb(dask.peakRssBytes)}; statistics and frames only)`);
console.log(`  ratio             : ssdp is ${(dask.seconds / ssdp.seconds).toFixed(2)}x faster (target 3x), peak memory ${mb(ssdp.peakRssBytes)} (target < 500 MB)`);
console.log(`  max |ssdp - dask| over the four statistics: ${maxDiff.toExponential(2)} mm/h`);
//# sourceMappingURL=radar.js.map