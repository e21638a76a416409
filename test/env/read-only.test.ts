/**
 * Read-only folders and roots. Break B7 of the env tester: a -p env on a read-only mount is
 * E_NOT_WRITABLE, not an EROFS stack. Break N2 of the issue-8 tester: on a read-only root, a
 * package whose metadata is not cached yet must give E_NOT_WRITABLE like a cached one (not an
 * EROFS stack from the metadata cache), and a --dry-run needs no cache write at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, type CliResult } from '../helpers/cli.js';
import { canMount, pkg, setup, snapshot } from './helpers.js';

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
    // K11 (s18 try8k): the refused create records nothing: no phantom env for env list and clean.
    const recorded = readFileSync(join(ctx.root, 'environments.txt'), 'utf8');
    assert.ok(recorded.includes(env) && !recorded.includes(join(rod, 'new')), recorded);
  } finally {
    await ctx.close();
  }
});

function cliReadOnly(ro: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"';
  const child = spawn('unshare', ['-m', 'sh', '-c', script, ro, process.execPath, CLI_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status: status ?? -1, stdout, stderr })));
}

test('N2: a read-only root and a package with no cached metadata: E_NOT_WRITABLE, and --dry-run works without writing', { skip: !canMount && 'needs root and unshare -m' }, async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'e', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const before = snapshot(ctx.root);
    // gamma's metadata was never fetched, so each of these has to go to the registry first.
    for (const args of [['create', '-n', 'f', 'gamma'], ['install', '-n', 'e', 'gamma'], ['create', '-p', join(ctx.dir, 'rw'), 'gamma'], ['create', '-n', 'f', 'gamma', '--json']]) {
      r = await cliReadOnly(ctx.root, args, ctx.env);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr + r.stdout, /E_NOT_WRITABLE/, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
      assert.doesNotMatch(r.stderr + r.stdout, /unexpected error|E_INTERNAL|\n\s+at /, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
    }
    // K6 (s18 try8k): a fresh root whose store folder is read-only (a shared mount): the first
    // create says E_NOT_WRITABLE naming the store, as it does once STORE/v1 exists.
    const fresh = join(ctx.dir, 'fresh-root');
    mkdirSync(join(fresh, 'store'), { recursive: true });
    r = await cliReadOnly(join(fresh, 'store'), ['create', '-n', 'x', 'alpha'], { ...ctx.env, SSDP_ROOT: fresh });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_NOT_WRITABLE.*fresh-root\/store/s, r.stderr);
    assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, r.stderr);
    r = await cliReadOnly(ctx.root, ['install', '-n', 'e', 'gamma', '--dry-run'], ctx.env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /gamma/);
    assert.deepEqual(snapshot(ctx.root), before);
  } finally {
    await ctx.close();
  }
});
