/**
 * nanmean / nanstd of a 10000 x 10000 float32 random array in 1000 x 1000 chunks: ssdp's chunked
 * arrays on the threads scheduler (2 workers) against the same expressions in Python Dask
 * (bench/peers/array_reductions.py, Debian's python3-dask, threaded scheduler, 2 workers), both
 * in this run. Best of `--repeat` runs per case; prints both times and the ratio.
 *
 *   node dist/bench/array-reductions.js [--workers 2] [--repeat 3] [--size 10000] [--chunk 1000] [--no-dask] [--case lecture]
 *
 * --case keeps only the cases whose name contains the text (both sides). --radar [N] adds the
 * radar statistics (N synthetic frames, default 240, through fromDelayed + stack + four
 * nan-reductions), each side in a fresh process whose whole process tree's peak memory is
 * sampled (bench/proc-tree).
 *
 * --memory measures the peak memory of each side's whole process tree (bench/proc-tree) on the
 * lecture mean and nanmean cases (or those kept by --case), each in a fresh process.
 *
 * Chunks are generated inside the workers from (seed, chunk number) and reduced there; only
 * partial statistics (a few kB per chunk) travel back.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, compute, shutdownDefaultPools, type ComputeOptions } from '../src/index.js';
// node:child_process and ./proc-tree.js are imported where the parent uses them: the child measured
// by --memory runs this file too, and should carry what a user's array program carries.
import type { NDArray } from '../src/collections/array/index.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const workers = opt('--workers', 2);
const repeat = opt('--repeat', 3);
const size = opt('--size', 10000);
const chunk = opt('--chunk', 1000);

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'bench/peers/array_reductions.py'))) return dir;
    if (existsSync(join(dir, 'package.json'))) {
      const real = dirname(realpathSync(join(dir, 'package.json')));
      if (existsSync(join(real, 'bench/peers/array_reductions.py'))) return real;
    }
    if (dirname(dir) === dir) return process.cwd();
    dir = dirname(dir);
  }
}

const x = array.random.rand({ shape: [size, size], chunks: [chunk, chunk], seed: 42, dtype: 'float32' });
// The lecture's array: float64 (da.random.random's dtype), reduced by a plain mean.
const lecture = array.random.rand({ shape: [size, size], chunks: [chunk, chunk], seed: 42 });
// Rows to columns (try14w D12): every output block takes a piece of every input block, as a
// transpose-like access pattern or toZarr of irregular chunks needs. At most 6000x6000 (288 MB).
const side = Math.min(size, 6000) - (Math.min(size, 6000) % 10);
const rows = array.random.rand({ shape: [side, side], chunks: [side / 10, side], seed: 42 });
const opts: ComputeOptions = { scheduler: 'threads', nWorkers: workers };
const cases: Record<string, () => Promise<NDArray[]>> = {
  'lecture rand float64 mean axis 0': () => array.compute(array.mean(lecture, { axis: 0 }), opts),
  'nanmean axis 0': () => array.compute(array.nanmean(x, { axis: 0 }), opts),
  'nanstd axis 0': () => array.compute(array.nanstd(x, { axis: 0 }), opts),
  'nanmean all': () => array.compute(array.nanmean(x), opts),
  'nanstd all': () => array.compute(array.nanstd(x), opts),
  'rechunk rows to columns float64 sum axis 0': () => array.compute(rows.rechunk([side, side / 10]).sum({ axis: 0 }), opts),
  'nanmean+nanstd axis 0 together': () => compute(array.nanmean(x, { axis: 0 }), array.nanstd(x, { axis: 0 }), opts) as Promise<NDArray[]>,
};

const mean = (a: NDArray): number => {
  let s = 0;
  for (const v of a.data) s += v;
  return s / a.data.length;
};

console.log(`array reductions: ${size}x${size} float32 in ${chunk}x${chunk} chunks, ${workers} workers, best of ${repeat}`);
console.log(String(x));
// Start the pool (worker start-up is paid once per program, as Dask's thread pool is).
await array.compute(array.nanmean(array.random.rand({ shape: [chunk, chunk], chunks: chunk, seed: 1, dtype: 'float32' })), opts);

const only = args.includes('--case') ? args[args.indexOf('--case') + 1]! : '';
const memoryOnly = args.includes('--memory');
const ours: Record<string, number> = {};
for (const [name, run] of Object.entries(cases)) {
  if (!name.includes(only) || memoryOnly) continue;
  let best = Infinity;
  let check = NaN;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const r = await run();
    best = Math.min(best, (performance.now() - t0) / 1000);
    check = mean(r[r.length - 1]!);
  }
  ours[name] = best;
  console.log(`  ssdp  ${name.padEnd(32)} ${best.toFixed(3)} s   (mean of result ${check.toFixed(5)})`);
}
await shutdownDefaultPools();

let theirs: Record<string, number> | undefined;
if (!args.includes('--no-dask') && !memoryOnly) {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const peer = join(repoRoot(), 'bench/peers/array_reductions.py');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(python, [peer, '--workers', String(workers), '--repeat', String(repeat), '--size', String(size), '--chunk', String(chunk), '--case', only], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`  dask peer failed (apt-get install python3-dask python3-numpy): ${r.stderr.trim().split('\n').pop()}`);
  } else {
    const out = JSON.parse(r.stdout) as { dask: string; times: Record<string, number>; check: Record<string, number> };
    theirs = out.times;
    for (const [name, t] of Object.entries(out.times)) {
      console.log(`  dask  ${name.padEnd(32)} ${t.toFixed(3)} s   (mean of result ${out.check[name]!.toFixed(5)}; dask ${out.dask})`);
    }
  }
}

if (theirs) {
  console.log('ratio (dask time / ssdp time; above 1 means ssdp is faster):');
  for (const name of Object.keys(ours)) {
    const t = theirs[name];
    if (t !== undefined) console.log(`  ${name.padEnd(32)} ${(t / ours[name]!).toFixed(2)}x`);
  }
}

// `--memory`: the peak memory of each side's whole process tree on the cases kept by --case
// (default: the lecture mean and nanmean), each case once in a fresh process per side, alternating.
if (memoryOnly) {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const self = fileURLToPath(import.meta.url);
  const { runMeasured } = await import('./proc-tree.js');
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const names = only ? Object.keys(cases).filter((n) => n.includes(only)) : ['lecture rand float64 mean axis 0', 'nanmean axis 0'];
  console.log('peak memory of the whole process tree, each case alone in a fresh process (time includes start-up):');
  for (const name of names) {
    const common = ['--workers', String(workers), '--repeat', '1', '--size', String(size), '--chunk', String(chunk), '--case', name];
    const ours = await runMeasured(process.execPath, [self, '--no-dask', ...common]);
    const theirs = await runMeasured(python, [join(repoRoot(), 'bench/peers/array_reductions.py'), ...common]);
    const ok = ours.code === 0 && theirs.code === 0;
    console.log(`  ${name.padEnd(32)} ssdp ${mb(ours.peakRssBytes)} (${ours.seconds.toFixed(1)} s)   dask ${mb(theirs.peakRssBytes)} (${theirs.seconds.toFixed(1)} s)   ssdp / dask ${ok ? (ours.peakRssBytes / theirs.peakRssBytes).toFixed(2) : 'failed'}`);
  }
}

// `--radar` alone: 240 frames (a month of 3-hourly composites), which finishes in tens of
// seconds on a loaded 2-core machine; the lecture's 8610 frames with `--radar 8610`.
const radarFrames = args.includes('--radar') ? (Number(args[args.indexOf('--radar') + 1]) || 240) : 0;
if (radarFrames > 0) {
  const script = fileURLToPath(new URL('./array-radar-run.js', import.meta.url));
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(`radar statistics: ${radarFrames} frames of 443x235 float32, fromDelayed + stack + nanmin/nanmax/nanmean/nanstd together, ${workers} workers`);
  // alternating fresh runs, best time of each side and the peak memory of that side's process tree
  const best: Record<string, { seconds: number; peak: number }> = {};
  const { runMeasured } = await import('./proc-tree.js');
  for (let i = 0; i < repeat; i++) {
    for (const [side, cmd, cargs] of [
      ['ssdp', process.execPath, [script, String(radarFrames), String(workers)]],
      ['dask', python, [join(repoRoot(), 'bench/peers/array_radar.py'), String(radarFrames), String(workers)]],
    ] as const) {
      const r = await runMeasured(cmd, [...cargs]);
      if (r.code !== 0) {
        console.log(`  ${side} failed (exit ${r.code})`);
        continue;
      }
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; check: number[] };
      const b = (best[side] ??= { seconds: Infinity, peak: 0 });
      b.seconds = Math.min(b.seconds, out.seconds);
      b.peak = Math.max(b.peak, r.peakRssBytes);
      if (i === 0) console.log(`  ${side} check (mean of each statistic): ${out.check.map((c) => c.toFixed(4)).join(' ')}`);
    }
  }
  for (const [side, b] of Object.entries(best)) console.log(`  ${side}  ${b.seconds.toFixed(3)} s   peak memory of the process tree ${mb(b.peak)}`);
  if (best.ssdp && best.dask) {
    console.log(`  dask time / ssdp time ${(best.dask.seconds / best.ssdp.seconds).toFixed(2)}x; ssdp peak memory / dask ${(best.ssdp.peak / best.dask.peak).toFixed(2)}`);
  }
}
