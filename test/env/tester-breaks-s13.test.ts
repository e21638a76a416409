/**
 * Breaks from the session-13 tester's report on issue 13 (/work/briefs/s13/breaks/try13.md), each
 * shown failing before its fix: ESM1 (the --import hook in NODE_OPTIONS made Node run every main
 * script through the ESM loader, so `node -r HOOK file.EXT` require hooks failed with
 * ERR_UNKNOWN_FILE_EXTENSION), EW1 (an eval worker's import() did not find the env's packages),
 * RN1 (bin/ssdp ran the user's NODE_OPTIONS preloads in ssdp's own process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliResult } from '../helpers/cli.js';
import type { FakeVersion } from '../helpers/registry.js';
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
  const child = spawn(BIN, args, { env: { ...env, PATH: `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}` }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status, stdout, stderr })));
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
