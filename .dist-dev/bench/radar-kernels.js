/**
 * Radar kernels, per image: synthesising SMHI-format days, and reading them into frames and
 * statistics (decode + rain-rate table + subsample + accumulate), against the lecture's notebook
 * code in numpy/PIL (bench/peers/radar_notebook.py) on the same zips, in the same run.
 *
 *   node dist/bench/radar-kernels.js [--days N] [--images N] [--month]
 *
 * --month also times a full synthetic month (30 x 288 images) written by 2 worker threads.
 * Times are wall clock and this process's CPU time (the latter is steadier on a busy machine).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayPartial, finalizeStats, listDays, mergeAll, writeSyntheticDays } from '../src/radar/index.js';
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const days = opt('--days', 2);
const images = opt('--images', 288);
function root() {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
        if (existsSync(join(dir, 'bench/peers/radar_notebook.py')))
            return dir;
        if (existsSync(join(dir, 'package.json'))) {
            const real = dirname(realpathSync(join(dir, 'package.json')));
            if (existsSync(join(real, 'bench/peers/radar_notebook.py')))
                return real;
        }
        if (dirname(dir) === dir)
            return process.cwd();
        dir = dirname(dir);
    }
}
async function timed(fn) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    const value = await fn();
    const c = process.cpuUsage(c0);
    return { value, wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}
const dir = mkdtempSync(join(tmpdir(), 'ssdp-bench-radar-'));
try {
    const n = days * images;
    const syn = await timed(() => writeSyntheticDays({ dir: join(dir, 'data'), start: '2020-11-01', days, seed: 1, imagesPerDay: images }));
    console.log(`synthesis (1 thread): ${n} images, ${(syn.wall / n).toFixed(2)} ms/image wall, ${(syn.cpu / n).toFixed(2)} ms/image CPU`);
    const proc = await timed(async () => {
        const parts = [];
        for (const f of listDays({ dir: join(dir, 'data') }).files)
            parts.push(await dayPartial(f.path));
        return finalizeStats(mergeAll(parts.map((p) => p.partial)));
    });
    console.log(`ssdp processing: ${(proc.wall / n).toFixed(2)} ms/image wall, ${(proc.cpu / n).toFixed(2)} ms/image CPU (decode + rain rate + subsample + frames + statistics)`);
    const py = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const t0 = performance.now();
    const r = spawnSync(py, [join(root(), 'bench/peers/radar_notebook.py'), join(dir, 'data'), join(dir, 'numpy')], { encoding: 'utf8' });
    const pyWall = performance.now() - t0;
    if (r.status !== 0)
        console.log(`numpy/PIL peer failed: ${r.stderr.trim().split('\n').pop()}`);
    else {
        const pyCpu = Number(/cpu ([\d.]+) s/.exec(r.stdout)?.[1]) * 1000;
        console.log(`numpy/PIL notebook code: ${(pyWall / n).toFixed(2)} ms/image wall, ${(pyCpu / n).toFixed(2)} ms/image CPU (it decodes each image twice, as the notebook does: frames, then the stack)`);
        console.log(`ratio: ssdp is ${(pyWall / proc.wall).toFixed(1)}x faster than the notebook code in wall time, ${(pyCpu / proc.cpu).toFixed(1)}x in CPU time (1 core each)`);
    }
    if (args.includes('--month')) {
        const month = await timed(() => writeSyntheticDays({ dir: join(dir, 'month'), start: '2020-11-01', days: 30, seed: 1, concurrency: 2 }));
        console.log(`synthetic month (30 x 288 images, 2 worker threads): ${(month.wall / 1000).toFixed(1)} s, ${(month.wall / 8640).toFixed(2)} ms/image wall`);
    }
    else {
        console.log(`synthetic month estimate on 2 free cores: ${((8640 * syn.cpu) / n / 2 / 1000).toFixed(1)} s (from the CPU time per image; --month measures it)`);
    }
}
finally {
    rmSync(dir, { recursive: true, force: true });
}
//# sourceMappingURL=radar-kernels.js.map