/**
 * Sparse arrays are walked by the elements they own (util/own-elements): weighing a task's
 * arguments (distributed/big-args) and substituting results (graph substitute) walked
 * `a = []; a[1e9] = 1` index by index, 1e9 steps. A prototype that counts its lookups shows how
 * many holes a walk visited: a hole read falls through to the prototype, an own element does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { substitute } from '../../src/graph/graph.js';
import { ref } from '../../src/graph/index.js';
import { BigArgs } from '../../src/distributed/big-args.js';
import { BlobStore } from '../../src/distributed/codec.js';
import { mapOwnElements } from '../../src/util/own-elements.js';

/** A sparse array of `length` holding `own` (index -> value), whose hole lookups are counted. */
function sparse(length: number, own: Record<number, unknown>): { a: unknown[]; holeLookups: () => number } {
  let lookups = 0;
  const proto = new Proxy(Array.prototype, {
    get: (t, k, r) => (typeof k === 'string' && /^\d+$/.test(k) ? (lookups++, undefined) : Reflect.get(t, k, r)),
    has: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) ? (lookups++, false) : Reflect.has(t, k)),
  });
  const a: unknown[] = [];
  for (const [i, v] of Object.entries(own)) a[Number(i)] = v;
  a.length = length;
  Object.setPrototypeOf(a, proto);
  return { a, holeLookups: () => lookups };
}

test('substitute walks a sparse array by its own elements and keeps its holes', () => {
  const { a, holeLookups } = sparse(3_000_000, { 0: ref('x'), 2: 'two', 2_999_999: ref('x') });
  const out = substitute(a, (k) => (k === 'x' ? 42 : undefined)) as unknown[];
  assert.ok(holeLookups() <= 10, `${holeLookups()} hole lookups`);
  assert.equal(out.length, 3_000_000);
  assert.deepEqual(Object.keys(out), ['0', '2', '2999999']);
  assert.deepEqual([out[0], out[2], out[2_999_999]], [42, 'two', 42]);
  assert.equal(1 in out, false, 'a hole stays a hole (it became undefined)');
  // unchanged: the same array back
  const plain = [1, , 3];
  assert.equal(mapOwnElements(plain, (v) => v), plain);
});

test('a big sparse plain array argument is weighed by its own elements: it stays in the batch, unwalked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssdp-own-'));
  try {
    const { a, holeLookups } = sparse(3_000_001, { 3_000_000: 1 });
    // blobs go to the shared folder (f: ids), so no broker connection is used
    const big = new BigArgs(new BlobStore(undefined as never, 'run', dir));
    const steps = big.steps([{ k: 's', f: 0, a: [a] } as never]);
    assert.equal(steps[0]!.a![0], a, 'one number: not set apart');
    assert.deepEqual(big.keys, []);
    assert.ok(holeLookups() <= 10, `${holeLookups()} hole lookups`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
