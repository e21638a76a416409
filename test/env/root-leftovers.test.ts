/**
 * Issue-8 breaks from the session-14 tester's report (/work/briefs/s14/breaks/try8f.md), each shown
 * failing before its fix: B4 (a volume mounted inside a killed change's leftover folder was
 * emptied by the sweep of ssdp clean or of the next change), B3 (create -p took a name ssdp sweeps
 * as its own leftover, so clean deleted that env with the user's files in it), B6 (ROOT/environments.txt
 * a folder or a link to nothing: env list showed no -p env and clean pruned their packages), B1/B2
 * (ROOT/locks or a store part that is a link to nothing: a stack trace instead of E_NOT_A_FOLDER).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { canMount, pkg, setup, withTmpfs } from './helpers.js';

const PACKAGES = [pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')];

test('B4: a volume mounted in a leftover folder is never entered by clean nor by the next change\'s sweep', { skip: !canMount && 'needs unshare -m (root)' }, async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const left = join(ctx.root, 'envs', '.a.ssdp-removing-0123456789ab-99998');
    mkdirSync(join(left, 'ssdp-meta'), { recursive: true });
    mkdirSync(join(left, 'data'));
    mkdirSync(join(left, 'junk'));
    r = await withTmpfs(ctx, join(left, 'data'), ['clean'], true);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /VOLUME-CHANGED/, r.stdout + r.stderr);
    assert.match(r.stdout, /E_ENV_MOUNT_POINT: .*\.a\.ssdp-removing-0123456789ab-99998 stays: a volume is mounted at .*\/data/);
    assert.doesNotMatch(r.stdout, /chattr/);
    assert.ok(!existsSync(join(left, 'junk')), 'the rest of the leftover is deleted');
    // Unmounted (outside the namespace it never was), the next clean deletes it.
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(left));

    // The same through a -p env's own sweep at its next change.
    const pe = join(ctx.dir, 'pe');
    r = await ctx.cli(['create', '-p', pe, 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const staging = join(ctx.dir, '.pe.ssdp-staging-0123456789ab-99997');
    mkdirSync(join(staging, 'data'), { recursive: true });
    r = await withTmpfs(ctx, join(staging, 'data'), ['install', '-p', pe, 'alpha'], true);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /VOLUME-CHANGED/, r.stderr);
    assert.match(r.stderr, /E_ENV_MOUNT_POINT: .*\.pe\.ssdp-staging-0123456789ab-99997 stays: a volume is mounted at .*\/data/);
    assert.ok(existsSync(join(pe, 'lib/node_modules/alpha')));
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(ctx.dir).filter((n) => n.includes('.ssdp-')), []);
  } finally {
    await ctx.close();
  }
});

test('B3: create -p refuses a name ssdp sweeps as its own leftover, and a hidden name in ROOT/envs, as -n does', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const envs = join(ctx.root, 'envs');
    for (const p of [join(envs, '.x'), join(envs, '.a.ssdp-staging-3e5d299e9358-4243'), join(ctx.dir, '.pe.ssdp-removing-3e5d299e9358-4244'), join(ctx.dir, '.pe.ssdp-trash-3e5d299e9358')]) {
      const r = await ctx.cli(['create', '-p', p, 'gamma']);
      assert.equal(r.status, 1, `${p}: ${r.stderr}`);
      assert.match(r.stderr, /\[E_BAD_PREFIX\]: /, p);
      assert.ok(r.stderr.includes(p), `${p} named: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.ok(!existsSync(p), p);
    }
    // A valid name in ROOT/envs given as -p is still an env there.
    const r = await ctx.cli(['create', '-p', join(envs, 'ok'), 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('B6: ROOT/environments.txt that is a folder or a link to nothing stops env list and clean (E_NOT_A_FILE), nothing pruned', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const pe = join(ctx.dir, 'pe');
    let r = await ctx.cli(['create', '-p', pe, 'alpha', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const rec = join(ctx.root, 'environments.txt');
    renameSync(rec, rec + '.bak');
    const pkgs = () => readdirSync(join(ctx.root, 'store', 'v1', 'pkgs'), { recursive: true }).length;
    const before = pkgs();
    for (const [what, make, undo] of [
      ['a folder', () => mkdirSync(rec), () => rmdirSync(rec)],
      ['a link to nothing', () => symlinkSync('/nonexistent/x', rec), () => unlinkSync(rec)],
    ] as const) {
      make();
      for (const args of [['env', 'list'], ['clean']]) {
        r = await ctx.cli(args);
        assert.equal(r.status, 1, `${what}, ${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /\[E_NOT_A_FILE\]: .*environments\.txt, the record of the envs made with -p, cannot be read/, what);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        assert.equal(pkgs(), before, `${what}: nothing pruned`);
      }
      undo();
    }
    renameSync(rec + '.bak', rec);
    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(pe), r.stdout);
  } finally {
    await ctx.close();
  }
});

test('B1, B2: ROOT/locks or a store part that is a link to nothing is E_NOT_A_FOLDER naming it, not a stack', async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    for (const part of ['locks', 'store/v1/tmp', 'store/v1/pins']) {
      const p = join(ctx.root, part);
      rmSync(p, { recursive: true, force: true });
      symlinkSync('/nonexistent/disk', p);
      r = await ctx.cli(['install', '-n', 'a', 'gamma']);
      assert.equal(r.status, 1, `${part}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`\\[E_NOT_A_FOLDER\\]: ${p} \\(a folder ssdp needs\\) is a symlink to /nonexistent/disk, which does not exist`), part);
      assert.doesNotMatch(r.stderr, /\n\s+at |unexpected error/, part);
      assert.ok(!existsSync(join(ctx.root, 'envs', 'a', 'lib', 'node_modules', 'gamma')), part);
      unlinkSync(p);
    }
  } finally {
    await ctx.close();
  }
});

test('B1: clean --verify that repairs the store but cannot relink an env exits 1 naming the env (E_VERIFY_INCOMPLETE)', async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const f = join(ctx.root, 'envs', 'a', 'lib', 'node_modules', 'alpha', 'index.js');
    appendFileSync(f, ';global.pwned=1');
    const locks = join(ctx.root, 'locks');
    rmSync(locks, { recursive: true, force: true });
    symlinkSync('/nonexistent/disk', locks);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /\[E_VERIFY_INCOMPLETE\]: the store was repaired \(alpha@1\.0\.0\), but .*envs\/a could not be relinked/);
    assert.match(r.stderr, /E_NOT_A_FOLDER|is a symlink to \/nonexistent\/disk/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    unlinkSync(locks);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(readFileSync(f, 'utf8'), /pwned/);
  } finally {
    await ctx.close();
  }
});
