/**
 * Benchmark: create an env of typescript, eslint and prettier (~100 packages) with ssdp, against
 * `npm install`, `pnpm install` and `bun install` of the same top-level packages, in one run on
 * the live registry. Prints times and ratios (not a test). bun and pnpm are also timed with their
 * global virtual stores (bun `globalStore` with the isolated linker, pnpm `enableGlobalVirtualStore`),
 * which link one folder per package instead of every file.
 *
 *   warm: store and caches warm, each tool with its lock: ssdp's remembered resolution of the
 *         same spec, the peers' lockfile of their previous install (node_modules deleted before
 *         each run, the lockfile kept: a like-for-like "create the same env again")
 *   warm, no lock: the same caches, no lock on any side, every tool told to trust its cached
 *         metadata (ssdp: SSDP_NO_RESOLUTION_CACHE=1 within its metadata TTL; npm, pnpm, bun:
 *         lockfile deleted, --prefer-offline): every range resolved from cached metadata
 *   cold: empty caches and store, ssdp against pnpm
 *   dry-run: `ssdp env create --dry-run`, warm (the remembered resolution; nothing linked)
 *   resolve: the same with the remembered resolution off: the resolver from cached metadata alone
 *            (every packument read and parsed; a warm create reads one remembered lock instead)
 *
 * The tools take turns, one run each per round (B4: a block of runs per tool let a burst of the
 * machine's load land on one tool alone); every figure is the median and minimum of its runs.
 *
 * Usage: node dist/bench/env-create.js [--runs N] [--packages a,b,c] [--no-peers]
 *   --packages: what to create (default typescript,eslint,prettier), from the npm config's registry
 *   --no-peers: ssdp alone (no npm, pnpm or bun is installed or run)
 * Each figure is printed (stderr) as soon as it is measured; the work folder in the temp folder is
 * removed at the end, on an error and on Ctrl-C / SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = 'Usage: node dist/bench/env-create.js [--runs N] [--packages a,b,c] [--no-peers]';
/**
 * The options, checked before anything is created: --help, a misspelled option or a missing
 * value started the full bench, and --runs 0 ended in a TypeError (tester s19 try13x X1).
 */
function options(): { runs?: string; packages?: string; 'no-peers'?: boolean } {
  let values;
  try {
    values = parseArgs({ options: { runs: { type: 'string' }, packages: { type: 'string' }, 'no-peers': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`env-create: ${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n  --runs: timed runs per figure (default 5)\n  --packages: what to create (default typescript,eslint,prettier)\n  --no-peers: ssdp alone\n`);
    process.exit(0);
  }
  if (values.runs !== undefined && !/^[1-9]\d*$/.test(values.runs)) {
    process.stderr.write(`env-create: --runs takes a positive whole number, not ${JSON.stringify(values.runs)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.packages !== undefined && !values.packages.split(',').some(Boolean)) {
    process.stderr.write(`env-create: --packages names no package\n${USAGE}\n`);
    process.exit(2);
  }
  return values;
}
const OPTIONS = options();
const PACKAGES = (OPTIONS.packages ?? 'typescript,eslint,prettier').split(',').filter(Boolean);
const PEERS = !OPTIONS['no-peers'];
const ENTRY = fileURLToPath(new URL('../src/cli/entry.js', import.meta.url));
/** The `ssdp` command as a user runs it (its launcher, not `node entry.js`), with this node first on PATH. */
const BIN = fileURLToPath(new URL('../../bin/ssdp', import.meta.url));
const RUNS = Number(OPTIONS.runs ?? 5);
/** Whether the installed bun knows --prefer-offline (its no-lock figure needs it). */
let bunPreferOffline = false;

const work = mkdtempSync(join(tmpdir(), 'ssdp-bench-'));
// Hundreds of MB of stores and node_modules: never left behind, however the run ends.
const removeWork = () => rmSync(work, { recursive: true, force: true });
/** The timed command running now: stopped first, so nothing writes into the folder being removed. */
const running = new Set<ChildProcess>();
process.on('exit', removeWork);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    for (const c of running) c.kill('SIGKILL');
    removeWork();
    process.removeAllListeners(sig);
    process.kill(process.pid, sig);
  });
}
/** One figure as soon as it is known: a run of many minutes on a loaded machine shows its progress. */
const progress = (label: string, ms: number) => process.stderr.write(`  ${label}: ${ms.toFixed(0)} ms\n`);
const baseEnv: NodeJS.ProcessEnv = { ...process.env, CI: '1', npm_config_update_notifier: 'false', PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

/** Wall time of one command; asynchronous, so a signal to the bench is handled at once. */
async function time(label: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? baseEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const status = await new Promise<number | null>((ok, fail) => child.on('error', fail).on('close', ok)).finally(() => running.delete(child));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (status !== 0) throw new Error(`${label} failed (${status}): ${stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One timed command of a round: `before` (untimed: removing the last run's env or node_modules), then `run`. */
interface Contestant {
  label: string;
  before: () => unknown;
  run: () => Promise<number>;
  xs: number[];
}
const contestant = (label: string, before: () => unknown, run: () => Promise<number>): Contestant => ({ label, before, run, xs: [] });

/**
 * Times the contestants in rounds, one run of each per round (ssdp, bun, pnpm, ... in turn, the
 * first one moving on each round), so a burst of load from the machine's other users lands on
 * every tool alike instead of on one tool's block of runs. Each run is printed as it ends, then
 * each contestant's median and minimum.
 */
async function rounds(n: number, cs: Contestant[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < cs.length; k++) {
      const c = cs[(i + k) % cs.length]!;
      await c.before();
      const ms = await c.run();
      c.xs.push(ms);
      progress(`${c.label} run ${i + 1}/${n}`, ms);
    }
  }
  for (const c of cs) process.stderr.write(`  ${c.label} (median of ${n}): ${median(c.xs).toFixed(0)} ms, min ${Math.min(...c.xs).toFixed(0)} ms\n`);
}

function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true, dependencies: Object.fromEntries(PACKAGES.map((p) => [p, '*'])) }, null, 2));
  return dir;
}

/** Before a run without a lock: node_modules and the lockfile go. */
function resetProject(dir: string): void {
  for (const f of ['node_modules', 'package-lock.json', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb']) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Before a locked run: node_modules goes, the lockfile of the previous install stays (as ssdp's remembered resolution does). */
function removeModules(dir: string): void {
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
}

process.stderr.write(`env-create: ${PACKAGES.join(' ')}; work folder ${work}\n`);

/**
 * Metadata (and the remembered resolution made from it) counts as fresh for an hour in ssdp's
 * runs, not the default 5 minutes: with the peers primed and timed in between, the bench outlasts
 * 5 minutes, and a warm run that happened to fall past them revalidated every packument over the
 * network (a cold figure in the warm column). Warm means "metadata within its TTL" throughout.
 */
const ssdpEnv = (root: string, more: NodeJS.ProcessEnv = {}) => ({ ...baseEnv, SSDP_ROOT: root, SSDP_METADATA_TTL: '3600', ...more });
const ssdp = (root: string, args: string[], more?: NodeJS.ProcessEnv) => time('ssdp', BIN, args, { env: ssdpEnv(root, more) });

// Peer tools, installed into a private folder.
const tools = join(work, 'tools');
const pnpm = join(tools, 'node_modules/.bin/pnpm');
const bun = join(tools, 'node_modules/.bin/bun');
if (PEERS) {
  mkdirSync(tools, { recursive: true });
  process.stderr.write('installing pnpm and bun for the comparison ...\n');
  await time('installing pnpm and bun', 'npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', 'pnpm@10', 'bun@1']);
}

// --- cold: empty store and caches, ssdp and pnpm in turn ---
const COLD_RUNS = Math.min(RUNS, 3);
const coldRoot = (i: number) => join(work, `ssdp-cold-${i}`);
const pnpmDir = PEERS ? project('pnpm') : '';
let ssdpColdRuns = 0;
let pnpmColdRuns = 0;
const cold = [
  contestant('ssdp cold', () => undefined, () => ssdp(coldRoot(ssdpColdRuns++), ['env', 'create', '-n', 'bench', ...PACKAGES])),
  ...(PEERS
    ? [
        contestant('pnpm cold', () => resetProject(pnpmDir), () => {
          const i = ++pnpmColdRuns;
          return time('pnpm cold', pnpm, ['install', '--store-dir', join(work, `pnpm-store-cold-${i}`), '--cache-dir', join(work, `pnpm-cache-cold-${i}`), '--ignore-scripts', '--reporter=silent'], { cwd: pnpmDir });
        }),
      ]
    : []),
];
await rounds(COLD_RUNS, cold);

// --- warm: every tool primed first, then all timed in turn ---
// Two like-for-like states (tester s23 try13x G4: ssdp with its remembered resolution was timed
// against peers whose lockfiles were deleted and who revalidated every packument over the network):
// "warm" keeps each tool's lock, "no lock" keeps none and tells every tool to trust its cache.
const warmRoot = coldRoot(0); // store and metadata cache filled by the first cold run
const noLock = { SSDP_NO_RESOLUTION_CACHE: '1' };
// Like the peers' node_modules, the old env is removed before each timed run.
const warm = [
  contestant('ssdp warm', () => ssdp(warmRoot, ['env', 'remove', '-n', 'bench']), () => ssdp(warmRoot, ['env', 'create', '-n', 'bench', ...PACKAGES])),
  contestant('ssdp no lock', () => spawnSync(BIN, ['env', 'remove', '-n', 'bench3'], { env: ssdpEnv(warmRoot), stdio: 'ignore' }), () => ssdp(warmRoot, ['env', 'create', '-n', 'bench3', ...PACKAGES], noLock)),
  // What a user's --dry-run costs warm: the remembered resolution, nothing linked.
  contestant('ssdp dry-run', () => undefined, () => ssdp(warmRoot, ['env', 'create', '-n', 'bench2', '--dry-run', ...PACKAGES])),
  // The resolver itself, from cached metadata alone: the remembered resolution switched off, so
  // every packument is read and parsed and every range solved (a warm create reads one lock instead).
  contestant('ssdp resolve only', () => undefined, () => ssdp(warmRoot, ['env', 'create', '-n', 'bench2', '--dry-run', ...PACKAGES], noLock)),
];
/**
 * A peer primed once in `dir` (its cache or store filled, its lockfile written), then timed warm
 * (lockfile kept) and, in a second folder primed alike, without a lock (--prefer-offline).
 */
async function peer(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, noLockToo: boolean): Promise<void> {
  const dir = project(label.replace(/\W+/g, '-'));
  resetProject(dir);
  await time(`${label} (prime)`, cmd, args, { cwd: dir, env });
  warm.push(contestant(`${label} warm`, () => removeModules(dir), () => time(label, cmd, args, { cwd: dir, env })));
  if (!noLockToo) return;
  const bare = project(`${label.replace(/\W+/g, '-')}-nolock`);
  warm.push(contestant(`${label} no lock`, () => resetProject(bare), () => time(`${label} no lock`, cmd, [...args, '--prefer-offline'], { cwd: bare, env })));
}
if (PEERS) {
  await peer('npm', 'npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', join(work, 'npm-cache'), '--loglevel=error'], baseEnv, true);
  const pnpmArgs = ['install', '--store-dir', join(work, 'pnpm-store'), '--cache-dir', join(work, 'pnpm-cache'), '--ignore-scripts', '--reporter=silent'];
  await peer('pnpm', pnpm, pnpmArgs, baseEnv, true);
  // pnpm's global virtual store (<store>/links, one folder per package and dependency graph);
  // pnpm switches it off under CI, so CI is left out of this run's environment.
  const { CI: _ci, ...noCi } = baseEnv;
  await peer('pnpm GVS', pnpm, [...pnpmArgs.map((a) => a.replace(/pnpm-store$/, 'pnpm-store-gvs')), '--config.enable-global-virtual-store=true'], noCi, false);
  if (existsSync(bun)) {
    const bunEnv = { ...baseEnv, BUN_INSTALL_CACHE_DIR: join(work, 'bun-cache') };
    const bunArgs = ['install', '--ignore-scripts', '--silent'];
    // --prefer-offline came to bun in 1.x late; without it bun's no-lock run keeps its own manifest freshness
    const bunHelp = spawnSync(bun, ['install', '--help'], { encoding: 'utf8' }).stdout ?? '';
    bunPreferOffline = bunHelp.includes('--prefer-offline');
    await peer('bun', bun, bunArgs, bunEnv, bunPreferOffline);
    // bun's global virtual store: only with the isolated linker; node_modules holds a symlink per package.
    await peer('bun globalStore', bun, [...bunArgs, '--linker', 'isolated'], { ...bunEnv, BUN_INSTALL_GLOBAL_STORE: '1' }, false);
  }
}
await rounds(RUNS, warm);

/** A contestant's median and minimum; NaN for one that did not run (no peers, no bun). */
const figure = (cs: Contestant[], label: string): { med: number; min: number } => {
  const c = cs.find((x) => x.label === label);
  return c ? { med: median(c.xs), min: Math.min(...c.xs) } : { med: NaN, min: NaN };
};
const ssdpWarm = figure(warm, 'ssdp warm');
const ssdpNoLock = figure(warm, 'ssdp no lock');
const ssdpDry = figure(warm, 'ssdp dry-run');
const ssdpResolve = figure(warm, 'ssdp resolve only');
const npmWarm = figure(warm, 'npm warm');
const pnpmWarm = figure(warm, 'pnpm warm');
const pnpmGvsWarm = figure(warm, 'pnpm GVS warm');
const bunWarm = figure(warm, 'bun warm');
const bunGvsWarm = figure(warm, 'bun globalStore warm');
const npmNoLock = figure(warm, 'npm no lock');
const pnpmNoLock = figure(warm, 'pnpm no lock');
const bunNoLock = figure(warm, 'bun no lock');
const ssdpCold = figure(cold, 'ssdp cold');
const pnpmCold = figure(cold, 'pnpm cold');

const count = spawnSync(process.execPath, [ENTRY, 'list', '-n', 'bench', '--json'], { env: { ...baseEnv, SSDP_ROOT: warmRoot }, encoding: 'utf8' });
const nPackages = (JSON.parse(count.stdout) as unknown[]).length;
const f = (x: { med: number; min: number }) => `${x.med.toFixed(0).padStart(6)} ms (min ${x.min.toFixed(0).padStart(5)})`;
const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}x`;
console.log(`env-create: ${PACKAGES.join(' ')} (${nPackages} packages), median and minimum of ${RUNS} warm / ${COLD_RUNS} cold runs, the tools taking turns; ratios of medians`);
console.log('  warm, each tool with its lock (ssdp: remembered resolution; peers: their lockfile), caches and store filled:');
console.log(`  ssdp warm             ${f(ssdpWarm)}`);
console.log(`  ssdp dry-run          ${f(ssdpDry)}   (--dry-run: the remembered resolution, nothing linked)`);
if (PEERS) {
  console.log(`  npm warm              ${f(npmWarm)}   ssdp is ${ratio(npmWarm.med, ssdpWarm.med)} faster`);
  console.log(`  pnpm warm             ${f(pnpmWarm)}   ssdp is ${ratio(pnpmWarm.med, ssdpWarm.med)} faster   (target >= 8x, issue 13)`);
  console.log(`  pnpm GVS warm         ${f(pnpmGvsWarm)}   ssdp is ${ratio(pnpmGvsWarm.med, ssdpWarm.med)} faster   (enableGlobalVirtualStore)`);
  console.log(`  bun warm              ${f(bunWarm)}   ssdp takes ${ratio(ssdpWarm.med, bunWarm.med)} bun's time   (target <= 3x, issue 13)`);
  console.log(`  bun globalStore       ${f(bunGvsWarm)}   ssdp takes ${ratio(ssdpWarm.med, bunGvsWarm.med)} its time   (isolated linker + globalStore)`);
}
console.log('  warm, no lock on any side, cached metadata trusted (ssdp: SSDP_NO_RESOLUTION_CACHE=1; peers: --prefer-offline):');
console.log(`  ssdp no lock          ${f(ssdpNoLock)}`);
console.log(`  ssdp resolve only     ${f(ssdpResolve)}   (--dry-run of the same: resolving alone, nothing linked)`);
if (PEERS) {
  console.log(`  npm no lock           ${f(npmNoLock)}   ssdp is ${ratio(npmNoLock.med, ssdpNoLock.med)} faster`);
  console.log(`  pnpm no lock          ${f(pnpmNoLock)}   ssdp is ${ratio(pnpmNoLock.med, ssdpNoLock.med)} faster`);
  if (bunPreferOffline) console.log(`  bun no lock           ${f(bunNoLock)}   ssdp takes ${ratio(ssdpNoLock.med, bunNoLock.med)} bun's time`);
  else console.log('  bun no lock           (not run: this bun has no --prefer-offline)');
}
console.log(`  ssdp cold             ${f(ssdpCold)}`);
if (PEERS) console.log(`  pnpm cold             ${f(pnpmCold)}   ssdp takes ${ratio(ssdpCold.med, pnpmCold.med)} pnpm's time   (target <= 1.2x)`);
console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores (a loaded machine inflates every figure)`);
