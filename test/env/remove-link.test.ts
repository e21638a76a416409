/**
 * `env remove` and symlinks (issue 8, session 10 item 1 and the s9 tester's N5; B7g of s8):
 * -n NAME where ROOT/envs/NAME is a link removes only the link and says how to remove the env;
 * removing an env by -p (also through a link) takes the ROOT/envs links to it along, so none is
 * left dangling; a link inside an env is named as a link in the dry run; a volume mounted inside
 * the env makes the dry run say a real remove would stop, instead of failing. And break N1 of the
 * issue-8 tester: a change through -n NAME where ROOT/envs/NAME is a symlink acts on the env it
 * points to and keeps the link, as -p through a link does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, type CliResult } from '../helpers/cli.js';
import { canMount, pkg, setup } from './helpers.js';

const gone = (p: string) => lstatSync(p, { throwIfNoEntry: false }) === undefined;

test('env remove -n LINK removes only the link, names the env it pointed at and how to remove it; --dry-run says the same and changes nothing', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const real = join(ctx.dir, 'G');
    let r = await ctx.cli(['create', '-p', real, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(real, 'notes.txt'), 'mine\n');
    const link = join(ctx.root, 'envs', 'gl');
    mkdirSync(join(ctx.root, 'envs'), { recursive: true });
    symlinkSync(real, link);

    r = await ctx.cli(['env', 'remove', '-n', 'gl', '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `Would remove the link gl -> ${real}; the env at ${real} would stay; remove it with ssdp env remove -p ${real}. Nothing was changed (--dry-run).`);
    assert.ok(lstatSync(link).isSymbolicLink());

    r = await ctx.cli(['env', 'remove', '-n', 'gl', '--dry-run', '--json']);
    assert.deepEqual(JSON.parse(r.stdout), { removed: null, wouldRemove: null, wouldRemoveLink: link, linkTarget: real });

    r = await ctx.cli(['env', 'remove', '-n', 'gl']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `Removed the link gl -> ${real}; the env at ${real} stays; remove it with ssdp env remove -p ${real}.`);
    assert.ok(gone(link), 'the link is gone');
    assert.ok(existsSync(join(real, 'lib/node_modules/alpha/index.js')), 'the env stays whole');
    assert.equal(readFileSync(join(real, 'notes.txt'), 'utf8'), 'mine\n');
    r = await ctx.cli(['list', '-p', real]);
    assert.equal(r.status, 0, r.stderr);

    // A link to a folder that is not an env: the link goes, the folder is not touched.
    const plain = join(ctx.dir, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'thesis.txt'), 'x');
    symlinkSync(plain, join(ctx.root, 'envs', 'pl'));
    r = await ctx.cli(['env', 'remove', '-n', 'pl']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Removed the link pl -> .*plain; .*plain \(not an env\) stays as it is\./);
    assert.equal(readFileSync(join(plain, 'thesis.txt'), 'utf8'), 'x');
  } finally {
    await ctx.close();
  }
});

test('env remove -p of an env (directly or through a link) also removes every ROOT/envs link to it, and says so', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const real = join(ctx.dir, 'G');
    let r = await ctx.cli(['create', '-p', real, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    mkdirSync(join(ctx.root, 'envs'), { recursive: true });
    const l1 = join(ctx.root, 'envs', 'g1');
    const l2 = join(ctx.root, 'envs', 'g2');
    symlinkSync(real, l1);
    symlinkSync(real, l2);
    const mine = join(ctx.dir, 'mylink');
    symlinkSync(real, mine);

    r = await ctx.cli(['env', 'remove', '-p', mine, '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `Would remove env G (${real}); and the links ${l1}, ${l2} that pointed at it; nothing was changed (--dry-run).`);
    assert.ok(lstatSync(l1).isSymbolicLink() && existsSync(real));

    r = await ctx.cli(['env', 'remove', '-p', mine, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { removed: real, links: [l1, l2] });
    assert.ok(!existsSync(real), 'the env is removed (-p through a link acts on the env)');
    assert.ok(gone(l1) && gone(l2), 'no ROOT/envs link is left dangling');
    r = await ctx.cli(['env', 'list', '--json']);
    assert.deepEqual(JSON.parse(r.stdout), []);

    // A named env with a second name linking to it: both go, and the message says so.
    r = await ctx.cli(['create', '-n', 'n1', 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    symlinkSync(join(ctx.root, 'envs', 'n1'), join(ctx.root, 'envs', 'alias'));
    r = await ctx.cli(['env', 'remove', '-n', 'n1']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `Removed env n1 (${join(ctx.root, 'envs', 'n1')}); also removed the link ${join(ctx.root, 'envs', 'alias')} that pointed at it.`);
    assert.ok(gone(join(ctx.root, 'envs', 'alias')));
  } finally {
    await ctx.close();
  }
});

test('N5: the dry run names a link inside the env as a link whose target is kept; the real remove keeps the target', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const precious = join(ctx.dir, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.txt'), 'x');
    const sl = join(ctx.dir, 'SL');
    let r = await ctx.cli(['create', '-p', sl, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    symlinkSync(precious, join(sl, 'datalink'));
    r = await ctx.cli(['env', 'remove', '-p', sl, '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`with files of your own in it: datalink \\(a link to ${precious}; its target is kept\\);`));
    assert.doesNotMatch(r.stdout, /thesis/);
    r = await ctx.cli(['env', 'remove', '-p', sl]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(precious, 'thesis.txt'), 'utf8'), 'x');
  } finally {
    await ctx.close();
  }
});


test('B7g: env remove --dry-run with a volume mounted inside the env reports that a real remove would stop (exit 0), the real one refuses', { skip: !canMount && 'needs unshare -m (root)' }, async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const env = join(ctx.dir, 'e');
    let r = await ctx.cli(['create', '-p', env, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const data = join(env, 'data');
    mkdirSync(data);
    const inNamespace = (args: string[]): Promise<CliResult> =>
      new Promise((ok) => {
        const c = spawn('unshare', ['-m', 'sh', '-c', `mount -t tmpfs none "$MP" && exec "${process.execPath}" "${CLI_ENTRY}" "$@"`, 'sh', ...args], { env: { ...ctx.env, MP: data } });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d));
        c.stderr.on('data', (d: Buffer) => (stderr += d));
        c.on('close', (status: number) => ok({ status, stdout, stderr }));
      });
    r = await inNamespace(['env', 'remove', '-p', env, '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Would remove env e \\(${env}\\).*nothing was changed \\(--dry-run\\)\\.\\nBut a real remove would stop before deleting anything: cannot remove the env at ${env}: a volume is mounted at ${data}\\.`));
    assert.match(r.stdout, /Unmount the volume first/);
    r = await inNamespace(['env', 'remove', '-p', env, '--dry-run', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).blocked, /a volume is mounted at/);
    r = await inNamespace(['env', 'remove', '-p', env]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_ENV_MOUNT_POINT/);
    assert.ok(existsSync(join(env, 'lib/node_modules/alpha/index.js')));
  } finally {
    await ctx.close();
  }
});

test('N1: install and create --force through -n NAME when ROOT/envs/NAME is a symlink change its target and keep the link', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const real = join(ctx.dir, 'G');
    let r = await ctx.cli(['create', '-p', real, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(real, 'notes.txt'), 'mine\n');
    const link = join(ctx.root, 'envs', 'gl');
    mkdirSync(join(ctx.root, 'envs'), { recursive: true });
    symlinkSync(real, link);

    r = await ctx.cli(['install', '-n', 'gl', 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
    assert.ok(existsSync(join(real, 'lib/node_modules/gamma/index.js')), 'the real env got gamma');
    assert.equal(readFileSync(join(real, 'notes.txt'), 'utf8'), 'mine\n');

    r = await ctx.cli(['create', '-n', 'gl', 'gamma', '--force']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link after create --force');
    assert.ok(!existsSync(join(real, 'lib/node_modules/alpha')), 'the real env was replaced');
    assert.ok(existsSync(join(real, 'lib/node_modules/gamma/index.js')));
    assert.equal(readFileSync(join(real, 'notes.txt'), 'utf8'), 'mine\n');

    r = await ctx.cli(['list', '-n', 'gl', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /gamma/);
  } finally {
    await ctx.close();
  }
});
