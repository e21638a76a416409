/**
 * Break K1 of the issue-8 re-test (s11 try8): a kill -9 late in `create -p NEW` left
 * `.NEW.ssdp-staging-HEX/` next to NEW for ever; env list and clean never mentioned it. Its name
 * now ends in the creating pid and the prefix is recorded before the folder is made, so env list
 * names it once that pid is dead and clean deletes it; a live create's folder, and folders that
 * are not ssdp's, are left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, spawnCli } from './helpers.js';

test('K1: create -p NEW killed with SIGKILL while building: env list names its staging folder, clean deletes it; a live one and a look-alike of no env are kept', async () => {
  // Many files, so building the staging folder takes long enough to be caught.
  const files = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`f/${i}.js`, `module.exports = ${i};\n`]));
  const ctx = await setup([pkg('alpha', '1.0.0', { files })]);
  try {
    let r = await ctx.cli(['create', '-n', 'warm', 'alpha', '-q']); // the store holds alpha: the create below only links
    assert.equal(r.status, 0, r.stderr);
    const parent = join(ctx.dir, 'work');
    mkdirSync(parent);
    const { child, done } = spawnCli(['create', '-p', join(parent, 'NEW'), 'alpha'], ctx.env);
    let staging: string | undefined;
    while (!staging && child.exitCode === null) staging = readdirSync(parent).find((n) => n.startsWith('.NEW.ssdp-staging-'));
    assert.ok(staging, 'create finished before it could be killed');
    child.kill('SIGKILL');
    assert.equal((await done).signal, 'SIGKILL');
    assert.match(staging, new RegExp(`^\\.NEW\\.ssdp-staging-[0-9a-f]+-${child.pid}$`));
    const left = join(parent, staging);
    assert.ok(existsSync(left) && !existsSync(join(parent, 'NEW')));

    // Next to it: a live create's folder (this test's pid) and a look-alike of a name no env has.
    const live = join(parent, `.NEW.ssdp-staging-00aa-${process.pid}`);
    mkdirSync(live);
    const foreign = join(parent, '.mine.ssdp-staging-00bb-1');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'data.txt'), 'mine\n');

    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /NEW/);
    assert.ok(r.stderr.includes(`${left} is what is left of an env create or change that was killed; ssdp clean deletes it.`), r.stderr);
    assert.ok(!r.stderr.includes(live) && !r.stderr.includes(foreign), r.stderr);

    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`Removed ${left}: the leftover of an env create or change that was killed.`), r.stdout);
    assert.ok(!existsSync(left));
    assert.ok(existsSync(live) && existsSync(join(foreign, 'data.txt')));

    // The same in ROOT/envs for create -n.
    const envs = join(ctx.root, 'envs');
    const k = spawnCli(['create', '-n', 'other', 'alpha'], ctx.env);
    let named: string | undefined;
    while (!named && k.child.exitCode === null) named = readdirSync(envs).find((n) => n.startsWith('.other.ssdp-staging-'));
    assert.ok(named, 'create -n finished before it could be killed');
    k.child.kill('SIGKILL');
    await k.done;
    r = await ctx.cli(['env', 'list']);
    assert.ok(r.stderr.includes(`${join(envs, named)} is what is left of an env create`), r.stderr);
    r = await ctx.cli(['clean', '--json']);
    assert.deepEqual((JSON.parse(r.stdout) as { removedLeftovers: string[] }).removedLeftovers, [join(envs, named)]);

    // The prefix can still be created, and afterwards nothing is named.
    r = await ctx.cli(['create', '-p', join(parent, 'NEW'), 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'list']);
    assert.match(r.stdout, /NEW/);
    assert.doesNotMatch(r.stderr, /left of/);
  } finally {
    await ctx.close();
  }
});
