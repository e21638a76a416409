import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/cli.js';
import { cleanStore, createStore, storeUsage } from '../../src/store/index.js';
import { listTree, lockFromRegistry, storeEntries } from './fixtures/lock-helpers.js';
const CHILD = fileURLToPath(new URL('./fixtures/ensure-child.js', import.meta.url));
test('cleanStore drops only entries no env uses and reports what it freed', async (t) => {
    const reg = await startRegistry([
        { name: 'a', version: '1.0.0', files: { 'a.js': 'a'.repeat(1000) } },
        { name: 'b', version: '1.0.0', files: { 'b.js': 'b'.repeat(2000) } },
        { name: 'c', version: '1.0.0', files: { 'c.js': 'c'.repeat(3000) } },
    ]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store');
    const lockAB = await lockFromRegistry(reg, [{ name: 'a', version: '1.0.0' }, { name: 'b', version: '1.0.0' }]);
    const lockBC = await lockFromRegistry(reg, [{ name: 'b', version: '1.0.0' }, { name: 'c', version: '1.0.0' }]);
    const store = createStore({ storeDir });
    await store.ensure(lockAB);
    await store.ensure(lockBC);
    const usage = storeUsage(storeDir);
    assert.equal(usage.packages, 3);
    assert.deepEqual(usage.entries.map((e) => e.name).sort(), ['a', 'b', 'c']);
    const cSize = usage.entries.find((e) => e.name === 'c').size;
    assert.ok(cSize > 3000);
    assert.equal(usage.bytes, usage.entries.reduce((s, e) => s + e.size, 0));
    // An env of lockAB is linked; it keeps working after the clean.
    const prefix = join(tempDir(), 'env');
    await store.link(lockAB, prefix);
    const result = await cleanStore(storeDir, new Set(lockAB.packages.map((p) => p.integrity)));
    assert.equal(result.count, 1);
    assert.equal(result.bytes, cSize);
    assert.deepEqual(result.removed.map((r) => r.name), ['c']);
    assert.deepEqual(storeUsage(storeDir).entries.map((e) => e.name).sort(), ['a', 'b']);
    await createStore({ storeDir, offline: true }).ensure(lockAB);
    await assert.rejects(createStore({ storeDir, offline: true }).ensure(lockBC), { code: 'E_OFFLINE_MISSING' });
    // Nothing in use: everything goes; a second clean frees nothing.
    assert.equal((await cleanStore(storeDir, new Set())).count, 2);
    assert.equal((await cleanStore(storeDir, new Set())).count, 0);
    assert.deepEqual(storeEntries(storeDir), []);
});
test('cleanStore keeps entries another live process has ensured but not yet recorded in an env', async (t) => {
    const reg = await startRegistry([{ name: 'p', version: '1.0.0' }]);
    t.after(() => reg.close());
    const dir = tempDir();
    const storeDir = join(dir, 'store');
    const lock = await lockFromRegistry(reg, [{ name: 'p', version: '1.0.0' }]);
    writeFileSync(join(dir, 'lock.json'), JSON.stringify(lock));
    const child = spawn(process.execPath, [CHILD, storeDir, join(dir, 'lock.json'), '-', 'hold'], { stdio: ['pipe', 'pipe', 'inherit'] });
    await once(child.stdout, 'data'); // "ok": ensured, still alive
    assert.equal((await cleanStore(storeDir, new Set())).count, 0);
    assert.equal(storeEntries(storeDir).length, 1);
    child.stdin.end();
    await once(child, 'exit');
    assert.equal((await cleanStore(storeDir, new Set())).count, 1);
});
test('cleanStore removes temp folders abandoned by dead processes and keeps those of live ones', async (t) => {
    const reg = await startRegistry([{ name: 'p', version: '1.0.0' }]);
    t.after(() => reg.close());
    const storeDir = join(tempDir(), 'store');
    const lock = await lockFromRegistry(reg, [{ name: 'p', version: '1.0.0' }]);
    await createStore({ storeDir }).ensure(lock);
    const gone = spawn('true');
    await once(gone, 'exit');
    mkdirSync(join(storeDir, 'tmp', `${gone.pid}-abc`, 'files'), { recursive: true });
    writeFileSync(join(storeDir, 'tmp', `${gone.pid}-abc`, 'files', 'half.js'), 'half');
    mkdirSync(join(storeDir, 'tmp', `${process.pid}-live`));
    const r = await cleanStore(storeDir, new Set([lock.packages[0].integrity]));
    assert.equal(r.tempFolders, 1);
    assert.equal(r.count, 0);
    assert.deepEqual(listTree(join(storeDir, 'tmp')), [`${process.pid}-live`]);
});
//# sourceMappingURL=gc.test.js.map