/**
 * bench/distributed: what going through Redis costs, as ratios against the local processes
 * scheduler on the same cores (a private redis-server and 2 `ssdp worker --nprocs 1` on this machine).
 * (a) the radar month (`ssdp run pipeline`, synthetic data as bench/radar) with `--broker` against
 *     `-j 2`; target: within 15%. `--days N` runs N days instead of 30 (the output says which).
 * (b) 20,000 tiny tasks (inc over 20,000 numbers, summed by a tree of 100-wide sums) through
 *     Client({ broker }) against Client({ scheduler: 'processes', nWorkers: 2 }); target: under
 *     100 us per task, by batching.
 * Usage: node dist/bench/distributed.js [--days N] [--tasks N] [--only radar|tasks]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasured } from './proc-tree.js';
import { Client, get } from '../src/graph/index.js';
import { trivialGraph } from './trivial-graph.js';
import { startPrivateRedis } from '../src/cluster/index.js';
const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const only = (() => {
    const i = process.argv.indexOf('--only');
    return i > 0 ? process.argv[i + 1] : undefined;
})();
const days = arg('days', 30);
const nTasks = arg('tasks', 20_000);
const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = join(repo, 'bin', 'ssdp');
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const redis = await startPrivateRedis();
const workers = [];
const stop = async () => {
    for (const w of workers)
        w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode !== null ? undefined : new Promise((r) => w.on('exit', r)))));
    await redis.stop();
};
/** 2 ssdp workers, one task process each: the same 2 processes as the local `-j 2`. */
async function startWorkers() {
    for (let i = 0; i < 2; i++) {
        const w = spawn(process.execPath, [cli, 'worker', '--nprocs', '1'], { env: { ...process.env, SSDP_BROKER: redis.url }, stdio: ['ignore', 'ignore', 'pipe'] });
        let out = '';
        w.stderr.on('data', (d) => (out += d));
        await new Promise((ok, fail) => {
            const t = setInterval(() => {
                if (/serving/.test(out))
                    ok();
                else if (w.exitCode !== null)
                    fail(new Error(`ssdp worker exited: ${out}`));
                else
                    return;
                clearInterval(t);
            }, 50);
        });
        workers.push(w);
    }
}
async function tinyTasks() {
    const { graph, root, tasks } = trivialGraph(nTasks);
    const expected = (nTasks * (nTasks + 1)) / 2;
    const time = async (client) => {
        const t0 = performance.now();
        void client; // the latest Client is the one get() uses
        const v = await get(graph, root);
        const s = (performance.now() - t0) / 1000;
        if (v !== expected)
            throw new Error(`wrong sum ${String(v)}, expected ${expected}`);
        return s;
    };
    const local = new Client({ scheduler: 'processes', nWorkers: 2 });
    await time(local); // warm: workers started, modules loaded
    const localS = await time(local);
    await local.close();
    const remote = new Client({ broker: redis.url });
    await remote.ready();
    await time(remote);
    const remoteS = await time(remote);
    await remote.close();
    const us = (s) => ((s / tasks) * 1e6).toFixed(1);
    console.log(`(b) ${tasks} tiny tasks (${nTasks} inc + tree sums), second of two computes each, load ${load()}`);
    console.log(`  processes, 2 workers   : ${localS.toFixed(3)} s  (${us(localS)} us/task)`);
    console.log(`  Redis, 2 ssdp workers  : ${remoteS.toFixed(3)} s  (${us(remoteS)} us/task; target < 100 us/task)`);
    console.log(`  ratio Redis / local    : ${(remoteS / localS).toFixed(2)}`);
}
async function radar() {
    const work = join(repo, 'bench', '.work', 'radar');
    const data = join(work, `data-${days}`);
    mkdirSync(work, { recursive: true });
    const common = ['--param', `days=${days}`, '--param', 'start=2020-11-01'];
    if (!existsSync(join(data, `2020-11-${String(Math.min(days, 30)).padStart(2, '0')}.zip`))) {
        console.log(`writing a synthetic month of ${days} days to ${data} ...`);
        const gen = await runMeasured(process.execPath, [cli, 'run', 'fetch', ...common, '--param', `data=${data}`, '--param', `out=${join(work, 'gen-out')}`], { cwd: repo });
        if (gen.code !== 0)
            throw new Error('generating the data failed');
    }
    const out = join(work, 'distributed-out');
    const run = async (how) => {
        rmSync(out, { recursive: true, force: true });
        const r = await runMeasured(process.execPath, [cli, 'run', 'pipeline', '--force', ...common, ...how, '--param', 'source=local', '--param', `data=${data}`, '--param', `out=${out}`], { cwd: repo });
        if (r.code !== 0)
            throw new Error(`ssdp run pipeline ${how.join(' ')} failed`);
        return r.seconds;
    };
    // warm-up: the env exists and the code is compiled on both sides
    await runMeasured(process.execPath, [cli, 'run', 'pipeline', '--param', 'source=local', '--param', `data=${data}`, '--param', 'days=1', '--param', `out=${join(work, 'warm')}`], { cwd: repo });
    const localS = await run(['-j', '2']);
    const remoteS = await run(['--broker', redis.url]);
    console.log(`(a) radar ${days === 30 ? 'month' : `${days} of the month's 30 days`}: ${days * 288} images, 2 task processes each, load ${load()}`);
    console.log(`  ssdp run pipeline -j 2            : ${localS.toFixed(2)} s`);
    console.log(`  ssdp run pipeline --broker (2 ssdp workers): ${remoteS.toFixed(2)} s`);
    console.log(`  ratio Redis / local               : ${(remoteS / localS).toFixed(3)} (target <= 1.15)`);
}
try {
    await startWorkers();
    if (only !== 'radar')
        await tinyTasks();
    if (only !== 'tasks')
        await radar();
}
finally {
    await stop();
}
//# sourceMappingURL=distributed.js.map