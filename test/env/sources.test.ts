/**
 * Git, tarball-URL and file: specs go through pacote: a folder, a .tgz and a git repository made
 * here, and a tarball served on 127.0.0.1, on the command line and in spec YAML; the lock records
 * the commit and the integrity of what was packed, and re-creating from the lock checks them.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackageTarball } from '../helpers/tarball.js';
import { commitVersion, folderPackage, initRepo } from '../helpers/git-repo.js';
import { pkg, setup } from './helpers.js';

const installed = (root: string, env: string, name: string) => readFileSync(join(root, 'envs', env, 'lib', 'node_modules', name, 'index.js'), 'utf8');

test('file: folder on the command line (relative to the cwd), its registry dependency resolved; lock records integrity, and a changed folder fails re-create from the lock', async () => {
  const ctx = await setup([pkg('dep', '1.2.0')]);
  try {
    folderPackage(join(ctx.dir, 'work', 'local'), 'localpkg', '0.3.0', { dependencies: { dep: '^1' } });
    let r = await ctx.cli(['env', 'create', '-n', 'a', './local'], { cwd: join(ctx.dir, 'work') });
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 'a', 'localpkg'), /localpkg@0\.3\.0/);
    assert.match(installed(ctx.root, 'a', 'dep'), /dep@1\.2\.0/);
    // npm's alias of a folder, `ALIAS@./folder`, alone on the line: the folder under the alias,
    // not a registry package whose metadata names a path (s17 U8).
    r = await ctx.cli(['env', 'create', '-n', 'al', 'tdir@./local'], { cwd: join(ctx.dir, 'work') });
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 'al', 'tdir'), /localpkg@0\.3\.0/);
    // update --all of an env whose request was a relative folder changes nothing, so it records
    // no revision (its state was compared by key order: s17 U7).
    r = await ctx.cli(['update', '-n', 'al', '--all'], { cwd: join(ctx.dir, 'work') });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /nothing changed/);
    assert.deepEqual(readdirSync(join(ctx.root, 'envs', 'al', 'ssdp-meta', 'history')).length, 1);
    const lockFile = join(ctx.dir, 'a.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'a', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    const entry = lock.packages.find((p: { name: string }) => p.name === 'localpkg');
    // Written relative to the lock's folder, as the request was (LK1, test/env/lock-relative.test.ts).
    assert.equal(entry.resolved, 'file:./work/local');
    assert.match(entry.integrity, /^sha512-/);
    assert.deepEqual(lock.requested.filter((q: string) => q.startsWith('file:')), ['file:./work/local']);

    // Same folder: the lock re-creates the env (packed again, same bytes).
    r = await ctx.cli(['env', 'create', '-n', 'a2', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 'a2', 'localpkg'), /localpkg@0\.3\.0/);
    // Pins export keeps the spec, which recreates it.
    r = await ctx.cli(['env', 'export', '-n', 'a']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`- file:${join(ctx.dir, 'work', 'local')}`), r.stdout);

    // The folder changed: the store still holds the locked bytes, and they are what the lock installs;
    // on a root without them, packing the folder again no longer matches the lock.
    writeFileSync(join(ctx.dir, 'work', 'local', 'index.js'), 'module.exports = "changed";\n');
    r = await ctx.cli(['env', 'create', '-n', 'a3', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 'a3', 'localpkg'), /localpkg@0\.3\.0/);
    r = await ctx.cli(['env', 'create', '-n', 'a4', '-f', lockFile], { env: { SSDP_ROOT: join(ctx.dir, 'root2') } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_INTEGRITY/);
  } finally {
    await ctx.close();
  }
});

test('file: .tgz and a tarball URL on 127.0.0.1 in spec YAML; a lock naming a file: path its requests do not name is refused', async () => {
  const ctx = await setup([pkg('served', '2.0.0')]);
  try {
    writeFileSync(join(ctx.dir, 'tgzpkg-1.0.0.tgz'), buildPackageTarball({ name: 'tgzpkg', version: '1.0.0' }, { 'index.js': 'module.exports = "tgzpkg@1.0.0";\n' }));
    const doc = (await (await fetch(`${ctx.reg.url}/served`)).json()) as { versions: Record<string, { dist: { tarball: string } }> };
    const url = doc.versions['2.0.0']!.dist.tarball;
    const spec = ctx.spec('env.yaml', `name: t\ndependencies:\n  - file:./tgzpkg-1.0.0.tgz\n  - ${url}\n`);
    let r = await ctx.cli(['env', 'create', '-f', spec]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 't', 'tgzpkg'), /tgzpkg@1\.0\.0/);
    assert.match(installed(ctx.root, 't', 'served'), /served@2\.0\.0/);
    const lockFile = join(ctx.dir, 't.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 't', '--lock', '-f', lockFile]);
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    const tgz = lock.packages.find((p: { name: string }) => p.name === 'tgzpkg');
    assert.equal(tgz.resolved, 'file:./tgzpkg-1.0.0.tgz');
    assert.match(tgz.integrity, /^sha512-/);
    assert.equal(lock.packages.find((p: { name: string }) => p.name === 'served').resolved, url);

    // A lock whose file: entry no request names: refused before anything is read.
    const forged = { ...lock, requested: lock.requested.filter((q: string) => !q.startsWith('file:')) };
    writeFileSync(join(ctx.dir, 'forged.lock.json'), JSON.stringify(forged));
    r = await ctx.cli(['env', 'create', '-n', 'f', '-f', join(ctx.dir, 'forged.lock.json')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_LOCK_UNTRUSTED_HOST/);
  } finally {
    await ctx.close();
  }
});

test('git+file:// with #tag records the commit; a missing ref and a bad spec are coded errors naming the spec', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const sha = commitVersion(repo, 'gitpkg', '1.0.0', {}, 'v1.0.0');
    commitVersion(repo, 'gitpkg', '2.0.0');
    const spec = `git+file://${repo}#v1.0.0`;
    let r = await ctx.cli(['env', 'create', '-n', 'g', spec]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 'g', 'gitpkg'), /gitpkg@1\.0\.0/);
    const lockFile = join(ctx.dir, 'g.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'g', '--lock', '-f', lockFile]);
    const entry = JSON.parse(readFileSync(lockFile, 'utf8')).packages[0];
    assert.equal(entry.resolved, `git+file://${repo}#${sha}`);
    assert.match(entry.integrity, /^sha512-/);
    r = await ctx.cli(['env', 'create', '-n', 'g2', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installed(ctx.root, 'g2', 'gitpkg'), /gitpkg@1\.0\.0/);

    r = await ctx.cli(['env', 'create', '-n', 'm', `git+file://${repo}#no-such-tag`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_SOURCE_UNAVAILABLE/);
    assert.ok(r.stderr.includes('no-such-tag'), r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'b', 'github:not a repo']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_BAD_SOURCE_SPEC/);
  } finally {
    await ctx.close();
  }
});
