/**
 * Where an env or a root may not be (env tester's B8, B10, B18): mount points and volumes inside
 * an env, dangling and looping symlinks, places inside the root, roots at / or inside an env or
 * store. Each is a coded error with no stack, and nothing is touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../helpers/cli.js';
import { canMount, pkg, setup, withTmpfs } from './helpers.js';

const noStack = (r: CliResult, what: string) => assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: ${r.stderr}`);

test('B8: a mount point as -p, or a volume mounted inside an env, is refused by name before anything is touched', { skip: !canMount && 'needs unshare -m (root)' }, async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const mp = join(ctx.dir, 'mp');
    mkdirSync(mp);
    let r = await withTmpfs(ctx, mp, ['create', '-p', mp, 'alpha']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_ENV_MOUNT_POINT/);
    assert.match(r.stderr, new RegExp(`${mp} is itself a mount point`));
    noStack(r, 'create on a mount point');

    const env = join(ctx.dir, 'e');
    r = await ctx.cli(['create', '-p', env, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const data = join(env, 'data');
    mkdirSync(data);
    for (const args of [['install', '-p', env, 'gamma'], ['remove', '-p', env, 'alpha'], ['env', 'remove', '-p', env], ['create', '-p', env, '--force', 'alpha']]) {
      r = await withTmpfs(ctx, data, args, true);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /E_ENV_MOUNT_POINT/, args.join(' '));
      assert.match(r.stderr, new RegExp(`a volume is mounted at ${data}`), args.join(' '));
      assert.doesNotMatch(r.stderr, /VOLUME-CHANGED/, args.join(' '));
      noStack(r, args.join(' '));
      assert.ok(existsSync(join(env, 'lib/node_modules/alpha/index.js')), args.join(' '));
      assert.ok(!existsSync(join(env, 'lib/node_modules/gamma')), args.join(' '));
      assert.deepEqual(readdirSync(ctx.dir).filter((n) => n.includes('.ssdp-')), [], args.join(' '));
    }
    // Without the volume, the same env changes as usual.
    r = await ctx.cli(['install', '-p', env, 'gamma']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('B10: ROOT/envs/X a dangling symlink or a self-loop is a coded error, and the link stays as it was', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const envs = join(ctx.root, 'envs');
    mkdirSync(envs, { recursive: true });
    symlinkSync(join(ctx.dir, 'nowhere'), join(envs, 'x'));
    let r = await ctx.cli(['create', '-n', 'x', 'alpha']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_PREFIX_BAD_LINK\]: .*envs\/x is a symlink to .*nowhere, which does not exist/);
    noStack(r, 'dangling');
    symlinkSync('loop', join(envs, 'loop'));
    r = await ctx.cli(['create', '-n', 'loop', '--force', 'alpha']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_PREFIX_BAD_LINK\]: .*envs\/loop is a symlink loop/);
    noStack(r, 'loop');
    r = await ctx.cli(['create', '-p', join(envs, 'x'), 'alpha']);
    assert.match(r.stderr, /E_PREFIX_BAD_LINK/);
    assert.deepEqual(readdirSync(envs).sort(), ['loop', 'x']);
    assert.ok(!existsSync(join(ctx.dir, 'nowhere')));
  } finally {
    await ctx.close();
  }
});

test('B18: -p inside the root (but not ROOT/envs/NAME) is refused; so is a root at /, inside a store, or at or inside an env', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    for (const p of [join(ctx.root, 'tools'), join(ctx.root, 'cache', 'x'), join(ctx.root, 'envs', 'a', 'inner')]) {
      r = await ctx.cli(['create', '-p', p, 'alpha']);
      assert.equal(r.status, 1, `${p}: ${r.stderr}`);
      assert.match(r.stderr, /E_PREFIX_PROTECTED\]: .*inside the ssdp root .*envs\/NAME/, p);
      assert.ok(!existsSync(p), p);
    }
    r = await ctx.cli(['create', '-p', join(ctx.root, 'store', 'v1', 'e'), 'alpha']);
    assert.match(r.stderr, /E_PREFIX_PROTECTED\]: .*inside the package store/);
    // ROOT/envs/NAME by path is the one place inside the root that is fine.
    r = await ctx.cli(['create', '-p', join(ctx.root, 'envs', 'b'), 'alpha']);
    assert.equal(r.status, 0, r.stderr);

    const env = join(ctx.root, 'envs', 'a');
    const cases: Array<[string, RegExp]> = [
      ['/', /is the file system root/],
      [env, /is an existing env/],
      [join(env, 'sub'), /is inside the env .*envs\/a/],
      [join(ctx.root, 'store', 'v1', 'r'), /is inside the ssdp root .*\(in its package store\)/],
      [join(ctx.root, 'cache', 'r'), /is inside the ssdp root/],
    ];
    for (const [root, why] of cases) {
      for (const how of [['--root', root], []]) {
        r = await ctx.cli(['create', ...how, '-n', 'z', 'alpha'], { env: how.length ? {} : { SSDP_ROOT: root } });
        assert.equal(r.status, 1, `${root}: ${r.stderr}`);
        assert.match(r.stderr, /E_ROOT_PROTECTED/, root);
        assert.match(r.stderr, why, root);
        assert.match(r.stderr, how.length ? /Point --root/ : /Point SSDP_ROOT/, root);
      }
    }
    assert.ok(!existsSync('/envs/z') && !existsSync(join(env, 'envs')) && !existsSync(join(ctx.root, 'cache', 'r')));
    assert.equal(JSON.parse(readFileSync(join(env, 'ssdp-meta', 'env.json'), 'utf8')).name, 'a');
  } finally {
    await ctx.close();
  }
});
