/**
 * Client argument shapes as dask.distributed takes them (tester s23 try14x H1, H5): scatter of a
 * plain object gives an object of futures with the same keys (Dask: a dict gives a dict, a list a
 * list, anything else one future); map/cancel/asCompleted given something that is not futures or
 * lists are a coded E_FUTURE_ARGS naming the call, not a TypeError from inside ssdp. Debian has no
 * python3-distributed, so scatter's shapes follow distributed's Client.scatter documentation.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Future, shutdownDefaultPools } from '../../src/graph/index.js';
import { inc, add } from './fixtures/api.js';

after(() => shutdownDefaultPools());

for (const scheduler of ['sync', 'threads'] as const) {
  test(`${scheduler}: scatter of an object gives an object of futures, of an array an array, of a value one future`, async () => {
    const client = new Client({ scheduler, nWorkers: 2 });
    try {
      const sc = client.scatter({ x: 10, y: 20 });
      assert.deepEqual(Object.keys(sc), ['x', 'y']);
      assert.ok(sc.x instanceof Future && sc.y instanceof Future);
      assert.equal(await client.submit(inc, sc.x).result(), 11);
      assert.equal(await client.submit(add, sc.x, sc.y).result(), 30);
      assert.deepEqual(await client.gather(sc), { x: 10, y: 20 });
      const list = client.scatter([1, 2]);
      assert.ok(Array.isArray(list) && list.every((f) => f instanceof Future));
      const one = client.scatter(5);
      assert.ok(one instanceof Future);
      assert.equal(await client.submit(inc, one).result(), 6);
      // a class instance is one value, not spread into its fields
      const date = new Date(0);
      assert.ok(client.scatter(date) instanceof Future);
    } finally {
      await client.close();
    }
  });
}

test('client.map, cancel and asCompleted given no lists/futures are E_FUTURE_ARGS naming the call', async () => {
  const client = new Client({ scheduler: 'threads', nWorkers: 1 });
  const refused = (call: RegExp) => (e: Error & { code?: string; hint?: string }) => {
    assert.equal(e.code, 'E_FUTURE_ARGS', e.stack);
    assert.match(e.message, call);
    assert.ok(e.hint && e.hint.length > 0);
    return true;
  };
  try {
    assert.throws(() => client.map(inc, 5 as unknown as number[]), refused(/^client\.map: argument 2 must be a list \(or other iterable\) of inputs, got number/));
    assert.throws(() => client.map(inc, { a: 1 } as unknown as number[]), refused(/^client\.map: argument 2 must be a list.*got an Object/));
    assert.throws(() => client.map(add, [1], 'ab' as unknown as number[]), refused(/^client\.map: argument 3 must be a list/));
    assert.throws(() => client.map(5 as unknown as typeof inc, [1]), refused(/^client\.map: the first argument must be a function/));
    assert.throws(() => client.cancel(5 as unknown as Future), refused(/^client\.cancel: give a Future or a list of Futures, got number/));
    assert.throws(() => client.cancel([client.submit(inc, 1), 3] as unknown as Future[]), refused(/^client\.cancel: .*got a list holding number/));
    assert.throws(() => client.asCompleted(5 as unknown as Future[]), refused(/^client\.asCompleted: give a list \(or other iterable\) of Futures, got number/));
    // the right calls still work: a Set of futures, a generator of inputs
    const fs = client.map(inc, (function* () { yield 1; yield 2; })());
    const seen: number[] = [];
    for await (const f of client.asCompleted(new Set(fs))) seen.push((await f.result()) as number);
    assert.deepEqual(seen.sort(), [2, 3]);
    client.cancel(fs[0]!);
  } finally {
    await client.close();
  }
});
