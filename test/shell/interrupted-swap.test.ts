/**
 * Break S1 of the s13 issue-8 tester (try8e): after a change killed between its two swap renames,
 * `ssdp activate x` said "there is no env named 'x'" while the env sat whole in
 * ROOT/envs/.x.ssdp-trash-HEX, so a user would create it again. Activation now names that folder
 * and the command that finishes the change; after it, activation works.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';

test('S1: activate of an env left between the two renames of a killed change names the folder and the repair; after it, activation works', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-n', 'x', 'alpha', '-q'])).status, 0);
    const trash = join(ctx.root, 'envs', '.x.ssdp-trash-3e5d299e9358');
    renameSync(join(ctx.root, 'envs', 'x'), trash); // where the killed swap leaves it
    let r = await ctx.cli(['shell', 'activate', 'bash', 'x']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_ENV_NOT_FOUND\]: the env named 'x' .* was left between the two renames of a change by an ssdp process that was killed; it is whole in .*\.x\.ssdp-trash-3e5d299e9358/);
    assert.match(r.stderr, /hint: Run ssdp list -n x once/);
    r = await ctx.cli(['list', '-n', 'x']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['shell', 'activate', 'bash', 'x']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /envs\/x\/bin/);
    // No leftover: an env that is simply absent is still "no env".
    r = await ctx.cli(['shell', 'activate', 'bash', 'nothere']);
    assert.match(r.stderr, /there is no env named 'nothere'/);
  } finally {
    await ctx.close();
  }
});
