/**
 * Tester try8g G8: a root on a file system where mkdir answers ENOENT although the parent exists
 * (/proc; some FUSE mounts) made Node's recursive mkdir loop for ever: `create --root /proc` spun
 * without a word, `clean --root /proc` deaf even to Ctrl-C. Now E_NOT_WRITABLE naming the folder,
 * at once (util/make-folders.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { pkg, setup } from './helpers.js';
import { CLI_ENTRY, exitOf } from '../helpers/cli.js';

/** Whether this machine has a folder that refuses new folders with ENOENT (Linux's /proc). */
function procRefusesWithEnoent(): boolean {
  try {
    mkdirSync('/proc/ssdp-test-probe');
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

test('G8: a root where mkdir answers ENOENT under an existing folder is E_NOT_WRITABLE at once', { skip: !procRefusesWithEnoent() && 'no /proc that answers ENOENT here' }, async () => {
  const ctx = await setup([pkg('gamma', '1.0.0')]);
  try {
    for (const args of [
      ['create', '-n', 'x', '--root', '/proc', 'gamma'],
      ['create', '-n', 'x', '--root', '/proc/self/fd/x', 'gamma'],
      ['create', '-p', '/proc/a/b', 'gamma'],
      ['clean', '--root', '/proc'],
    ]) {
      const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: ctx.env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      // A hang is the failure: the bound is only there so the test ends (minutes, whatever the load).
      const code = await exitOf(child, 180_000);
      assert.equal(code, 1, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /^ssdp: error \[E_NOT_WRITABLE\]: cannot create the folder \/proc\/\S+: \/proc\S* exists but its file system refuses new folders/, args.join(' '));
    }
  } finally {
    await ctx.close();
  }
});
