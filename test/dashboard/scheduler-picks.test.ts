/**
 * Rechunk's picks (a piece taken out of a split block) run in the scheduler itself, not in a
 * worker batch (2470d6c, state.ts pickReady). The dashboard must still see them run and finish, as
 * it sees every other batch: before, their kind stayed "0 done" of its total in the live view and
 * in the performance report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { Client } from '../../src/graph/index.js';
import { array } from '../../src/index.js';
import type { DashState } from '../../src/dashboard/index.js';

for (const scheduler of ['sync', 'threads'] as const) {
  test(`${scheduler}: the scheduler's picks of a rechunk are reported as done batches, so every kind ends all done`, async () => {
    const client = new Client({ scheduler, nWorkers: 2, dashboard: { serve: false } });
    const file = join(tempDir('ssdp-picks-'), 'report.html');
    try {
      const rows = array.random.rand({ shape: [40, 40], chunks: [4, 40], seed: 1 });
      const got = await client.compute(rows.rechunk([40, 4]).sum({ axis: 0 }));
      assert.equal((got as unknown[]).length, 1);
      await client.performanceReport(file);
    } finally {
      await client.close();
    }
    const state = JSON.parse(/var SSDP_DATA = (.*);<\/script>/.exec(readFileSync(file, 'utf8'))![1]!) as DashState;
    const kinds = Object.entries(state.kinds);
    assert.ok(kinds.length >= 3, JSON.stringify(state.kinds));
    // the pieces are keyed like their split (`<split>-<block>-<i>`): one kind holds splits and picks
    assert.ok(kinds.some(([name]) => /split/.test(name)), kinds.map(([n]) => n).join(', '));
    for (const [name, k] of kinds) {
      assert.equal(k.done, k.total, `${name}: ${JSON.stringify(k)}`);
      assert.equal(k.running, 0, name);
    }
  });
}
