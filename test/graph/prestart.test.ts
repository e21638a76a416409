import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

const GRAPH = new URL('../../src/graph/index.js', import.meta.url).href;
const INDEX = new URL('../../src/index.js', import.meta.url).href;

function writeTasks(dir: string): void {
  writeFileSync(join(dir, 'tasks.mjs'), 'export function inc(x) { return x + 1; }\nexport function total(xs) { return xs.reduce((a, b) => a + b, 0); }\n');
}

/**
 * A fresh process building a large delayed graph: the default pool's first worker thread starts
 * while it is being built (at the 1000th call), not at compute; the pool starts with one worker
 * (it grows when tasks keep it busy: schedulers.test). Threads are counted in /proc, so what is
 * seen is real OS threads of the process.
 */
test('the 1000th delayed call starts the default thread pool (one worker) while the graph is still being built; fewer calls start none', () => {
  const dir = tempDir('ssdp-prestart-');
  const script = join(dir, 'build.mjs');
  writeTasks(dir);
  writeFileSync(
    script,
    `import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delayed, shutdownDefaultPools } from ${JSON.stringify(GRAPH)};
import { inc, total } from './tasks.mjs';
const threads = () => readdirSync('/proc/self/task').length;
const list = [];
for (let i = 0; i < 999; i++) list.push(delayed(inc)(i));
const before = threads();
list.push(delayed(inc)(999));
const after = threads();
for (let i = 1000; i < 3000; i++) list.push(delayed(inc)(i));
const later = threads();
const r = await delayed(total)(list).compute();
console.log(JSON.stringify({ before, after, later, workers: availableParallelism(), r }));
await shutdownDefaultPools();
`,
  );
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(out.status, 0, out.stderr);
  const { before, after, later, workers, r } = JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, number>;
  assert.equal(after - before, 1, `one worker thread started by the 1000th call (of up to ${workers})`);
  assert.equal(later, after, 'and no more by the calls after it');
  assert.equal(r, (3000 * 3001) / 2);
});

/**
 * What a worker thread loads to start: node:inspector (reading a still-running module's scope),
 * node:crypto (hashing a closure's source) and node:vm (exposing gc) are loaded when first needed,
 * not by the modules every worker imports; each cost every worker's start-up.
 */
test('a worker thread starts without loading node:inspector, node:crypto or node:vm', () => {
  const dir = tempDir('ssdp-worker-builtins-');
  writeFileSync(join(dir, 'tasks.mjs'), 'export function builtins() { return process.moduleLoadList.filter((m) => /^NativeModule (inspector|crypto|vm)$/.test(m)); }\n');
  const script = join(dir, 'main.mjs');
  writeFileSync(
    script,
    `import { delayed, shutdownDefaultPools } from ${JSON.stringify(GRAPH)};
import { builtins } from './tasks.mjs';
console.log(JSON.stringify(await delayed(builtins)().compute({ scheduler: 'threads' })));
await shutdownDefaultPools();
`,
  );
  // not under the test runner's worker hooks (quiet-node-test), as a user's program runs
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000, env });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout.trim().split('\n').pop()!), [], 'builtins a worker loaded before its first task');
});

/**
 * What `import 'ssdp'` loads on the main thread for a delayed graph and an array mean: node:crypto
 * (impure keys, typed-array hashing, random seeds; a closure's source is hashed by the keys' own
 * hash), node:child_process (the processes scheduler) and node:zlib (gzipped bag files) only where
 * used, not by importing or by the first delayed call (issue 14: RSS every array program paid, and
 * ~5 ms of CPU inside a fresh process's first delayed call). node:net is not checked: a pipe as
 * stderr loads it (the progress bar asks whether stderr is a terminal).
 */
test("import 'ssdp' with a delayed compute and an array mean on threads loads no node:crypto, child_process or zlib", () => {
  const dir = tempDir('ssdp-main-builtins-');
  writeTasks(dir);
  const script = join(dir, 'main.mjs');
  writeFileSync(
    script,
    `import { array, delayed, shutdownDefaultPools } from ${JSON.stringify(INDEX)};
import { inc, total } from './tasks.mjs';
const r = await delayed(total)([1, 2, 3].map((i) => delayed(inc)(i))).compute({ scheduler: 'threads' });
const [m] = await array.compute(array.mean(array.random.rand({ shape: [40, 30], chunks: [10, 10], seed: 1 }), { axis: 0 }), { scheduler: 'threads', nWorkers: 2 });
const loaded = process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process|zlib)$/.test(m));
console.log(JSON.stringify({ r, n: m.data.length, loaded }));
await shutdownDefaultPools();
`,
  );
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000, env });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout.trim().split('\n').pop()!), { r: 9, n: 30, loaded: [] });
});

/** Runs `body` (an ES module importing delayed and tasks.mjs's inc) in a fresh node; its last line of output as JSON. */
function runScript(prefix: string, body: string): Record<string, number> {
  const dir = tempDir(prefix);
  writeTasks(dir);
  const script = join(dir, 'main.mjs');
  writeFileSync(script, `import { readdirSync } from 'node:fs';\nimport { delayed } from ${JSON.stringify(GRAPH)};\nimport { inc } from './tasks.mjs';\nconst threads = () => readdirSync('/proc/self/task').length;\n${body}`);
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.status, 0, `exit ${out.status} ${out.signal ?? ''} (a timeout: the program did not exit by itself) ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

test('a graph of fewer than 1000 calls starts no worker thread while being built or computed on sync', () => {
  const { before, after, r } = runScript(
    'ssdp-prestart-small-',
    `const before = threads();
const list = [];
for (let i = 0; i < 998; i++) list.push(delayed(inc)(i));
const r = await delayed((xs) => xs.length)(list).compute({ scheduler: 'sync' });
console.log(JSON.stringify({ before, after: threads(), r }));
`,
  );
  assert.equal(r, 998);
  assert.equal(after, before);
});

test('a program that built a large graph, so started the pool, and computed nothing on it exits by itself', () => {
  const { r, started } = runScript(
    'ssdp-prestart-exit-',
    `const before = threads();
const list = [];
for (let i = 0; i < 1500; i++) list.push(delayed(inc)(i));
const started = threads() - before;
const r = await delayed((xs) => xs.length)(list).compute({ scheduler: 'sync' });
console.log(JSON.stringify({ started, r }));
`,
  );
  assert.equal(r, 1500);
  assert.ok(started > 0, 'the pool was started');
});
