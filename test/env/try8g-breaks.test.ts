/**
 * Issue-8 breaks from the session-15 tester's report (/work/briefs/s15/breaks/try8g.md), each
 * shown failing before its fix. G4: a user's in-place edit of a package file in one env (the
 * store's inode, shared by every env) was thrown away when a change of ANOTHER env, or
 * clean --verify, repaired the store and relinked the envs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

const REL = 'lib/node_modules/alpha/index.js';
const CLEAN = 'module.exports = "alpha@1.0.0";\n';
const EDIT = 'console.log("my debug line")\n';

/** Every file below PREFIX/ssdp-kept ending in REL, with its contents. */
function keptEdits(prefix: string): string[] {
  const kept = join(prefix, 'ssdp-kept');
  if (!existsSync(kept)) return [];
  return readdirSync(kept)
    .map((n) => join(kept, n, REL))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));
}

for (const how of ['install -n e2 beta', 'clean --verify'] as const) {
  test(`G4: an edit in place of one env's package file is kept in every env that held it when ${how} repairs the store`, async () => {
    const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
    try {
      for (const n of ['e1', 'e2', 'e3']) {
        const r = await ctx.cli(['create', '-q', '-n', n, 'alpha', 'gamma']);
        assert.equal(r.status, 0, r.stderr);
      }
      const prefixes = ['e1', 'e2', 'e3'].map((n) => join(ctx.root, 'envs', n));
      appendFileSync(join(prefixes[0]!, REL), EDIT);
      const r = await ctx.cli(how.split(' '));
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout + r.stderr;
      for (const p of prefixes) {
        assert.equal(readFileSync(join(p, REL), 'utf8'), CLEAN, `${p} runs the clean copy`);
        assert.deepEqual(keptEdits(p), [CLEAN + EDIT], `${p} keeps the edited bytes`);
        const kept = readdirSync(join(p, 'ssdp-kept')).map((n) => join(p, 'ssdp-kept', n, REL));
        assert.ok(out.includes(kept[0]!), `the output names ${kept[0]}:\n${out}`);
        assert.notEqual(statSync(kept[0]!).ino, statSync(join(p, REL)).ino);
      }
      const inodes = new Set(prefixes.map((p) => statSync(readdirSync(join(p, 'ssdp-kept')).map((n) => join(p, 'ssdp-kept', n, REL))[0]!).ino));
      assert.equal(inodes.size, 3, 'each env keeps a copy of its own (an edit of one does not reach the others)');
      // A later change keeps them (they are the user's files now), and nothing is pending.
      const v = await ctx.cli(['clean', '--verify', '--json']);
      assert.deepEqual(JSON.parse(v.stdout).verify.repaired, []);
      const again = await ctx.cli(['install', '-q', '-n', 'e1', 'beta']);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(keptEdits(prefixes[0]!), [CLEAN + EDIT]);
    } finally {
      await ctx.close();
    }
  });
}

test('G4: a mode change alone (same bytes) is relinked with nothing kept aside', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const n of ['a', 'b']) {
      const r = await ctx.cli(['create', '-q', '-n', n, 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    const file = join(ctx.root, 'envs', 'a', REL);
    chmodSync(file, statSync(file).mode | 0o022);
    const r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired 1/);
    for (const n of ['a', 'b']) assert.equal(existsSync(join(ctx.root, 'envs', n, 'ssdp-kept')), false, n);
  } finally {
    await ctx.close();
  }
});
