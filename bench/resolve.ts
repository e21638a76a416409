/**
 * Benchmark: resolve typescript + eslint + prettier (~80-100 packages) from cached metadata alone
 * (warm cache, --offline, no network) against `npm install --package-lock-only --prefer-offline`
 * of the same three with npm's cache warm. Both resolve the same tree on the live registry; npm
 * also writes a lockfile, ssdp serialises one. Prints times and ratios, not a test.
 *
 *   in-process: resolve() again after the modules are loaded (the resolver's own cost)
 *   process:    a fresh `node` that imports the resolver, resolves and serialises (what a CLI pays)
 *
 * Usage: node dist/bench/resolve.js [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  // Fill the metadata cache once (network), then never touch the network again.
  const t0 = performance.now();
  const lock = await resolve(requests, { registry, cacheDir });
  const cold = performance.now() - t0;

  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    serializeLock(await resolve(requests, { registry, cacheDir, offline: true }));
    inProcess.push(performance.now() - t);
  }

  const index = fileURLToPath(new URL('../src/resolve/index.js', import.meta.url));
  const script = `
    const t = performance.now();
    const r = await import(${JSON.stringify(index)});
    const lock = await r.resolveFromCacheOnly(${JSON.stringify(PACKAGES)}.map(r.parseRequest), { registry: ${JSON.stringify(registry)}, cacheDir: ${JSON.stringify(cacheDir)} });
    r.serializeLock(lock);
    process.stdout.write(String(performance.now() - t));`;
  const proc: number[] = [];
  const procInner: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    proc.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`resolver process failed: ${r.stderr}`);
    procInner.push(Number(r.stdout));
  }
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t);
  }

  // npm with a warm cache: one run to warm it, then timed runs from a clean project.
  const dir = join(work, 'npm');
  const setup = () => {
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  };
  const npmArgs = ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund', ...PACKAGES];
  setup();
  const warm = spawnSync('npm', npmArgs, { cwd: dir, encoding: 'utf8' });
  if (warm.status !== 0) throw new Error(`npm failed: ${warm.stderr}`);
  const npm: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    setup();
    const t = performance.now();
    const r = spawnSync('npm', npmArgs, { cwd: dir, encoding: 'utf8' });
    npm.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`npm failed: ${r.stderr}`);
  }
  const npmCount = Object.keys((JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: object }).packages).length - 1;

  const ip = median(inProcess);
  const pr = median(proc);
  const n = median(npm);
  console.log(`resolve ${PACKAGES.join(' + ')} on ${registry} (${lock.packages.length} packages for this platform; npm locks ${npmCount}, all platforms)`);
  console.log(`  ssdp cold (network, empty cache):   ${fmt(cold)}`);
  console.log(`  ssdp warm in-process (offline):     ${fmt(ip)}   median of ${RUNS}`);
  console.log(`  ssdp warm fresh process (offline):  ${fmt(pr)}   (inside: ${fmt(median(procInner))}; bare node start ${fmt(median(bare))})`);
  console.log(`  npm --package-lock-only --prefer-offline (warm cache): ${fmt(n)}   median of ${npm.length}`);
  console.log(`  ratio npm / ssdp warm process:    ${(n / pr).toFixed(1)}x`);
  console.log(`  ratio npm / ssdp warm in-process: ${(n / ip).toFixed(1)}x`);
  rmSync(work, { recursive: true, force: true });
}

await main();
