// Breaks the session-8 tester found in the env commands (B5, B7), each with real processes and the local test registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry.js';
import { buildPackageTarball } from '../helpers/tarball.js';
import { until } from '../helpers/cli.js';
import { pkg, setup, snapshot, spawnCli, stallingProxy } from './helpers.js';
import { lockFromRegistry } from '../store/fixtures/lock-helpers.js';

test('B5a: env create -f LOCK --dry-run applies the real run\'s trust check (E_LOCK_UNTRUSTED_HOST), and passes when the host is allowed', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  const other = await startRegistry([pkg('alpha', '1.0.0')]);
  try {
    const lock = await lockFromRegistry(other, [{ name: 'alpha', version: '1.0.0', requested: true }]);
    const { serializeLock } = await import('../../src/resolve/lockfile.js');
    const file = ctx.spec('elsewhere.lock.json', serializeLock({ ...lock, requested: ['alpha'] }));
    const dry = await ctx.cli(['env', 'create', '-n', 'x', '-f', file, '--dry-run']);
    assert.equal(dry.status, 1, dry.stdout + dry.stderr);
    assert.match(dry.stderr, /E_LOCK_UNTRUSTED_HOST/);
    assert.doesNotMatch(dry.stdout, /Would create/);
    const allowed = await ctx.cli(['env', 'create', '-n', 'x', '-f', file, '--dry-run'], { env: { SSDP_ALLOWED_HOSTS: new URL(other.url).host } });
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout, /Would create/);
    assert.ok(!existsSync(join(ctx.root, 'envs/x')));
  } finally {
    await Promise.all([ctx.close(), other.close()]);
  }
});

test('B7d: SSDP_ALLOWED_HOSTS accepts a bare host for any port, as the README says; host:port stays that port only', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  const other = await startRegistry([pkg('alpha', '1.0.0')]);
  try {
    const lock = await lockFromRegistry(other, [{ name: 'alpha', version: '1.0.0', requested: true }]);
    const { serializeLock } = await import('../../src/resolve/lockfile.js');
    const file = ctx.spec('elsewhere.lock.json', serializeLock({ ...lock, requested: ['alpha'] }));
    const { hostname, port } = new URL(other.url);
    const wrongPort = await ctx.cli(['env', 'create', '-n', 'x', '-f', file], { env: { SSDP_ALLOWED_HOSTS: `${hostname}:${Number(port) + 1}` } });
    assert.equal(wrongPort.status, 1, wrongPort.stderr);
    assert.match(wrongPort.stderr, /E_LOCK_UNTRUSTED_HOST/);
    const bare = await ctx.cli(['env', 'create', '-n', 'x', '-f', file], { env: { SSDP_ALLOWED_HOSTS: hostname } });
    assert.equal(bare.status, 0, bare.stderr);
    assert.ok(existsSync(join(ctx.root, 'envs/x/lib/node_modules/alpha')));
  } finally {
    await Promise.all([ctx.close(), other.close()]);
  }
});

test('B5b: create --force --dry-run over an env says it replaces that env and what goes and changes; nothing changes', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('alpha', '2.0.0'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-n', 'd', 'alpha@1.0.0', 'beta'])).status, 0);
    const prefix = join(ctx.root, 'envs/d');
    writeFileSync(join(prefix, 'notes.txt'), 'mine\n');
    const before = snapshot(prefix);
    const r = await ctx.cli(['create', '-n', 'd', 'alpha@2.0.0', 'gamma', '--force', '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Would replace env d \(.*envs\/d\) with 2 package\(s\) \(--force\): 1 added, 1 removed, 1 changed\./);
    assert.match(r.stdout, /\n  - beta 1\.0\.0\n/);
    assert.match(r.stdout, /\n    alpha 1\.0\.0 -> 2\.0\.0\n/);
    assert.match(r.stdout, /Files of your own in it are kept: notes\.txt\./);
    assert.doesNotMatch(r.stdout, /Would create/);
    const json = await ctx.cli(['create', '-n', 'd', 'alpha@2.0.0', 'gamma', '--force', '--dry-run', '--json']);
    assert.deepEqual(JSON.parse(json.stdout).replaces.diff.removed, [{ path: 'beta', from: '1.0.0' }]);
    assert.deepEqual(snapshot(prefix), before);
  } finally {
    await ctx.close();
  }
});

test('B7a: -q silences the summary of install, remove, update and env remove, as for create and clean; --json still gives it', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0')]);
  try {
    for (const args of [['create', '-n', 'q', 'alpha'], ['install', '-n', 'q', 'beta'], ['update', '-n', 'q', '--all'], ['remove', '-n', 'q', 'beta'], ['install', '-n', 'q', 'alpha']]) {
      const r = await ctx.cli([...args, '-q']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout + r.stderr, '', `${args.join(' ')} -q printed something`);
    }
    const j = await ctx.cli(['install', '-n', 'q', 'beta', '-q', '--json']);
    assert.equal(JSON.parse(j.stdout).added[0].path, 'beta');
    const rm = await ctx.cli(['env', 'remove', '-n', 'q', '-q']);
    assert.equal(rm.status, 0, rm.stderr);
    assert.equal(rm.stdout + rm.stderr, '');
    assert.ok(!existsSync(join(ctx.root, 'envs/q')));
  } finally {
    await ctx.close();
  }
});

test('B7b: Ctrl-C mid-download with --json prints a JSON error, leaves no pins, and the process still dies of SIGINT', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  const proxy = await stallingProxy(ctx.reg.url);
  try {
    const pins = join(ctx.root, 'store/v1/pins');
    const { child, done } = spawnCli(['env', 'create', '-n', 'stuck', 'alpha', '--json'], { ...ctx.env, npm_config_registry: proxy.url, SSDP_FETCH_TIMEOUT: '60' });
    await proxy.tarballRequested;
    await until(() => existsSync(pins) && readdirSync(pins).length > 0, 'the download to pin its entry');
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stderr}`);
    assert.ok(r.stdout, `no JSON on stdout; stderr: ${r.stderr}`);
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string } };
    assert.equal(error.code, 'E_INTERRUPTED');
    assert.match(error.message, /ssdp env create was stopped by SIGINT before it finished/);
    assert.deepEqual(readdirSync(pins), []);
    assert.ok(!existsSync(join(ctx.root, 'envs/stuck')));
  } finally {
    await proxy.close();
    await ctx.close();
  }
});

test('K7 (s18 try8k): Ctrl-C before the commit point abandons the change (E_INTERRUPTED, env as it was); after it, the change finishes, says so, and the process dies of SIGINT', async () => {
  // SSDP_TEST_STOP_AT makes the CLI send itself SIGINT at that exact phase (src/util/commit-point.ts).
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0')]);
  const at = (args: string[], phase: string) => spawnCli(args, { ...ctx.env, SSDP_TEST_STOP_AT: phase }).done;
  const envs = join(ctx.root, 'envs');
  const revision = () => (JSON.parse(readFileSync(join(envs, 'k/ssdp-meta/env.json'), 'utf8')) as { revision: number }).revision;
  try {
    assert.equal((await ctx.cli(['create', '-n', 'k', 'alpha'])).status, 0);
    let r = await at(['install', '-n', 'k', 'beta'], 'before-commit');
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /\[E_INTERRUPTED\]: ssdp install was stopped by SIGINT before it finished\.\n {2}hint: Nothing was applied/);
    assert.equal(r.stdout, '');
    assert.equal(revision(), 0);
    assert.ok(!existsSync(join(envs, 'k/lib/node_modules/beta')));
    assert.deepEqual(readdirSync(envs), ['k'], 'no staging folder left');
    r = await at(['install', '-n', 'k', 'beta'], 'after-commit');
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, 'Revision 1: 1 added, 0 removed, 0 changed.\n');
    assert.equal(r.stderr, `ssdp: warning: SIGINT came after the change was applied, so the change was finished: ${join(envs, 'k')} is now at revision 1.\n`);
    assert.equal(revision(), 1);
    assert.ok(existsSync(join(envs, 'k/lib/node_modules/beta')));
    assert.deepEqual(readdirSync(envs), ['k'], 'the old revision deleted');
    // Ctrl-C once the result is out and the command's end has looked for one (tester s19 try8p P1):
    // the same line and death by SIGINT, not a quiet exit 0 (or 130 with no word).
    r = await at(['remove', '-n', 'k', 'beta'], 'after-settle');
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^Revision 2: /);
    assert.equal(r.stderr, `ssdp: warning: SIGINT came after the change was applied, so the change was finished: ${join(envs, 'k')} is now at revision 2.\n`);
    assert.equal(revision(), 2);
    assert.ok(!existsSync(join(envs, 'k/lib/node_modules/beta')));
    r = await at(['env', 'remove', '-n', 'k'], 'after-commit');
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^Removed env k /);
    assert.match(r.stderr, /^ssdp: warning: SIGINT came after the change was applied, so the change was finished: .*envs\/k was removed\.\n$/);
    assert.deepEqual(readdirSync(envs), []);
    // A new env stopped before its commit point leaves no folder and no record (env list would show it).
    r = await at(['create', '-n', 'n', 'beta'], 'before-commit');
    assert.equal(r.signal, 'SIGINT', `exit ${r.status}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /\[E_INTERRUPTED\]/);
    assert.deepEqual(readdirSync(envs), []);
    assert.doesNotMatch(readFileSync(join(ctx.root, 'environments.txt'), 'utf8'), /envs\/n$/m);
  } finally {
    await ctx.close();
  }
});

test('B7c: a registry serving another package under a name gives E_LOCK_MISMATCH without blaming a lockfile that was never given', async () => {
  const isOdd = buildPackageTarball({ name: 'is-odd', version: '3.0.1' }, { 'index.js': 'module.exports = 1;\n' });
  const ctx = await setup([{ name: 'left-pad', version: '1.3.0', tarball: isOdd }]);
  try {
    const r = await ctx.cli(['create', '-n', 'x', 'left-pad']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_LOCK_MISMATCH\]: left-pad@1\.3\.0 resolved to a tarball \(.*left-pad-1\.3\.0\.tgz\) that holds is-odd@3\.0\.1/);
    assert.match(r.stderr, /hint: The registry \(or a mirror in between\) serves another package under that URL/);
    assert.doesNotMatch(r.stderr, /lockfile was edited|Regenerate the lock/);
    assert.ok(!existsSync(join(ctx.root, 'envs/x')));
  } finally {
    await ctx.close();
  }
});

test('B7e/B7f: -n .. and -n a/b are command-line mistakes (exit 2); a dangling env link is E_PREFIX_BAD_LINK for a change; env remove -n removes just the link', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const name of ['..', 'a/b']) {
      const r = await ctx.cli(['create', '-n', name, 'alpha']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /E_BAD_ENV_NAME/);
    }
    mkdirSync(join(ctx.root, 'envs'), { recursive: true });
    symlinkSync(join(ctx.dir, 'gone'), join(ctx.root, 'envs/dang'));
    // Changing an env through the link cannot work: said as for -p.
    let r = await ctx.cli(['install', '-n', 'dang', 'alpha']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_PREFIX_BAD_LINK\]: .*envs\/dang is a symlink to .*gone, which does not exist/);
    // env remove -n of a ROOT/envs link removes only the link (item 1 of session 10): a dangling one too.
    r = await ctx.cli(['env', 'remove', '-n', 'dang', '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would remove the link dang -> .*gone \(which points at nothing\)\. Nothing was changed/);
    assert.ok(lstatSync(join(ctx.root, 'envs/dang')).isSymbolicLink());
    r = await ctx.cli(['env', 'remove', '-n', 'dang']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Removed the link dang -> .*gone \(which points at nothing\)\./);
    assert.equal(lstatSync(join(ctx.root, 'envs/dang'), { throwIfNoEntry: false }), undefined);
  } finally {
    await ctx.close();
  }
});
