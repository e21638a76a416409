/**
 * The s13 tester's V1-V3 (issue 8, item 8): root edits a stored file through one env's hardlink,
 * so every env runs the edit. Repairing it means a clean entry AND every env relinked; until both
 * are done the damaged entry stays known (the store's damage journal), so a repair cut by kill -9
 * is finished by the next run, and a change never takes the store's edited inode for the user's
 * own version of the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { acquireFileLock } from '../../src/util/lock.js';
import { envLockPath } from '../../src/env/target.js';
import { pkg, setup, spawnCli, type Ctx } from './helpers.js';

const REL = 'lib/node_modules/alpha/index.js';
const CLEAN = 'module.exports = "alpha@1.0.0";\n';

/** Envs a and b with alpha; an in-place edit through a (as root does it) reaches the store and b. */
async function tampered(ctx: Ctx): Promise<{ a: string; b: string }> {
  for (const n of ['a', 'b']) {
    const r = await ctx.cli(['create', '-n', n, 'alpha', '-q']);
    assert.equal(r.status, 0, r.stderr);
  }
  const a = join(ctx.root, 'envs', 'a');
  const b = join(ctx.root, 'envs', 'b');
  appendFileSync(join(a, REL), ';global.pwned=1\n');
  assert.match(readFileSync(join(b, REL), 'utf8'), /pwned/);
  return { a, b };
}

const waitFor = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 50));
};

test('V2: a change that fetches a damaged entry again relinks every env holding the edit, and never calls it the user\'s own version', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    const { a, b } = await tampered(ctx);
    const r = await ctx.cli(['install', '-n', 'b', 'gamma']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr + r.stdout, /stored copy of alpha@1\.0\.0 was damaged/);
    assert.doesNotMatch(r.stderr + r.stdout, /kept your own version/);
    assert.match(r.stderr + r.stdout, new RegExp(`repaired env a \\(${a}\\): ${REL} now the clean copy`));
    for (const p of [a, b]) assert.equal(readFileSync(join(p, REL), 'utf8'), CLEAN, p);
    assert.equal(statSync(join(a, REL)).ino, statSync(join(b, REL)).ino, 'both envs share the clean stored file again');
    const v = await ctx.cli(['clean', '--verify', '--json']);
    assert.deepEqual(JSON.parse(v.stdout).verify.repaired, []);
  } finally {
    await ctx.close();
  }
});

test('V1: kill -9 of clean --verify while it fetches the damaged entry again: the next clean --verify fetches it and relinks both envs', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const { a, b } = await tampered(ctx);
    ctx.reg.faults({ stall: { tarball: true, after: 0 } });
    const before = ctx.reg.requests.length;
    const run = spawnCli(['clean', '--verify'], ctx.env);
    // The damaged entry has left the store once its tarball is asked for.
    await waitFor(() => ctx.reg.requests.slice(before).some((p) => p.includes('/-/')));
    run.child.kill('SIGKILL');
    await run.done;
    ctx.reg.faults(undefined);
    const r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /alpha@1\.0\.0: index\.js was changed.*fetched again/);
    for (const p of [a, b]) assert.equal(readFileSync(join(p, REL), 'utf8'), CLEAN, p);
    // Nothing pending any more, and a later change keeps the clean file.
    const again = await ctx.cli(['clean', '--verify', '--json']);
    assert.deepEqual(JSON.parse(again.stdout).verify.repaired, []);
  } finally {
    await ctx.close();
  }
});

test('V3: kill -9 of clean --verify after the clean entry is stored but before env b is relinked: the next clean --verify relinks b', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    const { a, b } = await tampered(ctx);
    // Env b is busy (its lock held here), so the verify stops there, the store already repaired.
    const release = await acquireFileLock(envLockPath({ root: ctx.root, prefix: b }));
    const run = spawnCli(['clean', '--verify'], ctx.env);
    let err = '';
    run.child.stderr!.on('data', (d) => (err += d));
    await waitFor(() => /waiting for another ssdp process/.test(err));
    run.child.kill('SIGKILL');
    await run.done;
    release();
    assert.equal(readFileSync(join(a, REL), 'utf8'), CLEAN, 'a was relinked before the kill');
    assert.match(readFileSync(join(b, REL), 'utf8'), /pwned/, 'b was not');
    // A change of b meanwhile does not keep the edited inode as "your own version".
    const i = await ctx.cli(['install', '-n', 'b', 'gamma']);
    assert.equal(i.status, 0, i.stderr);
    assert.doesNotMatch(i.stderr + i.stdout, /kept your own version/);
    assert.equal(readFileSync(join(b, REL), 'utf8'), CLEAN);
    const r = await ctx.cli(['clean', '--verify', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).verify.repaired, [], 'the install finished the journaled repair');
  } finally {
    await ctx.close();
  }
});

test('V3b: the same kill, then clean --verify alone relinks the env still holding the edit', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const { a, b } = await tampered(ctx);
    const release = await acquireFileLock(envLockPath({ root: ctx.root, prefix: b }));
    const run = spawnCli(['clean', '--verify'], ctx.env);
    let err = '';
    run.child.stderr!.on('data', (d) => (err += d));
    await waitFor(() => /waiting for another ssdp process/.test(err));
    run.child.kill('SIGKILL');
    await run.done;
    release();
    const r = await ctx.cli(['clean', '--verify']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`repaired env b \\(${b}\\): ${REL} now the clean copy`));
    for (const p of [a, b]) assert.equal(readFileSync(join(p, REL), 'utf8'), CLEAN, p);
  } finally {
    await ctx.close();
  }
});
