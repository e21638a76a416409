/**
 * Breaks from the session-13 tester's report on issue 13 (/work/briefs/s13/breaks/try13.md), each
 * shown failing before its fix: ESM1 (the --import hook in NODE_OPTIONS made Node run every main
 * script through the ESM loader, so `node -r HOOK file.EXT` require hooks failed with
 * ERR_UNKNOWN_FILE_EXTENSION), EW1 (an eval worker's import() did not find the env's packages),
 * RN1 (bin/ssdp ran the user's NODE_OPTIONS preloads in ssdp's own process), PX1 (an env path with
 * ':'), PM1 (Node's permission model), TU1 (credentials in a tarball URL), MSG1 (a tarball's bad
 * package.json blamed on a lockfile or a range).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram, type CliResult } from '../helpers/cli.js';
import type { FakeVersion } from '../helpers/registry.js';
import { buildPackageTarball } from '../helpers/tarball.js';
import { setup, type Ctx } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));

const PACKAGES: FakeVersion[] = [
  { name: 'esm-only', version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } }, files: { 'index.js': 'export default "esm-only from the env";\n' } } as FakeVersion,
  { name: 'cjs-only', version: '1.0.0', files: { 'index.js': 'module.exports = "cjs-only from the env";\n' } },
];

/** The env 'web' and an empty project folder outside it. */
async function webProject(ctx: Ctx): Promise<string> {
  const created = await ctx.cli(['env', 'create', '-n', 'web', 'esm-only', 'cjs-only']);
  assert.equal(created.status, 0, created.stderr);
  const project = join(ctx.dir, 'project');
  mkdirSync(project);
  return project;
}

test('ESM1: under ssdp run, `node -r HOOK file.coffee` keeps the CommonJS loader (require.extensions) and still imports env packages', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const project = await webProject(ctx);
    writeFileSync(join(project, 'reg.cjs'), "const fs = require('fs');\nrequire.extensions['.coffee'] = (m, f) => m._compile(fs.readFileSync(f, 'utf8'), f);\n");
    writeFileSync(join(project, 's.coffee'), 'console.log("ran", require("path").basename(__filename), require("cjs-only"));\nimport("esm-only").then((m) => console.log(m.default));\n');
    const r = await ctx.cli(['run', '-n', 'web', '--', 'node', '-r', './reg.cjs', 's.coffee'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'ran s.coffee cjs-only from the env\nesm-only from the env\n');
  } finally {
    await ctx.close();
  }
});

test('EW1: import() in a worker_threads eval worker finds the env\'s packages, as in a file worker', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const project = await webProject(ctx);
    writeFileSync(
      join(project, 'w.mjs'),
      `import { Worker } from 'node:worker_threads';
const w = new Worker('import("esm-only").then((m) => require("node:worker_threads").parentPort.postMessage(m.default))', { eval: true });
w.on('message', (m) => console.log('ok:', m));
w.on('error', (e) => console.log('err', e.code));
`,
    );
    const r = await ctx.cli(['run', '-n', 'web', '--', 'node', 'w.mjs'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'ok: esm-only from the env\n');
  } finally {
    await ctx.close();
  }
});

/** bin/ssdp as a shell runs it (the `node` on PATH is the one running these tests). */
function runBin(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return runProgram(BIN, args, { env: { ...env, PATH: `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}` }, cwd });
}

test('RN1: bin/ssdp run hands the user\'s NODE_OPTIONS preloads to the env\'s process only, not to ssdp\'s own', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const project = await webProject(ctx);
    // A preload that needs an env package (ssdp's own node cannot find it) and prints.
    writeFileSync(join(project, 'pre.cjs'), 'console.log("preload", require("cjs-only"));\n');
    const r = await runBin(['run', '-n', 'web', '--', 'node', '-e', 'console.log("child")'], { ...ctx.env, NODE_OPTIONS: '--require ./pre.cjs' }, project);
    assert.equal(r.status, 0, r.stderr);
    // Once before the command's output: the env's node ran it, ssdp's did not. (Node 20's module
    // hooks thread runs --require preloads again, so a second line may follow.)
    assert.ok(r.stdout.startsWith('preload cjs-only from the env\nchild\n'), r.stdout);
    // --import of an env package, as `NODE_OPTIONS="--import tsx" ssdp run ...` does.
    writeFileSync(join(project, 'a.mjs'), 'console.log("main", globalThis.fromImport);\n');
    writeFileSync(join(project, 'imp.mjs'), 'import m from "esm-only"; globalThis.fromImport = m;\n');
    const i = await runBin(['run', '-n', 'web', '--', 'node', 'a.mjs'], { ...ctx.env, NODE_OPTIONS: '--import ./imp.mjs' }, project);
    assert.equal(i.status, 0, i.stderr);
    assert.equal(i.stdout, 'main esm-only from the env\n');
  } finally {
    await ctx.close();
  }
});

test('PX1: an env path or root holding a colon is refused at create, before anything is built (NODE_PATH and PATH split at it)', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const prefix = join(ctx.dir, 'co:lon', 'env');
    let r = await ctx.cli(['env', 'create', '-p', prefix, 'cjs-only']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_BAD_PREFIX\].*co:lon.*holds a ':'/);
    assert.ok(!existsSync(join(ctx.dir, 'co:lon')), 'nothing is made');
    const root = join(ctx.dir, 'r:oot');
    r = await ctx.cli(['env', 'create', '-n', 'X', 'cjs-only'], { env: { SSDP_ROOT: root } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_BAD_PREFIX\].*r:oot/);
    assert.match(r.stderr, /hint: Set SSDP_ROOT/);
    assert.ok(!existsSync(join(root, 'envs', 'X')));
  } finally {
    await ctx.close();
  }
});

test('PM1: under Node\'s permission model a script runs inside an env as outside it, given read access to ssdp\'s hook folder (no --allow-worker needed)', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const project = await webProject(ctx);
    writeFileSync(join(project, 'p.cjs'), 'console.log("perm ok", require("cjs-only"));\n');
    const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    // The hook's folder as NODE_OPTIONS names it (dist/node_modules/.ssdp-env-hook after the bundle step, else dist/src/env).
    const hookDir = dirname((await import('../../src/env/node-options.js')).HOOK_FILE) + '/';
    const envModules = join(ctx.root, 'envs', 'web', 'lib', 'node_modules');
    const r = await ctx.cli(['run', '-n', 'web', '--', 'node', flag, `--allow-fs-read=${project}/`, `--allow-fs-read=${hookDir}`, `--allow-fs-read=${envModules}/`, 'p.cjs'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'perm ok cjs-only from the env\n');
  } finally {
    await ctx.close();
  }
});

test('TU1: a tarball URL with a user name and password is refused at once, coded, without the password in the output', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const r = await ctx.cli(['env', 'create', '-n', 'cr', 'http://user:s3cret@127.0.0.1:9/good.tgz']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_BAD_SOURCE_SPEC\].*http:\/\/user:\*\*\*@127\.0\.0\.1:9\/good\.tgz.*password in a tarball URL is not supported/);
    assert.doesNotMatch(r.stderr + r.stdout, /s3cret/);
    assert.doesNotMatch(r.stderr, /tries/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'cr')));
  } finally {
    await ctx.close();
  }
});

test('MSG1: a tarball whose package.json has an invalid name or version is E_BAD_SOURCE_SPEC naming the URL and what is wrong', async () => {
  const ctx = await setup(PACKAGES);
  const bodies: Record<string, Buffer> = {
    '/badname.tgz': buildPackageTarball({ name: '../../evil', version: '1.0.0' }),
    '/badver.tgz': buildPackageTarball({ name: 'urlpkg', version: 'not-a-version' }),
  };
  const files = createServer((q, s) => (bodies[q.url!] ? s.end(bodies[q.url!]) : s.writeHead(404).end()));
  await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  try {
    for (const [path, says] of [['/badname.tgz', /names it "\.\.\/\.\.\/evil", which is not a valid package name/], ['/badver.tgz', /gives the version "not-a-version", which is not a semver version/]] as const) {
      const r = await ctx.cli(['env', 'create', '-n', 'b', `${base}${path}`]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /\[E_BAD_SOURCE_SPEC\]/, r.stderr);
      assert.ok(r.stderr.includes(`${base}${path}`), r.stderr);
      assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /lockfile|dist-tags/);
      assert.ok(!existsSync(join(ctx.root, 'envs', 'b')));
    }
  } finally {
    files.close();
    await ctx.close();
  }
});
