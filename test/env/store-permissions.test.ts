/**
 * Issue-8 breaks left from the session-14 tester's report (/work/briefs/s14/breaks/try8f.md), each
 * shown failing before its fix: B9 (a chmod -R / chown -R inside one env changed the stored inodes
 * every env shares, and neither linking nor clean --verify noticed), B5 (a FIFO at an env's
 * env.json or lock.json, or at a resolution-cache entry, hung env list, list, clean and create), B10
 * (env export -f: a stack and a temp file left for a folder or a missing folder, a user's file
 * replaced without a word, a symlink replaced by a plain file), B2 (a part of the store that is a link
 * to nothing: clean --verify said "Verified 0 packages", exit 0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { canMount, pkg, setup } from './helpers.js';
import { CLI_ENTRY, runProgram } from '../helpers/cli.js';

const PACKAGES = [pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')];
const isRoot = process.getuid?.() === 0;

/** chmod -R / chown -R of a folder, as a user would run it on an env. */
function walk(dir: string, fn: (p: string) => void): void {
  fn(dir);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) walk(join(dir, e.name), fn);
    else fn(join(dir, e.name));
  }
}

test('B9: chmod -R g+w inside one env: the next change fetches a clean copy and relinks every env; clean --verify repairs it too', async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const fileIn = (env: string) => join(ctx.root, 'envs', env, 'lib', 'node_modules', 'alpha', 'index.js');
    const writable = (f: string) => statSync(f).mode & 0o222;
    walk(join(ctx.root, 'envs', 'a', 'lib'), (p) => chmodSync(p, statSync(p).mode | 0o022));
    assert.ok(writable(fileIn('a')));
    // Linking a new env notices the mode (one stat it already makes) and repairs before linking.
    r = await ctx.cli(['create', '-n', 'b', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /stored copy of alpha@1\.0\.0 was damaged \((index|package)\.js(on)? was given mode 0\d{3} where the store keeps 0444, so it is writable in every env\)/);
    assert.equal(writable(fileIn('b')), 0, 'env b links a read-only file');
    assert.equal(writable(fileIn('a')), 0, 'env a is relinked to the clean copy');
    assert.notEqual(statSync(fileIn('a')).ino, statSync(join(ctx.root, 'envs', 'a', 'lib', 'node_modules', 'alpha', 'package.json')).ino);

    // The same found by clean --verify, which said "repaired 0".
    walk(join(ctx.root, 'envs', 'b', 'lib'), (p) => chmodSync(p, statSync(p).mode | 0o022));
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired 1/, r.stdout);
    assert.match(r.stdout, /\.js(on)? was given mode/, r.stdout);
    for (const env of ['a', 'b']) assert.equal(writable(fileIn(env)), 0, `env ${env} relinked`);
    r = await ctx.cli(['clean', '--verify']);
    assert.match(r.stdout, /repaired 0/, r.stdout);
  } finally {
    await ctx.close();
  }
});

test('chmod a-r of a package file in one env: clean --verify and the next link of another env find it and relink every env to a readable copy', async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const fileIn = (env: string) => join(ctx.root, 'envs', env, 'lib', 'node_modules', 'alpha', 'index.js');
    const readable = (f: string) => statSync(f).mode & 0o400;
    chmodSync(fileIn('a'), 0o000); // the store's inode: unreadable in every env for all but root
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired 1/, r.stdout);
    assert.match(r.stdout, /index\.js was given mode 0000 where the store keeps 0444, so it is unreadable \(to all but root\) in every env/, r.stdout);
    assert.ok(readable(fileIn('a')), 'env a relinked to a readable copy');
    // Linking another env notices it too (the stat it already makes) and repairs before linking.
    chmodSync(fileIn('a'), 0o000);
    r = await ctx.cli(['create', '-n', 'b', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /stored copy of alpha@1\.0\.0 was damaged \(index\.js was given mode 0000 .*unreadable/);
    for (const env of ['a', 'b']) assert.ok(readable(fileIn(env)), `env ${env} holds a readable copy`);
  } finally {
    await ctx.close();
  }
});

test('B9: chown -R of one env: clean --verify gives the stored files back to the store\'s owner in every env', { skip: !isRoot && 'needs root for chown' }, async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['create', '-n', 'b', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    walk(join(ctx.root, 'envs', 'a', 'lib'), (p) => chownSync(p, 65534, 65534));
    const fileIn = (env: string) => join(ctx.root, 'envs', env, 'lib', 'node_modules', 'alpha', 'index.js');
    assert.equal(statSync(fileIn('b')).uid, 65534, 'the inode is shared');
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired 1/, r.stdout);
    assert.match(r.stdout, /was given to owner 65534:65534/, r.stdout);
    for (const env of ['a', 'b']) assert.equal(statSync(fileIn(env)).uid, process.getuid!(), `env ${env} relinked`);
  } finally {
    await ctx.close();
  }
});

/** A FIFO in place of `file`: reading it blocks until a writer comes, which none does. */
function fifoAt(file: string): void {
  rmSync(file, { force: true });
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, String(r.stderr));
}

// The timeout only turns the old hang into a failure; nothing here waits for a time.
test('B5: a FIFO at env.json, lock.json or a resolution-cache entry is E_ENV_CORRUPT / skipped, never a hang', { timeout: 300_000 }, async () => {
  const ctx = await setup(PACKAGES);
  try {
    for (const n of ['a', 'b']) {
      const r = await ctx.cli(['create', '-n', n, 'gamma', '-q']);
      assert.equal(r.status, 0, r.stderr);
    }
    const meta = join(ctx.root, 'envs', 'a', 'ssdp-meta');
    for (const f of ['env.json', 'lock.json']) {
      const file = join(meta, f);
      const keep = readFileSync(file);
      fifoAt(file);
      let r = await ctx.cli(['env', 'list']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout + r.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')} is damaged: it is a FIFO \\(named pipe\\), not a regular file`), f);
      assert.match(r.stdout, /envs\/b/, 'the other envs are listed');
      r = await ctx.cli(['list', '-n', 'a']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /\[E_ENV_CORRUPT\]: .* is damaged: it is a FIFO/, f);
      r = await ctx.cli(['clean']);
      assert.equal(r.status, 0, r.stderr);
      rmSync(file);
      writeFileSync(file, keep);
    }
    // A cache entry that cannot be read is skipped, as one that cannot be written is.
    const cache = join(ctx.root, 'cache', 'resolutions-v1');
    for (const n of readdirSync(cache)) fifoAt(join(cache, n));
    const r = await ctx.cli(['create', '-n', 'c', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('B10: env export -f: coded errors for a folder or a missing folder (no temp file), a user file kept without --force, a symlink written through', async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const d = join(ctx.dir, 'd');
    mkdirSync(d);
    const before = readdirSync(ctx.dir).sort();
    for (const [file, why] of [
      [d, 'it is a folder'],
      [join(ctx.dir, 'nonexistent', 'x.yaml'), 'its folder .*nonexistent does not exist'],
    ] as const) {
      r = await ctx.cli(['env', 'export', '-n', 'a', '-f', file]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`\\[E_EXPORT_PATH\\]: env export -f ${file}: cannot write the export at ${file}: ${why}; nothing was written`));
      assert.doesNotMatch(r.stderr, /\n\s+at |unexpected error/);
      assert.deepEqual(readdirSync(ctx.dir).sort(), before, 'no temp file left');
    }
    const notes = join(ctx.dir, 'notes.txt');
    writeFileSync(notes, 'my precious notes\n');
    r = await ctx.cli(['env', 'export', '-n', 'a', '-f', notes]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /\[E_EXPORT_EXISTS\]: .*notes\.txt exists and is not an env spec or lockfile; it is left as it is\.\n.*--force/);
    assert.equal(readFileSync(notes, 'utf8'), 'my precious notes\n');
    // An earlier export (spec or lock) is refreshed without --force; anything with --force.
    const spec = join(ctx.dir, 'env.yaml');
    for (const args of [['-f', spec], ['-f', spec], ['--lock', '-f', spec], ['-f', notes, '--force']]) {
      r = await ctx.cli(['env', 'export', '-n', 'a', ...args]);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.match(readFileSync(notes, 'utf8'), /gamma/);
    // A symlink (also one to nothing yet) is written through, and stays a link.
    const link = join(ctx.dir, 'link.yaml');
    symlinkSync('target.yaml', link);
    for (let i = 0; i < 2; i++) {
      r = await ctx.cli(['env', 'export', '-n', 'a', '-f', link]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.equal(readlinkSync(link), 'target.yaml');
      assert.match(readFileSync(join(ctx.dir, 'target.yaml'), 'utf8'), /gamma/);
    }
  } finally {
    await ctx.close();
  }
});

test('B2: a store part that is a link to nothing stops clean and clean --verify with E_NOT_A_FOLDER naming it; nothing removed', async () => {
  const ctx = await setup(PACKAGES);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['create', '-n', 'b', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'remove', '-n', 'b']);
    assert.equal(r.status, 0, r.stderr);
    for (const part of ['store/v1/pkgs', 'store/v1/tmp', 'store/v1/pins', 'store/v1/damaged', 'store/v1']) {
      const p = join(ctx.root, part);
      const aside = `${p}.aside`;
      const there = existsSync(p);
      if (there) renameSync(p, aside);
      symlinkSync('/nonexistent/disk', p);
      for (const args of [['clean'], ['clean', '--verify']]) {
        r = await ctx.cli(args);
        assert.equal(r.status, 1, `${part}, ${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, new RegExp(`\\[E_NOT_A_FOLDER\\]: ${p} \\(a folder of the package store\\) is a symlink to /nonexistent/disk`), `${part} ${args.join(' ')}`);
        assert.doesNotMatch(r.stderr, /\n\s+at |unexpected error/);
        assert.doesNotMatch(r.stdout, /Verified|Removed/);
      }
      unlinkSync(p);
      if (there) renameSync(aside, p);
    }
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Removed 1 unused package/, 'gamma was kept until the store could be seen');
  } finally {
    await ctx.close();
  }
});

test('B8: E_ENV_DISK_FULL for a -p env on its own full disk names the env\'s file and that disk, not the store\'s', { skip: canMount ? false : 'needs root (unshare -m, mount -t tmpfs)' }, async () => {
  const ctx = await setup([pkg('big', '1.0.0', { files: { 'big.txt': 'x'.repeat(200_000) } })]);
  try {
    const disk = join(ctx.dir, 'm');
    mkdirSync(disk);
    const script = `mount -t tmpfs -o size=150k tmpfs "$D" || exit 99
      "$NODE" "$CLI" create -p "$D/e" big; echo "rc=$?"; ls -A "$D"`;
    const r = await runProgram('unshare', ['-m', 'sh', '-c', script], { env: { ...ctx.env, D: disk, NODE: process.execPath, CLI: CLI_ENTRY } });
    assert.match(r.stdout, /^rc=1$/m, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`\\[E_ENV_DISK_FULL\\]: could not write ${disk}/\\.e\\.ssdp-staging-[^ ]*/big\\.txt: the disk is full \\(ENOSPC, no space left on the device; \\d+ kB free\\)`), r.stderr);
    assert.match(r.stderr, new RegExp(`hint: Free space on the disk that holds ${disk}/`));
    assert.doesNotMatch(r.stderr, /store\/v1\/pkgs/);
    assert.doesNotMatch(r.stdout, /ssdp-staging/, 'nothing half-written left');
  } finally {
    await ctx.close();
  }
});
