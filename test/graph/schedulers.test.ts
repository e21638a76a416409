import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, ref, fnRef, Client, shutdownDefaultPools, getWithSummary, TaskFailedError } from '../../src/graph/index.js';
import type { Graph, SchedulerName } from '../../src/graph/index.js';

const TASKS = new URL('./fixtures/tasks.js', import.meta.url).href;
const LECTURE = new URL('./fixtures/lecture.js', import.meta.url).href;
const f = (name: string) => fnRef(TASKS, name);
const SCHEDULERS: SchedulerName[] = ['sync', 'threads', 'processes'];
const tmp = mkdtempSync(join(tmpdir(), 'ssdp-graph-'));

after(() => shutdownDefaultPools());

/** n inc tasks summed by a tree of sumList tasks (fan-in 10). */
function incSum(n: number): { g: Graph; root: string } {
  const g: Graph = {};
  let level = Array.from({ length: n }, (_, i) => {
    g[`inc-${i}`] = { fn: f('inc'), args: [i] };
    return `inc-${i}`;
  });
  let depth = 0;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 10) {
      const k = `sum-${depth}-${i}`;
      g[k] = { fn: f('sumList'), args: [level.slice(i, i + 10).map(ref)] };
      next.push(k);
    }
    level = next;
    depth++;
  }
  return { g, root: level[0]! };
}

for (const scheduler of SCHEDULERS) {
  test(`${scheduler}: numbers agree with a plain loop`, async () => {
    const n = 5000;
    const { g, root } = incSum(n);
    let expected = 0;
    for (let i = 0; i < n; i++) expected += i + 1;
    assert.equal(await get(g, root, { scheduler, nWorkers: 2 }), expected);
    // several outputs, nested shape
    const r = await get(g, [root, ['inc-7', 'sum-0-0']], { scheduler, nWorkers: 2 });
    assert.deepEqual(r, [expected, [8, 55]]);
  });

  test(`${scheduler}: typed arrays come back as typed arrays, async tasks are awaited`, async () => {
    const g: Graph = {
      arr: { fn: f('makeArray'), args: [100_000, 0.5] },
      total: { fn: f('arraySum'), args: [ref('arr')] },
      kind: { fn: f('arrayIsTyped'), args: [ref('arr')] },
      slow: { fn: fnRef(LECTURE, 'addAsync'), args: [ref('total'), 1] },
    };
    process.env.SSDP_TEST_SLEEP_MS = '20';
    const [arr, total, kind, slow] = (await get(g, ['arr', 'total', 'kind', 'slow'], { scheduler, nWorkers: 2 })) as [Float64Array, number, string, number];
    assert.ok(arr instanceof Float64Array);
    assert.equal(arr.length, 100_000);
    assert.equal(total, 50_000);
    assert.equal(kind, '[object Float64Array]');
    assert.equal(slow, 50_001);
  });

  test(`${scheduler}: a failing task stops the run with its key and its own stack`, async () => {
    const g: Graph = { ok: { fn: f('inc'), args: [1] }, 'fails-abc123': { fn: f('fails'), args: [ref('ok')] }, after: { fn: f('inc'), args: [ref('fails-abc123')] } };
    await assert.rejects(get(g, 'after', { scheduler, nWorkers: 2 }), (e: unknown) => {
      assert.ok(e instanceof TaskFailedError);
      assert.equal(e.code, 'E_TASK_FAILED');
      assert.equal(e.key, 'fails-abc123');
      assert.match(e.message, /task fails-abc123 failed: RangeError: bad input 2/);
      assert.match(e.taskStack, /^RangeError: bad input 2\n\s+at fails .*fixtures\/tasks\.js:\d+/);
      return true;
    });
  });

  test(`${scheduler}: retries rerun a flaky task until it succeeds`, async () => {
    const counter = join(tmp, `flaky-${scheduler}`);
    const g: Graph = { x: { fn: f('flaky'), args: [counter, 2, 42] }, y: { fn: f('inc'), args: [ref('x')] } };
    writeFileSync(counter, '');
    assert.equal(await get(g, 'y', { scheduler, retries: 2, nWorkers: 2 }), 43);
    assert.equal(readFileSync(counter, 'utf8').length, 3);
    writeFileSync(counter, '');
    await assert.rejects(get(g, 'y', { scheduler, retries: 1, nWorkers: 2 }), { code: 'E_TASK_FAILED', message: /after 2 attempts/ });
  });

  test(`${scheduler}: work shared by several outputs runs once`, async () => {
    const counter = join(tmp, `shared-${scheduler}`);
    writeFileSync(counter, '');
    const g: Graph = {};
    for (let i = 0; i < 20; i++) g[`c-${i}`] = { fn: f('countedInc'), args: [counter, i] };
    g.all = { fn: f('sumList'), args: [Array.from({ length: 20 }, (_, i) => ref(`c-${i}`))] };
    g.firstTen = { fn: f('sumList'), args: [Array.from({ length: 10 }, (_, i) => ref(`c-${i}`))] };
    assert.deepEqual(await get(g, ['all', 'firstTen'], { scheduler, nWorkers: 2 }), [210, 55]);
    assert.equal(readFileSync(counter, 'utf8').trim().split('\n').length, 20);
  });
}

test('threads: tiny tasks travel in batches, not one message each', async () => {
  const { g, root } = incSum(5000);
  const { results, summary } = await getWithSummary(g, root, { scheduler: 'threads', nWorkers: 2 });
  assert.equal(results, (5000 * 5001) / 2);
  assert.equal(summary.tasks, Object.keys(g).length);
  assert.ok(summary.batches * 10 < summary.tasks, `${summary.batches} batches for ${summary.tasks} tasks`);
});

test('threads: a CPU-bound chunked computation spreads over both workers', async () => {
  const g: Graph = {};
  for (let i = 0; i < 8; i++) g[`chunk-${i}`] = { fn: f('spin'), args: [60] };
  g.where = { fn: f('whereAmI'), args: [] };
  const { summary } = await getWithSummary(g, Object.keys(g), { scheduler: 'threads', nWorkers: 2 });
  assert.equal(summary.tasks, 9);
  assert.equal(summary.nWorkers, 2);
  assert.ok(summary.batches >= 2);
});

test('threads without nWorkers: the default pool starts with one worker (prestart.test) and grows when tasks keep it busy', { skip: availableParallelism() < 2 && 'one core' }, async () => {
  const g: Graph = {};
  for (let i = 0; i < 8; i++) g[`chunk-${i}`] = { fn: f('spin'), args: [30] };
  const { summary } = await getWithSummary(g, Object.keys(g), { scheduler: 'threads' });
  assert.equal(summary.tasks, 8);
  assert.ok(summary.nWorkers >= 2, `${summary.nWorkers} worker(s) ran 8 tasks of 30 ms`);
});

test('processes: workers run under the given node binary with the given environment', async () => {
  const bin = join(tmp, 'bin');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(bin, { recursive: true });
  const node = join(bin, 'node');
  symlinkSync(process.execPath, node);
  const client = new Client({ scheduler: 'processes', nWorkers: 2, node, env: { ...process.env, SSDP_TEST_MARK: 'in-env' } });
  try {
    assert.equal(client.pool!.pids.length, 2);
    const r = (await get({ w: { fn: f('whereAmI'), args: [] } }, 'w')) as { argv0: string; mark: string; pid: number };
    assert.equal(r.argv0, node);
    assert.equal(r.mark, 'in-env');
    assert.ok(client.pool!.pids.includes(r.pid));
    assert.notEqual(r.pid, process.pid);
  } finally {
    await client.close();
  }
});

test('processes: a worker that dies fails the run with E_WORKER_DIED and the pool recovers', async () => {
  const g: Graph = { bye: { fn: (() => process.exit(3)) as () => never, args: [] } };
  await assert.rejects(get(g, 'bye', { scheduler: 'processes', nWorkers: 1 }), { code: 'E_WORKER_DIED' });
  assert.equal(await get({ a: { fn: f('inc'), args: [1] } }, 'a', { scheduler: 'processes', nWorkers: 1 }), 2);
});
