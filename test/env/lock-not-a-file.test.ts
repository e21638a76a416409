/**
 * fix8c's note (session 15): a FIFO at an env's or the store's lock file was taken for a lock
 * whose holder died mid-write, and deleted after 10 s. It is nothing ssdp made: E_LOCK_NOT_A_FILE
 * naming it, at once, and it stays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('a FIFO or folder at an env or store lock file is E_LOCK_NOT_A_FILE naming it, left in place', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-q', '-n', 'a', 'gamma'])).status, 0);
    const envLock = join(ctx.root, 'locks', `env-${createHash('sha256').update(join(ctx.root, 'envs', 'a')).digest('hex').slice(0, 20)}.lock`);
    const storeLock = join(ctx.root, 'store', 'v1', 'store.lock');
    for (const [lock, args, make] of [
      [envLock, ['install', '-n', 'a', 'alpha'], 'fifo'],
      [envLock, ['remove', '-n', 'a', 'gamma'], 'folder'],
      [storeLock, ['clean'], 'fifo'],
    ] as const) {
      if (make === 'fifo') execFileSync('mkfifo', [lock]);
      else mkdirSync(lock);
      const r = await ctx.cli([...args]);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      const what = make === 'fifo' ? 'a FIFO \\(named pipe\\)' : 'a folder';
      assert.match(r.stderr, new RegExp(`^ssdp: error \\[E_LOCK_NOT_A_FILE\\]: the lock file ${lock.replace(/[.]/g, '\\.')} is ${what}, not a lock ssdp made`, 'm'));
      assert.ok(make === 'fifo' ? lstatSync(lock).isFIFO() : lstatSync(lock).isDirectory(), 'left where it was');
      execFileSync(make === 'fifo' ? 'rm' : 'rmdir', [lock]);
    }
    const r = await ctx.cli(['install', '-q', '-n', 'a', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});
