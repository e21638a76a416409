/**
 * Break S1 of the s13 issue-8 tester (try8e): after a change killed between its two swap renames,
 * `ssdp activate x` said "there is no env named 'x'" while the env sat whole in
 * ROOT/envs/.x.ssdp-trash-HEX, so a user would create it again. Activation now finishes that
 * change itself, as every other command naming the env does, and activates; it names the folder
 * when it cannot (another ssdp holds the env's lock). S2: the same through a symlinked -p or
 * ROOT/envs/NAME link, for activate and for every other command (they said E_PREFIX_BAD_LINK,
 * advising to remove the link).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';
import { acquireFileLock } from '../../src/util/lock.js';
import { envLockPath } from '../../src/env/target.js';

test('S1: activate of an env left between the two renames of a killed change repairs it and activates; busy, it names the folder and the repair', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-n', 'x', 'alpha', '-q'])).status, 0);
    writeFileSync(join(ctx.root, 'envs', 'x', 'mine.txt'), 'mine\n');
    const trash = join(ctx.root, 'envs', '.x.ssdp-trash-3e5d299e9358');
    renameSync(join(ctx.root, 'envs', 'x'), trash); // where the killed swap leaves it
    let r = await ctx.cli(['shell', 'activate', 'bash', 'x']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /envs\/x\/bin/);
    assert.ok(existsSync(join(ctx.root, 'envs', 'x', 'mine.txt')), 'the env is back in place, with the user\'s file');
    assert.deepEqual(readdirSync(join(ctx.root, 'envs')), ['x']);

    // Another ssdp holding the env's lock (a live change about to finish it): named, not repaired.
    renameSync(join(ctx.root, 'envs', 'x'), trash);
    const release = await acquireFileLock(envLockPath({ root: ctx.root, prefix: join(ctx.root, 'envs', 'x') }));
    try {
      r = await ctx.cli(['shell', 'activate', 'bash', 'x']);
    } finally {
      release();
    }
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_ENV_NOT_FOUND\]: the env named 'x' .* was left between the two renames of a change by an ssdp process that was killed; it is whole in .*\.x\.ssdp-trash-3e5d299e9358/);
    assert.match(r.stderr, /hint: Run ssdp list -n x once/);
    r = await ctx.cli(['shell', 'activate', 'bash', 'x']);
    assert.equal(r.status, 0, r.stderr);
    // No leftover: an env that is simply absent is still "no env".
    r = await ctx.cli(['shell', 'activate', 'bash', 'nothere']);
    assert.match(r.stderr, /there is no env named 'nothere'/);
  } finally {
    await ctx.close();
  }
});

test('S2: an env reached through a symlink (-p LINK, ROOT/envs/NAME a link) left between the two renames is repaired through the link by list, install and activate', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0')]);
  try {
    const pz = join(ctx.dir, 'pz');
    mkdirSync(pz);
    const real = join(pz, 'real');
    const link = join(pz, 'link');
    assert.equal((await ctx.cli(['create', '-p', real, 'alpha', '-q'])).status, 0);
    symlinkSync(real, link);
    const named = join(ctx.dir, 'real2');
    assert.equal((await ctx.cli(['create', '-p', named, 'alpha', '-q'])).status, 0);
    mkdirSync(join(ctx.root, 'envs'), { recursive: true });
    symlinkSync(named, join(ctx.root, 'envs', 'named'));
    const kill = (prefix: string) => {
      writeFileSync(join(prefix, 'mine.txt'), 'mine\n');
      renameSync(prefix, join(prefix, '..', `.${prefix.split('/').pop()}.ssdp-trash-0a1b2c3d4e5f`));
    };
    for (const [args, prefix] of [[['-p', link], real], [['-n', 'named'], named]] as const) {
      for (const command of [['list', ...args], ['install', ...args, 'beta', '-q'], ['shell', 'activate', 'bash', ...args]]) {
        kill(prefix);
        const r = await ctx.cli(command);
        assert.equal(r.status, 0, `${command.join(' ')}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /E_PREFIX_BAD_LINK|remove the link/);
        assert.ok(existsSync(join(prefix, 'mine.txt')), `${command.join(' ')}: the env is back, with the user's file`);
        assert.ok(!readdirSync(join(prefix, '..')).some((n) => n.includes('.ssdp-trash-')), command.join(' '));
      }
    }
    // A link to nothing with no trash beside its target is still a dangling link.
    symlinkSync(join(pz, 'gone'), join(pz, 'dang'));
    const r = await ctx.cli(['list', '-p', join(pz, 'dang')]);
    assert.match(r.stderr, /E_PREFIX_BAD_LINK\]: .*dang is a symlink to .*gone, which does not exist/);
  } finally {
    await ctx.close();
  }
});
