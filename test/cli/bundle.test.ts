/**
 * The env commands' one-file bundle (scripts/bundle-cli.mjs) and bin/ssdp's choice between it and
 * dist/src (src/cli/launch.ts). Each test builds its own copy of the install (bin, dist/src, the
 * bundle made from it), so nothing here depends on whether this build ran the bundle step, and a
 * broken bundle written here never reaches the build the other tests run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import Module from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binEnv, exitOf, runProgram, tempDir, until, type CliResult } from '../helpers/cli.js';
import { startRedis } from '../helpers/redis.js';
import { startRegistry } from '../helpers/registry.js';
import { canMount, pkg, snapshot } from '../env/helpers.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(REPO, 'dist');

/** bin, dist/src and package.json copied to a temp folder, node_modules linked, the bundle made from that copy. */
function install(): { dir: string; bin: string; bundle: string; cacheDir: string } {
  const dir = tempDir('ssdp-bundle-');
  cpSync(join(REPO, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(DIST, 'src'), join(dir, 'dist', 'src'), { recursive: true, preserveTimestamps: true });
  cpSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const built = spawnSync(process.execPath, [join(REPO, 'scripts', 'bundle-cli.mjs'), join(dir, 'dist')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const bundle = join(dir, 'dist', 'bundle', 'ssdp-env.cjs');
  assert.ok(existsSync(bundle), `no bundle was made (is esbuild installed? npm ci): ${built.stderr}`);
  return { dir, bin: join(dir, 'bin', 'ssdp'), bundle, cacheDir: join(dir, 'dist', 'bundle', 'code-cache') };
}

const run = (bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> => runProgram(bin, args, { env });

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.bin')).sort() : []);

test('the bundle names only files that exist for its modules that find files next to them (import.meta.url)', () => {
  const { bundle, dir } = install();
  const text = readFileSync(bundle, 'utf8');
  assert.match(text, /^\/\/ ssdp-bundle [0-9a-f]{64}\n/);
  const urls = [...text.matchAll(/__ssdpModuleUrl\d* = new URL\("([^"]+)", __ssdpBundleUrl\)/g)].map((m) => m[1]!);
  // The ESM hook, worker and child entries, package.json: among them the env commands' own.
  assert.ok(urls.includes('../src/env/node-options.js') && urls.includes('../src/resolve/sources.js'), urls.join(' '));
  for (const u of urls) assert.ok(existsSync(join(dir, 'dist', 'bundle', u)), `${u} (from the bundle) does not exist`);
  // Outside string literals (error hints mention import.meta.url): no import.meta, and import() only
  // in the banner's __ssdpImport, which ES-only packages are loaded through (Node may not require() them).
  const code = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
  assert.doesNotMatch(code, /import\.meta/, 'import.meta.url is left in the bundle');
  assert.deepEqual([...code.matchAll(/\bimport\(\w*\)/g)].map((m) => m[0]), ['import(specifier)'], 'import() is left in the bundle');
  assert.match(text, /__ssdpImport\("execa"\)/);
  assert.match(text, /__ssdpImport\("yargs"\)/);
  assert.doesNotMatch(text, /require\("(?:execa|yargs)"\)/);
  // semver is in it (ENV_INLINED): every resolve loads it, and from node_modules it was ~50 files
  // found, read and compiled at each resolving start (a --dry-run, a create whose remembered resolution missed).
  assert.match(text, /^\/\/ \S*node_modules\/semver\/index\.js$/m);
  assert.doesNotMatch(text, /require\("semver"\)/);
  // Only what the env commands reach: the task engine, workflows and the shell's activation are left out.
  // esbuild heads each module with a comment naming its file (relative to where it ran); a module
  // the bundler leaves out (LEFT_OUT) is there only as a stub that throws.
  const modules = text
    .split(/^(?=\/\/ \S*dist\/src\/[a-z]+\/)/m)
    .filter((part) => !/^.*\n(?:.*\n){0,5}.*is not in the env commands' bundle/.test(part))
    .flatMap((part) => /^\/\/ \S*dist\/src\/([a-z]+)\//.exec(part)?.[1] ?? []);
  assert.ok(modules.includes('env') && modules.includes('store') && modules.includes('resolve'), [...new Set(modules)].join(' '));
  for (const area of ['graph', 'workflow', 'distributed', 'collections', 'radar', 'cluster']) assert.ok(!modules.includes(area), `${area} is in the bundle`);
});

test('a command bin/ssdp does not send to the bundle fails loudly there instead of running left-out code', () => {
  const { bundle, dir } = install();
  const env = { ...process.env, SSDP_ROOT: join(dir, 'root') };
  const tasks = spawnSync(process.execPath, [bundle, 'tasks'], { encoding: 'utf8', env, cwd: dir });
  assert.notEqual(tasks.status, 0);
  assert.match(tasks.stderr, /cli\/commands\/run\.js is not in the env commands' bundle/);
  const list = spawnSync(process.execPath, [bundle, 'env', 'list'], { encoding: 'utf8', env, cwd: dir });
  assert.equal(list.status, 0, list.stderr);
});

test('bin/ssdp runs ssdp run and ssdp tasks from the run commands\' bundle with a code cache: a cmd step and a function step run', async () => {
  const { dir, bin, cacheDir } = install();
  const runBundle = join(dir, 'dist', 'bundle', 'ssdp-run.cjs');
  assert.ok(existsSync(runBundle), 'no run bundle was made');
  // The env commands' modules are left out of it, and fail loudly if reached.
  const create = spawnSync(process.execPath, [runBundle, 'create', '-n', 'x', 'alpha'], { encoding: 'utf8', env: { ...process.env, SSDP_ROOT: join(dir, 'root') }, cwd: dir });
  assert.notEqual(create.status, 0);
  assert.match(create.stderr, /cli\/commands\/packages\.js is not in the run commands' bundle/);
  // execa, which starts the cmd step below, is in it (RUN_INLINED): not import()ed from
  // node_modules through Node's ESM loader at every run that starts a child
  const runText = readFileSync(runBundle, 'utf8');
  assert.match(runText, /^\/\/ \S*node_modules\/execa\/index\.js$/m);
  assert.doesNotMatch(runText, /__ssdpImport\("execa"\)|require\("execa"\)/);
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nexport function twice(args, ctx) { writeFileSync('b.txt', String(2 * Number(ctx.deps.a ? 21 : 0))); return 42; }\n");
  writeFileSync(join(project, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "echo ok > a.txt"\n    outputs: [a.txt]\n  b:\n    function: ./steps.mjs#twice\n    depends_on: [a]\n    outputs: [b.txt]\n');
  const env = binEnv(dir, 'http://127.0.0.1:9');
  const r = await runProgram(bin, ['run', 'b', '--json'], { env, cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).ran, ['a', 'b']);
  assert.equal(readFileSync(join(project, 'a.txt'), 'utf8'), 'ok\n');
  assert.equal(readFileSync(join(project, 'b.txt'), 'utf8'), '42');
  const tasks = await runProgram(bin, ['tasks'], { env, cwd: project });
  assert.equal(tasks.status, 0, tasks.stderr);
  assert.match(tasks.stdout, /^a\b[\s\S]*^b\b/m);
  // The code cache is written by the bundle's loader only: the bundle ran both.
  const made = cacheFiles(cacheDir);
  assert.ok(made.some((n) => n.endsWith('-run.bin')) && made.some((n) => n.endsWith('-tasks.bin')), made.join(' '));
});

test('bin/ssdp runs ssdp worker from the run commands\' bundle with a code cache: a function step sent through the broker runs on it', async (t) => {
  const { dir, bin, cacheDir } = install();
  const redis = await startRedis();
  t.after(() => redis.stop());
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nexport function pid(args, ctx) { writeFileSync('w.txt', String(process.ppid)); return 1; }\n");
  writeFileSync(join(project, 'ssdp.yaml'), 'tasks:\n  w:\n    function: ./steps.mjs#pid\n    outputs: [w.txt]\n');
  const env = binEnv(dir, 'http://127.0.0.1:9');
  // SSDP_BROKER: the URL stays off the command line, as a user starts it
  const worker = spawn(bin, ['worker', '--nprocs', '1'], { env: { ...env, SSDP_BROKER: redis.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => void worker.kill('SIGKILL'));
  let out = '';
  worker.stdout!.on('data', (d) => (out += d));
  worker.stderr!.on('data', (d) => (out += d));
  const ended = exitOf(worker, 300_000);
  await until(() => /serving/.test(out) || worker.exitCode !== null, 'the worker to serve');
  assert.match(out, /serving/);
  const r = await runProgram(bin, ['run', 'w', '--broker', redis.url], { env, cwd: project });
  assert.equal(r.status, 0, r.stderr + out);
  assert.equal(readFileSync(join(project, 'w.txt'), 'utf8'), String(worker.pid), 'the step ran in a task process of that worker');
  worker.kill('SIGTERM'); // drains and ends with 0, when the bundle's loader writes its code cache
  assert.equal(await ended, 0, out);
  // The code cache is written by the bundle's loader only: the bundle ran the worker.
  assert.ok(cacheFiles(cacheDir).some((n) => n.endsWith('-worker.bin')), cacheFiles(cacheDir).join(' '));
});

test('bin/ssdp runs the env commands from the bundle with a code cache, and makes the same env as from dist/src', async () => {
  const { dir, bin, cacheDir } = install();
  const reg = await startRegistry([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0')]);
  try {
    const env = binEnv(dir, reg.url);
    const viaDist = await run(bin, ['env', 'create', '-n', 'd', 'alpha'], { ...env, SSDP_NO_BUNDLE: '1' });
    assert.equal(viaDist.status, 0, viaDist.stderr);
    assert.deepEqual(cacheFiles(cacheDir), [], 'SSDP_NO_BUNDLE ran the bundle');

    const viaBundle = await run(bin, ['env', 'create', '-n', 'b', 'alpha'], env);
    assert.equal(viaBundle.status, 0, viaBundle.stderr);
    assert.match(viaBundle.stdout, /Created env b .*\(2 packages\)/);
    assert.match(viaDist.stdout, /Created env d .*\(2 packages\)/);
    // The code cache is written by the bundle's loader only: the bundle ran.
    const [made] = cacheFiles(cacheDir);
    assert.match(made ?? '', /-env-create\.bin$/);
    const prefix = (n: string) => join(dir, 'root', 'envs', n);
    const strip = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('ssdp-meta')));
    assert.deepEqual(strip(snapshot(prefix('b'))), strip(snapshot(prefix('d'))));

    // Taken by V8 the next time (not written again), and the env commands all work from it.
    const before = statSync(join(cacheDir, made!)).mtimeMs;
    for (const args of [['env', 'remove', '-n', 'b'], ['env', 'create', '-n', 'b', 'alpha'], ['env', 'list'], ['env', 'export', '-n', 'b']]) {
      const r = await run(bin, args, env);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      if (args[1] === 'list') assert.match(r.stdout, /\bb\b[\s\S]*\bd\b|\bd\b[\s\S]*\bb\b/);
      if (args[1] === 'export') assert.match(r.stdout, /alpha/);
    }
    assert.equal(statSync(join(cacheDir, made!)).mtimeMs, before, 'the code cache was refused and written again');

    // A damaged cache is refused by V8 and replaced; the command still works.
    writeFileSync(join(cacheDir, made!), Buffer.alloc(4096, 7));
    const again = await run(bin, ['env', 'create', '-n', 'c', 'alpha'], env);
    assert.equal(again.status, 0, again.stderr);
    assert.notDeepEqual(readFileSync(join(cacheDir, made!)), Buffer.alloc(4096, 7));
    // A failed command leaves no cache of its own (it ran little of the command).
    const removeCache = cacheFiles(cacheDir).find((n) => n.endsWith('-env-remove.bin'));
    assert.ok(removeCache, 'the successful remove left no cache');
    rmSync(join(cacheDir, removeCache));
    const failed = await run(bin, ['env', 'remove', '-n', 'nosuch'], env);
    assert.notEqual(failed.status, 0);
    assert.match(failed.stderr, /E_ENV_NOT_FOUND/);
    assert.ok(!existsSync(join(cacheDir, removeCache)), 'a failed remove wrote a cache');
  } finally {
    await reg.close();
  }
});

test('the bundle needs no require() of ES modules: env commands, their --help and install scripts run from it where Node cannot require ESM', async () => {
  // --no-experimental-require-module: Node 20.20 as Node 22.0-22.11 and 20 < 20.19 are (require(esm)
  // off); kept by bin/ssdp for ssdp's own node, as it is not a preload.
  const { dir, bin, cacheDir } = install();
  const builder = { ...pkg('builder', '1.0.0'), scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'built.txt\', \'yes\')"' } };
  const reg = await startRegistry([builder]);
  try {
    const env = { ...binEnv(dir, reg.url), NODE_OPTIONS: '--no-experimental-require-module' };
    // Twice each: the first run compiles the bundle, the second runs it from V8's code cache.
    for (const name of ['s1', 's2']) {
      const r = await run(bin, ['env', 'create', '-n', name, 'builder', '--allow-scripts', 'builder'], env);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /ExperimentalWarning|ERR_REQUIRE_ESM/);
      assert.equal(readFileSync(join(dir, 'root', 'envs', name, 'lib', 'node_modules', 'builder', 'built.txt'), 'utf8'), 'yes');
    }
    for (const args of [['env', '--help'], ['create', '--help'], ['env', '--help']]) {
      const r = await run(bin, args, env);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /ssdp/);
      assert.doesNotMatch(r.stderr, /ExperimentalWarning|ERR_REQUIRE_ESM/);
    }
    // The code cache is written by the bundle's loader only: the bundle ran these.
    assert.ok(cacheFiles(cacheDir).some((n) => n.endsWith('-env-create.bin')), cacheFiles(cacheDir).join(' '));
  } finally {
    await reg.close();
  }
});

/**
 * `env list` started as bin/ssdp starts it, with a preload counting what node:crypto hashes in
 * pieces of 100 kB or more (the bundle, 450 kB, and its code cache; nothing else an `env list` hashes is that big).
 */
function listCountingHashes(dir: string, env: NodeJS.ProcessEnv): { stdout: string; bigHashes: number } {
  const probe = join(dir, 'count-hashes.cjs');
  writeFileSync(
    probe,
    `const c = require('node:crypto'); const make = c.createHash; let big = 0;
c.createHash = function (...a) { const h = make.apply(this, a); const update = h.update; h.update = function (d, ...r) { if (d.length >= 100000) big++; return update.call(this, d, ...r); }; return h; };
process.on('exit', () => process.stderr.write('BIG-HASHES ' + big + '\\n'));\n`,
  );
  const r = spawnSync(process.execPath, ['-r', probe, join(dir, 'dist', 'src', 'cli', 'launch-env.cjs'), 'env', 'list'], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const count = /BIG-HASHES (\d+)/.exec(r.stderr);
  assert.ok(count, r.stderr);
  return { stdout: r.stdout, bigHashes: Number(count[1]) };
}

test('a damaged code cache or a truncated bundle costs only speed: the cache is checked before V8 reads it and written again, the bundle is checked against its hash line', async () => {
  const { dir, bin, bundle, cacheDir } = install();
  const env = binEnv(dir, 'http://127.0.0.1:9');
  const first = await run(bin, ['env', 'list'], env);
  assert.equal(first.status, 0, first.stderr);
  const [made] = cacheFiles(cacheDir);
  assert.match(made ?? '', /-env-list\.bin$/);
  // Once a stamp vouches that neither file changed since a run checked them whole, a start hashes
  // neither (that was ~8% of a warm create's instructions). The stamp counts only when taken a few
  // seconds after the files' last change (file times are kept to a clock tick): made so here.
  const stampFile = join(cacheDir, `${made!}.stamp`);
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { at: number; bundle: number[]; cache: number[] };
  writeFileSync(stampFile, JSON.stringify({ ...stamp, at: Math.max(stamp.bundle[4]!, stamp.cache[4]!) + 60_000 }));
  const vouched = listCountingHashes(dir, env);
  assert.equal(vouched.stdout, first.stdout);
  assert.equal(vouched.bigHashes, 0, 'the bundle or its code cache was hashed although the stamp vouches for both');
  // Bytes flipped past V8's own header (which is all V8 on Node 20 checks): it crashed with a V8 fatal error or a segfault on every run.
  const file = join(cacheDir, made!);
  const damaged = readFileSync(file);
  for (let i = 200; i < damaged.length; i += Math.max(1, Math.floor(damaged.length / 300))) damaged[i] ^= 0xff;
  writeFileSync(file, damaged);
  for (let i = 0; i < 2; i++) {
    const r = await run(bin, ['env', 'list'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, first.stdout);
  }
  assert.notDeepEqual(readFileSync(file), damaged, 'the damaged cache was not written again');
  // The same size and the stamp settled again: a change to the bundle's body is still seen (its
  // ctime moved), and the bundle is checked whole (a changed copy then runs from dist/src).
  const restamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { at: number; bundle: number[]; cache: number[] };
  writeFileSync(stampFile, JSON.stringify({ ...restamp, at: Math.max(restamp.bundle[4]!, restamp.cache[4]!) + 60_000 }));
  assert.equal(listCountingHashes(dir, env).bigHashes, 0);
  const text = readFileSync(bundle, 'utf8');
  const sameSize = text.replace(/(\n\/\/ \S*)dist\/src\//, '$1DIST/src/'); // in a comment: the same size, other bytes
  assert.notEqual(sameSize, text);
  writeFileSync(bundle, sameSize);
  const changed = listCountingHashes(dir, env);
  assert.equal(changed.stdout, first.stdout);
  assert.ok(changed.bigHashes >= 1, 'a bundle changed in place ran without being checked against its hash line');

  // Cut short: it died of a SyntaxError on every run; now dist/src runs the command.
  writeFileSync(bundle, readFileSync(bundle, 'utf8').slice(0, 200_000));
  const cut = await run(bin, ['env', 'list'], env);
  assert.equal(cut.status, 0, cut.stderr);
  assert.equal(cut.stdout, first.stdout);
});

test('bin/ssdp falls back to dist/src when the bundle is older than the build, has no hash line, is asked not to be used, or the command is not an env command', async () => {
  const { dir, bin, bundle } = install();
  const env = binEnv(dir, 'http://127.0.0.1:9');
  const body = `process.stdout.write('FROM BUNDLE\\n');\n`;
  const fake = (header: string) => writeFileSync(bundle, `${header}${body}`);
  const hashLine = `// ssdp-bundle ${createHash('sha256').update(body).digest('hex')}\n`;
  const entry = join(dir, 'dist', 'src', 'cli', 'entry.js');
  const past = new Date(Date.now() - 3600_000);
  utimesSync(entry, past, past);

  fake(hashLine);
  assert.equal((await run(bin, ['env', 'list'], env)).stdout, 'FROM BUNDLE\n');
  // Through a symlink (npm's bin links) bin/ssdp starts as an ES module and reaches the same bundle.
  const link = join(dir, 'ssdp-link');
  symlinkSync(bin, link);
  assert.equal((await run(link, ['env', 'list'], env)).stdout, 'FROM BUNDLE\n');
  const linkList = await run(link, ['env', 'list'], { ...env, SSDP_NO_BUNDLE: '1' });
  assert.equal(linkList.status, 0, linkList.stderr);
  assert.doesNotMatch(linkList.stdout, /FROM BUNDLE/);
  const list = await run(bin, ['env', 'list'], { ...env, SSDP_NO_BUNDLE: '1' });
  assert.equal(list.status, 0, list.stderr);
  assert.doesNotMatch(list.stdout, /FROM BUNDLE/);
  // 0 or empty: not switched off.
  for (const value of ['0', '']) assert.equal((await run(bin, ['env', 'list'], { ...env, SSDP_NO_BUNDLE: value })).stdout, 'FROM BUNDLE\n', `SSDP_NO_BUNDLE=${value}`);
  // Not an env command: never the bundle.
  const version = await run(bin, ['--version'], env);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);

  fake('// no hash\n');
  assert.doesNotMatch((await run(bin, ['env', 'list'], env)).stdout, /FROM BUNDLE/);
  // A hash line its content does not match (an interrupted copy of the install).
  fake(`// ssdp-bundle ${'a'.repeat(64)}\n`);
  assert.doesNotMatch((await run(bin, ['env', 'list'], env)).stdout, /FROM BUNDLE/);

  // dist/src rebuilt (tsc) after the bundle was made: the bundle holds older code.
  fake(hashLine);
  const older = new Date(Date.now() - 7200_000);
  utimesSync(bundle, older, older);
  const stale = await run(bin, ['env', 'list'], env);
  assert.equal(stale.status, 0, stale.stderr);
  assert.doesNotMatch(stale.stdout, /FROM BUNDLE/);
});

test('bundle-cli.mjs fails, writing no bundle, when there is no compiled dist/src to bundle', () => {
  const dir = tempDir('ssdp-bundle-empty-');
  mkdirSync(join(dir, 'dist'));
  const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'bundle-cli.mjs'), join(dir, 'dist')], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.ok(!existsSync(join(dir, 'dist', 'bundle', 'ssdp-env.cjs')));
});

test('T4 (tester s16 try13t): a bundle that is a folder or a FIFO is no bundle: dist/src runs the command (before: EISDIR stack, or a hang on the FIFO)', async () => {
  const { dir, bin, bundle } = install();
  const env = binEnv(dir, 'http://127.0.0.1:9');
  const plain = await run(bin, ['env', 'list'], { ...env, SSDP_NO_BUNDLE: '1' });
  assert.equal(plain.status, 0, plain.stderr);
  rmSync(bundle);
  mkdirSync(bundle);
  const folder = await run(bin, ['env', 'list'], env);
  assert.equal(folder.status, 0, folder.stderr);
  assert.equal(folder.stdout, plain.stdout);
  rmSync(bundle, { recursive: true });
  assert.equal(spawnSync('mkfifo', [bundle]).status, 0);
  // A hang would hold the test until this guard, far past any run that reads no FIFO.
  const child = spawn(bin, ['env', 'list'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  assert.equal(await exitOf(child, 240_000), 0, err);
  assert.equal(out, plain.stdout);
});

test('T10 (tester s16 try13t): a code cache that cannot be written whole (its disk full) leaves no partial .tmp file behind', { skip: !canMount ? 'needs root (unshare -m, mount -t tmpfs)' : typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function' ? 'Node 22+ keeps its own compile cache' : false }, async () => {
  const { dir, bin, cacheDir } = install();
  mkdirSync(cacheDir, { recursive: true });
  // A tmpfs of 16 kB over the cache folder: a command's cache (~100 kB) starts to be written and runs out of room.
  const script = 'mount -t tmpfs -o size=16k tmpfs "$C" || exit 99; "$BIN" env list >/dev/null || exit 98; "$BIN" env list >/dev/null || exit 97; ls -A "$C"';
  const child = spawn('unshare', ['-m', 'sh', '-c', script], { env: { ...binEnv(dir, 'http://127.0.0.1:9'), C: cacheDir, BIN: bin }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  assert.equal(await exitOf(child, 240_000), 0, `${out}\n${err}`);
  assert.equal(out.trim(), '', 'files left in the full cache folder');
});
