/**
 * Faults that used to end in a stack trace are coded errors: a read-only root (EROFS/EACCES on
 * the lock file) for every command that changes something, and a damaged env.json or lock.json
 * (listed as damaged by `env list`, refused clearly by the other commands, removable by
 * `env remove`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runProgram, type CliResult } from '../helpers/cli.js';
import { pkg, setup, snapshot } from './helpers.js';

/** Runs the CLI in a private mount namespace where `ro` is bind-mounted read-only. */
function cliReadOnly(ro: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const script = 'mount --bind -o ro "$0" "$0" && exec "$@"';
  return runProgram('unshare', ['-m', 'sh', '-c', script, ro, process.execPath, CLI_ENTRY, ...args], { env });
}

function canUnshare(): boolean {
  try {
    return process.getuid?.() === 0 && existsSync('/usr/bin/unshare');
  } catch {
    return false;
  }
}

test('a read-only root: every changing command stops with E_NOT_WRITABLE and changes nothing', async (t) => {
  if (!canUnshare()) return t.skip('needs root and unshare(1) for a read-only bind mount');
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'e', 'alpha', 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    const before = snapshot(ctx.root);
    for (const args of [['create', '-n', 'f', 'alpha'], ['install', '-n', 'e', 'gamma@3'], ['remove', '-n', 'e', 'gamma'], ['env', 'remove', '-n', 'e'], ['clean'], ['install', '-n', 'e', '--revision', '0']]) {
      r = await cliReadOnly(ctx.root, args, ctx.env);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /E_NOT_WRITABLE/, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /hint: .*writable/);
      assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, `${args.join(' ')}: ${r.stderr}`);
    }
    // Reading still works.
    r = await cliReadOnly(ctx.root, ['list', '-n', 'e', '--json'], ctx.env);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(snapshot(ctx.root), before);
  } finally {
    await ctx.close();
  }
});

test('a damaged env.json or lock.json: listed as damaged, coded errors, and env remove removes it', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const n of ['badstate', 'badlock', 'nolock', 'good']) {
      const r = await ctx.cli(['create', '-n', n, 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    const env = (n: string) => join(ctx.root, 'envs', n);
    writeFileSync(join(env('badstate'), 'ssdp-meta/env.json'), '{"name": "badstate", ');
    writeFileSync(join(env('badlock'), 'ssdp-meta/lock.json'), 'not json');
    const { rmSync } = await import('node:fs');
    rmSync(join(env('nolock'), 'ssdp-meta/lock.json'));

    let r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    for (const n of ['badstate', 'badlock', 'nolock']) assert.match(r.stdout, new RegExp(`^${n}\\s.*\\(damaged: .*env remove\\)$`, 'm'));
    assert.match(r.stdout, /^good\s+\S+good$/m);
    r = await ctx.cli(['env', 'list', '--json']);
    const listed = JSON.parse(r.stdout) as Array<{ name: string; damaged?: string }>;
    assert.deepEqual(listed.map((e) => [e.name, !!e.damaged]), [['badlock', true], ['badstate', true], ['good', false], ['nolock', true]]);

    for (const n of ['badstate', 'badlock', 'nolock']) {
      // `run` needs only env.json: an env with a damaged lock still runs commands.
      const run = n === 'badstate' ? [['run', '-n', n, '--', 'true']] : [];
      for (const args of [['list', '-n', n], ['install', '-n', n, 'alpha'], ['env', 'export', '-n', n], ...run]) {
        r = await ctx.cli(args);
        assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /E_ENV_CORRUPT.*(is damaged|is missing)/, `${args.join(' ')}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
      }
    }
    // clean still works (the damaged envs' packages are not known to be in use by them).
    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    for (const n of ['badstate', 'badlock', 'nolock']) {
      r = await ctx.cli(['env', 'remove', '-n', n]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!existsSync(env(n)));
    }
    // create --force also replaces a damaged env.
    r = await ctx.cli(['create', '-n', 'good', 'alpha']);
    assert.equal(r.status, 1);
    writeFileSync(join(env('good'), 'ssdp-meta/env.json'), '[]');
    r = await ctx.cli(['create', '-n', 'good', '--force', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['list', '-n', 'good', '--json']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});
