/**
 * Worker threads do not copy the options naming the parent's own entry point: a compute on the
 * threads scheduler from `node --input-type=module -e '...'` ran no task before (every worker
 * died with ERR_INPUT_TYPE_NOT_ALLOWED). Options the workers need to import the task modules as
 * the parent does (here --conditions, picking a package's export) still reach them.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workerExecArgv } from '../../src/graph/worker-argv.js';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-worker-argv-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));

// a package whose export depends on the condition, and a task module importing it
const pkg = join(tmp, 'node_modules', 'which-build');
mkdirSync(pkg, { recursive: true });
writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'which-build', type: 'module', exports: { 'ssdp-argv-test': './special.js', default: './plain.js' } }));
writeFileSync(join(pkg, 'special.js'), "export const build = 'special';\n");
writeFileSync(join(pkg, 'plain.js'), "export const build = 'plain';\n");
writeFileSync(
  join(tmp, 'tasks.mjs'),
  `import { isMainThread } from 'node:worker_threads';
import { build } from 'which-build';
export function inc(x) { return x + 1; }
export function where() { return { isMainThread, build, execArgv: process.execArgv, gc: typeof globalThis.gc }; }
`,
);

function evalModule(code: string, nodeArgs: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', code], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('node --input-type=module -e: a compute on threads runs its tasks on worker threads', () => {
  const r = evalModule(`import { delayed, shutdownDefaultPools } from ${JSON.stringify(INDEX)};
import { inc } from './tasks.mjs';
console.log(await delayed(inc)(delayed(inc)(1)).compute({ scheduler: 'threads', nWorkers: 2 }));
await shutdownDefaultPools();`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), '3');
});

test('the workers keep the options they need to import (--conditions) and V8 options, not -e/--input-type', () => {
  const r = evalModule(
    `import { delayed, shutdownDefaultPools } from ${JSON.stringify(INDEX)};
import { where } from './tasks.mjs';
console.log(JSON.stringify(await delayed(where, { pure: false, module: ${JSON.stringify(pathToFileURL(join(tmp, 'tasks.mjs')).href)} })().compute({ scheduler: 'threads', nWorkers: 1 })));
await shutdownDefaultPools();`,
    ['--expose-gc', '--conditions=ssdp-argv-test'],
  );
  assert.equal(r.status, 0, r.stderr);
  const w = JSON.parse(r.stdout.trim()) as { isMainThread: boolean; build: string; execArgv: string[]; gc: string };
  assert.equal(w.isMainThread, false);
  assert.equal(w.build, 'special');
  assert.deepEqual(w.execArgv, ['--conditions=ssdp-argv-test']);
  assert.equal(w.gc, 'function');
});

test('workerExecArgv drops entry-point options with their values and keeps loading options with theirs', () => {
  assert.deepEqual(workerExecArgv(['--input-type', 'module', '-e', 'code', '--import', './hook.mjs', '-C', 'dev', '--max-old-space-size=64', '--enable-source-maps']), ['--import', './hook.mjs', '-C', 'dev', '--enable-source-maps']);
  assert.deepEqual(workerExecArgv(['-p', '1+1', '--experimental-vm-modules', '--require=./r.cjs']), ['--experimental-vm-modules', '--require=./r.cjs']);
  assert.deepEqual(workerExecArgv(['--experimental-vm-modules', '--title', 'x'], false), []);
});
