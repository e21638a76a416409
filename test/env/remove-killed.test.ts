/**
 * Break E1 of the issue-8 re-test (s10): a kill -9 during `env remove` left
 * `.NAME.ssdp-removing-HEX/` under ROOT/envs for ever, and no command said so. Its name now
 * carries the removing pid; `env list` mentions it once that pid is dead and `clean` deletes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, spawnCli } from './helpers.js';

test('E1: env remove killed with SIGKILL after its rename: env list names the leftover, clean deletes it and says so; a live remove\'s folder is kept', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'big', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    // Enough files that deleting them takes long after the rename.
    const data = join(ctx.root, 'envs/big/data');
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(data, `d${d}`), { recursive: true });
      for (let i = 0; i < 100; i++) writeFileSync(join(data, `d${d}`, `f${i}`), `${i}\n`);
    }
    const envs = join(ctx.root, 'envs');
    const { child, done } = spawnCli(['env', 'remove', '-n', 'big'], ctx.env);
    // Killed as soon as the env has been renamed away (a busy loop: the child runs on its own).
    let leftover: string | undefined;
    while (!leftover && child.exitCode === null) {
      leftover = readdirSync(envs).find((n) => n.startsWith('.big.ssdp-removing-'));
    }
    assert.ok(leftover, 'env remove finished before it could be killed');
    child.kill('SIGKILL');
    const k = await done;
    assert.equal(k.signal, 'SIGKILL');
    assert.match(leftover, new RegExp(`^\\.big\\.ssdp-removing-[0-9a-f]+-${child.pid}$`));
    assert.ok(existsSync(join(envs, leftover)), 'the kill came after the delete finished');

    // A folder of a remove still running (this test's own pid) is not touched.
    const live = join(envs, `.other.ssdp-removing-00aa-${process.pid}`);
    mkdirSync(live);

    r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /big/);
    assert.ok(r.stderr.includes(`${join(envs, leftover)} is what is left of an env remove that was killed; ssdp clean deletes it.`), r.stderr);
    assert.doesNotMatch(r.stderr, /other/);

    r = await ctx.cli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`Removed ${join(envs, leftover)}: the leftover of an env remove that was killed.`), r.stdout);
    // try8x F1: the remove is finished whole: its record goes too, so this clean prunes what only
    // the removed env used, and env list does not call it a disk not mounted.
    assert.doesNotMatch(r.stdout + r.stderr, /not there|not mounted/);
    assert.doesNotMatch(r.stdout, /Removed 0 unused/);
    assert.ok(!readFileSync(join(ctx.root, 'environments.txt'), 'utf8').includes(join(envs, 'big')));
    assert.ok(!existsSync(join(envs, leftover)));
    assert.ok(existsSync(live));
    r = await ctx.cli(['clean', '--json']);
    assert.deepEqual((JSON.parse(r.stdout) as { removedLeftovers: string[] }).removedLeftovers, []);
    r = await ctx.cli(['env', 'list']);
    assert.doesNotMatch(r.stderr, /left of an env remove/);
    assert.doesNotMatch(r.stdout, /big/);
  } finally {
    await ctx.close();
  }
});
