/**
 * Envs on a disk that is not mounted now (the s15 tester's G2 and G9, issue 8). An unmounted
 * mount point is an empty folder, so a recorded -p env below it has its parent folder there:
 * `env list` took it for an env deleted by hand and hid it, and `clean` pruned its packages. A
 * ROOT/envs/NAME link to such a disk was hidden too, and so was every named env when ROOT/envs is
 * itself the mount point. Each is listed as missing with what to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('G2+G9: a -p env under an emptied mount point, one deleted by hand, and a ROOT/envs link to nothing are listed as missing with what to do; clean prunes nothing', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const mnt = join(ctx.dir, 'mnt');
    const pe = join(mnt, 'pe');
    let r = await ctx.cli(['create', '-q', '-p', pe, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    // A named env, recorded too: ROOT/envs on its own disk, unmounted, shows nothing of it.
    r = await ctx.cli(['create', '-q', '-n', 'a', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const a = join(ctx.root, 'envs', 'a');
    renameSync(a, join(ctx.dir, 'away-a'));
    const lnk = join(ctx.root, 'envs', 'lnk');
    mkdirSync(join(ctx.root, 'envs'), { recursive: true });
    symlinkSync(pe, lnk);
    // "umount": the env goes, its mount point stays as an empty folder.
    renameSync(pe, join(ctx.dir, 'away'));
    assert.deepEqual(readdirSync(mnt), []);
    // A recorded env whose folder was deleted from a folder that still holds other things.
    const full = join(ctx.dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'x\n');
    const pf = join(full, 'pf');
    appendFileSync(join(ctx.root, 'environments.txt'), `${pf}\n`);
    const store = join(ctx.root, 'store', 'v1', 'pkgs');
    const entries = () => readdirSync(store, { recursive: true }).length;
    const before = entries();

    r = await ctx.cli(['env', 'list', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const listed = JSON.parse(r.stdout) as Array<{ name: string; prefix: string; missing?: true; linkTo?: string }>;
    assert.deepEqual(listed.map((e) => [e.name, e.prefix, e.missing, e.linkTo]), [
      ['lnk', lnk, true, pe],
      ['a', a, true, undefined],
      ['pe', pe, true, undefined],
      ['pf', pf, true, undefined],
    ]);
    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`${lnk} -> ${pe}  (missing: the link points at nothing; on a disk not mounted now? Mount it again, or remove the name with ssdp env remove -n lnk)`), r.stdout);
    assert.ok(r.stdout.includes(`${pe}  (missing: the folder is not there and ${mnt} is empty; a disk not mounted there now? Mount it again, or forget the env with ssdp env remove -p ${pe})`), r.stdout);
    assert.ok(r.stdout.includes(`${a}  (missing: the folder is not there (moved, deleted, or on a disk not mounted now?); put it back, or forget the env with ssdp env remove -n a)`), r.stdout);
    assert.ok(r.stdout.includes(`${pf}  (missing: the folder is not there (moved, deleted, or on a disk not mounted now?); put it back, or forget the env with ssdp env remove -p ${pf})`), r.stdout);

    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Kept every stored package/);
    assert.equal(entries(), before, 'nothing pruned while envs are missing');

    r = await ctx.cli(['env', 'remove', '-n', 'a']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Forgot env a \(.*\): its folder is not there .* -n a still works/);
    r = await ctx.cli(['env', 'list', '--json']);
    assert.deepEqual((JSON.parse(r.stdout) as Array<{ name: string }>).map((e) => e.name), ['lnk', 'pe', 'pf']);
  } finally {
    await ctx.close();
  }
});
