/**
 * Tester try8g G1: every command run from a current folder that was deleted ended in Node's
 * "ENOENT ... uv_cwd" stack. Commands that do not need the folder (changes of a named env, an
 * export to stdout) now just work; those that do (a relative -p, a relative file: spec, a command
 * to run there, a workflow) say E_CWD_GONE, as JSON with --json, and change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, type Ctx } from '../env/helpers.js';
import { CLI_ENTRY, runProgram, type CliResult } from '../helpers/cli.js';

/** The CLI started in a folder that is deleted just before node starts. */
function fromDeletedFolder(ctx: Ctx, args: string[]): Promise<CliResult> {
  const gone = join(ctx.dir, 'gone');
  mkdirSync(gone, { recursive: true });
  return runProgram('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, CLI_ENTRY, ...args], { env: ctx.env });
}

test('G1: from a deleted current folder, commands that do not need it work', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    for (const args of [
      ['create', '-q', '-n', 'a', 'gamma'],
      ['install', '-q', '-n', 'a', 'alpha'],
      ['remove', '-q', '-n', 'a', 'alpha'],
      ['update', '-q', '-n', 'a', '--all'],
    ]) {
      const r = await fromDeletedFolder(ctx, args);
      assert.equal(r.status, 0, `${args.join(' ')}:\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, /uv_cwd|unexpected error/);
    }
    const ex = await fromDeletedFolder(ctx, ['env', 'export', '-n', 'a']);
    assert.equal(ex.status, 0, ex.stderr);
    assert.match(ex.stdout, /gamma=1\.0\.0/);
    const list = await fromDeletedFolder(ctx, ['env', 'list']);
    assert.match(list.stdout, /^a\s/m);
  } finally {
    await ctx.close();
  }
});

test('G1: from a deleted current folder, commands that need it say E_CWD_GONE and change nothing', async () => {
  const ctx = await setup([pkg('gamma', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-q', '-n', 'a', 'gamma'])).status, 0);
    const envsBefore = readdirSync(join(ctx.root, 'envs')).sort();
    for (const args of [
      ['create', '-p', 'rel', 'gamma'],
      ['create', '-n', 'b', 'file:../pkg'],
      ['run', '-n', 'a', 'node', '-e', '1'],
      ['tasks'],
    ]) {
      const r = await fromDeletedFolder(ctx, args);
      assert.equal(r.status, 1, `${args.join(' ')}:\n${r.stderr}`);
      assert.match(r.stderr, /^ssdp: error \[E_CWD_GONE\]: the current folder \(.*gone\) no longer exists/m, args.join(' '));
      assert.match(r.stderr, /hint: Go to a folder that exists/);
      assert.doesNotMatch(r.stderr, /uv_cwd|unexpected error|\n\s+at /);
      const j = await fromDeletedFolder(ctx, ['--json', ...args]);
      assert.equal(JSON.parse(j.stdout).error.code, 'E_CWD_GONE', args.join(' '));
    }
    assert.deepEqual(readdirSync(join(ctx.root, 'envs')).sort(), envsBefore, 'no env was made');
    assert.equal(existsSync(join(ctx.dir, 'gone')), false);
  } finally {
    await ctx.close();
  }
});
