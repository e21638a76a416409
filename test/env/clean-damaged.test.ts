// Tester break CL1 (s11 try8): `ssdp clean` dropped the store entries of an env that env list
// shows as damaged, so the repair its error recommends (create --force) needed the network.
// A damaged env now keeps alive what its lock.json names when that still reads, and any store
// entry its files are hardlinks of when it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('CL1: clean keeps the packages of a damaged env (history a file; env.json and lock.json unreadable); create --force --offline repairs it', async () => {
  const ctx = await setup([pkg('a', '1.0.0', { dependencies: { b: '^1.0.0' } }), pkg('b', '1.0.0'), pkg('gone', '1.0.0')]);
  try {
    for (const [name, damage] of [
      ['h', (p: string) => {
        rmSync(join(p, 'ssdp-meta', 'history'), { recursive: true });
        writeFileSync(join(p, 'ssdp-meta', 'history'), 'x');
      }],
      ['j', (p: string) => {
        writeFileSync(join(p, 'ssdp-meta', 'env.json'), '{bad');
        writeFileSync(join(p, 'ssdp-meta', 'lock.json'), '{bad');
      }],
    ] as const) {
      let r = await ctx.cli(['create', '-n', name, 'a', '-q']);
      assert.equal(r.status, 0, r.stderr);
      // Something clean must still drop, to show it ran.
      r = await ctx.cli(['create', '-n', 'tmp', 'gone', '-q']);
      assert.equal(r.status, 0, r.stderr);
      r = await ctx.cli(['env', 'remove', '-n', 'tmp', '-q']);
      assert.equal(r.status, 0, r.stderr);
      damage(join(ctx.root, 'envs', name));
      r = await ctx.cli(['env', 'list']);
      assert.match(r.stdout + r.stderr, new RegExp(`${name}.*damaged`));
      r = await ctx.cli(['clean', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const removed = (JSON.parse(r.stdout) as { removed: Array<{ name: string }> }).removed.map((x) => x.name).sort();
      assert.deepEqual(removed, ['gone'], `${name}: clean dropped a damaged env's packages`);
      r = await ctx.cli(['create', '-n', name, '--force', 'a', '--offline', '-q']);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      r = await ctx.cli(['run', '-n', name, '--', 'node', '-p', 'require("a")']);
      assert.equal(r.stdout.trim(), 'a@1.0.0');
      r = await ctx.cli(['env', 'remove', '-n', name, '-q']);
      assert.equal(r.status, 0, r.stderr);
    }
  } finally {
    await ctx.close();
  }
});
