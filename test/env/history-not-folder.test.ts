/**
 * Break H1 of the issue-8 re-test (s10): ssdp-meta/history replaced by a plain file gave an
 * ERR_FS_CP stack on install and "# no revisions" in list --revisions, and env list showed the env
 * as healthy. Now it is E_ENV_CORRUPT naming the folder everywhere. A lock.json that is a
 * directory is "not a file", not "missing".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, snapshot } from './helpers.js';

const noStack = /ERR_FS_CP|unexpected error|\n\s+at /;

test('H1: ssdp-meta/history as a plain file: install/remove/update/rollback are E_ENV_CORRUPT naming it, env list and list --revisions mark it', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    for (const args of [['create', '-n', 'h', 'alpha'], ['install', '-n', 'h', 'gamma'], ['create', '-n', 'ok', 'alpha']]) {
      const r = await ctx.cli(args);
      assert.equal(r.status, 0, r.stderr);
    }
    const env = join(ctx.root, 'envs', 'h');
    const history = join(env, 'ssdp-meta/history');
    rmSync(history, { recursive: true });
    writeFileSync(history, 'x\n');
    const before = snapshot(env);
    for (const args of [['install', '-n', 'h', 'gamma'], ['remove', '-n', 'h', 'gamma'], ['update', '-n', 'h', '--all'], ['install', '-n', 'h', '--revision', '0']]) {
      const r = await ctx.cli(args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /E_ENV_CORRUPT/, args.join(' '));
      assert.ok(r.stderr.includes(`${history} is damaged: it is not a folder`), r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, noStack);
      assert.deepEqual(snapshot(env), before, args.join(' '));
    }
    let r = await ctx.cli(['install', '-n', 'h', 'gamma', '--json']);
    assert.equal(r.status, 1);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'E_ENV_CORRUPT');

    r = await ctx.cli(['list', '-n', 'h', '--revisions']);
    assert.notEqual(r.status, 0);
    assert.ok(r.stderr.includes(`${history} is damaged: it is not a folder`), r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /no revisions/);
    assert.doesNotMatch(r.stdout + r.stderr, noStack);

    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    const line = (n: string) => r.stdout.split('\n').find((l) => l.startsWith(n + ' ')) ?? '';
    assert.ok(line('h').includes(`(damaged: ${history} is damaged: it is not a folder; remove it with ssdp env remove)`), r.stdout);
    assert.doesNotMatch(line('ok'), /damaged/);

    // Still removable, as every damaged env is.
    r = await ctx.cli(['env', 'remove', '-n', 'h']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('H1: a lock.json that is a directory is reported as not a file, not as missing', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'd', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const lock = join(ctx.root, 'envs/d/ssdp-meta/lock.json');
    rmSync(lock);
    mkdirSync(lock);
    r = await ctx.cli(['install', '-n', 'd', 'gamma']);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.includes(`${lock} is damaged: it is not a file`), r.stderr);
    assert.doesNotMatch(r.stderr, /is missing/);
    r = await ctx.cli(['env', 'list']);
    assert.ok(r.stdout.includes(`${lock} is damaged: it is not a file`), r.stdout);
  } finally {
    await ctx.close();
  }
});
