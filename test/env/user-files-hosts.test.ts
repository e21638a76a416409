/**
 * Issue-8 leftovers from the session-13 tester's report (/work/briefs/s13/breaks/try8e.md) and
 * the fixers' notes, each shown failing before its fix: L1 (a note of the user's in
 * PREFIX/ssdp-meta/ was deleted by the next change), R1 (a registry whose metadata puts tarballs
 * on another host was refused with words about a lock the user does not have), R5 (a dependency
 * name that is no package name was blamed on the lock, or installed as lib/node_modules/.bin).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

const PACKAGES = [pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')];

test('L1: a file and a folder of the user\'s in ssdp-meta/ survive the next changes (named env and -p env)', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const p = join(ctx.dir, 'pz', 'env');
    for (const [where, args] of [[join(ctx.root, 'envs', 'act'), ['-n', 'act']], [p, ['-p', p]]] as const) {
      const made = await ctx.cli(['create', ...args, 'alpha', '-q']);
      assert.equal(made.status, 0, made.stderr);
      writeFileSync(join(where, 'ssdp-meta', 'mynote.txt'), 'note\n');
      mkdirSync(join(where, 'ssdp-meta', 'notes'));
      writeFileSync(join(where, 'ssdp-meta', 'notes', 'a.txt'), 'a\n');
      for (const change of [['install', ...args, 'gamma', '-q'], ['remove', ...args, 'alpha', '-q']]) {
        const r = await ctx.cli(change);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(where, 'ssdp-meta', 'mynote.txt'), 'utf8'), 'note\n', `${change.join(' ')}: mynote.txt kept`);
        assert.equal(readFileSync(join(where, 'ssdp-meta', 'notes', 'a.txt'), 'utf8'), 'a\n', `${change.join(' ')}: notes/a.txt kept`);
      }
      const listed = await ctx.cli(['list', ...args, '--json']);
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /gamma/);
    }
  } finally {
    await ctx.close();
  }
});

test('R1: tarballs on another host than the registry: the refusal names the registry\'s metadata and SSDP_ALLOWED_HOSTS, not a lock', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const port = new URL(ctx.reg.url).port;
    ctx.reg.faults({ tarballBase: `http://127.0.0.2:${port}` });
    let r = await ctx.cli(['create', '-n', 'h', 'alpha']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_LOCK_UNTRUSTED_HOST\\]: the registry's metadata puts the tarball of alpha@1\\.0\\.0 at http://127\\.0\\.0\\.2:${port}/alpha/-/alpha-1\\.0\\.0\\.tgz, and 127\\.0\\.0\\.2:${port} is not a registry you configured`));
    assert.match(r.stderr, new RegExp(`SSDP_ALLOWED_HOSTS=127\\.0\\.0\\.2:${port}`));
    assert.doesNotMatch(r.stderr, /the lock|env update/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'h')));

    ctx.reg.faults({ tarballBase: 'file:///etc' });
    r = await ctx.cli(['create', '-n', 'h', 'alpha'], { env: { SSDP_ROOT: join(ctx.dir, 'root2') } }); // no cached metadata
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_LOCK_UNTRUSTED_HOST\]: the registry's metadata gives the tarball of alpha@1\.0\.0 as file:\/\/\/etc\/alpha\/-\/alpha-1\.0\.0\.tgz, which is not an http\(s\) URL/);
    assert.doesNotMatch(r.stderr, /the lock|env update|editing resolved/);
  } finally {
    await ctx.close();
  }
});

test('R5: a dependency name that is no package name (../x, .bin, node_modules, an alias to one) is the package\'s fault, refused before anything is installed', async () => {
  for (const [name, range] of [['../../ssdp-meta', '1.0.0'], ['@x/../../y', '1.0.0'], ['.bin', '1.0.0'], ['node_modules', '1.0.0'], ['ok-name', 'npm:../evil@1.0.0']]) {
    const ctx = await setup([pkg('hp', '1.0.0', { dependencies: { [name]: range } }), pkg('alpha', '1.0.0')]);
    try {
      const r = await ctx.cli(['create', '-n', 'h', 'hp']);
      assert.equal(r.status, 1, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /E_REGISTRY_BAD_METADATA\]: hp@1\.0\.0 depends on .*, as its metadata from the registry says, which is not a valid package name/, name);
      assert.ok(r.stderr.includes(JSON.stringify(range.startsWith('npm:') ? '../evil' : name)), r.stderr);
      assert.doesNotMatch(r.stderr, /the lock|env update|unexpected error/);
      assert.ok(!existsSync(join(ctx.root, 'envs', 'h')), `${name}: no env made`);
      assert.ok(!ctx.reg.requests.some((q) => q.includes('ssdp-meta') || q.includes('evil') || q.includes('/y')), ctx.reg.requests.join(' '));
    } finally {
      await ctx.close();
    }
  }
  // Legacy names the registry still serves (a leading '_', uppercase) install as before.
  const ctx = await setup([pkg('hp', '1.0.0', { dependencies: { _legacy: '1.0.0', JSONish: '1.0.0' } }), pkg('_legacy', '1.0.0'), pkg('JSONish', '1.0.0')]);
  try {
    const r = await ctx.cli(['create', '-n', 'h', 'hp', '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.root, 'envs', 'h', 'lib', 'node_modules', '_legacy', 'index.js')));
  } finally {
    await ctx.close();
  }
});

test('a -p env on a disk not mounted (its folder missing) is listed as missing with what to do, survives removing another env, and env remove -p forgets it', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const disk = join(ctx.dir, 'disk');
    const p = join(disk, 'pe');
    const other = join(ctx.dir, 'other');
    for (const where of [p, other]) assert.equal((await ctx.cli(['create', '-p', where, 'alpha', '-q'])).status, 0);
    renameSync(disk, join(ctx.dir, 'disk-unmounted'));
    let r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`pe +${p.replace(/[.]/g, '\\.')}  \\(missing: the folder is not there; on a disk not mounted now\\? Mount it again, or forget the env with ssdp env remove -p ${p.replace(/[.]/g, '\\.')}\\)`), r.stdout);
    const listed = JSON.parse((await ctx.cli(['env', 'list', '--json'])).stdout) as Array<{ prefix: string; missing?: boolean }>;
    assert.deepEqual(listed.find((e) => e.prefix === p)?.missing, true);
    // Removing another -p env used to drop it from the record as a side effect.
    assert.equal((await ctx.cli(['env', 'remove', '-p', other, '-q'])).status, 0);
    r = await ctx.cli(['env', 'list']);
    assert.match(r.stdout, /pe +.*\(missing:/);
    // clean keeps working and lists nothing odd.
    assert.equal((await ctx.cli(['clean', '-q'])).status, 0);

    r = await ctx.cli(['env', 'remove', '-p', p, '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would forget env pe .*nothing would be deleted/);
    r = await ctx.cli(['env', 'remove', '-p', p]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Forgot env pe \(.*\): its folder is not there \(a disk not mounted\?\), so nothing was deleted/);
    r = await ctx.cli(['env', 'list']);
    assert.doesNotMatch(r.stdout, /pe/);
    // Mounted again: -p still works, and its next change records it again.
    renameSync(join(ctx.dir, 'disk-unmounted'), disk);
    assert.equal((await ctx.cli(['install', '-p', p, 'gamma', '-q'])).status, 0);
    assert.match((await ctx.cli(['env', 'list'])).stdout, new RegExp(`pe +${p.replace(/[.]/g, '\\.')}\n?`));
  } finally {
    await ctx.close();
  }
});

test('a store repair (clean --verify) relinks damaged envs too: with a readable lock.json, and by the changed inodes when the lock is unreadable', async () => {
  const ctx = await setup(PACKAGES);
  try {
    const rel = 'lib/node_modules/alpha/index.js';
    const envs = ['ok', 'badstate', 'badlock'].map((n) => join(ctx.root, 'envs', n));
    for (const p of envs) assert.equal((await ctx.cli(['create', '-n', p.split('/').pop()!, 'alpha', 'gamma', '-q'])).status, 0);
    const original = readFileSync(join(envs[0]!, rel), 'utf8');
    writeFileSync(join(envs[1]!, 'ssdp-meta', 'env.json'), '{ not json');
    writeFileSync(join(envs[2]!, 'ssdp-meta', 'env.json'), '{ not json');
    writeFileSync(join(envs[2]!, 'ssdp-meta', 'lock.json'), '{ not json either');
    // An in-place edit through one env's hardlink reaches the store and every env.
    appendFileSync(join(envs[0]!, rel), '//PWNED\n');
    let r = await ctx.cli(['env', 'list']);
    assert.match(r.stdout, /badstate .*damaged/);
    r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    for (const p of envs) {
      assert.equal(readFileSync(join(p, rel), 'utf8'), original, p);
      assert.match(r.stdout, new RegExp(`repaired env ${p.split('/').pop()} \\(${p}\\): ${rel} now the clean copy`));
    }
    assert.equal(statSync(join(envs[2]!, rel)).ino, statSync(join(envs[0]!, rel)).ino, 'the damaged env shares the clean store file again');
    assert.equal(readFileSync(join(envs[2]!, 'lib/node_modules/gamma/index.js'), 'utf8'), 'module.exports = "gamma@1.0.0";\n');
    r = await ctx.cli(['clean', '--verify', '--json']);
    assert.deepEqual(JSON.parse(r.stdout).verify.envs, []);
    assert.ok(!existsSync(join(ctx.root, 'store', 'v1', 'damaged')) || readdirSync(join(ctx.root, 'store', 'v1', 'damaged')).length === 0, 'no repair left pending');
  } finally {
    await ctx.close();
  }
});
