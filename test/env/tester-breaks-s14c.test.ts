/**
 * Issue-8 breaks left from the session-14 tester's report (/work/briefs/s14/breaks/try8f.md), each
 * shown failing before its fix: B9 (a chmod -R / chown -R inside one env changed the stored inodes
 * every env shares, and neither linking nor clean --verify noticed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

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
