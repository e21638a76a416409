/**
 * Benchmark: create an env of typescript, eslint and prettier (~100 packages) with ssdp, against
 * `npm install`, `pnpm install` and `bun install` of the same top-level packages, in one run on
 * the live registry. Prints times and ratios (not a test). bun and pnpm are also timed with their
 * global virtual stores (bun `globalStore` with the isolated linker, pnpm `enableGlobalVirtualStore`),
 * which link one folder per package instead of every file.
 *
 *   warm: store and caches warm, no lockfile (ssdp: metadata within its TTL, store has every
 *         package; peers: their caches/stores filled by a previous install, node_modules and
 *         lockfiles deleted before each run)
 *   cold: empty caches and store, ssdp against pnpm
 *   resolve: `ssdp env create --dry-run` from cached metadata alone
 *
 * Usage: node dist/bench/env-create.js [--runs N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const PACKAGES = ['typescript', 'eslint', 'prettier'];
const ENTRY = fileURLToPath(new URL('../src/cli/entry.js', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const work = mkdtempSync(join(tmpdir(), 'ssdp-bench-'));
const baseEnv = { ...process.env, CI: '1', npm_config_update_notifier: 'false' };
function time(label, cmd, args, opts = {}) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? baseEnv, encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0)
        throw new Error(`${label} failed (${r.status}): ${r.stderr || r.error}`);
    return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function repeat(n, before, run) {
    const xs = [];
    for (let i = 0; i < n; i++) {
        before();
        xs.push(run());
    }
    return median(xs);
}
function project(name) {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true, dependencies: Object.fromEntries(PACKAGES.map((p) => [p, '*'])) }, null, 2));
    return dir;
}
function resetProject(dir) {
    for (const f of ['node_modules', 'package-lock.json', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'])
        rmSync(join(dir, f), { recursive: true, force: true });
}
// Peer tools, installed into a private folder.
const tools = join(work, 'tools');
mkdirSync(tools, { recursive: true });
process.stderr.write('installing pnpm and bun for the comparison ...\n');
execFileSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', 'pnpm@10', 'bun@1'], { stdio: 'ignore', env: baseEnv });
const pnpm = join(tools, 'node_modules/.bin/pnpm');
const bun = join(tools, 'node_modules/.bin/bun');
const ssdp = (root, args) => time('ssdp', process.execPath, [ENTRY, ...args], { env: { ...baseEnv, SSDP_ROOT: root } });
// --- cold: empty store and caches ---
const coldRoot = (i) => join(work, `ssdp-cold-${i}`);
const ssdpCold = repeat(Math.min(RUNS, 3), () => undefined, (() => {
    let i = 0;
    return () => ssdp(coldRoot(i++), ['env', 'create', '-n', 'bench', ...PACKAGES]);
})());
const pnpmDir = project('pnpm');
const pnpmCold = repeat(Math.min(RUNS, 3), () => resetProject(pnpmDir), (() => {
    let i = 0;
    return () => {
        i++;
        return time('pnpm cold', pnpm, ['install', '--store-dir', join(work, `pnpm-store-cold-${i}`), '--cache-dir', join(work, `pnpm-cache-cold-${i}`), '--ignore-scripts', '--reporter=silent'], { cwd: pnpmDir });
    };
})());
// --- warm ---
const warmRoot = coldRoot(0); // store and metadata cache filled by the first cold run
// Like the peers' node_modules, the old env is removed before each timed run.
const ssdpWarm = repeat(RUNS, () => void ssdp(warmRoot, ['env', 'remove', '-n', 'bench']), () => ssdp(warmRoot, ['env', 'create', '-n', 'bench', ...PACKAGES]));
// Resolving alone from cached metadata (the remembered resolution switched off).
const ssdpResolve = repeat(RUNS, () => undefined, () => time('ssdp resolve', process.execPath, [ENTRY, 'env', 'create', '-n', 'bench2', '--dry-run', ...PACKAGES], { env: { ...baseEnv, SSDP_ROOT: warmRoot, SSDP_NO_RESOLUTION_CACHE: '1' } }));
const npmDir = project('npm');
const npmCache = join(work, 'npm-cache');
const npmArgs = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', npmCache, '--loglevel=error'];
resetProject(npmDir);
time('npm (prime)', 'npm', npmArgs, { cwd: npmDir });
const npmWarm = repeat(RUNS, () => resetProject(npmDir), () => time('npm', 'npm', npmArgs, { cwd: npmDir }));
const pnpmArgs = ['install', '--store-dir', join(work, 'pnpm-store'), '--cache-dir', join(work, 'pnpm-cache'), '--ignore-scripts', '--reporter=silent'];
resetProject(pnpmDir);
time('pnpm (prime)', pnpm, pnpmArgs, { cwd: pnpmDir });
const pnpmWarm = repeat(RUNS, () => resetProject(pnpmDir), () => time('pnpm', pnpm, pnpmArgs, { cwd: pnpmDir }));
// pnpm's global virtual store (<store>/links, one folder per package and dependency graph);
// pnpm switches it off under CI, so CI is left out of this run's environment.
const pnpmGvsDir = project('pnpm-gvs');
const { CI: _ci, ...noCi } = baseEnv;
const pnpmGvsArgs = [...pnpmArgs.map((a) => a.replace(/pnpm-store$/, 'pnpm-store-gvs')), '--config.enable-global-virtual-store=true'];
resetProject(pnpmGvsDir);
time('pnpm GVS (prime)', pnpm, pnpmGvsArgs, { cwd: pnpmGvsDir, env: noCi });
const pnpmGvsWarm = repeat(RUNS, () => resetProject(pnpmGvsDir), () => time('pnpm GVS', pnpm, pnpmGvsArgs, { cwd: pnpmGvsDir, env: noCi }));
const bunDir = project('bun');
const bunEnv = { ...baseEnv, BUN_INSTALL_CACHE_DIR: join(work, 'bun-cache') };
const bunArgs = ['install', '--ignore-scripts', '--silent'];
let bunWarm = NaN;
let bunGvsWarm = NaN;
if (existsSync(bun)) {
    resetProject(bunDir);
    time('bun (prime)', bun, bunArgs, { cwd: bunDir, env: bunEnv });
    bunWarm = repeat(RUNS, () => resetProject(bunDir), () => time('bun', bun, bunArgs, { cwd: bunDir, env: bunEnv }));
    // bun's global virtual store: only with the isolated linker; node_modules holds a symlink per package.
    const bunGvsDir = project('bun-gvs');
    const gvsEnv = { ...bunEnv, BUN_INSTALL_GLOBAL_STORE: '1' };
    const gvsArgs = [...bunArgs, '--linker', 'isolated'];
    resetProject(bunGvsDir);
    time('bun globalStore (prime)', bun, gvsArgs, { cwd: bunGvsDir, env: gvsEnv });
    bunGvsWarm = repeat(RUNS, () => resetProject(bunGvsDir), () => time('bun globalStore', bun, gvsArgs, { cwd: bunGvsDir, env: gvsEnv }));
}
const count = spawnSync(process.execPath, [ENTRY, 'list', '-n', 'bench', '--json'], { env: { ...baseEnv, SSDP_ROOT: warmRoot }, encoding: 'utf8' });
const nPackages = JSON.parse(count.stdout).length;
const f = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
const ratio = (x, y) => `${(x / y).toFixed(2)}x`;
console.log(`env-create: ${PACKAGES.join(' ')} (${nPackages} packages), median of ${RUNS} warm / ${Math.min(RUNS, 3)} cold runs`);
console.log(`  ssdp warm          ${f(ssdpWarm)}`);
console.log(`  ssdp resolve only  ${f(ssdpResolve)}   (--dry-run, cached metadata)`);
console.log(`  npm warm           ${f(npmWarm)}   ssdp is ${ratio(npmWarm, ssdpWarm)} faster`);
console.log(`  pnpm warm          ${f(pnpmWarm)}   ssdp is ${ratio(pnpmWarm, ssdpWarm)} faster   (target >= 8x, issue 13)`);
console.log(`  pnpm GVS warm      ${f(pnpmGvsWarm)}   ssdp is ${ratio(pnpmGvsWarm, ssdpWarm)} faster   (enableGlobalVirtualStore)`);
console.log(`  bun warm           ${f(bunWarm)}   ssdp takes ${ratio(ssdpWarm, bunWarm)} bun's time   (target <= 3x, issue 13)`);
console.log(`  bun globalStore    ${f(bunGvsWarm)}   ssdp takes ${ratio(ssdpWarm, bunGvsWarm)} its time   (isolated linker + globalStore)`);
console.log(`  ssdp cold          ${f(ssdpCold)}`);
console.log(`  pnpm cold          ${f(pnpmCold)}   ssdp takes ${ratio(ssdpCold, pnpmCold)} pnpm's time   (target <= 1.2x)`);
rmSync(work, { recursive: true, force: true });
//# sourceMappingURL=env-create.js.map