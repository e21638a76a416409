/**
 * Aliases of git and file: sources (`a1@git+file:...#dev`) are packages of their own, keyed by the
 * alias as npm keys them: a second alias of the same repository or folder leaves the first alone.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitVersion, folderPackage, git, initRepo } from '../helpers/git-repo.js';
import { buildPackageTarball } from '../helpers/tarball.js';
import { tarballServer } from '../helpers/tarball-server.js';
import { setup } from './helpers.js';

test('V1: installing a second alias of one git repository or folder keeps the first (as npm does)', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'r'));
    commitVersion(repo, 'gpkg', '1.0.0');
    const mainCommit = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', '-b', 'dev');
    const devCommit = commitVersion(repo, 'gpkg', '2.0.0');
    const installed = (env: string) => readdirSync(join(ctx.root, 'envs', env, 'lib', 'node_modules')).filter((n) => !n.startsWith('.')).sort();

    let r = await ctx.cli(['env', 'create', '-n', 'G', `a1@git+file://${repo}#dev`]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'G', `a2@git+file://${repo}#main`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /1 added, 0 removed, 0 changed/);
    assert.deepEqual(installed('G'), ['a1', 'a2']);
    // Re-installing one alias at another ref changes that alias only.
    r = await ctx.cli(['install', '-n', 'G', `a2@git+file://${repo}#dev`]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(installed('G'), ['a1', 'a2']);
    const export_ = await ctx.cli(['env', 'export', '-n', 'G']);
    assert.match(export_.stdout, new RegExp(`a1@git\\+file:.*#${devCommit}`));
    assert.match(export_.stdout, new RegExp(`a2@git\\+file:.*#${devCommit}`));

    r = await ctx.cli(['env', 'create', '-n', 'F', `l1@file:${repo}`]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'F', `l2@file:${repo}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(installed('F'), ['l1', 'l2']);

    // Without an alias, a spec of the same repository still moves the request (update's ref move).
    r = await ctx.cli(['env', 'create', '-n', 'U', `git+file://${repo}#dev`]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'U', `git+file://${repo}#main`]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(installed('U'), ['gpkg']);
    const exported = (await ctx.cli(['env', 'export', '-n', 'U'])).stdout;
    assert.equal(exported.match(/git\+file:/g)?.length, 1, exported);
    assert.match(exported, new RegExp(`#${mainCommit}`));
  } finally {
    await ctx.close();
  }
});

/**
 * One git repository, file: folder or tarball URL installed under two names, its package's own
 * (`git+file:...`, `./pk`) and an alias (`a1@...`): npm 11 keeps both (a package is keyed by its
 * folder), and so does ssdp, whatever the order of install, remove and update (tester s22 try13w
 * C1, C4, C5: the alias's install or update removed the plain one; remove of one removed both).
 */
test('C1/C4/C5: a package and an alias of one git repository, folder or tarball URL are two packages', async () => {
  const ctx = await setup([]);
  const tgz = buildPackageTarball({ name: 'upkg', version: '1.0.0' });
  const server = await tarballServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(tgz);
  });
  try {
    const repo = initRepo(join(ctx.dir, 'r'));
    commitVersion(repo, 'gpkg', '1.0.0', {}, 'v1.0.0');
    git(repo, 'checkout', '-q', '-b', 'dev');
    commitVersion(repo, 'gpkg', '1.1.0');
    git(repo, 'checkout', '-q', 'main');
    const main = commitVersion(repo, 'gpkg', '1.2.0');
    const pk = folderPackage(join(ctx.dir, 'pk'), 'pk', '1.0.0');
    const installed = (env: string) => readdirSync(join(ctx.root, 'envs', env, 'lib', 'node_modules')).filter((n) => !n.startsWith('.')).sort();
    const version = (env: string, dir: string) => (JSON.parse(readFileSync(join(ctx.root, 'envs', env, 'lib', 'node_modules', dir, 'package.json'), 'utf8')) as { version: string }).version;
    const ok = async (args: string[]) => {
      const r = await ctx.cli(args, { cwd: ctx.dir });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout + r.stderr;
    };
    const sources: Array<[env: string, plain: string, alias: string, pkg: string]> = [
      ['G', `git+file://${repo}#v1.0.0`, `a1@git+file://${repo}#dev`, 'gpkg'],
      ['N', `gpkg@git+file://${repo}#v1.0.0`, `a1@git+file://${repo}#dev`, 'gpkg'],
      ['F', './pk', 'a1@./pk', 'pk'],
      ['U', `${server.url}/good.tgz`, `a1@${server.url}/good.tgz`, 'upkg'],
    ];
    for (const [env, plain, alias, pkg] of sources) {
      // C1: the alias after the plain one, and the plain one after the alias.
      await ok(['env', 'create', '-n', env, plain]);
      assert.match(await ok(['install', '-n', env, alias]), /1 added, 0 removed/, `${env}: install ${alias}`);
      assert.deepEqual(installed(env), ['a1', pkg].sort(), env);
      await ok(['env', 'create', '-n', `${env}2`, alias]);
      assert.match(await ok(['install', '-n', `${env}2`, plain]), /1 added, 0 removed/, `${env}2: install ${plain}`);
      assert.deepEqual(installed(`${env}2`), ['a1', pkg].sort(), `${env}2`);
      // C4: remove takes exactly the named one, by name or by its spec.
      assert.match(await ok(['remove', '-n', env, pkg]), /0 added, 1 removed/, `${env}: remove ${pkg}`);
      assert.deepEqual(installed(env), ['a1'], env);
      assert.match(await ok(['remove', '-n', `${env}2`, 'a1']), /0 added, 1 removed/, `${env}2: remove a1`);
      assert.deepEqual(installed(`${env}2`), [pkg], `${env}2`);
      await ok(['env', 'create', '--force', '-n', env, plain, alias]);
      assert.match(await ok(['remove', '-n', env, alias]), /0 added, 1 removed/, `${env}: remove ${alias}`);
      assert.deepEqual(installed(env), [pkg], env);
      const exported = await ok(['env', 'export', '-n', env, '--from-history']);
      assert.doesNotMatch(exported, /a1@/, exported);
    }
    // C5: updating the alias to another ref changes the alias only.
    await ok(['env', 'create', '-n', 'C5', `git+file://${repo}#v1.0.0`, `a1@git+file://${repo}#dev`]);
    assert.match(await ok(['update', '-n', 'C5', `a1@git+file://${repo}#main`]), /0 added, 0 removed, 1 changed/);
    assert.deepEqual(installed('C5'), ['a1', 'gpkg']);
    assert.equal(version('C5', 'gpkg'), '1.0.0');
    assert.equal(version('C5', 'a1'), '1.2.0');
    assert.match(await ok(['env', 'export', '-n', 'C5']), new RegExp(`a1@git\\+file:.*#${main}`));
    // ... and the plain one's update leaves the alias.
    assert.match(await ok(['update', '-n', 'C5', `git+file://${repo}#dev`]), /0 added, 0 removed, 1 changed/);
    assert.equal(version('C5', 'gpkg'), '1.1.0');
    assert.equal(version('C5', 'a1'), '1.2.0');
  } finally {
    await server.close();
    await ctx.close();
  }
});
