/**
 * Benchmark: writing a month of radar outputs (240 frames of 443 x 235, four statistics) with
 * writeOutputs, against the lecture's Python way (bench/peers/outputs_matplotlib.py: numpy.save,
 * matplotlib ArtistAnimation saved by PillowWriter, savefig maps) on the same arrays, in the same
 * run. Prints seconds per stage and the ratios. Needs /usr/bin/python3 with numpy, PIL and
 * matplotlib (Debian: python3-numpy python3-pil python3-matplotlib) for the peer; without them
 * only ssdp's numbers are printed.
 *
 *   node dist/bench/outputs.js [FRAMES=240]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOutputs } from '../src/radar/outputs/index.js';
import { syntheticOutputs } from './outputs-synthetic.js';
const n = Number(process.argv[2] ?? 240);
const root = mkdtempSync(join(tmpdir(), 'ssdp-bench-outputs-'));
const input = syntheticOutputs(n, { seed: 11 });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const res = await writeOutputs({ outDir: join(root, 'ssdp'), ...input });
const wall = (performance.now() - t0) / 1000;
const cpu = Object.values(process.cpuUsage(cpu0)).reduce((a, b) => a + b, 0) / 1e6;
const sec = (names) => res.files.filter((f) => names.some((p) => f.name.endsWith(p))).reduce((a, f) => a + f.seconds, 0);
const size = (name) => statSync(join(root, 'ssdp', name)).size;
console.log(`ssdp writeOutputs, ${n} frames: ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU`);
console.log(`  radar.gif ${(size('radar.gif') / 1e6).toFixed(2)} MB, frames.npy ${(size('frames.npy') / 1e6).toFixed(1)} MB`);
for (const f of res.files)
    console.log(`  ${f.name.padEnd(14)} ${f.seconds.toFixed(3)} s  ${f.bytes} bytes`);
// dist/bench/outputs.js -> bench/peers in the repository; from another build folder, the cwd's
const peer = [fileURLToPath(new URL('../../bench/peers/outputs_matplotlib.py', import.meta.url)), join(process.cwd(), 'bench/peers/outputs_matplotlib.py')].find((p) => existsSync(p));
mkdirSync(join(root, 'peer'));
const check = spawnSync('/usr/bin/python3', ['-c', 'import numpy, PIL, matplotlib'], { encoding: 'utf8' });
if (check.status !== 0) {
    console.log('peer skipped: /usr/bin/python3 lacks numpy, PIL or matplotlib (apt-get install python3-numpy python3-pil python3-matplotlib)');
}
else {
    const p = spawnSync('/usr/bin/python3', [peer, join(root, 'ssdp', 'frames.npy'), join(root, 'ssdp'), join(root, 'peer')], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (p.status !== 0)
        throw new Error(`peer failed: ${p.stderr}`);
    const py = JSON.parse(p.stdout.trim().split('\n').at(-1));
    // GIF and frames.npy run interleaved in ssdp, so their seconds overlap: compare the sums per kind
    const ours = { npy: sec(['.npy']), gif: sec(['radar.gif']), png: sec(['.png']) };
    const pyTotal = py.npy + py.gif + py.png;
    console.log(`peer (numpy.save + matplotlib/PillowWriter): npy ${py.npy.toFixed(2)} s, gif ${py.gif.toFixed(2)} s, png ${py.png.toFixed(2)} s, total ${pyTotal.toFixed(2)} s`);
    console.log(`  peer radar.gif ${(statSync(join(root, 'peer', 'radar.gif')).size / 1e6).toFixed(2)} MB`);
    console.log(`ratio peer/ssdp: gif ${(py.gif / ours.gif).toFixed(1)}x, png maps ${(py.png / ours.png).toFixed(1)}x, all outputs ${(pyTotal / wall).toFixed(1)}x (ssdp also writes GeoTIFFs, summary and report)`);
}
rmSync(root, { recursive: true, force: true });
//# sourceMappingURL=outputs.js.map