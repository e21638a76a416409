import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { buildPackageTarball, sri } from '../helpers/tarball.js';
import { createStore } from '../../src/store/index.js';
import { lockFromRegistry, listTree, storeEntries, tarballRequests } from './fixtures/lock-helpers.js';
test('ensure fetches, verifies and unpacks each package once; a second ensure makes no request', async (t) => {
    const reg = await startRegistry([
        { name: 'alpha', version: '1.0.0', files: { 'index.js': 'module.exports = 1;\n', 'lib/deep/x.js': 'x' } },
        { name: '@sci/beta', version: '2.1.0', files: { 'bin/beta': '#!/bin/sh\necho beta\n' } },
        { name: 'gamma', version: '0.3.0' },
    ]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store', 'v1');
    const lock = await lockFromRegistry(reg, [
        { name: 'alpha', version: '1.0.0', requested: true },
        { name: '@sci/beta', version: '2.1.0' },
        { name: 'gamma', version: '0.3.0', path: 'alpha/node_modules/gamma' },
    ]);
    const progress = [];
    const store = createStore({ storeDir, onProgress: (d, n, name) => progress.push([d, n, name]) });
    await store.ensure(lock);
    assert.equal(tarballRequests(reg).length, 3);
    assert.equal(storeEntries(storeDir).length, 3);
    assert.deepEqual(progress.map((p) => p[0]), [1, 2, 3]);
    assert.ok(progress.every((p) => p[1] === 3));
    // `package/` is stripped, files are read-only, modes keep the executable bit.
    const entry = storeEntries(storeDir).map((p) => join(storeDir, 'pkgs', p, '..')).find((d) => readFileSync(join(d, 'index.json'), 'utf8').includes('"alpha"'));
    assert.deepEqual(listTree(join(entry, 'files')), ['index.js', 'lib', 'lib/deep', 'lib/deep/x.js', 'package.json']);
    assert.equal(statSync(join(entry, 'files', 'index.js')).mode & 0o777, 0o444);
    const beta = storeEntries(storeDir).map((p) => join(storeDir, 'pkgs', p, '..')).find((d) => readFileSync(join(d, 'index.json'), 'utf8').includes('"@sci/beta"'));
    assert.equal(statSync(join(beta, 'files', 'bin', 'beta')).mode & 0o777, 0o555);
    // A second ensure, even from a new store object (a new process), costs no download.
    await createStore({ storeDir }).ensure(lock);
    await store.ensure(lock);
    assert.equal(tarballRequests(reg).length, 3);
    // Nothing left in tmp.
    assert.deepEqual(listTree(join(storeDir, 'tmp')), []);
});
test('a tarball URL answered with HTML or an empty body is a coded error naming the URL and what the server sent, and stores nothing', async (t) => {
    const reg = await startRegistry([{ name: 'tiny-a', version: '1.0.0', files: { 'index.js': 'a' } }]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'tiny-a', version: '1.0.0', requested: true }]);
    const url = lock.packages[0].resolved;
    for (const [body, served] of [[{ contentType: 'text/html; charset=utf-8', body: '<html><body>Please log in</body></html>' }, /answered as text\/html, not a tarball/], [{ contentType: 'application/octet-stream', body: '' }, /./]]) {
        reg.faults({ tarballBody: body });
        const storeDir = join(tempDir(), 'store');
        await assert.rejects(createStore({ storeDir }).ensure(lock), (e) => {
            assert.ok(['E_BAD_ARCHIVE', 'E_INTEGRITY'].includes(e.code), e.code);
            assert.match(e.message, /tiny-a@1\.0\.0/);
            assert.ok(e.message.includes(`downloaded from ${url}`), e.message);
            assert.match(e.message, served);
            assert.match(e.hint, /\.$/);
            return true;
        });
        assert.deepEqual(storeEntries(storeDir), []);
    }
});
test('an integrity mismatch is an error naming the package and both hashes, and leaves nothing in the store', async (t) => {
    const real = buildPackageTarball({ name: 'evil', version: '1.0.0' }, { 'index.js': 'good' });
    const other = buildPackageTarball({ name: 'evil', version: '1.0.0' }, { 'index.js': 'tampered' });
    const reg = await startRegistry([{ name: 'evil', version: '1.0.0', tarball: other, integrity: sri(real) }, { name: 'fine', version: '1.0.0' }]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store');
    const lock = await lockFromRegistry(reg, [{ name: 'evil', version: '1.0.0' }]);
    await assert.rejects(createStore({ storeDir }).ensure(lock), (e) => {
        assert.equal(e.code, 'E_INTEGRITY');
        assert.match(e.message, /evil@1\.0\.0/);
        assert.ok(e.message.includes(sri(real)), 'names the expected hash');
        assert.ok(e.message.includes(sri(other)), 'names the actual hash');
        assert.ok(e.message.includes(lock.packages[0].resolved), 'names the URL');
        assert.match(e.hint, /\.$/);
        return true;
    });
    assert.deepEqual(storeEntries(storeDir), []);
    assert.deepEqual(listTree(join(storeDir, 'tmp')), []);
});
test('sha1 integrity (old packages) is verified too', async (t) => {
    const tgz = buildPackageTarball({ name: 'old', version: '0.1.0' }, { 'a.js': 'a' });
    const reg = await startRegistry([{ name: 'old', version: '0.1.0', tarball: tgz, integrity: sri(tgz, 'sha1') }]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store');
    const lock = await lockFromRegistry(reg, [{ name: 'old', version: '0.1.0' }]);
    await createStore({ storeDir }).ensure(lock);
    assert.equal(storeEntries(storeDir).length, 1);
    assert.match(storeEntries(storeDir)[0], /^sha1\//);
    const bad = { ...lock, packages: [{ ...lock.packages[0], integrity: sri(Buffer.from('nope'), 'sha1') }] };
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(bad), { code: 'E_INTEGRITY' });
});
test('offline with a package missing from the store is a clear error; offline and warm works', async (t) => {
    const reg = await startRegistry([{ name: 'a', version: '1.0.0' }, { name: 'b', version: '1.0.0' }]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store');
    const lockA = await lockFromRegistry(reg, [{ name: 'a', version: '1.0.0' }]);
    const lockAB = await lockFromRegistry(reg, [{ name: 'a', version: '1.0.0' }, { name: 'b', version: '1.0.0' }]);
    await createStore({ storeDir }).ensure(lockA);
    const before = tarballRequests(reg).length;
    await createStore({ storeDir, offline: true }).ensure(lockA);
    await assert.rejects(createStore({ storeDir, offline: true }).ensure(lockAB), (e) => {
        assert.equal(e.code, 'E_OFFLINE_MISSING');
        assert.match(e.message, /b@1\.0\.0/);
        assert.doesNotMatch(e.message, /a@1\.0\.0/);
        return true;
    });
    assert.equal(tarballRequests(reg).length, before);
});
test('registry failures name the URL: unreachable host, HTTP 500, HTTP 404', async (t) => {
    const reg = await startRegistry([{ name: 'a', version: '1.0.0' }]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'a', version: '1.0.0' }]);
    const url = lock.packages[0].resolved;
    reg.failWith(500);
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(lock), (e) => {
        assert.equal(e.code, 'E_REGISTRY_UNREACHABLE');
        assert.ok(e.message.includes(url));
        assert.match(e.message, /500/);
        return true;
    });
    reg.failWith(undefined);
    const gone = { ...lock, packages: [{ ...lock.packages[0], resolved: url.replace('a-1.0.0', 'a-9.9.9') }] };
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(gone), { code: 'E_TARBALL_NOT_FOUND' });
    const dead = { ...lock, registry: 'http://127.0.0.1:9/', packages: [{ ...lock.packages[0], resolved: 'http://127.0.0.1:9/a/-/a-1.0.0.tgz' }] };
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(dead), (e) => {
        assert.equal(e.code, 'E_REGISTRY_UNREACHABLE');
        assert.ok(e.message.includes('http://127.0.0.1:9/a/-/a-1.0.0.tgz'));
        assert.match(e.hint, /offline/);
        return true;
    });
});
test('a lock entry without usable integrity is refused before any download', async (t) => {
    const reg = await startRegistry([{ name: 'a', version: '1.0.0' }]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'a', version: '1.0.0' }]);
    const none = { ...lock, packages: [{ ...lock.packages[0], integrity: 'md5-abc' }] };
    await assert.rejects(createStore({ storeDir: join(tempDir(), 's') }).ensure(none), { code: 'E_INTEGRITY_INVALID' });
    assert.equal(tarballRequests(reg).length, 0);
});
test('a download that stalls is aborted with an error naming the URL, and nothing is stored', async (t) => {
    const { createServer } = await import('node:http');
    const { randomBytes } = await import('node:crypto');
    const tarball = buildPackageTarball({ name: 'slow', version: '1.0.0' }, { 'a.bin': randomBytes(100_000) });
    const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-length': tarball.length });
        res.write(tarball.subarray(0, 1000)); // ...and then nothing
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    t.after(() => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }));
    const url = `http://127.0.0.1:${server.address().port}/slow/-/slow-1.0.0.tgz`;
    const storeDir = join(tempDir(), 'store');
    const lock = { lockfileVersion: 1, registry: new URL(url).origin + '/', requested: [], packages: [{ name: 'slow', version: '1.0.0', path: 'slow', resolved: url, integrity: sri(tarball) }] };
    await assert.rejects(createStore({ storeDir, fetchIdleTimeoutMs: 300 }).ensure(lock), (e) => {
        assert.equal(e.code, 'E_REGISTRY_STALLED');
        assert.match(e.hint, /SSDP_FETCH_TIMEOUT/);
        assert.ok(e.message.includes(url));
        assert.match(e.message, /stalled/);
        return true;
    });
    assert.deepEqual(storeEntries(storeDir), []);
    assert.deepEqual(listTree(join(storeDir, 'tmp')), []);
});
test('long paths (ustar prefix field) and duplicate entries unpack as tar would', async (t) => {
    const { buildTar } = await import('../helpers/tarball.js');
    const long = `package/${'deep/'.repeat(20)}file-with-a-long-name.js`;
    const tarball = buildTar([
        { name: 'package/package.json', content: '{"name":"longy","version":"1.0.0"}' },
        { name: long, content: 'long' },
        { name: 'package/dup.js', content: 'first' },
        { name: 'package/dup.js', content: 'second' },
    ]);
    const reg = await startRegistry([{ name: 'longy', version: '1.0.0', tarball }]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store');
    const lock = await lockFromRegistry(reg, [{ name: 'longy', version: '1.0.0' }]);
    const store = createStore({ storeDir });
    await store.ensure(lock);
    const prefix = join(tempDir(), 'env');
    await store.link(lock, prefix);
    const dir = join(prefix, 'lib', 'node_modules', 'longy');
    assert.equal(readFileSync(join(dir, long.slice('package/'.length)), 'utf8'), 'long');
    assert.equal(readFileSync(join(dir, 'dup.js'), 'utf8'), 'second');
});
test('the top folder of a tarball is stripped whatever its name', async (t) => {
    const { buildTar } = await import('../helpers/tarball.js');
    const tarball = buildTar([
        { name: 'node-v1/package.json', content: '{"name":"local","version":"1.0.0"}' },
        { name: 'node-v1/lib/x.js', content: 'x' },
    ]);
    const reg = await startRegistry([{ name: 'local', version: '1.0.0', tarball }]);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, [{ name: 'local', version: '1.0.0', requested: true }]);
    const dir = tempDir();
    const store = createStore({ storeDir: join(dir, 'store') });
    await store.ensure(lock);
    await store.link(lock, join(dir, 'env'));
    assert.deepEqual(listTree(join(dir, 'env', 'lib', 'node_modules', 'local')), ['lib', 'lib/x.js', 'package.json']);
});
//# sourceMappingURL=ensure.test.js.map