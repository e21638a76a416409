/**
 * Small things from the session-16 tester's report (/work/briefs/s16/breaks/try8h.md): S6 (`ssdp
 * export`, a command the README lists by its short name, had no did-you-mean `ssdp env export`),
 * S5 (`update --all gamma` was accepted and said "Nothing to change").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';

test('S6: a group command typed without its group points at it', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const r = await ctx.cli(['export', '-n', 'e1']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /ssdp has no command 'export'; did you mean ssdp env export\? Nothing was done\./);
  } finally {
    await ctx.close();
  }
});

test('S5: update --all with package names is refused before anything happens', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'e1', 'alpha', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const lock = join(ctx.root, 'envs', 'e1', 'ssdp-meta', 'lock.json');
    const before = readFileSync(lock, 'utf8');
    r = await ctx.cli(['update', '-n', 'e1', '--all', 'gamma']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /E_BAD_ARGS\]: --all updates every package, so it takes no package names \(got gamma\)\. Nothing was done\./);
    assert.equal(readFileSync(lock, 'utf8'), before);
    r = await ctx.cli(['update', '-n', 'e1', '--all']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});
