/**
 * Benchmark: resolve typescript + eslint + prettier (~80-100 packages) from cached metadata alone
 * (warm cache, --offline, no network) against `npm install --package-lock-only --prefer-offline`
 * of the same three with npm's cache warm. Both resolve the same tree on the live registry; npm
 * also writes a lockfile, ssdp serialises one. Prints times and ratios, not a test.
 *
 *   in-process: resolve() again after the modules are loaded (the resolver's own cost)
 *   process:    a fresh `node` that imports the resolver, resolves and serialises (what a CLI pays)
 *
 * Wall times on a busy machine swing a lot, so CPU time (user + system of the child processes,
 * from the shell's `times`) is printed and compared too.
 *
 * Usage: node dist/bench/resolve.js [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRequest, registryFromNpmConfig, resolve, serializeLock } from '../src/resolve/index.js';
const PACKAGES = ['typescript', 'eslint', 'prettier'];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const work = mkdtempSync(join(tmpdir(), 'ssdp-bench-resolve-'));
const cacheDir = join(work, 'metadata-v1');
const registry = registryFromNpmConfig();
const requests = PACKAGES.map(parseRequest);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
/** Runs a shell command; returns wall time and the CPU time (user + sys) of its children. */
function timed(command, opts = {}) {
    const t = performance.now();
    const r = spawnSync('sh', ['-c', `${command} >/dev/null 2>"$BENCH_ERR"; s=$?; times; exit $s`], {
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env, BENCH_ERR: join(work, 'stderr.txt') },
        encoding: 'utf8',
    });
    const wall = performance.now() - t;
    if (r.status !== 0)
        throw new Error(`${command} failed: ${readFileSync(join(work, 'stderr.txt'), 'utf8').slice(-2000)}`);
    const children = r.stdout.trim().split('\n').pop();
    const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return { wall, cpu: (secs[0] + secs[1]) * 1000 };
}
async function main() {
    // Fill the metadata cache once (network), then never touch the network again.
    const t0 = performance.now();
    const lock = await resolve(requests, { registry, cacheDir });
    const cold = performance.now() - t0;
    const inProcess = [];
    for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        serializeLock(await resolve(requests, { registry, cacheDir, offline: true }));
        inProcess.push(performance.now() - t);
    }
    const index = fileURLToPath(new URL('../src/resolve/index.js', import.meta.url));
    const script = `
    const r = await import(${JSON.stringify(index)});
    const lock = await r.resolveFromCacheOnly(${JSON.stringify(PACKAGES)}.map(r.parseRequest), { registry: ${JSON.stringify(registry)}, cacheDir: ${JSON.stringify(cacheDir)} });
    r.serializeLock(lock);`;
    const proc = [];
    const procCpu = [];
    for (let i = 0; i < RUNS; i++) {
        const r = timed(`"${process.execPath}" --input-type=module -e "$SCRIPT"`, { env: { SCRIPT: script } });
        proc.push(r.wall);
        procCpu.push(r.cpu);
    }
    const bare = median(Array.from({ length: RUNS }, () => timed(`"${process.execPath}" -e 0`).wall));
    // npm with a warm cache: one run to warm it, then timed runs from a clean project.
    const dir = join(work, 'npm');
    const setup = () => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
    };
    const npmCommand = `npm install --package-lock-only --prefer-offline --no-audit --no-fund ${PACKAGES.join(' ')}`;
    setup();
    timed(npmCommand, { cwd: dir });
    const npm = [];
    const npmCpu = [];
    for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
        setup();
        const r = timed(npmCommand, { cwd: dir });
        npm.push(r.wall);
        npmCpu.push(r.cpu);
    }
    const npmCount = Object.keys(JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')).packages).length - 1;
    const ip = median(inProcess);
    const pr = median(proc);
    const prCpu = median(procCpu);
    const n = median(npm);
    const nCpu = median(npmCpu);
    console.log(`resolve ${PACKAGES.join(' + ')} on ${registry} (${lock.packages.length} packages for this platform; npm locks ${npmCount}, all platforms)`);
    console.log(`  ssdp cold (network, empty cache):   ${fmt(cold)}`);
    console.log(`  ssdp warm in-process (offline):     ${fmt(ip)}   median of ${RUNS}`);
    console.log(`  ssdp warm fresh process (offline):  ${fmt(pr)} wall, ${fmt(prCpu)} cpu   (bare node start ${fmt(bare)} wall)`);
    console.log(`  npm --package-lock-only --prefer-offline, warm cache: ${fmt(n)} wall, ${fmt(nCpu)} cpu   median of ${npm.length}`);
    console.log(`  ratio npm / ssdp, fresh process: ${(n / pr).toFixed(1)}x wall, ${(nCpu / prCpu).toFixed(1)}x cpu`);
    console.log(`  ratio npm / ssdp, in-process:    ${(n / ip).toFixed(1)}x wall`);
    rmSync(work, { recursive: true, force: true });
}
await main();
//# sourceMappingURL=resolve.js.map