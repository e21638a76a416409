/**
 * An env inside another env: creating one there is refused, and an env that holds one (moved
 * in by the user) is neither removed nor replaced with --force, so the inner env and the
 * user's files in it are never deleted along with the outer one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, snapshot } from './helpers.js';

test('an env is never created inside an env, and an env holding one is not removed or replaced', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const outer = join(ctx.dir, 'outer');
    let r = await ctx.cli(['create', '-p', outer, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);

    for (const where of [join(outer, 'inner'), join(outer, 'data', 'deep', 'inner')]) {
      r = await ctx.cli(['create', '-p', where, 'gamma', '-q']);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /E_ENV_NESTED/);
      assert.match(r.stderr, new RegExp(`inside the env ${outer}`));
      assert.ok(!existsSync(where), 'nothing was created');
    }
    r = await ctx.cli(['create', '-p', join(outer, 'inner'), 'gamma', '--dry-run']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_ENV_NESTED/);

    // The user moves an env in: the outer env now holds it.
    const inner0 = join(ctx.dir, 'inner');
    r = await ctx.cli(['create', '-p', inner0, 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const inner = join(outer, 'work', 'inner');
    mkdirSync(join(outer, 'work'));
    renameSync(inner0, inner);
    writeFileSync(join(inner, 'notes.txt'), 'mine\n');
    const before = snapshot(outer);

    for (const args of [['env', 'remove', '-p', outer, '--dry-run'], ['env', 'remove', '-p', outer], ['create', '-p', outer, '--force', 'gamma']]) {
      r = await ctx.cli(args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /E_ENV_NESTED/, args.join(' '));
      assert.ok(r.stderr.includes(inner), `${args.join(' ')} names the inner env: ${r.stderr}`);
      assert.deepEqual(snapshot(outer), before, args.join(' '));
    }
    r = await ctx.cli(['env', 'remove', '-p', outer, '--json']);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).error.code, 'E_ENV_NESTED');
    assert.equal(readFileSync(join(inner, 'notes.txt'), 'utf8'), 'mine\n');

    // The same inside a folder whose name is not UTF-8 (it was skipped: the inner env deleted with the outer one).
    const latinWork = Buffer.concat([Buffer.from(join(outer, 'caf')), Buffer.from([0xe9])]);
    renameSync(join(outer, 'work'), latinWork);
    r = await ctx.cli(['env', 'remove', '-p', outer]);
    assert.equal(r.status, 1, r.stdout);
    assert.ok(r.stderr.includes(`E_ENV_NESTED]: the env ${outer} holds another env (${outer}/caf\\xe9/inner)`), r.stderr);
    assert.match(r.stderr, /hint: Move the inner env out of .*not UTF-8/);
    assert.ok(existsSync(Buffer.concat([latinWork, Buffer.from('/inner/notes.txt')])));
    renameSync(latinWork, join(outer, 'work'));

    // With the inner env moved out, the outer one is removed as before.
    renameSync(inner, inner0);
    r = await ctx.cli(['env', 'remove', '-p', outer]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(outer));
    assert.ok(existsSync(join(inner0, 'notes.txt')));
  } finally {
    await ctx.close();
  }
});
