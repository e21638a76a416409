/**
 * Issue-8 leftovers from the session-13 tester's report (/work/briefs/s13/breaks/try8e.md) and
 * the fixers' notes, each shown failing before its fix: L1 (a note of the user's in
 * PREFIX/ssdp-meta/ was deleted by the next change).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

const PACKAGES = [pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')];

test('L1: a file and a folder of the user\'s in ssdp-meta/ survive the next changes (named env and -p env)', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const p = join(ctx.dir, 'pz', 'env');
    for (const [where, args] of [[join(ctx.root, 'envs', 'act'), ['-n', 'act']], [p, ['-p', p]]] as const) {
      const made = await ctx.cli(['create', ...args, 'alpha', '-q']);
      assert.equal(made.status, 0, made.stderr);
      writeFileSync(join(where, 'ssdp-meta', 'mynote.txt'), 'note\n');
      mkdirSync(join(where, 'ssdp-meta', 'notes'));
      writeFileSync(join(where, 'ssdp-meta', 'notes', 'a.txt'), 'a\n');
      for (const change of [['install', ...args, 'gamma', '-q'], ['remove', ...args, 'alpha', '-q']]) {
        const r = await ctx.cli(change);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(where, 'ssdp-meta', 'mynote.txt'), 'utf8'), 'note\n', `${change.join(' ')}: mynote.txt kept`);
        assert.equal(readFileSync(join(where, 'ssdp-meta', 'notes', 'a.txt'), 'utf8'), 'a\n', `${change.join(' ')}: notes/a.txt kept`);
      }
      const listed = await ctx.cli(['list', ...args, '--json']);
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /gamma/);
    }
  } finally {
    await ctx.close();
  }
});
