/**
 * bench/graph: what a task costs in ssdp's schedulers, against peers measured in the same run.
 *
 *   node dist/bench/graph.js [--tasks 100000] [--chunks 32]
 *
 * 1. Per-task overhead on ~100k trivial tasks (inc over 100k numbers, summed by a tree), for the
 *    sync and threads schedulers (2 workers), planning included.
 * 2. Peers: a bare worker_threads postMessage round trip (one task per message, one at a time)
 *    and a piscina-style pool (one message per task, all in flight, 2 workers).
 * 3. Speed-up of a CPU-bound chunked computation on 2 workers vs 1.
 * 4. Building `delayed(inc)(i)` for i < --calls (default 10^5; the issue asks 10^6 in a few
 *    seconds) and `delayed(sum)(list)`, then computing it on sync: per call, against Dask's
 *    delayed doing the same in /usr/bin/python3 (python3-dask) in the same run.
 * 5. The number a user sees: --fresh (default 20,000) tiny tasks, `delayed` building plus the
 *    first compute in a fresh node process (worker start-up included), against a fresh python
 *    doing the same with Dask's threaded scheduler; median of 3 alternating runs each.
 */
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { loadavg, availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { get, getWithSummary, ref, fnRef, Client, shutdownDefaultPools, delayed, compute } from '../src/graph/index.js';
import { trivialGraph } from './trivial-graph.js';
import { inc, sumList } from './graph-tasks.js';
const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('tasks', 100_000);
const CHUNKS = arg('chunks', 32);
const CALLS = arg('calls', 100_000);
const TASKS = new URL('./graph-tasks.js', import.meta.url).href;
const PEER = fileURLToPath(new URL('./graph-peer-worker.js', import.meta.url));
async function best(times, f) {
    let b = Infinity;
    for (let i = 0; i < times; i++) {
        const t0 = performance.now();
        await f();
        b = Math.min(b, performance.now() - t0);
    }
    return b;
}
async function bareRoundTrip(n) {
    const w = new Worker(PEER);
    let resolveOne;
    w.on('message', () => resolveOne());
    const once = (x) => new Promise((r) => { resolveOne = r; w.postMessage({ id: x, x }); });
    await once(0);
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
        await once(i);
    const ms = performance.now() - t0;
    await w.terminate();
    return (ms * 1000) / n;
}
async function piscinaStyle(n, nWorkers) {
    const ws = Array.from({ length: nWorkers }, () => new Worker(PEER));
    let done = 0;
    let finish = () => { };
    const all = new Promise((r) => (finish = r));
    for (const w of ws)
        w.on('message', () => { if (++done === n)
            finish(); });
    await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', () => r()); w.postMessage({ id: -1, x: 0 }); })));
    done = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
        ws[i % nWorkers].postMessage({ id: i, x: i });
    await all;
    const ms = performance.now() - t0;
    await Promise.all(ws.map((w) => w.terminate()));
    return (ms * 1000) / n;
}
const fmt = (x, d = 2) => x.toFixed(d);
async function main() {
    const { graph, root, tasks } = trivialGraph(N);
    let expected = 0;
    for (let i = 0; i < N; i++)
        expected += i + 1;
    console.log(`bench/graph on Node ${process.version}: ${tasks} trivial tasks (inc + tree sum), 2 workers`);
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes share these cores: absolute times scale with it, ratios less so)`);
    const calib = (() => {
        const t0 = performance.now();
        const m = new Map();
        for (let i = 0; i < 1e6; i++)
            m.set('k' + i, i);
        return performance.now() - t0;
    })();
    console.log(`calibration: 1M Map.set of fresh strings took ${calib.toFixed(0)} ms (an idle 2020s laptop core: ~150-300 ms)`);
    let syncCpuMs = Infinity;
    const syncMs = await best(3, async () => {
        const c0 = process.cpuUsage();
        if ((await get(graph, root, { scheduler: 'sync' })) !== expected)
            throw new Error('wrong sum (sync)');
        const c = process.cpuUsage(c0);
        syncCpuMs = Math.min(syncCpuMs, (c.user + c.system) / 1000);
    });
    const client = new Client({ scheduler: 'threads', nWorkers: 2 });
    await get(graph, root); // warm: workers started, modules loaded
    const threadsMs = await best(3, async () => {
        if ((await get(graph, root)) !== expected)
            throw new Error('wrong sum (threads)');
    });
    await client.close();
    const syncUs = (syncMs * 1000) / tasks;
    const threadsUs = (threadsMs * 1000) / tasks;
    const peerN = Math.min(N, 50_000);
    const bare = await bareRoundTrip(peerN);
    const pisc = await piscinaStyle(peerN, 2);
    console.log('\nper-task overhead (best of 3, planning included)');
    console.log(`  ssdp sync                         ${fmt(syncUs).padStart(8)} us/task   (target <= 5; ${fmt((syncCpuMs * 1000) / tasks)} us/task of CPU time)`);
    console.log(`  ssdp threads, 2 workers           ${fmt(threadsUs).padStart(8)} us/task   (target <= 20)`);
    console.log(`  peer: bare postMessage round trip ${fmt(bare).padStart(8)} us/task`);
    console.log(`  peer: piscina-style pool, 2 wkrs  ${fmt(pisc).padStart(8)} us/task   (one message per task, all in flight)`);
    console.log(`  ratio threads / bare round trip   ${fmt(threadsUs / bare).padStart(8)}x`);
    console.log(`  ratio threads / piscina-style     ${fmt(threadsUs / pisc).padStart(8)}x`);
    console.log('  reference (Dask docs, not measured here): threaded scheduler 50-200 us/task, distributed ~1 ms/task');
    // CPU-bound chunks: 2 workers vs 1
    const steps = arg('steps', 4_000_000);
    const chunkGraph = {};
    const keys = [];
    for (let i = 0; i < CHUNKS; i++) {
        chunkGraph[`chunk-${i}`] = { fn: fnRef(TASKS, 'cpuChunk'), args: [i + 1, steps] };
        keys.push(`chunk-${i}`);
    }
    chunkGraph.total = { fn: fnRef(TASKS, 'sumList'), args: [keys.map(ref)] };
    let busy = 0;
    const timeOn = async (n) => {
        const c = new Client({ scheduler: 'threads', nWorkers: n });
        await get({ w: { fn: fnRef(TASKS, 'inc'), args: [1] } }, 'w');
        const ms = await best(2, async () => {
            const { summary } = await getWithSummary(chunkGraph, 'total');
            busy = (summary.kinds.chunk?.totalMs ?? 0) / summary.wallMs;
        });
        await c.close();
        return ms;
    };
    const one = await timeOn(1);
    const two = await timeOn(2);
    const busyTwo = busy;
    // peer: the same chunks split over bare workers (no scheduler): what this machine allows now
    const bareOn = async (n) => {
        const shares = Array.from({ length: n }, (_, w) => Array.from({ length: CHUNKS }, (_, i) => i).filter((i) => i % n === w));
        const code = `const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.url).then((m) => parentPort.on('message', () => { for (const i of workerData.share) m.cpuChunk(i + 1, workerData.steps); parentPort.postMessage(0); }));`;
        const ws = shares.map((share) => new Worker(code, { eval: true, workerData: { url: TASKS, share, steps } }));
        const round = async () => void (await Promise.all(ws.map((w) => new Promise((r) => { w.once("message", () => r()); w.postMessage(0); }))));
        await new Promise((r) => setTimeout(r, 200)); // let them load the module
        const ms = await best(2, round);
        await Promise.all(ws.map((w) => w.terminate()));
        return ms;
    };
    const bareOne = await bareOn(1);
    const bareTwo = await bareOn(2);
    console.log(`\nCPU-bound chunked computation (${CHUNKS} chunks x ${steps} steps)`);
    console.log(`  1 worker  ${fmt(one, 0).padStart(7)} ms`);
    console.log(`  2 workers ${fmt(two, 0).padStart(7)} ms`);
    console.log(`  speed-up  ${fmt(one / two).padStart(7)}x   (target >= 1.8)`);
    console.log(`  peer: bare worker_threads, same chunks split in two: 1 worker ${fmt(bareOne, 0)} ms, 2 workers ${fmt(bareTwo, 0)} ms, speed-up ${fmt(bareOne / bareTwo)}x (the machine's ceiling right now)`);
    console.log(`  ssdp speed-up / bare speed-up: ${fmt(one / two / (bareOne / bareTwo))}`);
    console.log(`  tasks running at once on 2 workers: ${fmt(busyTwo)} on average (task time / wall time; < 2 only when the cores are shared with other load or work runs out)`);
    await shutdownDefaultPools();
    await delayedBuild();
    freshProcess();
}
function freshProcess() {
    const n = arg('fresh', 20_000);
    const script = fileURLToPath(new URL('./graph-fresh.js', import.meta.url));
    const once = (cmd, args) => {
        const t0 = performance.now();
        const r = spawnSync(cmd, args, { encoding: 'utf8' });
        const wallMs = performance.now() - t0;
        if (r.status !== 0)
            return (r.stderr || r.error?.message || 'failed').trim().split('\n').pop();
        const out = JSON.parse(r.stdout.trim().split('\n').pop());
        return Array.isArray(out) ? { buildMs: out[0] * 1e3, computeMs: out[1] * 1e3, wallMs } : { ...out, wallMs };
    };
    const ours = [];
    const dask = [];
    for (let i = 0; i < 3; i++) {
        const o = once(process.execPath, [script, String(n)]);
        if (typeof o === 'string')
            throw new Error(`fresh node run failed: ${o}`);
        ours.push(o);
        const d = once('/usr/bin/python3', ['-c', daskDelayed('perf_counter', 'threads'), String(n)]);
        if (typeof d === 'string') {
            console.log(`\nfresh process: Dask not measured (/usr/bin/python3 with python3-dask: ${d})`);
            return;
        }
        dask.push(d);
    }
    const med = (rs, f) => rs.map(f).sort((a, b) => a - b)[1];
    const work = (r) => r.buildMs + r.computeMs;
    console.log(`\nfresh process: delayed(inc)(i) for ${n} calls + delayed(sum), first compute (threads, pool start-up included), median of 3`);
    console.log(`  ssdp  build ${fmt(med(ours, (r) => r.buildMs), 0).padStart(6)} ms + compute ${fmt(med(ours, (r) => r.computeMs), 0).padStart(6)} ms = ${fmt(med(ours, work), 0).padStart(6)} ms   (whole process ${fmt(med(ours, (r) => r.wallMs), 0)} ms)`);
    console.log(`  Dask  build ${fmt(med(dask, (r) => r.buildMs), 0).padStart(6)} ms + compute ${fmt(med(dask, (r) => r.computeMs), 0).padStart(6)} ms = ${fmt(med(dask, work), 0).padStart(6)} ms   (whole process ${fmt(med(dask, (r) => r.wallMs), 0)} ms)`);
    console.log(`  ssdp faster by ${fmt(med(dask, work) / med(ours, work))}x on build + first compute (target >= 5), ${fmt(med(dask, (r) => r.wallMs) / med(ours, (r) => r.wallMs))}x on the whole process`);
}
/**
 * Same loop in Dask: `[delayed(inc)(i) for i in range(n)]`, `delayed(sum)(...)`, computed on
 * `scheduler`; prints the build and compute times (seconds) of `clock` as a JSON pair.
 */
const daskDelayed = (clock, scheduler) => `
import sys, time, json
from dask import delayed
def inc(x):
    return x + 1
n = int(sys.argv[1])
c0 = time.${clock}()
lst = [delayed(inc)(i) for i in range(n)]
total = delayed(sum)(lst)
c1 = time.${clock}()
r = total.compute(scheduler='${scheduler}')
c2 = time.${clock}()
assert r == n * (n + 1) // 2, r
print(json.dumps([c1 - c0, c2 - c1]))
`;
/** Per-call CPU time (not wall time: the machine is shared) of building and of a sync compute. */
async function delayedBuild() {
    const n = CALLS;
    const heap0 = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    const list = [];
    for (let i = 0; i < n; i++)
        list.push(delayed(inc)(i));
    const total = delayed(sumList)(list);
    const c1 = process.cpuUsage(c0);
    const heap = process.memoryUsage().heapUsed - heap0;
    const buildUs = (c1.user + c1.system) / n;
    const [r] = await compute(total, { scheduler: 'sync' });
    {
        const c2 = process.cpuUsage(c0);
        if (r !== (n * (n + 1)) / 2)
            throw new Error(`wrong sum (delayed build): ${String(r)}`);
        const computeUs = (c2.user + c2.system) / n - buildUs;
        console.log(`\ndelayed(inc)(i) for ${n} calls + delayed(sum)(list), CPU time per call`);
        console.log(`  ssdp build          ${fmt(buildUs).padStart(8)} us/call   (heap grew ~${fmt(heap / n, 0)} B/call)`);
        console.log(`  ssdp compute, sync  ${fmt(computeUs).padStart(8)} us/call`);
        const py = spawnSync('/usr/bin/python3', ['-c', daskDelayed('process_time', 'sync'), String(n)], { encoding: 'utf8' });
        if (py.status !== 0) {
            console.log(`  peer: Dask not measured (/usr/bin/python3 with python3-dask: ${py.stderr.trim().split('\n').pop() ?? py.error?.message})`);
            return;
        }
        const [dBuild, dCompute] = JSON.parse(py.stdout).map((x) => (x * 1e6) / n);
        console.log(`  peer: Dask build    ${fmt(dBuild).padStart(8)} us/call   ratio ssdp / Dask ${fmt(buildUs / dBuild)}x`);
        console.log(`  peer: Dask compute  ${fmt(dCompute).padStart(8)} us/call   ratio ssdp / Dask ${fmt(computeUs / dCompute)}x   (scheduler='sync')`);
    }
}
if (process.argv.includes('--fresh-only'))
    freshProcess();
else
    await main();
//# sourceMappingURL=graph.js.map