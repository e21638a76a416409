/**
 * `npx TOOL` inside an env runs the env's TOOL (tester s14 try13c NPX1): npm exec looks in the
 * project's node_modules/.bin and in npm's global prefix, never on PATH, so it fetched the
 * registry's version (or, with --no, refused). The env is npm's global prefix now. Real npx, the
 * fake registry on 127.0.0.1 holding a newer version of the tool.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeVersion } from '../helpers/registry.js';
import { setup } from './helpers.js';

const tool = (version: string): FakeVersion => ({ name: 'tooly', version, bin: { tooly: 'cli.js' }, files: { 'cli.js': `#!/usr/bin/env node\nconsole.log("tooly ${version}");\n` } });

test('NPX1: npx TOOL under ssdp run runs the env\'s TOOL, not the registry\'s latest; NPM1: a package npm install -g put in the env stays outside the lock, and remove says so', async (t) => {
  if (spawnSync('npx', ['--version']).status !== 0) return t.skip('no npx on PATH');
  const ctx = await setup([tool('1.0.0'), tool('2.0.0'), { name: 'lefty', version: '1.0.0', files: { 'index.js': 'module.exports = "lefty";\n' } }]);
  try {
    assert.equal((await ctx.cli(['env', 'create', '-n', 'e', 'tooly=1', '-q'])).status, 0);
    const cwd = join(ctx.dir, 'proj');
    mkdirSync(cwd);
    const env = { npm_config_cache: join(ctx.dir, 'npm-cache'), npm_config_update_notifier: 'false' };
    const r = await ctx.cli(['run', '-n', 'e', '--', 'npx', '--no', '--', 'tooly'], { cwd, env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'tooly 1.0.0');
    // NPM1 (tester s15 try13s): npm install -g in the env puts a package in its folder, outside
    // ssdp's lock (README): node finds it, ssdp's changes keep it, and ssdp remove says where it
    // came from and how to remove it, instead of "not installed".
    const g = await ctx.cli(['run', '-n', 'e', '--', 'npm', 'install', '-g', 'lefty', '--no-audit', '--no-fund'], { cwd, env });
    assert.equal(g.status, 0, g.stderr);
    const rm = await ctx.cli(['remove', '-n', 'e', 'lefty'], { cwd });
    assert.equal(rm.status, 1);
    assert.match(rm.stderr, /E_PACKAGE_NOT_IN_ENV\]: 'lefty' is in .*lib\/node_modules\/lefty but not in the env's lock: npm install -g put it there/);
    assert.match(rm.stderr, /npm uninstall -g lefty/);
    assert.equal((await ctx.cli(['install', '-n', 'e', 'tooly=2', '-q'], { cwd })).status, 0);
    const kept = await ctx.cli(['run', '-n', 'e', '--', 'node', '-e', 'console.log(require("lefty"))'], { cwd });
    assert.equal(kept.stdout.trim(), 'lefty', kept.stderr);
  } finally {
    await ctx.close();
  }
});
