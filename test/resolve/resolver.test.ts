import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type FakeVersion } from '../helpers/registry.js';
import {
  currentPlatform,
  nodePlatformPackage,
  parseLockfile,
  parseRequest,
  resolve,
  serializeLock,
  verifyLockTree,
  type Lockfile,
  type ResolveOptions,
} from '../../src/resolve/index.js';

const linux = { os: 'linux', cpu: 'x64', libc: 'glibc' };

async function resolveWith(versions: FakeVersion[], specs: string[], extra: Partial<ResolveOptions> = {}) {
  const reg = await startRegistry(versions);
  try {
    const cacheDir = await mkdtemp(join(tmpdir(), 'ssdp-meta-'));
    const warnings: string[] = [];
    const lock = await resolve(specs.map(parseRequest), {
      registry: reg.url,
      cacheDir,
      platform: linux,
      nodeVersion: '20.11.1',
      onWarning: (m) => warnings.push(m),
      ...extra,
    });
    return { lock, warnings, requests: [...reg.requests] };
  } finally {
    await reg.close();
  }
}

const at = (lock: Lockfile) => Object.fromEntries(lock.packages.map((p) => [p.path, p.version]));

test('highest fitting versions, one hoisted copy per name, nested copies only on real conflicts', async () => {
  const { lock } = await resolveWith(
    [
      { name: 'app', version: '1.0.0', dependencies: { lib: '^1.0.0', util: '^2.0.0' }, bin: 'cli.js' },
      { name: 'lib', version: '1.0.0' },
      { name: 'lib', version: '1.4.0', dependencies: { util: '^1.0.0' } },
      { name: 'lib', version: '2.0.0' },
      { name: 'util', version: '1.0.0' },
      { name: 'util', version: '1.1.0' },
      { name: 'util', version: '2.3.0' },
      { name: 'other', version: '3.0.0', dependencies: { lib: '>=1.2 <2' } },
    ],
    ['app', 'other@3'],
  );
  assert.deepEqual(at(lock), { app: '1.0.0', lib: '1.4.0', 'lib/node_modules/util': '1.1.0', other: '3.0.0', util: '2.3.0' });
  const app = lock.packages.find((p) => p.name === 'app')!;
  assert.equal(app.requested, true);
  assert.deepEqual(app.bin, { app: 'cli.js' });
  assert.match(app.integrity, /^sha512-/);
  assert.match(app.resolved, /\/app\/-\/app-1\.0\.0\.tgz$/);
  assert.equal(lock.packages.find((p) => p.name === 'lib')!.requested, undefined);
  assert.deepEqual(lock.requested, ['app', 'other@3']);
});

test('peers: provided by the parent level, auto-added when missing, conflicts backtrack or explain', async () => {
  const base: FakeVersion[] = [
    { name: 'react', version: '17.0.2' },
    { name: 'react', version: '18.3.1' },
    { name: 'widget', version: '1.0.0', peerDependencies: { react: '^17 || ^18' } },
    { name: 'widget', version: '2.0.0', peerDependencies: { react: '^18' } },
  ];
  // Satisfied by a requested sibling; the newest widget does not fit react 17, so an older one is chosen.
  const one = await resolveWith(base, ['react@17', 'widget']);
  assert.deepEqual(at(one.lock), { react: '17.0.2', widget: '1.0.0' });
  // Missing peer: added next to the dependent, like npm 7+.
  const two = await resolveWith([...base, { name: 'host', version: '1.0.0', dependencies: { widget: '^2' } }], ['host']);
  assert.deepEqual(at(two.lock), { host: '1.0.0', react: '18.3.1', widget: '2.0.0' });
  // A peer that nothing can satisfy: an error naming both sides.
  await assert.rejects(resolveWith([...base, { name: 'old', version: '1.0.0', peerDependencies: { react: '^16' } }], ['react@18', 'old']), (e: any) => {
    assert.equal(e.code, 'E_UNSATISFIABLE');
    assert.match(e.message, /old@1\.0\.0 has peer react@\^16, but react@18\.3\.1 is there/);
    assert.match(e.message, /requested as react@18/);
    return true;
  });
  // Optional peers are not installed.
  const three = await resolveWith(
    [{ name: 'plug', version: '1.0.0', peerDependencies: { react: '^18' }, peerDependenciesMeta: { react: { optional: true } } }, ...base],
    ['plug'],
  );
  assert.deepEqual(at(three.lock), { plug: '1.0.0' });
});

test('optional dependencies are filtered by os/cpu/libc and marked optional', async () => {
  const versions: FakeVersion[] = [
    { name: 'tool', version: '1.0.0', optionalDependencies: { 'tool-linux-x64': '1.0.0', 'tool-darwin-arm64': '1.0.0', 'tool-linux-x64-musl': '1.0.0', 'tool-any-arm64': '1.0.0' } },
    { name: 'tool-linux-x64', version: '1.0.0', os: ['linux'], cpu: ['x64'], libc: ['glibc'], dependencies: { helper: '1' } },
    { name: 'tool-linux-x64-musl', version: '1.0.0', os: ['linux'], cpu: ['x64'], libc: ['musl'] },
    { name: 'tool-darwin-arm64', version: '1.0.0', os: ['darwin'], cpu: ['arm64'] },
    { name: 'tool-any-arm64', version: '1.0.0', os: ['!win32'], cpu: ['arm64'] },
    { name: 'helper', version: '1.0.0' },
  ];
  const { lock } = await resolveWith(versions, ['tool']);
  assert.deepEqual(at(lock), { helper: '1.0.0', tool: '1.0.0', 'tool-linux-x64': '1.0.0' });
  const native = lock.packages.find((p) => p.name === 'tool-linux-x64')!;
  assert.equal(native.optional, true);
  assert.deepEqual(native.os, ['linux']);
  assert.equal(lock.packages.find((p) => p.name === 'helper')!.optional, true);
  assert.equal(lock.packages.find((p) => p.name === 'tool')!.optional, undefined);
  const mac = await resolveWith(versions, ['tool'], { platform: { os: 'darwin', cpu: 'arm64' } });
  assert.deepEqual(at(mac.lock), { tool: '1.0.0', 'tool-any-arm64': '1.0.0', 'tool-darwin-arm64': '1.0.0' });
  const musl = await resolveWith(versions, ['tool'], { platform: { os: 'linux', cpu: 'x64', libc: 'musl' } });
  assert.deepEqual(at(musl.lock), { tool: '1.0.0', 'tool-linux-x64-musl': '1.0.0' });
});

test('engines.node: hard with a pin (backtracks to an older version), a warning without', async () => {
  const versions: FakeVersion[] = [
    { name: 'app', version: '1.0.0', dependencies: { lib: '>=1' } },
    { name: 'lib', version: '1.5.0', engines: { node: '>=18' } },
    { name: 'lib', version: '2.0.0', engines: { node: '>=22' } },
  ];
  const pinned = await resolveWith(versions, ['app'], { nodeVersion: '20.11.1', nodePinned: true });
  assert.deepEqual(at(pinned.lock), { app: '1.0.0', lib: '1.5.0' });
  assert.deepEqual(pinned.warnings, []);
  const loose = await resolveWith(versions, ['app'], { nodeVersion: '20.11.1', nodePinned: false });
  assert.deepEqual(at(loose.lock), { app: '1.0.0', lib: '2.0.0' });
  assert.equal(loose.warnings.length, 1);
  assert.match(loose.warnings[0]!, /lib@2\.0\.0 wants node >=22; this is node 20\.11\.1/);
});

test('backtracking over transitive failures, and an explanation naming the chain when nothing fits', async () => {
  const versions: FakeVersion[] = [
    { name: 'app', version: '1.0.0', dependencies: { mid: '^1' } },
    { name: 'app', version: '2.0.0', dependencies: { mid: '^2' } },
    { name: 'mid', version: '1.0.0', dependencies: { lib: '^1' } },
    { name: 'mid', version: '2.0.0', dependencies: { lib: '^2' } },
    { name: 'lib', version: '1.0.0' },
    { name: 'lib', version: '2.0.0', engines: { node: '>=22' } },
    { name: 'lib', version: '2.1.0', engines: { node: '>=22' } },
  ];
  // app@2 -> mid@2 -> lib@2 needs node 22: the resolver walks back to app@1.
  const ok = await resolveWith(versions, ['app'], { nodeVersion: '20.11.1', nodePinned: true });
  assert.deepEqual(at(ok.lock), { app: '1.0.0', lib: '1.0.0', mid: '1.0.0' });
  await assert.rejects(resolveWith(versions, ['app@2'], { nodeVersion: '20.11.1', nodePinned: true }), (e: any) => {
    assert.equal(e.code, 'E_UNSATISFIABLE');
    assert.match(e.message, /'app@2'/);
    assert.match(e.message, /app@2\.0\.0 requires mid@\^2; mid@2\.0\.0 requires lib@\^2, but every lib matching \^2 needs node >=22 and this env pins node 20\.11\.1/);
    return true;
  });
});

test('unknown package suggests near names; no matching version lists the newest', async () => {
  const versions: FakeVersion[] = [
    { name: 'lodash', version: '4.17.21' },
    { name: 'lodash', version: '4.17.20' },
    { name: 'uses-ghost', version: '1.0.0', dependencies: { ghost: '^1' } },
  ];
  const reg = await startRegistry(versions);
  const cacheDir = await mkdtemp(join(tmpdir(), 'ssdp-meta-'));
  const opts = { registry: reg.url, cacheDir, platform: linux };
  try {
    await resolve([parseRequest('lodash')], opts); // lodash is now a cached name
    await assert.rejects(resolve([parseRequest('lodahs@4')], opts), (e: any) => {
      assert.equal(e.code, 'E_UNKNOWN_PACKAGE');
      assert.match(e.message, /'lodahs'/);
      assert.match(e.hint, /did you mean 'lodash'/);
      return true;
    });
    await assert.rejects(resolve([parseRequest('lodash@^5')], opts), (e: any) => {
      assert.equal(e.code, 'E_NO_MATCHING_VERSION');
      assert.match(e.message, /'\^5'.*newest available: 4\.17\.21, 4\.17\.20/);
      return true;
    });
    await assert.rejects(resolve([parseRequest('uses-ghost')], opts), (e: any) => {
      assert.equal(e.code, 'E_UNSATISFIABLE');
      assert.match(e.message, /uses-ghost@1\.0\.0 requires ghost@\^1, but package 'ghost' does not exist/);
      return true;
    });
    // try13a B2: a private scope's missing name is searched on its own registry only, never sent
    // to the default one's search.
    const scoped = await startRegistry([{ name: '@acme/other', version: '1.0.0' }]);
    try {
      const before = reg.requests.length;
      await assert.rejects(resolve([parseRequest('@acme/lib')], { ...opts, scopes: { '@acme': `${scoped.url}/` }, auth: { headers: {}, registries: [] } }), { code: 'E_UNKNOWN_PACKAGE' });
      assert.deepEqual(reg.requests.slice(before), []);
      assert.ok(scoped.requests.some((r) => r.includes('-/v1/search')), scoped.requests.join(' '));
    } finally {
      await scoped.close();
    }
  } finally {
    await reg.close();
  }
});

test('deterministic: shuffled requests give a byte-identical lock', async () => {
  const versions: FakeVersion[] = [];
  for (let i = 0; i < 12; i++) {
    versions.push({ name: `p${i}`, version: '1.0.0', dependencies: { shared: i % 2 ? '^1' : '^2', [`p${(i + 1) % 12}`]: '*' } });
  }
  versions.push({ name: 'shared', version: '1.0.0' }, { name: 'shared', version: '2.0.0' });
  const names = versions.filter((v) => v.name.startsWith('p')).map((v) => v.name);
  const reg = await startRegistry(versions);
  try {
    const run = async (specs: string[]) =>
      resolve(specs.map(parseRequest), { registry: reg.url, cacheDir: await mkdtemp(join(tmpdir(), 'ssdp-meta-')), platform: linux });
    const a = await run(names.slice(0, 6));
    const b = await run(names.slice(0, 6).reverse());
    const c = await run([names[3]!, names[0]!, names[5]!, names[1]!, names[4]!, names[2]!]);
    assert.equal(serializeLock(a), serializeLock(b));
    assert.equal(serializeLock(a), serializeLock(c));
    const nested = a.packages.filter((p) => p.path.includes('/node_modules/'));
    assert.ok(nested.length > 0 && nested.every((p) => p.name === 'shared'));
    assert.deepEqual(a.packages.map((p) => p.path), [...a.packages.map((p) => p.path)].sort());
  } finally {
    await reg.close();
  }
});

test('before: only versions published before the date (full packuments fetched)', async () => {
  const versions: FakeVersion[] = [
    { name: 'lib', version: '1.0.0', time: '2024-01-01T00:00:00.000Z' },
    { name: 'lib', version: '1.1.0', time: '2024-06-01T00:00:00.000Z' },
    { name: 'lib', version: '1.2.0', time: '2025-01-01T00:00:00.000Z' },
  ];
  const { lock } = await resolveWith(versions, ['lib'], { before: new Date('2024-12-01') });
  assert.deepEqual(at(lock), { lib: '1.1.0' });
  await assert.rejects(resolveWith(versions, ['lib'], { before: new Date('2023-01-01') }), (e: any) => e.code === 'E_UNSATISFIABLE' && /published after 2023-01-01/.test(e.message));
});

test('a node request pins Node.js from the platform package and makes engines hard', async () => {
  const pkg = nodePlatformPackage(currentPlatform());
  const versions: FakeVersion[] = [
    { name: pkg, version: '20.11.1', os: [process.platform], cpu: [process.arch], bin: { node: 'bin/node' }, files: { 'bin/node': '#!/bin/sh\necho v20.11.1\n' } },
    { name: pkg, version: '22.1.0', os: [process.platform], cpu: [process.arch], bin: { node: 'bin/node' }, files: { 'bin/node': '#!/bin/sh\necho v22.1.0\n' } },
    { name: pkg, version: '0.10.0', scripts: { preinstall: 'tar xzf node.tgz' } },
    { name: 'node', version: '20.11.1', scripts: { preinstall: 'node installArchSpecificPackage' } },
    { name: 'lib', version: '1.0.0', engines: { node: '>=18' } },
    { name: 'lib', version: '2.0.0', engines: { node: '>=22' } },
  ];
  const { lock, requests } = await resolveWith(versions, ['node=20', 'lib'], { platform: undefined, nodeVersion: undefined });
  assert.equal(lock.node?.version, '20.11.1');
  assert.equal(lock.node?.package, pkg);
  assert.match(lock.node!.resolved, new RegExp(`/${pkg}-20\\.11\\.1\\.tgz$`));
  assert.match(lock.node!.integrity, /^sha512-/);
  assert.deepEqual(at(lock), { lib: '1.0.0' }); // lib 2 needs node 22; the node npm package is never installed
  assert.ok(!requests.includes('node'));
  assert.deepEqual(lock.requested, ['lib', 'node=20']);
  const latest = await resolveWith(versions, ['node', 'lib'], { platform: undefined });
  assert.equal(latest.lock.node?.version, '22.1.0');
  assert.equal(at(latest.lock).lib, '2.0.0');
  await assert.rejects(resolveWith(versions, ['node=18']), (e: any) => e.code === 'E_NO_MATCHING_VERSION' && /22\.1\.0, 20\.11\.1/.test(e.message));
});

test('lock records install scripts, bins and falls back to sha1 integrity from shasum', async () => {
  const { lock } = await resolveWith(
    [
      { name: 'native', version: '1.0.0', scripts: { install: 'node-gyp rebuild' }, bin: { a: 'a.js', b: 'b.js' } },
      { name: '@s/old', version: '0.1.0', integrity: '', bin: './cli.js', engines: { node: '>=0.8' }, os: ['linux'] },
    ],
    ['native', '@s/old'],
  );
  const native = lock.packages.find((p) => p.name === 'native')!;
  assert.equal(native.hasInstallScript, true);
  assert.deepEqual(native.bin, { a: 'a.js', b: 'b.js' });
  const old = lock.packages.find((p) => p.name === '@s/old')!;
  assert.match(old.integrity, /^sha1-[A-Za-z0-9+/]{27}=$/);
  assert.deepEqual(old.bin, { old: './cli.js' });
  assert.deepEqual(old.engines, { node: '>=0.8' });
  assert.equal(old.hasInstallScript, undefined);
});

test('a peer conflict can also move the peer back to an older version its request allows', async () => {
  const { lock } = await resolveWith(
    [
      { name: 'eslint', version: '8.57.0' },
      { name: 'eslint', version: '9.1.0' },
      { name: 'eslint-plugin-old', version: '1.0.0', peerDependencies: { eslint: '^8' } },
      { name: 'eslint-plugin-old', version: '1.1.0', peerDependencies: { eslint: '^8.50' } },
    ],
    ['eslint', 'eslint-plugin-old'],
  );
  assert.deepEqual(at(lock), { eslint: '8.57.0', 'eslint-plugin-old': '1.1.0' });
});

test('random registries: every resolved tree passes the independent lookup check', async () => {
  // A small deterministic PRNG so a failure reproduces.
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let resolved = 0;
  let nested = 0;
  let peersSeen = 0;
  for (let round = 0; round < 12; round++) {
    const names = Array.from({ length: 14 }, (_, i) => `n${i}`);
    const versions: FakeVersion[] = [];
    for (const [i, name] of names.entries()) {
      for (let major = 1; major <= 3; major++) {
        const deps: Record<string, string> = {};
        const peers: Record<string, string> = {};
        for (let k = 0; k < 3; k++) {
          const j = i + 1 + rand(names.length - i); // only later names: no cycles needed for coverage
          if (j < names.length) deps[names[j]!] = rand(3) === 0 ? '*' : `^${1 + rand(3)}`;
        }
        if (rand(4) === 0 && i + 2 < names.length) peers[names[i + 2 + rand(names.length - i - 2)]!] = `>=${1 + rand(2)}`;
        for (const d of Object.keys(peers)) delete deps[d];
        versions.push({ name, version: `${major}.${rand(3)}.0`, dependencies: deps, peerDependencies: peers });
      }
    }
    const wanted = [names[0]!, names[1 + rand(4)]!];
    let lock: Lockfile;
    try {
      lock = (await resolveWith(versions, wanted)).lock;
    } catch (e: any) {
      assert.equal(e.code, 'E_UNSATISFIABLE', String(e.stack)); // allowed: random peers can be impossible
      continue;
    }
    assert.deepEqual(verifyLockTree(lock), [], `round ${round}`);
    resolved++;
    nested += lock.packages.filter((p) => p.path.includes('/node_modules/')).length;
    peersSeen += lock.packages.filter((p) => p.peerDependencies).length;
    assert.equal(new Set(lock.packages.filter((p) => !p.path.includes('/')).map((p) => p.name)).size, lock.packages.filter((p) => !p.path.includes('/')).length);
  }
  console.log(`# random trees: ${resolved} resolved, ${nested} nested copies, ${peersSeen} packages with peers`);
  assert.ok(resolved >= 6 && nested > 0 && peersSeen > 0, 'the random trees should exercise nesting and peers');
});

test('npm: aliases install the real package under the alias folder', async () => {
  const { lock } = await resolveWith(
    [
      { name: 'cliui', version: '8.0.0', dependencies: { 'string-width': '^5', 'string-width-cjs': 'npm:string-width@^4' } },
      { name: 'string-width', version: '4.2.3' },
      { name: 'string-width', version: '5.1.2' },
    ],
    ['cliui'],
  );
  assert.deepEqual(at(lock), { cliui: '8.0.0', 'string-width': '5.1.2', 'string-width-cjs': '4.2.3' });
  const alias = lock.packages.find((p) => p.path === 'string-width-cjs')!;
  assert.equal(alias.name, 'string-width');
  assert.match(alias.resolved, /string-width-4\.2\.3\.tgz$/);
  assert.deepEqual(verifyLockTree(lock), []);
  assert.equal(serializeLock(parseLockfile(serializeLock(lock), 'x')), serializeLock(lock));
});

test("a published package's file: dependency (a path on its author's disk) is refused naming both; git and URL dependencies resolve through pacote (test/env/source-deps.test.ts)", async () => {
  await assert.rejects(
    resolveWith([{ name: 'app', version: '1.0.0', dependencies: { lib: 'file:../lib' } }, { name: 'lib', version: '1.0.0' }], ['app']),
    (e: any) => e.code === 'E_BAD_SOURCE_SPEC' && /app@1\.0\.0 depends on lib@file:\.\.\/lib, a path on its author's disk/.test(e.message),
  );
});
