import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { buildTar, type TarEntry } from '../helpers/tarball.js';
import { createStore } from '../../src/store/index.js';
import { lockFromRegistry, listTree, storeEntries } from './fixtures/lock-helpers.js';

const manifest: TarEntry = { name: 'package/package.json', content: '{"name":"bad","version":"1.0.0"}' };

const cases: { title: string; entries: TarEntry[]; entry: RegExp; escapes?: string }[] = [
  { title: 'a ../ path', entries: [manifest, { name: 'package/../../escaped.txt', content: 'x' }], entry: /\.\.\/\.\.\/escaped\.txt/, escapes: 'escaped.txt' },
  { title: 'an absolute path', entries: [manifest, { name: '/tmp/ssdp-abs-escape.txt', content: 'x' }], entry: /\/tmp\/ssdp-abs-escape\.txt/ },
  { title: 'a symlink to ../../x', entries: [manifest, { name: 'package/link', type: 'symlink', linkname: '../../x' }], entry: /package\/link/ },
  { title: 'an absolute symlink', entries: [manifest, { name: 'package/passwd', type: 'symlink', linkname: '/etc/passwd' }], entry: /package\/passwd/ },
  { title: 'a hardlink out of the package', entries: [manifest, { name: 'package/h', type: 'hardlink', linkname: '../../etc/passwd' }], entry: /package\/h/ },
  { title: 'a hardlink to an absolute path', entries: [manifest, { name: 'package/h', type: 'hardlink', linkname: '/etc/passwd' }], entry: /package\/h/ },
  {
    title: 'a file written through an inside symlink to a folder',
    entries: [manifest, { name: 'package/sub', type: 'dir' }, { name: 'package/s', type: 'symlink', linkname: 'sub' }, { name: 'package/s/x.js', content: 'x' }],
    entry: /"s"/,
  },
  {
    title: 'a chain of links that leads out (s -> ., t -> s/..)',
    entries: [manifest, { name: 'package/s', type: 'symlink', linkname: '.' }, { name: 'package/t', type: 'symlink', linkname: 's/..' }],
    entry: /package\/t/,
  },
  {
    title: 'a later file replacing a symlink is not written through it',
    entries: [manifest, { name: 'package/ok', type: 'symlink', linkname: 'index.js' }, { name: 'package/index.js', content: 'fine' }, { name: 'package/a/../../b', content: 'x' }],
    entry: /a\/\.\.\/\.\.\/b/,
  },
];

for (const c of cases) {
  test(`an archive with ${c.title} is refused and nothing of it stays in the store`, async (t) => {
    const root = tempDir();
    const tarball = buildTar(c.entries);
    const reg = await startRegistry([{ name: 'bad', version: '1.0.0', tarball }, { name: 'good', version: '1.0.0' }]);
    t.after(() => reg.close());
    const storeDir = join(root, 'deep', 'store', 'v1');
    const lock = await lockFromRegistry(reg, [{ name: 'good', version: '1.0.0' }, { name: 'bad', version: '1.0.0' }]);
    await assert.rejects(createStore({ storeDir, concurrency: 1 }).ensure(lock), (e: any) => {
      assert.equal(e.code, 'E_UNSAFE_ARCHIVE');
      assert.match(e.message, /bad@1\.0\.0/);
      assert.match(e.message, c.entry);
      return true;
    });
    // The good package may be stored; the bad one is not, and the temp area is empty.
    const entries = storeEntries(storeDir);
    assert.ok(entries.length <= 1);
    assert.deepEqual(listTree(join(storeDir, 'tmp')), []);
    if (c.escapes) {
      for (const d of [join(root, 'deep', 'store'), join(root, 'deep'), root]) assert.equal(existsSync(join(d, c.escapes)), false);
    }
  });
}

test('device files and FIFOs are refused', async (t) => {
  // buildTar has no device type: patch the typeflag of a plain entry to '3' (character device).
  const { gunzipSync, gzipSync } = await import('node:zlib');
  const tar = gunzipSync(buildTar([manifest, { name: 'package/dev', content: '' }]));
  const off = 1024; // manifest header + one data block
  tar[off + 156] = '3'.charCodeAt(0);
  let sum = 0;
  tar.fill(' ', off + 148, off + 156);
  for (let i = off; i < off + 512; i++) sum += tar[i]!;
  tar.write(sum.toString(8).padStart(6, '0') + '\0 ', off + 148, 8, 'latin1');
  const reg = await startRegistry([{ name: 'bad', version: '1.0.0', tarball: gzipSync(tar) }]);
  t.after(() => reg.close());
  const storeDir = join(tempDir(), 'store');
  const lock = await lockFromRegistry(reg, [{ name: 'bad', version: '1.0.0' }]);
  await assert.rejects(createStore({ storeDir }).ensure(lock), (e: any) => e.code === 'E_UNSAFE_ARCHIVE' && /device/.test(e.message));
  assert.deepEqual(storeEntries(storeDir), []);
});

test('links that stay inside the package are kept', async (t) => {
  const tarball = buildTar([
    manifest,
    { name: 'package/lib/index.js', content: 'module.exports = 42;' },
    { name: 'package/main.js', type: 'symlink', linkname: 'lib/index.js' },
    { name: 'package/lib/same.js', type: 'hardlink', linkname: 'package/lib/index.js' },
  ]);
  const reg = await startRegistry([{ name: 'bad', version: '1.0.0', tarball }]);
  t.after(() => reg.close());
  const storeDir = join(tempDir(), 'store');
  const lock = await lockFromRegistry(reg, [{ name: 'bad', version: '1.0.0' }]);
  await createStore({ storeDir }).ensure(lock);
  assert.equal(storeEntries(storeDir).length, 1);
});

test('a tarball packed as `tar czf x.tgz -C dir .` (entries ./package.json) is the package, as npm strips the first component `.` (s18 try13v V8)', async (t) => {
  const tarball = buildTar([
    { name: './', type: 'dir' },
    { name: './package.json', content: '{"name":"bad","version":"1.0.0"}' },
    { name: './lib/index.js', content: 'module.exports = 42;' },
    { name: './lib/same.js', type: 'hardlink', linkname: './lib/index.js' },
  ]);
  const reg = await startRegistry([{ name: 'bad', version: '1.0.0', tarball }]);
  t.after(() => reg.close());
  const storeDir = join(tempDir(), 'store');
  const lock = await lockFromRegistry(reg, [{ name: 'bad', version: '1.0.0' }]);
  await createStore({ storeDir }).ensure(lock); // before: E_LOCK_MISMATCH, it "holds (no name)@(no version)"
  const [entry] = storeEntries(storeDir);
  assert.deepEqual(listTree(join(storeDir, 'pkgs', entry!.replace(/index\.json$/, 'files'))).sort(), ['lib', 'lib/index.js', 'lib/same.js', 'package.json']);
});

test('a non-tarball with the right integrity is a clear error', async (t) => {
  const { gzipSync } = await import('node:zlib');
  const reg = await startRegistry([{ name: 'bad', version: '1.0.0', tarball: gzipSync(Buffer.from('this is not a tar archive at all')) }]);
  t.after(() => reg.close());
  const storeDir = join(tempDir(), 'store');
  const lock = await lockFromRegistry(reg, [{ name: 'bad', version: '1.0.0' }]);
  await assert.rejects(createStore({ storeDir }).ensure(lock), (e: any) => ['E_BAD_ARCHIVE'].includes(e.code) && /bad@1\.0\.0/.test(e.message));
  assert.deepEqual(storeEntries(storeDir), []);
});
