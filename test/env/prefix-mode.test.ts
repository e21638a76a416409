/**
 * Break PM1 of the issue-8 re-test (s12 try8d): every change rebuilt the env folder with mode 755
 * and the owner and group of whoever ran it, so an env made private (chmod 750) or shared with a
 * group (chgrp, g+s) was opened up or lost its group at the next install. The new revision's
 * folder now takes the old one's mode, owner and group.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('PM1: install, remove and create --force keep the env folder\'s mode (set-gid too), owner and group', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0')]);
  try {
    const E = join(ctx.dir, 'E');
    let r = await ctx.cli(['create', '-p', E, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const root = process.getuid?.() === 0;
    if (root) chownSync(E, 1234, 2345);
    chmodSync(E, 0o2750);
    const before = statSync(E);
    assert.equal(before.mode & 0o7777, 0o2750);
    const same = (what: string) => {
      const st = statSync(E);
      assert.equal((st.mode & 0o7777).toString(8), '2750', what);
      assert.deepEqual([st.uid, st.gid], [before.uid, before.gid], what);
    };
    r = await ctx.cli(['install', '-p', E, 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    same('install');
    r = await ctx.cli(['remove', '-p', E, 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    same('remove');
    chmodSync(E, 0o500); // not even writable by its owner: kept so as well
    r = await ctx.cli(['create', '-p', E, '--force', 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((statSync(E).mode & 0o7777).toString(8), '500');
    chmodSync(E, 0o755);
  } finally {
    await ctx.close();
  }
});
