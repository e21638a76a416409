/**
 * Break R1 of the issue-8 re-test (s11 try8): a 429 asking to wait longer than the one-minute
 * cap waited that minute per URL without a word; and a FIFO given as -p was called "a file".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pkg, setup, spawnCli } from './helpers.js';
import { until } from '../helpers/cli.js';

test('R1: a Retry-After past the cap is said in one line naming the URL and the wait actually taken', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    ctx.reg.faults({ failFirst: { count: 1, status: 429, retryAfter: '86400' } });
    const { child, done } = spawnCli(['create', '-p', join(ctx.dir, 'E'), 'alpha'], ctx.env);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    await until(() => stderr.includes('\n') || child.exitCode !== null, 'the create said nothing');
    child.kill('SIGKILL');
    await done;
    assert.equal(stderr, `ssdp: registry asked to wait 86400 s (Retry-After) for ${ctx.reg.url}/alpha; waiting 60 s\n`);
  } finally {
    await ctx.close();
  }
});

test('R1: a FIFO as -p is named as a FIFO, not as a file', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const fifo = join(ctx.dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = await ctx.cli(['create', '-p', fifo, 'alpha']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_PREFIX_NOT_A_FOLDER\\]: ${fifo} is a FIFO \\(named pipe\\), not a folder`));
  } finally {
    await ctx.close();
  }
});
