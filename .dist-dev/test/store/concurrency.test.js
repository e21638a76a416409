import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { buildPackageTarball, sri } from '../helpers/tarball.js';
import { cleanStore, createStore } from '../../src/store/index.js';
import { lockFromRegistry, listTree, storeEntries, tarballRequests } from './fixtures/lock-helpers.js';
const CHILD = fileURLToPath(new URL('./fixtures/ensure-child.js', import.meta.url));
function runChild(args) {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    return once(child, 'exit').then(([code]) => ({ code: code, out, err }));
}
test('two processes ensuring and linking the same lock at once both succeed and the store stays consistent', async (t) => {
    const versions = [];
    for (let i = 0; i < 40; i++) {
        const files = {};
        for (let f = 0; f < 10; f++)
            files[`lib/f${f}.js`] = `module.exports = ${i * 100 + f};\n` + 'x'.repeat(2000 + i * 10);
        versions.push({ name: `pkg${i}`, version: '1.0.0', files });
    }
    const reg = await startRegistry(versions);
    t.after(() => reg.close());
    const lock = await lockFromRegistry(reg, versions.map((v) => ({ name: v.name, version: v.version })));
    const dir = tempDir();
    const storeDir = join(dir, 'store');
    const lockPath = join(dir, 'lock.json');
    writeFileSync(lockPath, JSON.stringify(lock));
    const [a, b] = await Promise.all([runChild([storeDir, lockPath, join(dir, 'env-a')]), runChild([storeDir, lockPath, join(dir, 'env-b')])]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    assert.equal(storeEntries(storeDir).length, 40);
    assert.deepEqual(listTree(join(storeDir, 'tmp')), []);
    // Every entry is whole: each file its index lists exists with the listed size.
    for (const e of storeEntries(storeDir)) {
        const entry = join(storeDir, 'pkgs', e, '..');
        const index = JSON.parse(readFileSync(join(entry, 'index.json'), 'utf8'));
        assert.equal(index.files.length, 11);
        for (const [p, , size] of index.files)
            assert.equal(statSync(join(entry, 'files', p)).size, size);
    }
    // Both envs are complete and their files come from the surviving store entries.
    for (const env of ['env-a', 'env-b']) {
        const f = join(dir, env, 'lib/node_modules/pkg7/lib/f3.js');
        assert.match(readFileSync(f, 'utf8'), /^module\.exports = 703;/);
        assert.ok(statSync(f).nlink >= 3, 'linked from the store entry both envs share');
    }
    // Each tarball was fetched at most twice (once per process), and a third run fetches none.
    assert.ok(tarballRequests(reg).length <= 80);
    if (process.env.SSDP_TEST_DEBUG)
        console.log("tarball requests", tarballRequests(reg).length);
    const before = tarballRequests(reg).length;
    await createStore({ storeDir }).ensure(lock);
    assert.equal(tarballRequests(reg).length, before);
});
test('a process killed with -9 in the middle of a download leaves no partial entry', async (t) => {
    const files = {};
    for (let i = 0; i < 40; i++)
        files[`data/chunk${i}.bin`] = randomBytes(32 * 1024);
    const tarball = buildPackageTarball({ name: 'big', version: '1.0.0' }, files);
    let sentPart;
    const partSent = new Promise((ok) => (sentPart = ok));
    const slow = createServer((req, res) => {
        res.writeHead(200, { 'content-length': tarball.length });
        res.write(tarball.subarray(0, Math.floor(tarball.length * 0.6)), () => sentPart());
        // ...and never the rest.
    });
    await new Promise((ok) => slow.listen(0, '127.0.0.1', ok));
    t.after(() => new Promise((ok) => { slow.closeAllConnections(); slow.close(() => ok()); }));
    const url = `http://127.0.0.1:${slow.address().port}/big/-/big-1.0.0.tgz`;
    const lock = { lockfileVersion: 1, registry: new URL(url).origin + '/', requested: ['big'], packages: [{ name: 'big', version: '1.0.0', path: 'big', resolved: url, integrity: sri(tarball) }] };
    const dir = tempDir();
    const storeDir = join(dir, 'store');
    const lockPath = join(dir, 'lock.json');
    writeFileSync(lockPath, JSON.stringify(lock));
    const child = spawn(process.execPath, [CHILD, storeDir, lockPath], { stdio: 'ignore' });
    await partSent;
    // Wait until the child has unpacked part of what it received, then kill it hard.
    const deadline = Date.now() + 10_000;
    while (!listTree(join(storeDir, 'tmp')).some((p) => p.includes('chunk5.bin')) && Date.now() < deadline)
        await new Promise((ok) => setTimeout(ok, 20));
    assert.ok(listTree(join(storeDir, 'tmp')).some((p) => p.includes('chunk5.bin')), 'the child was mid-unpack');
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.deepEqual(storeEntries(storeDir), [], 'no entry is visible');
    // The next ensure does not trust the leftovers: it fetches again (from a working registry).
    const reg = await startRegistry([{ name: 'big', version: '1.0.0', tarball }]);
    t.after(() => reg.close());
    const good = { ...lock, registry: reg.url + '/', packages: [{ ...lock.packages[0], resolved: url.replace(/^http:\/\/[^/]+/, reg.url) }] };
    await createStore({ storeDir }).ensure(good);
    assert.equal(storeEntries(storeDir).length, 1);
    // The dead process's temp folder was swept on the way; the store holds just the whole entry.
    assert.deepEqual(listTree(join(storeDir, 'tmp')), []);
    const cleaned = await cleanStore(storeDir, new Set([good.packages[0].integrity]));
    assert.equal(cleaned.count, 0);
    assert.equal(storeEntries(storeDir).length, 1);
});
//# sourceMappingURL=concurrency.test.js.map