/**
 * The scheduler's state transitions, driven directly (no executor), and the one loop driven by
 * an executor written here — the shape a remote executor (issue 11) will have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, fnRef, ref, get } from '../../src/graph/index.js';
import type { Graph } from '../../src/graph/index.js';
import { initState, takeBatch, batchOf, completeUnits, finished, canHandOver, release, READY, RUNNING, WAITING, DONE } from '../../src/graph/state.js';
import { runPlan, batchUnits, nextUnitMs } from '../../src/graph/scheduler.js';
import { runSteps, toExecStep } from '../../src/graph/exec.js';
import { loadShipped, type AnyFn } from '../../src/graph/functions.js';
import type { BatchRequest, BatchResult, ExecSession, Executor } from '../../src/graph/executor.js';
import type { RunHooks } from '../../src/graph/hooks.js';

const TASKS = new URL('./fixtures/tasks.js', import.meta.url).href;
const inc = fnRef(TASKS, 'inc');
const sumList = fnRef(TASKS, 'sumList');

/** a, b -> s = sum(a, b) -> t = inc(s); c = inc(a) is a second output. */
function diamond(): Graph {
  return {
    a: { value: 1 },
    b: { value: 2 },
    s: { fn: sumList, args: [[ref('a'), ref('b')]] },
    t: { fn: inc, args: [ref('s')] },
    c: { fn: inc, args: [ref('a')] },
  };
}

test('initState: units without dependencies are ready, the rest wait', () => {
  const plan = buildPlan(diamond(), ['t', 'c'], { fuse: false });
  const s = initState(plan);
  const u = (k: string) => plan.index.get(k)!;
  assert.equal(s.status[u('a')], READY);
  assert.equal(s.status[u('b')], READY);
  assert.equal(s.status[u('s')], WAITING);
  assert.equal(s.ready.size, 2);
  assert.equal(finished(s), false);
});

test('takeBatch takes ready units and the chain that becomes runnable inside the batch', () => {
  const plan = buildPlan(diamond(), ['t', 'c'], { fuse: false });
  const s = initState(plan);
  const u = (k: string) => plan.index.get(k)!;
  const batch = takeBatch(s, 3);
  const keys = batch.units.map((x) => plan.units[x]!.key);
  assert.ok(keys.includes('a') && keys.includes('b'), 'both ready units');
  assert.ok(keys.includes('s'), 's has both inputs in the batch');
  // a valid run order: every unit after its dependencies in the batch
  batch.units.forEach((x, i) => {
    for (const d of plan.units[x]!.deps) assert.ok(batch.units.indexOf(d) < i, `${plan.units[d]!.key} before ${keys[i]}`);
  });
  for (const x of batch.units) assert.equal(s.status[x], RUNNING);
  assert.equal(batch.inputs.length, 0);
  // results leave the batch only when needed outside it or wanted: a (for c), s (for t)
  const sent = batch.units.filter((_, i) => batch.send[i]).map((x) => plan.units[x]!.key);
  assert.ok(!sent.includes('b'), 'b is used only inside the batch');
  assert.ok(keys.includes('t'), 't follows s in the same batch (a chain stays in one worker)');
  // the worker keeps a result for the batch's own lookups only when a unit of the batch uses it
  batch.units.forEach((x, i) => {
    const usedInside = plan.units[x]!.dependents.some((d) => batch.units.includes(d));
    assert.equal(batch.drop[i], usedInside ? 0 : 1, `drop flag of ${keys[i]}`);
  });
  assert.equal(batch.drop[keys.indexOf('b')], 0, 'b is kept: s reads it');
  assert.equal(batch.drop[keys.indexOf('t')], 1, 't is only sent back');
});

test('completeUnits stores what is needed, releases what is not, and readies dependents', () => {
  const plan = buildPlan(diamond(), ['t', 'c'], { fuse: false });
  const s = initState(plan);
  const u = (k: string) => plan.index.get(k)!;
  completeUnits(s, [u('a'), u('b')], [1, 2], () => true);
  assert.equal(s.status[u('s')], READY);
  assert.equal(s.status[u('c')], READY);
  assert.equal(s.held, 2);
  completeUnits(s, [u('s')], [3], () => true);
  assert.equal(s.has[u('b')], 0, 'b released: s was its only user');
  assert.equal(s.has[u('a')], 1, 'a still needed by c');
  completeUnits(s, [u('c'), u('t')], [2, 4], () => true);
  assert.equal(s.has[u('a')], 0);
  assert.equal(s.has[u('s')], 0);
  assert.deepEqual([s.results[u('t')], s.results[u('c')]], [4, 2], 'outputs are kept');
  assert.equal(finished(s), true);
  assert.equal(s.peakHeld, 2);
  for (const x of plan.units.keys()) assert.equal(s.status[x], DONE);
  // a unit completed twice (a retried batch) counts once
  completeUnits(s, [u('t')], [99], () => true);
  assert.equal(s.results[u('t')], 4);
});

test('batchOf rebuilds what is left of a failed batch with its inputs', () => {
  const plan = buildPlan(diamond(), ['t'], { fuse: false });
  const s = initState(plan);
  const u = (k: string) => plan.index.get(k)!;
  completeUnits(s, [u('a'), u('b')], [1, 2], () => true);
  const rest = batchOf(s, [u('s'), u('t')]);
  assert.deepEqual(new Set(rest.inputs), new Set([u('a'), u('b')]));
  assert.deepEqual([...rest.send], [0, 1]);
  assert.deepEqual([...rest.drop], [0, 1], 's is kept for t; t is only sent back');
  // a later batch's membership marks do not leak into this one's
  const again = batchOf(s, [u('t')]);
  assert.deepEqual(again.inputs, [u('s')]);
  assert.deepEqual([...again.send], [1]);
});

/** `groups` sums of `size` loads each (the shape of stacked images reduced in groups). */
function groupsOf(groups: number, size: number): Graph {
  const g: Graph = {};
  for (let j = 0; j < groups; j++) {
    for (let i = 0; i < size; i++) g[`load-${j}-${i}`] = { fn: inc, args: [j * size + i] };
    g[`group-${j}`] = { fn: sumList, args: [Array.from({ length: size }, (_, i) => ref(`load-${j}-${i}`))] };
  }
  return g;
}

test('takeBatch takes a ready unit with the other inputs of the one task it feeds, and that task, while other workers still have groups of their own', () => {
  const g = groupsOf(3, 4);
  const plan = buildPlan(g, ['group-0', 'group-1', 'group-2'], { fuse: false });
  const s = initState(plan);
  const key = (x: number) => plan.units[x]!.key;
  // one unit asked for, two workers: the whole first group comes, loads and their sum
  const first = takeBatch(s, 1, 2);
  assert.deepEqual(first.units.map(key).sort(), ['group-0', 'load-0-0', 'load-0-1', 'load-0-2', 'load-0-3'].sort());
  assert.deepEqual(first.units.filter((_, i) => first.send[i]).map(key), ['group-0'], 'only the sum travels back: the loads stay in the worker');
  assert.equal(s.ready.size, 8);
  const second = takeBatch(s, 1, 2);
  assert.equal(second.units.map(key).filter((k) => k.startsWith('load-1-')).length, 4);
  assert.ok(second.units.map(key).includes('group-1'));
  // the last group: no other ready work would be left for the second worker, so it is not taken whole
  const third = takeBatch(s, 1, 2);
  assert.deepEqual(third.units.map(key), ['load-2-0']);
  assert.equal(s.ready.size, 3, 'the rest stays ready for the other worker');
  const order = [...third.units];
  while (s.ready.size > 0) order.push(...takeBatch(s, 1, 2).units);
  assert.deepEqual(order.map(key).sort(), ['load-2-0', 'load-2-1', 'load-2-2', 'load-2-3'].sort());
});

test('canHandOver: an input goes by transfer only to its last user, and only if no other result shares its buffer', () => {
  const g: Graph = { m: { value: 0 }, f: { fn: inc, args: [ref('m')] }, g: { fn: inc, args: [ref('m')] } };
  const plan = buildPlan(g, ['f', 'g'], { fuse: false });
  const u = (k: string) => plan.index.get(k)!;
  const buf = new Float64Array(4);
  let s = initState(plan, { trackBuffers: true });
  completeUnits(s, [u('m')], [buf], () => true);
  assert.equal(canHandOver(s, u('m'), new Set([u('f')]), [buf.buffer]), false, 'g still needs m');
  assert.equal(canHandOver(s, u('m'), new Set([u('f'), u('g')]), [buf.buffer]), true);
  // f returned m itself: m's buffer is now held twice
  s = initState(plan, { trackBuffers: true });
  completeUnits(s, [u('m'), u('f')], [buf, buf], () => true);
  assert.equal(canHandOver(s, u('m'), new Set([u('g')]), [buf.buffer]), false, 'f holds the same buffer');
  // a view of part of the buffer counts too
  s = initState(plan, { trackBuffers: true });
  completeUnits(s, [u('m'), u('f')], [buf, { view: buf.subarray(1) }], () => true);
  assert.equal(canHandOver(s, u('m'), new Set([u('g')]), [buf.buffer]), false);
  release(s, u('f'));
  assert.equal(canHandOver(s, u('m'), new Set([u('g')]), [buf.buffer]), true, 'after f is forgotten, m is the sole owner');
  // without tracking (processes, sync) nothing is handed over
  s = initState(plan);
  completeUnits(s, [u('m')], [buf], () => true);
  assert.equal(canHandOver(s, u('m'), new Set([u('f'), u('g')]), [buf.buffer]), false);
});

/**
 * An executor that runs each batch on a later turn of the event loop, one batch per "worker",
 * and records what it was given: the loop needs nothing else from an executor.
 */
function recordingExecutor(width: number, seen: BatchRequest[]): Executor {
  return {
    name: 'threads',
    async open(plan, hooks: RunHooks): Promise<ExecSession> {
      const fns = new Map<unknown, AnyFn>();
      for (const unit of plan.units) for (const st of unit.steps) if ('fn' in st.node && !fns.has(st.node.fn)) fns.set(st.node.fn, await loadShipped(st.node.fn as never));
      let busy = 0;
      return {
        width,
        transfers: false,
        freeSlots: () => width - busy,
        async submit(req): Promise<BatchResult> {
          seen.push(req);
          busy++;
          await new Promise((r) => setImmediate(r));
          busy--;
          const vals = new Map<string, unknown>(req.inputs.map((x, i) => [plan.units[x]!.key, req.inputValues[i]]));
          const values = req.units.map((x) => {
            const unit = plan.units[x]!;
            const v = runSteps(unit.steps.map((st) => toExecStep(st.key, st.node, (f) => fns.get(f)!)), (k) => vals.get(k), undefined, hooks.timing);
            vals.set(unit.key, v);
            return v;
          });
          return { done: req.units, values, ms: 0.01 };
        },
        finalize: async () => {},
        close: () => {},
        stats: () => ({ batches: seen.length, peakWorkerHeapBytes: 0, nWorkers: width }),
      };
    },
  };
}

test('the one loop runs a plan on any executor that answers submit(batch)', async () => {
  const g: Graph = {};
  const leaves = Array.from({ length: 200 }, (_, i) => {
    g[`x-${i}`] = { fn: inc, args: [i] };
    return ref(`x-${i}`);
  });
  g.total = { fn: sumList, args: [leaves] };
  const plan = buildPlan(g, 'total');
  const seen: BatchRequest[] = [];
  const hooks: RunHooks = { retries: 0, progress: () => {}, cancelled: () => false, cancel: () => {}, cancelError: () => new Error('x') as never };
  const { results, stats } = await runPlan(plan, recordingExecutor(2, seen), hooks);
  assert.equal(results[plan.index.get('total')!], (200 * 201) / 2);
  assert.equal(stats.batches, seen.length);
  assert.ok(seen.length > 1 && seen.length < 200, `${seen.length} batches: tiny tasks are grouped`);
  assert.equal(await get(g, 'total', { scheduler: 'sync' }), (200 * 201) / 2, 'the sync executor agrees');
});

test('batch size climbs to full batches within a few round trips after a cold first unit, and a slow batch shrinks it only by degrees', () => {
  // A fresh worker's first unit takes ~0.6 ms (cold code); warm, a tiny task takes 0.5 us plus
  // ~20 us per batch. The even-handed average needed 21 batches to reach full size (issue 14).
  let avg = nextUnitMs(undefined, 0.6);
  assert.equal(batchUnits(undefined), 1);
  let size = batchUnits(avg);
  let trips = 0;
  while (size < 2000 && trips < 50) {
    avg = nextUnitMs(avg, 0.0005 + 0.02 / size);
    size = batchUnits(avg);
    trips++;
  }
  assert.equal(size, 2000);
  assert.ok(trips <= 6, `full batches after ${trips} round trips`);
  // one batch 100x slower (a GC pause): the next batch is smaller, but not 100x smaller
  const after = batchUnits(nextUnitMs(avg, 0.1));
  assert.ok(after < 2000 && after >= 20, `size after a slow batch: ${after}`);
  // tasks that really are slow bring the size down to one unit
  for (let i = 0; i < 20; i++) avg = nextUnitMs(avg, 5);
  assert.equal(batchUnits(avg), 1);
});
