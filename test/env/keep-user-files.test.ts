/**
 * Every change rebuilds the prefix in staging; what the user put there (activate.d scripts,
 * notes, data, their own commands in bin/, a folder of their own in lib/node_modules) must be in
 * every new revision, through install, remove, update, rollback, env update and create --force.
 * A user file standing where a package now goes is kept aside and reported, never deleted; a
 * kill -9 mid-change leaves the old env (user files included) byte-identical (atomic.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';
import { wrappedScript } from '../../src/store/bins.js';

const tool = (v: string) => pkg('tool', v, { bin: { tool: 'cli.js' }, files: { 'cli.js': '#!/usr/bin/env node\nconsole.log("tool")\n' } });

/** The user's own additions, with their content, for comparison after each change. */
function addUserFiles(prefix: string): Record<string, string> {
  const files: Record<string, string> = {
    'etc/ssdp/activate.d/radar.sh': 'export RADAR=1\n',
    'notes.txt': 'my notes\n',
    'data/2024/day1.csv': 'a,b\n1,2\n',
    'bin/mytool': '#!/bin/sh\necho mine\n',
    'lib/node_modules/my-local/index.js': 'module.exports = 1;\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(prefix, rel, '..'), { recursive: true });
    writeFileSync(join(prefix, rel), text);
  }
  mkdirSync(join(prefix, 'empty-dir'));
  symlinkSync('../data', join(prefix, 'bin', 'data-link'));
  return files;
}

function assertKept(prefix: string, files: Record<string, string>, step: string): void {
  for (const [rel, text] of Object.entries(files)) assert.equal(readFileSync(join(prefix, rel), 'utf8'), text, `${step}: ${rel}`);
  assert.ok(lstatSync(join(prefix, 'empty-dir')).isDirectory(), `${step}: empty-dir`);
  assert.ok(lstatSync(join(prefix, 'bin', 'data-link')).isSymbolicLink(), `${step}: bin/data-link`);
}

test('install, remove, update, rollback, env update and create --force keep what the user added', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('alpha', '1.1.0'), pkg('gamma', '3.0.0'), tool('1.0.0'), pkg('@sci/lib', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'keep', 'alpha@1.0.0', 'tool', '@sci/lib']);
    assert.equal(r.status, 0, r.stderr);
    const prefix = join(ctx.root, 'envs/keep');
    const files = addUserFiles(prefix);

    const steps: string[][] = [
      ['install', '-n', 'keep', 'gamma'],
      ['remove', '-n', 'keep', 'tool'],
      ['update', '-n', 'keep', 'alpha@1.1.0'],
      ['install', '-n', 'keep', '--revision', '0'],
      ['env', 'update', '-n', 'keep', '-f', ctx.spec('keep.yaml', 'name: keep\ndependencies: [gamma]\n')],
      ['create', '-n', 'keep', '--force', 'gamma'],
    ];
    for (const args of steps) {
      r = await ctx.cli(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assertKept(prefix, files, args.join(' '));
    }
    // Owned entries did go: the removed tool's bin and folder, the dropped scope's package.
    assert.ok(!existsSync(join(prefix, 'bin/tool')));
    assert.ok(!existsSync(join(prefix, 'lib/node_modules/tool')));
    assert.ok(!existsSync(join(prefix, 'lib/node_modules/@sci')));
    assert.ok(!existsSync(join(prefix, 'ssdp-kept')), 'nothing was in the way, so nothing was kept aside');
    assert.deepEqual(readdirSync(join(ctx.root, 'envs')), ['keep']);
  } finally {
    await ctx.close();
  }
});

test('a user file where a new package goes is kept aside and reported, never deleted', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0'), tool('1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'clash', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const prefix = join(ctx.root, 'envs/clash');
    mkdirSync(join(prefix, 'lib/node_modules/gamma'));
    writeFileSync(join(prefix, 'lib/node_modules/gamma/mine.js'), 'my gamma\n');
    writeFileSync(join(prefix, 'bin/tool'), '#!/bin/sh\necho my tool\n');
    r = await ctx.cli(['install', '-n', 'clash', 'gamma', 'tool']);
    assert.equal(r.status, 0, r.stderr);
    // The packages are installed as locked ...
    assert.equal(readFileSync(join(prefix, 'lib/node_modules/gamma/index.js'), 'utf8'), 'module.exports = "gamma@3.0.0";\n');
    assert.ok(!existsSync(join(prefix, 'lib/node_modules/gamma/mine.js')), 'no user file inside the package folder');
    assert.equal(wrappedScript(join(prefix, 'bin/tool')), '../lib/node_modules/tool/cli.js', 'the package\'s bin (a wrapper of its node script), not the user\'s');
    // ... and the user's files are kept aside, and the warning says where.
    const kept = readdirSync(join(prefix, 'ssdp-kept'));
    assert.equal(kept.length, 1);
    assert.equal(readFileSync(join(prefix, 'ssdp-kept', kept[0]!, 'lib/node_modules/gamma/mine.js'), 'utf8'), 'my gamma\n');
    assert.equal(readFileSync(join(prefix, 'ssdp-kept', kept[0]!, 'bin/tool'), 'utf8'), '#!/bin/sh\necho my tool\n');
    assert.match(r.stderr, /warning: .*lib\/node_modules\/gamma .*kept at .*ssdp-kept/);
    assert.match(r.stderr, /warning: .*bin\/tool .*kept at .*ssdp-kept/);
    // The kept copies are the user's own from now on: the next change carries them too.
    r = await ctx.cli(['remove', '-n', 'clash', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(prefix, 'ssdp-kept', kept[0]!, 'bin/tool'), 'utf8'), '#!/bin/sh\necho my tool\n');
  } finally {
    await ctx.close();
  }
});
