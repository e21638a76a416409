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

writeFileSync(
  join(tmp, 'tasks.mjs'),
  `export function dropBig(i) { const a = new Float64Array(5 * 2 ** 20).fill(i); return a[7]; }
// a moment for the freeing, which V8 finishes off the main thread
export async function rss() { await new Promise((r) => setTimeout(r, 200)); return process.memoryUsage.rss(); }
`,
);

test('threads: a 40 MB array a task dropped is freed after its batch', () => {
  const tasks = JSON.stringify(pathToFileURL(join(tmp, 'tasks.mjs')).href);
  const script = join(tmp, 'run.mjs');
  writeFileSync(
    script,
    `import { Client, compute, delayed } from ${JSON.stringify(INDEX)};
import { dropBig, rss } from ${tasks};
const client = new Client({ scheduler: 'threads', nWorkers: 1 });
const probe = delayed(rss, { module: ${tasks}, pure: false });
const [before] = await compute(probe(), { client });
const [value] = await compute(delayed(dropBig, { module: ${tasks} })(3), { client });
const [afterDrop] = await compute(probe(), { client });
console.log(JSON.stringify({ value, grewMb: (afterDrop - before) / 2 ** 20 }));
await client.close();
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim()) as { value: number; grewMb: number };
  assert.equal(out.value, 3);
  assert.ok(out.grewMb < 20, `the process grew by ${out.grewMb.toFixed(1)} MB and kept it`);
});
