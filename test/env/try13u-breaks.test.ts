/**
 * Breaks found by the outside tester of session 21 (try13u), each failing before its fix.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitVersion, git, initRepo } from '../helpers/git-repo.js';
import { pkg, setup } from './helpers.js';

// uvu's own test of whether its CLI started it (uvu/dist/index.js): without it, every test file
// runs its suites itself, outside the CLI's queue, as well.
const UVU_CHECK = String.raw`/(\.bin[\\/]runner$|runner[\\/]bin\.js)/i.test(process.argv[1])`;

test('U1: a bin run from the env sees .bin/NAME in process.argv[1], as under npm install (uvu decides by it whether its CLI runs)', async () => {
  const cli = `#!/usr/bin/env node\nconsole.log((${UVU_CHECK} ? 'cli' : 'not-cli') + ' ' + require('path').basename(process.argv[1]));\n`;
  const ctx = await setup([pkg('runner', '1.0.0', { bin: { runner: 'cli.js' }, files: { 'cli.js': cli } })]);
  try {
    let r = await ctx.cli(['env', 'create', '-n', 'E', 'runner']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'E', '--', 'runner']);
    assert.equal(r.status, 0, r.stderr);
    // npm install gives node_modules/.bin/runner: 'cli runner'.
    assert.equal(r.stdout.trim(), 'cli runner');
    // The bin wrapper in PREFIX/bin, run by path (a Makefile, cron), the same.
    r = await ctx.cli(['run', '-n', 'E', '--', join(ctx.root, 'envs', 'E', 'bin', 'runner')]);
    assert.equal(r.stdout.trim(), 'cli runner', r.stderr);
  } finally {
    await ctx.close();
  }
});

test('U3: installing another package keeps the locked commit of an ALIASED git request (al@git+file:...#dev); update moves it', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0')]);
  try {
    const repo = initRepo(join(ctx.dir, 'r'));
    commitVersion(repo, 'gpkg', '1.0.0');
    git(repo, 'checkout', '-q', '-b', 'dev');
    const spec = `al@git+file://${repo}#dev`;
    let r = await ctx.cli(['env', 'create', '-n', 'E', spec]);
    assert.equal(r.status, 0, r.stderr);
    const which = async () => (await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', 'require("al")'])).stdout.trim();
    assert.equal(await which(), 'gpkg@1.0.0');
    // The branch moves on.
    writeFileSync(join(repo, 'index.js'), 'module.exports = "moved";\n');
    git(repo, 'commit', '-q', '-am', 'moved');

    r = await ctx.cli(['install', '-n', 'E', 'leaf']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /1 added, 0 removed, 0 changed/);
    assert.equal(await which(), 'gpkg@1.0.0', 'the env kept the locked commit');
    assert.ok(existsSync(join(ctx.root, 'envs', 'E', 'lib', 'node_modules', 'leaf')));

    // Only update resolves the branch again.
    r = await ctx.cli(['update', '-n', 'E', 'al']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await which(), 'moved');
  } finally {
    await ctx.close();
  }
});

test('U4: a relative git+file: URL is E_BAD_SOURCE_SPEC naming the absolute git+file:/// URL, not "not a valid package name"', async () => {
  const ctx = await setup([]);
  try {
    initRepo(join(ctx.dir, 'gr'));
    for (const spec of ['git+file:gr#main', 'al@git+file:gr#main', 'git+file://gr#main']) {
      const r = await ctx.cli(['env', 'create', '-n', 'E', spec], { cwd: ctx.dir });
      assert.notEqual(r.status, 0, r.stdout);
      assert.match(r.stderr, /E_BAD_SOURCE_SPEC/, spec);
      assert.ok(r.stderr.includes(`git+file://${join(ctx.dir, 'gr')}#main`), `${spec}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /not a valid package name|conda match spec/);
    }
    assert.ok(!existsSync(join(ctx.root, 'envs', 'E')));
  } finally {
    await ctx.close();
  }
});
