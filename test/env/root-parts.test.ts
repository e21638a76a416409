/**
 * The s13 tester's F1, E1, F2 (issue 8): parts of the root that are not what they should be.
 * F1: ROOT/envs a dangling link (a disk not mounted) or a file hid every env, and `ssdp clean`
 * then removed every store entry. E1: a named env whose ssdp-meta is a file, a dangling link or an
 * emptied folder was invisible, unremovable, not replaceable, and clean dropped its packages.
 * F2: ROOT/cache, store or locks replaced by a file ended in stack traces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, type Ctx } from './helpers.js';

const PACKAGES = [pkg('alpha', '1.0.0'), pkg('beta', '1.0.0', { dependencies: { alpha: '^1.0.0' } }), pkg('gamma', '1.0.0')];

/** Store entries (their index files), to see that nothing was removed. */
function storeEntries(ctx: Ctx): number {
  const pkgs = join(ctx.root, 'store', 'v1', 'pkgs');
  let n = 0;
  for (const a of existsSync(pkgs) ? readdirSync(pkgs) : []) for (const b of readdirSync(join(pkgs, a))) n += readdirSync(join(pkgs, a, b)).length;
  return n;
}

test('F1: with ROOT/envs a dangling link or a file, clean refuses with E_NOT_A_FOLDER and the store keeps every entry; env list refuses a file, and lists a dangling link\'s envs as missing', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const disk = join(ctx.dir, 'disk');
    mkdirSync(join(disk, 'envs'), { recursive: true });
    mkdirSync(ctx.root, { recursive: true });
    const envs = join(ctx.root, 'envs');
    symlinkSync(join(disk, 'envs'), envs);
    const c = await ctx.cli(['create', '-n', 'a', 'beta', 'gamma', '-q']);
    assert.equal(c.status, 0, c.stderr);
    const before = storeEntries(ctx);
    assert.equal(before, 3);
    renameSync(disk, disk + '-unmounted');
    for (const shape of ['dangling link', 'file']) {
      if (shape === 'file') {
        rmSync(envs);
        writeFileSync(envs, 'junk\n');
      }
      if (shape === 'dangling link') {
        // env list lists what it can, named envs as missing, beside a warning naming the link (as
        // for an empty mount point); only clean refuses (s17 note: it stopped env list too).
        const l = await ctx.cli(['env', 'list', '--json']);
        assert.equal(l.status, 0, l.stderr);
        assert.ok(l.stderr.includes(`${envs} (the folder of named envs) is a link to ${join(disk, 'envs')}, which is not there`), l.stderr);
        assert.deepEqual((JSON.parse(l.stdout) as Array<{ name: string; missing?: true }>).map((e) => [e.name, e.missing]), [['a', true]]);
      } else {
        const l = await ctx.cli(['env', 'list']);
        assert.equal(l.status, 1, `${shape}: ${l.stdout}`);
        assert.match(l.stderr, /E_NOT_A_FOLDER/);
        assert.ok(l.stderr.includes(envs), l.stderr);
      }
      const r = await ctx.cli(['clean', '--json']);
      assert.equal(r.status, 1, `${shape}: ${r.stdout}`);
      assert.equal(JSON.parse(r.stdout).error.code, 'E_NOT_A_FOLDER');
      assert.equal(storeEntries(ctx), before, shape);
    }
    rmSync(envs);
    symlinkSync(join(disk, 'envs'), envs);
    renameSync(disk + '-unmounted', disk);
    const i = await ctx.cli(['install', '-n', 'a', 'alpha@1.0.0', '--offline', '-q']);
    assert.equal(i.status, 0, i.stderr);
  } finally {
    await ctx.close();
  }
});

test('E1: a named env whose ssdp-meta is a file, a dangling link or an empty folder is listed as damaged, kept by clean, replaceable and removable', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const d = join(ctx.root, 'envs', 'd');
    const meta = join(d, 'ssdp-meta');
    const damage = {
      file: () => writeFileSync(meta, 'x\n'),
      'dangling link': () => symlinkSync(join(ctx.dir, 'nonexist'), meta),
      'empty folder': () => mkdirSync(meta),
    };
    for (const [shape, make] of Object.entries(damage)) {
      const c = await ctx.cli(['create', '-n', 'd', 'gamma', '-q', ...(existsSync(d) ? ['--force'] : [])]);
      assert.equal(c.status, 0, c.stderr);
      writeFileSync(join(d, 'mine.txt'), 'mine\n');
      rmSync(meta, { recursive: true, force: true });
      make();
      const l = await ctx.cli(['env', 'list', '--json']);
      assert.equal(l.status, 0, l.stderr);
      const listed = JSON.parse(l.stdout).envs ?? JSON.parse(l.stdout);
      const entry = (listed as { name: string; damaged?: string }[]).find((e) => e.name === 'd');
      assert.ok(entry?.damaged, `${shape}: ${l.stdout}`);
      const r = await ctx.cli(['clean', '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).count ?? JSON.parse(r.stdout).removed?.length ?? 0, 0, `${shape}: ${r.stdout}`);
      assert.equal(storeEntries(ctx), 1, shape);
      if (shape === 'empty folder') {
        const rm = await ctx.cli(['env', 'remove', '-n', 'd']);
        assert.equal(rm.status, 0, rm.stderr);
        assert.equal(existsSync(d), false);
      } else {
        const f = await ctx.cli(['create', '-n', 'd', '--force', 'gamma']);
        assert.equal(f.status, 0, `${shape}: ${f.stderr}`);
        assert.equal(readFileSync(join(d, 'mine.txt'), 'utf8'), 'mine\n');
        const run = await ctx.cli(['run', '-n', 'd', 'node', '-e', 'console.log(require("gamma"))']);
        assert.equal(run.stdout.trim(), 'gamma@1.0.0', run.stderr);
      }
    }
  } finally {
    await ctx.close();
  }
});

test('F2: ROOT/cache, store or locks replaced by a file: the cache is skipped, the others are E_NOT_A_FOLDER naming the file, no stack', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const c = await ctx.cli(['create', '-n', 'a', 'gamma', '-q']);
    assert.equal(c.status, 0, c.stderr);
    const asFile = (part: string) => {
      rmSync(join(ctx.root, part), { recursive: true, force: true });
      writeFileSync(join(ctx.root, part), 'junk\n');
    };
    asFile('cache');
    let r = await ctx.cli(['install', '-n', 'a', 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    for (const part of ['store', 'locks']) {
      asFile(part);
      // clean takes no env lock, so it needs no ROOT/locks.
      for (const args of [['install', '-n', 'a', 'alpha@1.0.0'], ['create', '-n', 'b', 'gamma'], ...(part === 'store' ? [['clean']] : [])]) {
        r = await ctx.cli([...args, '--json']);
        assert.notEqual(r.status, 0, `${part} ${args.join(' ')}: ${r.stdout}`);
        const err = JSON.parse(r.stdout).error;
        assert.equal(err.code, 'E_NOT_A_FOLDER', `${part} ${args.join(' ')}: ${r.stdout}`);
        assert.ok(err.message.startsWith(join(ctx.root, part) + ' '), err.message);
      }
      rmSync(join(ctx.root, part));
    }
  } finally {
    await ctx.close();
  }
});
