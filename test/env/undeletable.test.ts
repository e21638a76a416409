/**
 * Break A1 of the issue-8 re-test (s11 try8): a user file made immutable (chattr +i) or
 * append-only (chattr +a) in an env made install fail with an rmSync ENOTDIR stack after the
 * change was made, and every later change of that env failed the same way. Now the change is
 * reported as made, an E_UNDELETABLE warning names the file, the old revision stays set aside
 * with a note, later commands work, env list and clean name the folder, and clean deletes it
 * once the attribute is lifted. Needs root and a file system with chattr (ext4 here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chattr, pkg, setup } from './helpers.js';


/** Every file below dir, so the test can always lift the attributes it set. */
function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map((n) => join(dir, String(n)));
}

const canChattr = (() => {
  if (process.getuid?.() !== 0) return false;
  return true;
})();

test('A1: a chattr +i / +a file in an env: install is made with an E_UNDELETABLE warning, later changes work, env list and clean name the leftover, clean deletes it once lifted', { skip: canChattr ? false : 'needs root for chattr' }, async (t) => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0')]);
  const E = join(ctx.dir, 'E');
  try {
    let r = await ctx.cli(['create', '-p', E, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(E, 'imm.txt'), 'keep\n');
    writeFileSync(join(E, 'run.log'), 'line 1\n');
    if (!chattr('+i', join(E, 'imm.txt'))) return t.skip('chattr is not supported on this file system');
    assert.ok(chattr('+a', join(E, 'run.log')));

    r = await ctx.cli(['install', '-p', E, 'beta']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /unexpected error|ENOTDIR|\n\s+at /);
    const aside = readdirSync(ctx.dir).filter((n) => n.startsWith('.E.ssdp-undeletable-'));
    assert.equal(aside.length, 1, readdirSync(ctx.dir).join(' '));
    const leftover = join(ctx.dir, aside[0]!);
    assert.ok(r.stderr.includes('ssdp: warning: E_UNDELETABLE: '), r.stderr);
    assert.ok(r.stderr.includes(join(leftover, 'imm.txt')) && r.stderr.includes(join(leftover, 'run.log')), r.stderr);
    assert.ok(r.stderr.includes(`so ${leftover} stays`), r.stderr);
    // The change was made, and the user's files are in the env (as copies: the originals cannot move).
    assert.ok(existsSync(join(E, 'lib/node_modules/beta/index.js')));
    assert.equal(readFileSync(join(E, 'imm.txt'), 'utf8'), 'keep\n');
    assert.equal(readFileSync(join(E, 'run.log'), 'utf8'), 'line 1\n');
    // Only what refused is left in the set-aside folder, with a note naming it.
    const note = readFileSync(join(leftover, 'SSDP-UNDELETABLE.txt'), 'utf8');
    assert.ok(note.includes(join(leftover, 'imm.txt')) && note.includes('chattr -i'), note);
    assert.ok(!existsSync(join(leftover, 'lib')) && !existsSync(join(leftover, 'ssdp-meta')));

    // Every later command works: the leftover no longer blocks them.
    r = await ctx.cli(['remove', '-p', E, 'beta']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(E, 'lib/node_modules/beta')));
    r = await ctx.cli(['list', '-p', E, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(leftover), 'still refuses: kept');

    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stderr.includes(`${leftover} holds files that refused deletion`), r.stderr);

    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`Kept ${leftover}: ${join(leftover, 'imm.txt')}`), r.stdout);
    assert.ok(existsSync(join(leftover, 'imm.txt')));

    chattr('-i', join(leftover, 'imm.txt'));
    chattr('-a', join(leftover, 'run.log'));
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`Removed ${leftover}: what an earlier command could not delete`), r.stdout);
    assert.ok(!existsSync(leftover));

    // env remove of an env holding an immutable file: removed from its place, warned, and a
    // create at the same path afterwards builds a new env (the leftover is not taken for it).
    assert.ok(chattr('+i', join(E, 'imm.txt')));
    r = await ctx.cli(['env', 'remove', '-p', E]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stderr.includes('E_UNDELETABLE'), r.stderr);
    assert.ok(!existsSync(E));
    const removed = readdirSync(ctx.dir).filter((n) => n.startsWith('.E.ssdp-undeletable-'));
    assert.equal(removed.length, 1);
    r = await ctx.cli(['env', 'list']);
    assert.ok(r.stderr.includes(`${join(ctx.dir, removed[0]!)} holds files that refused deletion`), r.stderr);
    r = await ctx.cli(['create', '-p', E, 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(E, 'lib/node_modules/beta')) && !existsSync(join(E, 'lib/node_modules/alpha')));
  } finally {
    for (const f of allFiles(ctx.dir)) chattr('-i', f), chattr('-a', f);
    await ctx.close();
  }
});
