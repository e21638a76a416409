/** Break B7 of the env tester: a -p env on a read-only mount is E_NOT_WRITABLE, not an EROFS stack. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli.js';
import { canMount, pkg, setup } from './helpers.js';


test('B7: install / remove / env remove on a -p env in a read-only folder say E_NOT_WRITABLE and change nothing', { skip: !canMount && 'needs unshare -m (root)' }, async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const rod = join(ctx.dir, 'rod');
    mkdirSync(rod);
    const env = join(rod, 'e');
    let r = await ctx.cli(['create', '-p', env, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    for (const args of [['install', '-p', env, 'gamma'], ['remove', '-p', env, 'alpha'], ['env', 'remove', '-p', env], ['create', '-p', join(rod, 'new'), 'alpha']]) {
      // The registry lives in this process, so the child runs asynchronously.
      const cmd = `mount --bind "$ROD" "$ROD" && mount -o remount,bind,ro "$ROD" && exec "${process.execPath}" "${CLI_ENTRY}" "$@"`;
      r = await new Promise((ok) => {
        const c = spawn('unshare', ['-m', 'sh', '-c', cmd, 'sh', ...args], { env: { ...ctx.env, ROD: rod } });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d));
        c.stderr.on('data', (d: Buffer) => (stderr += d));
        c.on('close', (status: number) => ok({ status, stdout, stderr }));
      });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /E_NOT_WRITABLE|not writable/, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, args.join(' '));
      assert.ok(existsSync(join(env, 'lib/node_modules/alpha/index.js')));
    }
  } finally {
    await ctx.close();
  }
});
