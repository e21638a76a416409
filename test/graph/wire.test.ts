/**
 * A batch's units travel to workers as columns (typed arrays, one string of keys, one flat array
 * of arguments), not as an object per unit and step: read back after a structured clone, every
 * unit has its own keys, function ids, arguments and values, in order, whatever the keys hold.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { packKeys, unpackKeys, readUnits, UnitColumnsBuilder } from '../../src/graph/wire.js';
import { get, fnRef, shutdownDefaultPools, type Graph } from '../../src/graph/index.js';

after(() => shutdownDefaultPools());

const ODD_KEYS = ['', 'a', 'inc-0123abcd', 'with\u0000nul', 'line\nbreak', 'é😀', 'x'.repeat(5000), ''];

test('keys packed into one string come back one by one, whatever characters they hold', () => {
  const packed = structuredClone(packKeys(ODD_KEYS));
  assert.equal(typeof packed.s, 'string');
  assert.deepEqual(unpackKeys(packed), ODD_KEYS);
  assert.deepEqual(unpackKeys(packKeys([])), []);
});

test('unit columns give back each unit: one-step calls, fused chains, value steps, zero-argument calls', () => {
  const big = new Float64Array([1, 2, 3]);
  const b = new UnitColumnsBuilder(4, 1); // a low step guess: the columns grow
  b.unit(7, 1);
  b.call('inc-1', 0, [1]);
  b.unit(3, 0);
  b.value('data-x', { nested: [big] });
  b.call('mul-2', 2, [{ $ref: 'data-x' }, 10, 'text']);
  b.call('neg-3', 1, [{ $ref: 'mul-2' }]);
  b.unit(9, 1);
  b.call('now-4', 3, []);
  b.unit(11, 1);
  b.value('undefined-5', undefined);
  const cols = structuredClone(b.finish());
  assert.ok(cols.n, 'a unit of several steps: step counts travel');
  const units = readUnits(cols);
  assert.deepEqual(units, [
    { u: 7, s: 1, keys: ['inc-1'], fns: [0], args: [[1]] },
    { u: 3, s: 0, keys: ['data-x', 'mul-2', 'neg-3'], fns: [-1, 2, 1], args: [{ nested: [big] }, [{ $ref: 'data-x' }, 10, 'text'], [{ $ref: 'mul-2' }]] },
    { u: 9, s: 1, keys: ['now-4'], fns: [3], args: [[]] },
    { u: 11, s: 1, keys: ['undefined-5'], fns: [-1], args: [undefined] },
  ]);
});

test('unit columns of one-step units carry no step counts', () => {
  const b = new UnitColumnsBuilder(3);
  for (let u = 0; u < 3; u++) {
    b.unit(u, u % 2);
    b.call(`k-${u}`, 0, [u, u]);
  }
  const cols = b.finish();
  assert.equal(cols.n, undefined);
  assert.deepEqual(
    readUnits(structuredClone(cols)).map((x) => [x.u, x.s, x.keys[0], x.args[0]]),
    [
      [0, 0, 'k-0', [0, 0]],
      [1, 1, 'k-1', [1, 1]],
      [2, 0, 'k-2', [2, 2]],
    ],
  );
});

test('a long list made only of references travels as packed keys and comes back as references', () => {
  const refs = Array.from({ length: 40 }, (_, i) => ({ $ref: `part-${i}` }));
  const mixed = [...refs.slice(0, 20), 7];
  const nullProto = Object.assign(Object.create(null) as object, { $ref: 'odd\u0000key' });
  const b = new UnitColumnsBuilder(1);
  b.unit(0, 1);
  b.call('sum-1', 0, [refs, mixed, refs.slice(0, 3), [...refs.slice(0, 19), nullProto], 'x']);
  const cols = b.finish();
  assert.deepEqual([...cols.r!], [0, 3], 'the lists of references only, and long enough');
  assert.equal(typeof (cols.a[0] as { s: unknown }).s, 'string');
  const [unit] = readUnits(structuredClone(cols));
  assert.deepEqual(unit!.args[0], [refs, mixed, refs.slice(0, 3), [...refs.slice(0, 19), { $ref: 'odd\u0000key' }], 'x']);
});

test('a long list of references to the batch inputs travels as their indices: no keys, filled from the input values', () => {
  const refs = Array.from({ length: 20 }, (_, i) => ({ $ref: `part-${i}` }));
  const inputKeys = refs.map((r) => r.$ref).reverse(); // inputs in another order than the list
  const inputOf = (k: string): number => inputKeys.indexOf(k);
  const b = new UnitColumnsBuilder(1);
  b.unit(0, 1);
  b.call('sum-1', 0, [refs, [...refs, refs[3]!], 'x', 4], inputOf);
  assert.equal(b.refersByKey, false, 'only lists of input indices and plain values: no lookup by key');
  const cols = structuredClone(b.finish());
  assert.deepEqual([...cols.p!], [0, 1]);
  assert.equal(cols.r, undefined);
  assert.deepEqual([...(cols.a[0] as { i: Int32Array }).i], refs.map((_, i) => 19 - i));
  const values = inputKeys.map((k) => ({ $ref: 'looks-like-a-reference', from: k }));
  const [unit] = readUnits(cols, values);
  const want = refs.map((r) => values[inputOf(r.$ref)]);
  assert.deepEqual(unit!.args[0], [{ $lit: want }, { $lit: [...want, want[3]] }, 'x', 4], 'results as literals: never searched for references');

  // one reference that is no input (a unit of the same batch): the list travels as keys
  const mixed = new UnitColumnsBuilder(1);
  mixed.unit(0, 1);
  mixed.call('sum-2', 0, [[...refs, { $ref: 'in-batch' }]], inputOf);
  assert.equal(mixed.refersByKey, true);
  const c2 = mixed.finish();
  assert.equal(c2.p, undefined);
  assert.deepEqual([...c2.r!], [0]);
  const other = new UnitColumnsBuilder(1);
  other.unit(0, 1);
  other.call('f-3', 0, [{ a: 1 }], inputOf);
  assert.equal(other.refersByKey, true, 'an object argument may hold a reference');
});

test('a long list of results of every kind reaches the task as it does on the sync scheduler', async () => {
  const tasks = new URL('./fixtures/tasks.js', import.meta.url).href;
  const graph: Graph = {};
  const list: { $ref: string }[] = [];
  for (let i = 0; i < 12; i++) {
    graph[`p-${i}`] = { fn: fnRef(tasks, 'point'), args: [i, 1] };
    graph[`a-${i}`] = { fn: fnRef(tasks, 'makeArray'), args: [8, i] };
    graph[`v-${i}`] = { fn: fnRef(tasks, 'firstHalf'), args: [{ $ref: `a-${i}` }] };
    graph[`o-${i}`] = { fn: fnRef(tasks, 'same'), args: [{ $lit: { $ref: `p-${i}` } }] };
    graph[`n-${i}`] = { fn: fnRef(tasks, 'inc'), args: [i] };
    list.push({ $ref: `p-${i}` }, { $ref: `v-${i}` }, { $ref: `o-${i}` }, { $ref: `n-${i}` }, { $ref: `n-${i}` });
  }
  graph.all = { fn: fnRef(tasks, 'describeAll'), args: [list] };
  const want = (await get(graph, 'all', { scheduler: 'sync' })) as string[];
  assert.equal(want.length, 60);
  assert.equal(want[0], 'Point {"x":0,"y":1}');
  assert.equal(want[1], 'Float64Array 4/64');
  assert.equal(want[2], 'Object {"$ref":"p-0"}');
  // a view that reached a worker owns exactly its bytes (wire.ts ownBuffers): 4 of 8 numbers
  const onWorkers = want.map((d) => d.replace('4/64', '4/32'));
  for (const scheduler of ['threads', 'processes'] as const) assert.deepEqual(await get(graph, 'all', { scheduler, nWorkers: 2 }), onWorkers, scheduler);
});

test('a graph of fused chains, values, odd keys and a long list of references gives the same results on every scheduler', async () => {
  const tasks = new URL('./fixtures/tasks.js', import.meta.url).href;
  const inc = fnRef(tasks, 'inc');
  const graph: Graph = {
    'with\u0000nul': { value: 2 },
    'é😀': { fn: inc, args: [{ $ref: 'with\u0000nul' }] },
    '': { fn: inc, args: [{ $ref: 'é😀' }] },
    chain: { fn: inc, args: [{ $ref: '' }] },
    other: { fn: fnRef(tasks, 'double'), args: [{ $ref: 'with\u0000nul' }] },
    total: { fn: fnRef(tasks, 'sumList'), args: [[{ $ref: 'chain' }, { $ref: 'other' }, 0.5]] },
  };
  for (let i = 0; i < 30; i++) graph[`part-${i}`] = { fn: inc, args: [i] };
  graph.parts = { fn: fnRef(tasks, 'sumList'), args: [Array.from({ length: 30 }, (_, i) => ({ $ref: `part-${i}` }))] };
  const keys = ['total', 'é😀', 'parts'];
  const want = await get(graph, keys, { scheduler: 'sync' });
  assert.deepEqual(want, [9.5, 3, 465]);
  for (const scheduler of ['threads', 'processes'] as const) assert.deepEqual(await get(graph, keys, { scheduler, nWorkers: 2 }), want, scheduler);
});
