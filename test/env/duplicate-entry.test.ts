/**
 * One package asked for twice with different versions (tester s11 try8 SP1): the error names where
 * each entry was written (FILE:LINE:COL in a spec file, the argument on the command line), so the
 * user can find both, and nothing is created.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('SP1: a package listed twice with different versions names both entries, in a spec file and on the command line', async () => {
  const ctx = await setup([pkg('left-pad', '1.1.0'), pkg('left-pad', '1.3.0')]);
  try {
    const file = ctx.spec('twice.yaml', 'name: twice\ndependencies:\n  - left-pad\n  - left-pad@1.1.0\n');
    const r = await ctx.cli(['env', 'create', '-f', file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BAD_SPEC/);
    assert.ok(r.stderr.includes(`${file}:3:5 (left-pad)`), r.stderr);
    assert.ok(r.stderr.includes(`${file}:4:5 (left-pad@1.1.0)`), r.stderr);
    assert.match(r.stderr, /nothing was changed\.\n/);
    assert.match(r.stderr, /hint: Keep one entry for left-pad\./);
    assert.equal(existsSync(join(ctx.root, 'envs', 'twice')), false);

    const a = await ctx.cli(['create', '-n', 'args', 'left-pad@1.3.0', 'left-pad@1.1.0']);
    assert.equal(a.status, 1, a.stderr);
    assert.ok(a.stderr.includes(`the argument 'left-pad@1.3.0' and the argument 'left-pad@1.1.0'`), a.stderr);
    assert.equal(existsSync(join(ctx.root, 'envs', 'args')), false);
  } finally {
    await ctx.close();
  }
});
