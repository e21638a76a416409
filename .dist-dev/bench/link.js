/**
 * Benchmark: link a lock of ~100 real packages (typescript, eslint, prettier and their trees)
 * from a warm store into a fresh prefix, against `cp -al` of the same tree (the floor for a
 * hardlinked copy: one C process walking the tree). Also times the warm `ensure` (a stat per
 * package) and, once, the cold fill of the store from the live registry. Prints times and
 * ratios, not a test.
 *
 * Usage: node dist/bench/link.js [--runs N] [--store DIR]
 *   The store defaults to TMPDIR/ssdp-bench-link-store and is kept between runs (warm).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, storeUsage } from '../src/store/index.js';
const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 7);
const STORE = arg('--store') ?? join(tmpdir(), 'ssdp-bench-link-store', 'v1');
const TOP = ['typescript', 'eslint', 'prettier'];
const work = mkdtempSync(join(tmpdir(), 'ssdp-bench-link-'));
const fits = (list, value) => !list || (list.some((v) => !v.startsWith('!')) ? list.includes(value) : !list.includes(`!${value}`));
/** npm's package-lock for the three tools (resolved by npm itself), turned into our Lockfile. */
function lockFromNpm() {
    const dir = join(work, 'npm-lock');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', ...TOP], { cwd: dir, stdio: 'ignore' });
    const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/$/, '');
    const npmLock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const packages = [];
    for (const [key, e] of Object.entries(npmLock.packages)) {
        if (!key || e.link || !e.integrity)
            continue;
        if (!fits(e.os, process.platform) || !fits(e.cpu, process.arch))
            continue;
        const path = key.replace(/^node_modules\//, '');
        const cut = path.lastIndexOf('/node_modules/');
        const name = cut < 0 ? path : path.slice(cut + '/node_modules/'.length);
        const resolved = e.resolved ?? `${registry}/${name}/-/${name.split('/').pop()}-${e.version}.tgz`;
        const p = { name, version: e.version, path, resolved, integrity: e.integrity };
        if (e.bin)
            p.bin = e.bin;
        if (e.hasInstallScript)
            p.hasInstallScript = true;
        if (TOP.includes(path))
            p.requested = true;
        packages.push(p);
    }
    packages.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { lockfileVersion: 1, registry, requested: TOP, packages };
}
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => `${x.toFixed(1)} ms`;
const lock = lockFromNpm();
if (process.env.SSDP_BENCH_SAVE_LOCK)
    writeFileSync(process.env.SSDP_BENCH_SAVE_LOCK, JSON.stringify(lock));
const store = createStore({ storeDir: STORE });
let t0 = process.hrtime.bigint();
await store.ensure(lock);
const fill = ms(t0);
const usage = storeUsage(STORE);
const inLock = new Set(lock.packages.map((p) => p.integrity));
const files = usage.entries.filter((e) => inLock.has(e.integrity)).reduce((n, e) => n + JSON.parse(readFileSync(join(e.dir, 'index.json'), 'utf8')).files.length, 0);
const ensureTimes = [];
const linkTimes = [];
const cpTimes = [];
for (let i = 0; i < RUNS; i++) {
    t0 = process.hrtime.bigint();
    await createStore({ storeDir: STORE }).ensure(lock);
    ensureTimes.push(ms(t0));
    const prefix = join(work, `env-${i}`);
    t0 = process.hrtime.bigint();
    await store.link(lock, prefix, { onWarning: () => { } });
    linkTimes.push(ms(t0));
    // cp -al of the very same tree (lib/ and bin/), from the env just linked: the same inodes,
    // the same folders and links; this is what a hardlinking copy costs in C.
    const dest = join(work, `cp-${i}`);
    mkdirSync(dest);
    t0 = process.hrtime.bigint();
    const r = spawnSync('cp', ['-al', join(prefix, 'lib'), join(prefix, 'bin'), dest]);
    cpTimes.push(ms(t0));
    if (r.status !== 0)
        throw new Error(`cp -al failed: ${r.stderr}`);
}
const spawnFloor = [];
for (let i = 0; i < RUNS; i++) {
    t0 = process.hrtime.bigint();
    spawnSync('true');
    spawnFloor.push(ms(t0));
}
const link = median(linkTimes);
const cp = median(cpTimes);
console.log(`store: ${STORE}`);
console.log(`lock: ${lock.packages.length} packages, ${files} files; first ensure of this run (a cold fill when the store was empty): ${fmt(fill)}`);
console.log(`warm ensure (stat per package):   ${fmt(median(ensureTimes))}  (${(median(ensureTimes) * 1000 / lock.packages.length).toFixed(1)} us/package)`);
console.log(`link into a fresh prefix:         ${fmt(link)}  (${(link * 1000 / lock.packages.length).toFixed(1)} us/package, ${(link * 1000 / files).toFixed(2)} us/file)`);
console.log(`cp -al of the same tree:          ${fmt(cp)}  (spawning a process alone: ${fmt(median(spawnFloor))})`);
console.log(`ratio link / cp -al:              ${(link / cp).toFixed(2)}x`);
console.log(`ratio (ensure + link) / cp -al:   ${((link + median(ensureTimes)) / cp).toFixed(2)}x`);
rmSync(work, { recursive: true, force: true });
//# sourceMappingURL=link.js.map