import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { withFileLock } from '../../src/util/lock.js';
const CHILD = fileURLToPath(new URL('./fixtures/lock-child.js', import.meta.url));
/** A child and a promise of its exit, made at once so a quick exit is never missed. */
const child = (args) => {
    const c = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    return Object.assign(c, { exited: once(c, 'exit').then(([code]) => code) });
};
async function lineFrom(c, want) {
    let buf = '';
    for await (const d of c.stdout) {
        buf += d;
        if (buf.split('\n').includes(want))
            return;
    }
    throw new Error(`child ended without printing ${want}`);
}
test('withFileLock excludes a second process until the first releases', async () => {
    const lockPath = join(tempDir(), 'locks', 'env.lock');
    const holder = child([lockPath, 'hold', '400']);
    await lineFrom(holder, 'locked');
    const waits = [];
    const start = Date.now();
    await withFileLock(lockPath, () => {
        assert.ok(Date.now() - start >= 200, 'waited for the holder');
    }, { onWait: (pid) => waits.push(pid) });
    assert.deepEqual(waits, [holder.pid]);
    await holder.exited;
    assert.equal(existsSync(lockPath), false, 'released locks leave no file');
});
test('four processes incrementing one counter under the lock lose no update', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter');
    writeFileSync(counter, '0');
    const kids = Array.from({ length: 4 }, () => child([join(dir, 'c.lock'), 'count', counter, '25']));
    const codes = await Promise.all(kids.map((k) => k.exited));
    assert.deepEqual(codes, [0, 0, 0, 0]);
    assert.equal(readFileSync(counter, 'utf8'), '100');
});
test('a lock left by a dead process is broken; one held by a live process times out with E_LOCK_TIMEOUT', async () => {
    const dir = tempDir();
    const lockPath = join(dir, 'store.lock');
    const dead = child([lockPath, 'die']);
    await lineFrom(dead, 'locked');
    await dead.exited;
    assert.ok(existsSync(lockPath), 'the dead holder left its lock behind');
    let ran = false;
    await withFileLock(lockPath, () => {
        ran = true;
    }, { timeoutMs: 2000 });
    assert.ok(ran);
    const holder = child([lockPath, 'hold', '3000']);
    await lineFrom(holder, 'locked');
    await assert.rejects(withFileLock(lockPath, () => { }, { timeoutMs: 200 }), (e) => {
        assert.equal(e.code, 'E_LOCK_TIMEOUT');
        assert.ok(e.message.includes(lockPath));
        assert.ok(e.message.includes(String(holder.pid)));
        return true;
    });
    holder.kill('SIGKILL');
    await holder.exited;
    // Killed with -9 while holding: the next taker breaks the stale lock.
    await withFileLock(lockPath, () => { }, { timeoutMs: 2000 });
});
test('the lock is released when fn throws, and the error passes through', async () => {
    const lockPath = join(tempDir(), 'x.lock');
    await assert.rejects(withFileLock(lockPath, () => {
        throw new Error('boom');
    }), /boom/);
    assert.equal(existsSync(lockPath), false);
});
//# sourceMappingURL=lock.test.js.map