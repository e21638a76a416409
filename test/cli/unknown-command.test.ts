/**
 * The s9 env tester's N7: `ssdp config --x` said "Unknown arguments: x, config" (now: no command
 * 'config', with the closest command when there is one); the --revision hint lacked its final
 * period; `env remove -n a -n b` silently removed b (a repeated -n/-p is now an exit-2 mistake).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';

test('N7: an unknown command is named as a command, with did-you-mean over commands; a group without its command says which it has', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const cases: [string[], RegExp][] = [
      [['config', '--x'], /E_BAD_ARGS\]: ssdp has no command 'config'\. Nothing was done\.\n  hint: See: ssdp --help\.\n$/],
      [['confg', '-n', 'x'], /ssdp has no command 'confg'\./],
      [['instal', '-n', 'x', 'alpha'], /ssdp has no command 'instal'; did you mean ssdp install\? Nothing was done\./],
      [['env', 'lst'], /ssdp has no command 'env lst'; did you mean ssdp env list\? Nothing was done\.\n  hint: See: ssdp env --help\./],
      [['env'], /ssdp env needs a command: create, list, remove, export, update\./],
    ];
    for (const [args, re] of cases) {
      const r = await ctx.cli(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, re, args.join(' '));
      assert.doesNotMatch(r.stderr, /Unknown argument|Not enough/, args.join(' '));
    }
    const r = await ctx.cli(['config', '--x', '--json']);
    assert.equal(r.status, 2);
    assert.equal(JSON.parse(r.stdout).error.message, "ssdp has no command 'config'. Nothing was done.");
    assert.ok(!existsSync(join(ctx.root, 'envs', 'x')));
  } finally {
    await ctx.close();
  }
});

test('N7: -n (or -p) given twice with different values is refused before anything happens; the --revision hint ends with a period', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const n of ['a', 'b']) assert.equal((await ctx.cli(['create', '-n', n, 'alpha', '-q'])).status, 0);
    let r = await ctx.cli(['env', 'remove', '-n', 'a', '-n', 'b']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE\]: -n is given twice \('a', then 'b'\): give one env\./);
    assert.ok(existsSync(join(ctx.root, 'envs/a')) && existsSync(join(ctx.root, 'envs/b')), 'neither env was removed');
    r = await ctx.cli(['install', '-p', join(ctx.dir, 'x'), '--prefix', join(ctx.dir, 'y'), 'alpha']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--prefix is given twice/);
    // try8j J5: a switch and its negation together removed the env (the last one won).
    r = await ctx.cli(['env', 'remove', '-n', 'a', '--dry-run', '--no-dry-run']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE\]: --dry-run and --no-dry-run are both given and say opposite things: give one\./);
    assert.ok(existsSync(join(ctx.root, 'envs/a')), 'env a was not removed');
    // The same value twice is no conflict.
    r = await ctx.cli(['env', 'remove', '-n', 'a', '--dry-run', '--dry-run=true']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'remove', '-n', 'a', '-n', 'a']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'b', '--revision', 'abc']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /hint: See: ssdp list --revisions \(with the same -n\/-p\)\.\n$/);
    // try8i I4: every single-value option, not only -n/-p (--revision 1 --revision 0 restored 0).
    r = await ctx.cli(['install', '-n', 'b', '--revision', '0', '--revision', '1']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE\]: --revision is given twice \('0', then '1'\): give it once\./);
    r = await ctx.cli(['--root', ctx.root, '--root', join(ctx.dir, 'other'), 'list', '-n', 'b']);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(r.stderr.includes(`--root is given twice ('${ctx.root}', then '${join(ctx.dir, 'other')}')`), r.stderr);
  } finally {
    await ctx.close();
  }
});
