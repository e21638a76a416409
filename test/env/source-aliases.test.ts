/**
 * Aliases of git and file: sources (`a1@git+file:...#dev`) are packages of their own, keyed by the
 * alias as npm keys them: a second alias of the same repository or folder leaves the first alone.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commitVersion, git, initRepo } from '../helpers/git-repo.js';
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
