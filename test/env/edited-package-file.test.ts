/**
 * Break P1 of the issue-8 re-test (s11 try8): a user's patch to a package file written as a new
 * file (an editor's save, patch-package) was silently reverted by an unrelated change (install
 * of another package). As npm and conda leave packages a change does not touch alone, the env's
 * own version of such a file now stays in place (said on stderr); when the change replaces or
 * removes that package, the user's version is kept under ssdp-kept/ with a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

/** Writes a new file in place of `file`, as an editor or patch-package does (a new inode). */
function patch(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

test('P1: a package file replaced by the user survives a change that leaves its package alone, and is kept aside when its package changes', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('alpha', '2.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    const E = join(ctx.dir, 'E');
    let r = await ctx.cli(['create', '-p', E, 'alpha@1.0.0', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const F = join(E, 'lib/node_modules/alpha/index.js');
    const patched = 'module.exports = "patched";\n';
    patch(F, patched);
    // A file replaced by identical bytes is the package's: nothing to say about it.
    const G = join(E, 'lib/node_modules/gamma/index.js');
    patch(G, readFileSync(G, 'utf8'));

    r = await ctx.cli(['install', '-p', E, 'beta']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(E, 'lib/node_modules/beta/index.js')));
    assert.equal(readFileSync(F, 'utf8'), patched);
    assert.ok(r.stderr.includes(`kept your own version of ${F} (differs from the package's; this change leaves that package as it is)`), r.stderr);
    assert.doesNotMatch(r.stderr, /gamma/);
    r = await ctx.cli(['run', '-p', E, 'node', '-e', 'console.log(require("alpha"))']);
    assert.equal(r.stdout.trim(), 'patched', r.stderr);

    // -q says nothing, and the edit still stays.
    r = await ctx.cli(['remove', '-p', E, 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(F, 'utf8'), patched);

    // Its package changes: the new version's file goes in, the user's is kept aside and named.
    r = await ctx.cli(['install', '-p', E, 'alpha@2.0.0']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(F, 'utf8'), 'module.exports = "alpha@2.0.0";\n');
    const kept = readdirSync(join(E, 'ssdp-kept'));
    assert.equal(kept.length, 1);
    const aside = join(E, 'ssdp-kept', kept[0]!, 'lib/node_modules/alpha/index.js');
    assert.equal(readFileSync(aside, 'utf8'), patched);
    assert.ok(r.stderr.includes(`ssdp: warning: ${F} differs from the file its package put there (your edit?), and this change replaces or removes that package; your version was kept at ${aside}.`), r.stderr);
    // The package's own files are still the store's (hardlinks), not copies.
    assert.ok(statSync(F).nlink > 1);
  } finally {
    await ctx.close();
  }
});
