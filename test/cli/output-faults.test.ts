/**
 * Tester try8g G6: stdout that cannot be written (a file on a full disk; /dev/full is one) ended
 * every command in Node's "Unhandled 'error' event ENOSPC" stack, after a create had made its
 * env. Now the command finishes and one coded line (E_OUTPUT_LOST) says the output is lost, exit
 * 1; a reader that goes away (EPIPE, `| head -c1`) ends the output quietly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, type Ctx } from '../env/helpers.js';
import { CLI_ENTRY, type CliResult } from '../helpers/cli.js';

/** The CLI with its stdout on /dev/full (every write: ENOSPC). */
function toFullDisk(ctx: Ctx, args: string[]): Promise<CliResult> {
  const full = openSync('/dev/full', 'w');
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: ctx.env, stdio: ['ignore', full, 'pipe'] });
  closeSync(full);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status, stdout: '', stderr })));
}

/** The CLI with a stdout pipe whose reading end is closed before it writes (EPIPE). */
function toClosedPipe(ctx: Ctx, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.destroy();
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status, stdout: '', stderr })));
}

const LOST = /^ssdp: error \[E_OUTPUT_LOST\]: could not write the output \(stdout\): the disk it goes to is full \(ENOSPC/;

test('G6: stdout on a full disk is one E_OUTPUT_LOST line and exit 1, after the command finished', async () => {
  const ctx = await setup([pkg('gamma', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-q', '-n', 'a', 'gamma'])).status, 0);
    for (const args of [['env', 'list'], ['env', 'export', '-n', 'a'], ['list', '-n', 'a'], ['info'], ['env', 'list', '--json'], ['create', '-n', 'b', 'gamma']]) {
      const r = await toFullDisk(ctx, args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, LOST, args.join(' '));
      assert.match(r.stderr, /The command itself finished; only its output is lost\./);
      assert.doesNotMatch(r.stderr, /Unhandled|\n\s+at /, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 2, `one error and its hint:\n${r.stderr}`);
    }
    assert.ok(existsSync(join(ctx.root, 'envs', 'b', 'lib', 'node_modules', 'gamma')), 'the create was made whole');
    // With --json the command's own error goes to stdout too: lost, and said to be.
    const failed = await toFullDisk(ctx, ['env', 'export', '-n', 'nope', '--json']);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /E_OUTPUT_LOST.*The command failed as well/);
  } finally {
    await ctx.close();
  }
});

test('G6: a reader that went away (EPIPE) ends the output without a word', async () => {
  const ctx = await setup([pkg('gamma', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-q', '-n', 'a', 'gamma'])).status, 0);
    for (const args of [['env', 'list'], ['env', 'export', '-n', 'a'], ['info'], ['create', '-n', 'b', 'gamma']]) {
      const r = await toClosedPipe(ctx, args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, '', args.join(' '));
    }
    assert.ok(existsSync(join(ctx.root, 'envs', 'b', 'lib', 'node_modules', 'gamma')), 'the create went on to its end');
  } finally {
    await ctx.close();
  }
});
