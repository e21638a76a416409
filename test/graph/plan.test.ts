import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, cull, getWithSummary, ref, lit, dependenciesOf, fnRef, get } from '../../src/graph/index.js';
import { substitute } from '../../src/graph/graph.js';
import type { Graph } from '../../src/graph/index.js';

const TASKS = new URL('./fixtures/tasks.js', import.meta.url).href;
const inc = fnRef(TASKS, 'inc');
const pair = fnRef(TASKS, 'pair');
const sumList = fnRef(TASKS, 'sumList');

test('references are found and substituted inside nested arrays and plain objects', () => {
  const node = { fn: sumList, args: [[ref('a'), { x: ref('b'), y: [1, ref('a')] }, lit({ $ref: 'not-a-key' })]] };
  assert.deepEqual(dependenciesOf(node), ['a', 'b']);
  const vals: Record<string, number> = { a: 1, b: 2 };
  const out = substitute(node.args, (k) => vals[k]);
  assert.deepEqual(out, [[1, { x: 2, y: [1, 1] }, { $ref: 'not-a-key' }]]);
});

test('cull keeps exactly what the wanted keys depend on', () => {
  const g: Graph = { a: { value: 1 }, b: { fn: inc, args: [ref('a')] }, c: { fn: inc, args: [ref('b')] }, unused: { fn: inc, args: [ref('a')] } };
  assert.deepEqual(Object.keys(cull(g, 'c')).sort(), ['a', 'b', 'c']);
  assert.deepEqual(Object.keys(cull(g, ['b'])).sort(), ['a', 'b']);
  assert.throws(() => cull(g, 'nope'), { code: 'E_GRAPH_MISSING_KEY' });
  assert.throws(() => buildPlan({ x: { fn: inc, args: [ref('gone')] } }, 'x'), { code: 'E_GRAPH_MISSING_KEY', message: /x refers to key gone/ });
});

function chain(n: number): Graph {
  const g: Graph = { 'c-0': { value: 0 } };
  for (let i = 1; i < n; i++) g[`c-${i}`] = { fn: inc, args: [ref(`c-${i - 1}`)] };
  return g;
}

test('linear chains fuse into one unit; branching points and wanted keys stay separate', async () => {
  const p = buildPlan(chain(50), 'c-49');
  assert.equal(p.units.length, 1);
  assert.equal(p.units[0]!.steps.length, 50);
  assert.equal(p.units[0]!.key, 'c-49');
  assert.equal(buildPlan(chain(50), 'c-49', { fuse: false }).units.length, 50);
  // wanting an intermediate key keeps it as a unit boundary
  const p2 = buildPlan(chain(50), ['c-49', 'c-20']);
  assert.equal(p2.units.length, 2);
  // a diamond does not fuse across the fork or the join
  const d: Graph = { a: { value: 1 }, b: { fn: inc, args: [ref('a')] }, c: { fn: inc, args: [ref('a')] }, e: { fn: pair, args: [ref('b'), ref('c')] } };
  assert.equal(buildPlan(d, 'e').units.length, 4);
  assert.equal(await get(chain(50), 'c-49', { scheduler: 'sync' }), 49);
  assert.deepEqual(await get(chain(50), ['c-49', 'c-20'], { scheduler: 'threads', nWorkers: 2 }), [49, 20]);
});

test('a cycle is reported, not looped on', () => {
  const g: Graph = { a: { fn: inc, args: [ref('b')] }, b: { fn: inc, args: [ref('a')] } };
  assert.throws(() => buildPlan(g, 'a'), { code: 'E_GRAPH_CYCLE' });
});

test('the larger subtree is walked first: a lone partial fused into its combine waits (issue 14 C)', async () => {
  // The radar statistics' shape at 72 frames: four partials of 16 frames under one combine, and
  // the 8 frames left over in a fifth partial, which is its combine's only input (fused with it).
  // By direct dependencies the fused lone unit (8) outranked the full combine (4) and its result
  // was held while the 64 other frames were read; by subtree size the full combine goes first.
  const leaf = fnRef(TASKS, 'leaf');
  const g: Graph = {};
  const partials: string[] = [];
  for (let p = 0; p < 5; p++) {
    const frames: string[] = [];
    for (let i = p * 16; i < Math.min(72, (p + 1) * 16); i++) {
      g[`frame-${i}`] = { fn: leaf, args: [i] };
      frames.push(`frame-${i}`);
    }
    g[`partial-${p}`] = { fn: sumList, args: [frames.map(ref)] };
    partials.push(`partial-${p}`);
  }
  g['combine-0'] = { fn: sumList, args: [partials.slice(0, 4).map(ref)] };
  g['combine-1'] = { fn: sumList, args: [[ref('partial-4')]] };
  g['root'] = { fn: sumList, args: [[ref('combine-0'), ref('combine-1')]] };
  const p = buildPlan(g, 'root');
  const pos = (k: string): number => p.order.indexOf(p.index.get(k)!);
  assert.equal(p.index.get('partial-4'), undefined, 'the lone partial is fused into its combine');
  assert.ok(pos('combine-0') < pos('frame-64'), 'the combine of 64 frames is done before the lone partial starts');
  // results held when the units run one at a time in this order (a result is freed once its
  // last dependent ran): the 16 frames of a partial and the 3 partials before it; before, also
  // the lone combine's result (20)
  const left = p.units.map((u) => u.dependents.length);
  let held = 0;
  let peak = 0;
  for (const u of p.order) {
    for (const d of p.units[u]!.deps) if (--left[d]! === 0) held--;
    peak = Math.max(peak, ++held);
  }
  assert.equal(peak, 19);
  assert.equal((await getWithSummary(g, 'root', { scheduler: 'sync' })).results, (71 * 72) / 2);
});

/** A binary tree reduction over `n` leaves. */
function tree(n: number): { g: Graph; root: string } {
  const g: Graph = {};
  let level: string[] = [];
  for (let i = 0; i < n; i++) {
    g[`leaf-${i}`] = { fn: fnRef(TASKS, 'leaf'), args: [i] };
    level.push(`leaf-${i}`);
  }
  let depth = 0;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const k = `pair-${depth}-${i}`;
      g[k] = { fn: pair, args: [ref(level[i]!), ref(level[i + 1]!)] };
      next.push(k);
    }
    level = next;
    depth++;
  }
  return { g, root: level[0]! };
}

test('order is topological and releases intermediates early: a wide reduction holds few results', async () => {
  const { g, root } = tree(1024);
  const p = buildPlan(g, root, { fuse: false });
  const pos = new Int32Array(p.units.length);
  p.order.forEach((u, i) => (pos[u] = i));
  for (let u = 0; u < p.units.length; u++) for (const d of p.units[u]!.deps) assert.ok(pos[d]! < pos[u]!, 'dependency runs first');
  const expected = (1023 * 1024) / 2;
  const sync = await getWithSummary(g, root, { scheduler: 'sync' });
  assert.equal(sync.results, expected);
  // depth-first: about one pending result per tree level (log2 1024 = 10), not 512 as level by level
  assert.ok(sync.summary.peakHeldResults <= 12, `sync held ${sync.summary.peakHeldResults}`);
  const threads = await getWithSummary(g, root, { scheduler: 'threads', nWorkers: 2 });
  assert.equal(threads.results, expected);
  assert.ok(threads.summary.peakHeldResults <= 64, `threads held ${threads.summary.peakHeldResults}`);
});
