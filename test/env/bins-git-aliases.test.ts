/**
 * Breaks found by the outside tester of session 21 (try13u), each failing before its fix.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitVersion, git, gitUrlRewrites, initRepo } from '../helpers/git-repo.js';
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
    // The relative path is named as written: not `././gr` nor `./../gr` (try13v's minor).
    mkdirSync(join(ctx.dir, 'sub'), { recursive: true });
    for (const [spec, cwd, shown] of [['x@git+file:./gr#main', ctx.dir, './gr'], ['git+file:../gr#main', join(ctx.dir, 'sub'), '../gr'], ['git+file:gr#main', ctx.dir, './gr']] as const) {
      const r = await ctx.cli(['env', 'create', '-n', 'E', spec], { cwd });
      assert.ok(r.stderr.includes(`(for ${shown} here)`), `${spec}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\.\/\./, spec);
    }
    assert.ok(!existsSync(join(ctx.root, 'envs', 'E')));
  } finally {
    await ctx.close();
  }
});

test('U5: `.` and `..` in a spec file are the spec file\'s folder and its parent, as on the command line', async () => {
  const ctx = await setup([]);
  try {
    const dir = join(ctx.dir, 'pkg');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'u5pkg', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), 'module.exports = "u5";\n');
    writeFileSync(join(dir, 'env.yaml'), 'name: y1\ndependencies:\n  - .\n');
    writeFileSync(join(dir, 'sub', 'env.yaml'), 'name: y2\ndependencies:\n  - ..\n');
    // Run from elsewhere: the folder is the spec file's, not the current one.
    for (const [file, env] of [[join(dir, 'env.yaml'), 'y1'], [join(dir, 'sub', 'env.yaml'), 'y2']] as const) {
      let r = await ctx.cli(['env', 'create', '-f', file], { cwd: ctx.dir });
      assert.equal(r.status, 0, r.stderr);
      r = await ctx.cli(['run', '-n', env, '--', 'node', '-p', 'require("u5pkg")']);
      assert.equal(r.stdout.trim(), 'u5', r.stderr);
    }
  } finally {
    await ctx.close();
  }
});

test('U2: a GitHub repository git cannot read over https nor ssh names both attempts, not the ssh failure alone', async () => {
  const ctx = await setup([]);
  try {
    // https goes to a closed port, ssh to a host that does not exist (git's url.insteadOf).
    const env = gitUrlRewrites([
      ['https://github.com/someone/ghx.git', 'http://127.0.0.1:9/ghx.git'],
      ['ssh://git@github.com/someone/ghx.git', 'ssh://git@nonexistent.invalid/ghx.git'],
      ['git@github.com:someone/ghx.git', 'ssh://git@nonexistent.invalid/ghx.git'],
    ]);
    for (const spec of ['git+https://github.com/someone/ghx.git#v1', 'github:someone/ghx#v1']) {
      const r = await ctx.cli(['env', 'create', '-n', 'E', spec], { env: { ...env, GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' } });
      assert.notEqual(r.status, 0, r.stdout);
      assert.match(r.stderr, /E_SOURCE_UNAVAILABLE/);
      assert.ok(r.stderr.includes('https://github.com/someone/ghx.git'), `${spec}: ${r.stderr}`);
      assert.match(r.stderr, /over ssh/);
    }
  } finally {
    await ctx.close();
  }
});
