/**
 * The env commands as a user meets them on the command line: help and the yargs fallback of the
 * fast path, the active env as default target, `ssdp clean`, argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';
import { CLI_ENTRY } from '../helpers/cli.js';

test('help lists the env commands; fast-path commands fall back to yargs for help and typos', async () => {
  const ctx = await setup([]);
  try {
    let r = await ctx.cli(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const c of ['env', 'create', 'install', 'remove', 'update', 'list', 'clean', 'run']) assert.match(r.stdout, new RegExp(`ssdp ${c}\\b`));
    r = await ctx.cli(['env', 'create', '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /--dry-run/);
    r = await ctx.cli(['env', 'crate', '-n', 'x']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /create/);
    r = await ctx.cli(['env', 'create', '-n', 'x', '--bogus', 'a']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /bogus/);
    r = await ctx.cli(['create', '-n', 'x', '-p', join(ctx.dir, 'y'), 'a']);
    assert.equal(r.status, 2); // a command-line mistake (usage-mistakes.test.ts, B14)
    assert.match(r.stderr, /E_BAD_ARGS/);
    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /no environments yet/);
  } finally {
    await ctx.close();
  }
});

test('commands default to the active env; clean drops only what no env uses', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-n', 'a', 'alpha'])).status, 0);
    assert.equal((await ctx.cli(['create', '-p', join(ctx.dir, 'b'), 'beta'])).status, 0);
    const active = { SSDP_PREFIX: join(ctx.root, 'envs/a') };
    let r = await ctx.cli(['install', 'gamma'], { env: active });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['list', '--json'], { env: active });
    assert.deepEqual((JSON.parse(r.stdout) as Array<{ name: string }>).map((x) => x.name), ['alpha', 'gamma']);
    r = await ctx.cli(['remove', 'beta'], { env: active });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_PACKAGE_NOT_IN_ENV/);
    r = await ctx.cli(['env', 'remove', '-n', 'a'], { env: active });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_ENV_ACTIVE/);

    // gamma leaves env a; clean removes exactly it (b's beta and a's alpha stay).
    assert.equal((await ctx.cli(['remove', '-n', 'a', 'gamma'])).status, 0);
    r = await ctx.cli(['clean', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const cleaned = JSON.parse(r.stdout) as { removed: Array<{ name: string }> };
    assert.deepEqual(cleaned.removed.map((x) => x.name), ['gamma']);
    // What envs use is still there: a lockfile installs offline with the registry gone.
    const lock = join(ctx.dir, 'a.lock.json');
    assert.equal((await ctx.cli(['env', 'export', '-n', 'a', '--lock', '-f', lock])).status, 0);
    await ctx.reg.close();
    r = await ctx.cli(['create', '-n', 'c', '--offline', '-f', lock]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.root, 'envs/c/lib/node_modules/alpha')));
    assert.deepEqual(readdirSync(join(ctx.root, 'envs')).sort(), ['a', 'c']);
  } finally {
    await ctx.close();
  }
});

test('downloads show a progress bar on a terminal, and none in CI', async (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('util-linux script (a pseudo-terminal) is not installed');
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0')]);
  try {
    const log = join(ctx.dir, 'tty.log');
    const inTty = (name: string, ci: boolean) => {
      const env = { ...ctx.env };
      if (ci) env.CI = '1';
      else delete env.CI;
      return new Promise<string>((ok) => {
        const c = spawn('script', ['-qec', `${process.execPath} ${CLI_ENTRY} create -n ${name} alpha beta`, log], { env, stdio: 'ignore' });
        c.on('close', () => ok(readFileSync(log, 'utf8')));
      });
    };
    const tty = await inTty('a', false);
    assert.match(tty, /fetching \[.*\] \d+% \| \d+\/2/);
    assert.match(tty, /Created env a/);
    const ci = await inTty('b', true);
    assert.doesNotMatch(ci, /fetching \[/);
    assert.match(ci, /Created env b/);
  } finally {
    await ctx.close();
  }
});
