/**
 * A worker thread frees the typed arrays its batches dropped once they add up to 16 MB, instead of
 * leaving them to V8, which collects only after about 64 MB more is held outside its heap: each
 * worker kept tens of MB of dead buffers in the process's memory (the radar statistics peaked
 * 50 MB higher). A task makes and drops a 40 MB array; the process's resident memory, read by a
 * task in the same worker before and after, grew by those 40 MB before and by almost nothing now.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tmp = mkdtempSync(join(tmpdir(), 'ssdp-worker-buffers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));
const WIRE = fileURLToPath(new URL('../../src/graph/wire.js', import.meta.url));

writeFileSync(
  join(tmp, 'tasks.mjs'),
  `export function dropBig(mb) { const a = new Float64Array(mb * 2 ** 17).fill(mb); return a[7]; }
// a moment for the freeing, which V8 finishes off the main thread
// objects that live a while (each round's list outlives the next round's making): V8 grows a
// young generation it was left to size to 16 MB a semi-space; returns its size, MB
export function nursery(rounds) {
  let keep = [];
  for (let round = 0; round < rounds; round++) { const xs = []; for (let i = 0; i < 100000; i++) xs.push({ a: i, b: [round] }); keep = xs; }
  return (process.getBuiltinModule('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + keep.length * 0) / 2 ** 20;
}
export async function rss() { await new Promise((r) => setTimeout(r, 200)); return process.memoryUsage.rss(); }
`,
);

/** Runs `task(arg)` between two readings of the process's resident memory, on one worker thread. */
function runProbe(task: string, arg: number): { value: number; grewMb: number } {
  const tasks = JSON.stringify(pathToFileURL(join(tmp, 'tasks.mjs')).href);
  const script = join(tmp, `run-${task}-${arg}.mjs`);
  writeFileSync(
    script,
    `import { Client, compute, delayed } from ${JSON.stringify(INDEX)};
import { ${task}, rss } from ${tasks};
const client = new Client({ scheduler: 'threads', nWorkers: 1 });
const probe = delayed(rss, { module: ${tasks}, pure: false });
const [before] = await compute(probe(), { client });
const [value] = await compute(delayed(${task}, { module: ${tasks} })(${arg}), { client });
const [afterDrop] = await compute(probe(), { client });
console.log(JSON.stringify({ value, grewMb: (afterDrop - before) / 2 ** 20 }));
await client.close();
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim()) as { value: number; grewMb: number };
}

test('threads: a 40 MB array a task dropped is freed after its batch', () => {
  const out = runProbe('dropBig', 40);
  assert.equal(out.value, 40);
  assert.ok(out.grewMb < 20, `the process grew by ${out.grewMb.toFixed(1)} MB and kept it`);
});

test('threads: a 10 MB array a task dropped is freed after its batch too (about the radar frames of one batch)', () => {
  const out = runProbe('dropBig', 10);
  assert.equal(out.value, 10);
  assert.ok(out.grewMb < 5, `the process grew by ${out.grewMb.toFixed(1)} MB and kept it`);
});

test('threads: a worker thread keeps a small young generation however its tasks allocate (its peak memory)', () => {
  // 32 MB before resourceLimits.maxYoungGenerationSizeMb was set for the pool's threads
  const out = runProbe('nursery', 2);
  assert.ok(out.value > 0 && out.value <= 4, `a worker's young generation grew to ${out.value} MB`);
});

test('threads: a result whose task marked its buffers as its own (markMovable) moves to the scheduler; others are copied', () => {
  const tasks = JSON.stringify(pathToFileURL(join(tmp, 'kept.mjs')).href);
  writeFileSync(
    join(tmp, 'kept.mjs'),
    `import { markMovable } from ${JSON.stringify(pathToFileURL(WIRE).href)};
let kept;
export function make(marked) { kept = new Float64Array(1000).fill(2); return marked ? markMovable(kept) : kept; }
export function keptLength() { return kept.length; }
`,
  );
  const script = join(tmp, 'moved.mjs');
  writeFileSync(
    script,
    `import { Client, compute, delayed } from ${JSON.stringify(INDEX)};
import { make, keptLength } from ${tasks};
const client = new Client({ scheduler: 'threads', nWorkers: 1 });
const out = {};
for (const marked of [false, true]) {
  const [a] = await compute(delayed(make, { module: ${tasks}, pure: false })(marked), { client });
  const [n] = await compute(delayed(keptLength, { module: ${tasks}, pure: false })(), { client });
  out[marked ? 'marked' : 'plain'] = { sum: a.reduce((s, x) => s + x, 0), workerKeeps: n };
}
console.log(JSON.stringify(out));
await client.close();
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim()) as Record<string, { sum: number; workerKeeps: number }>;
  assert.deepEqual(out.plain, { sum: 2000, workerKeeps: 1000 }, 'an unmarked result is copied: the worker keeps its array');
  assert.deepEqual(out.marked, { sum: 2000, workerKeeps: 0 }, 'a marked result moved: the worker holds no copy');
});

test('threads, default pool of 2: the main thread stands in for the second thread on array kernels; other tasks get both threads', () => {
  const tasks = JSON.stringify(pathToFileURL(join(tmp, 'where.mjs')).href);
  writeFileSync(
    join(tmp, 'where.mjs'),
    `import { threadId } from 'node:worker_threads';
export function where(i) { const t = Date.now(); while (Date.now() - t < 30); return threadId; }
`,
  );
  const script = join(tmp, 'stand-in.mjs');
  writeFileSync(
    script,
    `import { readdirSync } from 'node:fs';
import { array, compute, delayed, shutdownDefaultPools } from ${JSON.stringify(INDEX)};
import { where } from ${tasks};
const threads = () => readdirSync('/proc/self/task').length;
const x = array.random.rand({ shape: [400, 400], chunks: [100, 100], seed: 7 });
const opts = { scheduler: 'threads', nWorkers: 2 };
const [m] = await array.compute(array.mean(x, { axis: 0 }), opts);
const [ref] = await array.compute(array.mean(x, { axis: 0 }), { scheduler: 'sync' });
const afterArrays = threads();
const ids = await compute(Array.from({ length: 16 }, (_, i) => delayed(where, { module: ${tasks}, pure: false })(i)), opts);
console.log(JSON.stringify({ same: m.data.every((v, i) => v === ref.data[i]), started: threads() - afterArrays, ids: new Set(Array.isArray(ids[0]) ? ids[0] : ids).size }));
await shutdownDefaultPools();
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim()) as { same: boolean; started: number; ids: number };
  assert.equal(out.same, true, 'the reduction equals the sync scheduler\'s');
  assert.ok(out.started >= 1, `the second worker thread starts only for tasks that are not array kernels (before: both ran from the start; ${out.started} threads started)`);
  assert.equal(out.ids, 2, 'those tasks ran on both threads');
});
