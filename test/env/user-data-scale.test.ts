/**
 * SC1 (tester s12 try8d): a user's data folder in an env must not make every change O(files).
 * A folder of the user's that no package path passes through moves into the new revision whole
 * (one rename), counted here in syscalls with strace, not timed. And a kill between the swap and
 * that rename leaves the data in the old revision, which the next command moves back in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli.js';
import { pkg, setup, type Ctx } from './helpers.js';

const FOLDERS = 20;
const PER_FOLDER = 100;

function makeData(prefix: string): void {
  for (let d = 0; d < FOLDERS; d++) {
    mkdirSync(join(prefix, 'data', `d${d}`), { recursive: true });
    for (let f = 0; f < PER_FOLDER; f++) writeFileSync(join(prefix, 'data', `d${d}`, `f${f}`), `${d}/${f}\n`);
  }
}

function dataIntact(prefix: string): void {
  assert.equal(readdirSync(join(prefix, 'data')).length, FOLDERS);
  for (let d = 0; d < FOLDERS; d++) {
    const names = readdirSync(join(prefix, 'data', `d${d}`));
    assert.equal(names.length, PER_FOLDER, `data/d${d} has ${names.length} files`);
  }
  assert.equal(readFileSync(join(prefix, 'data/d7/f42'), 'utf8'), '7/42\n');
}

/** Runs the CLI under strace (args before the CLI's); resolves with its exit status. */
function straced(ctx: Ctx, straceArgs: string[], args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn('strace', [...straceArgs, process.execPath, CLI_ENTRY, ...args], { env: ctx.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status, stderr })));
}

/** Calls per syscall from a `strace -c` summary file. */
function counts(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$/.exec(line);
    if (m && m[2] !== 'total') out[m[2]!] = Number(m[1]);
  }
  return out;
}

test('SC1: a change of an env holding 2000 data files makes a few dozen link/mkdir/unlink calls, not thousands', async (t) => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const prefix = join(ctx.dir, 'E');
    let r = await ctx.cli(['create', '-p', prefix, 'alpha', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    makeData(prefix);
    const inode = statSync(join(prefix, 'data/d3')).ino;
    const summary = join(ctx.dir, 'strace.txt');
    const s = await straced(ctx, ['-f', '-c', '-o', summary, '-e', 'trace=link,linkat,mkdir,mkdirat,unlink,unlinkat,statx,lstat,newfstatat'], ['remove', '-p', prefix, 'gamma', '-q']);
    assert.equal(s.status, 0, s.stderr);
    const c = counts(summary);
    t.diagnostic(`syscalls of the remove: ${JSON.stringify(c)}`);
    const files = FOLDERS * PER_FOLDER;
    const perFile = ['link', 'linkat', 'mkdir', 'mkdirat', 'unlink', 'unlinkat'].reduce((n, k) => n + (c[k] ?? 0), 0);
    const stats = ['statx', 'lstat', 'newfstatat'].reduce((n, k) => n + (c[k] ?? 0), 0);
    // Before: a link, a failed mkdir and an unlink for each of the 2000 files (> 6000), and 4 stats each.
    assert.ok(perFile < files / 10, `link+mkdir+unlink calls: ${perFile} for ${files} files (${JSON.stringify(c)})`);
    assert.ok(stats < files, `stat calls: ${stats} for ${files} files`);
    dataIntact(prefix);
    assert.equal(statSync(join(prefix, 'data/d3')).ino, inode, 'the very folder moved in, not a copy');
    assert.ok(!existsSync(join(prefix, 'lib/node_modules/gamma')));
    assert.ok(!existsSync(join(prefix, 'ssdp-meta/carry-pending.json')), 'no journal left after a finished change');
    r = await ctx.cli(['list', '-p', prefix]);
    assert.match(r.stdout, /alpha/);
  } finally {
    await ctx.close();
  }
});

test('SC1: killed after the swap, before the data folder moved in: the next command moves it back, nothing lost', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    // Three identical envs: the first warms the caches, the second counts the renames up to the
    // data folder's, the third is killed at that rename.
    const prefixes = ['E0', 'E1', 'E2'].map((n) => join(ctx.dir, n));
    for (const p of prefixes) {
      const r = await ctx.cli(['create', '-p', p, 'alpha', 'gamma', '-q']);
      assert.equal(r.status, 0, r.stderr);
      makeData(p);
    }
    let r = await ctx.cli(['remove', '-p', prefixes[0]!, 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const log = join(ctx.dir, 'renames.txt');
    const s = await straced(ctx, ['-f', '-qq', '-o', log, '-e', 'trace=rename,renameat,renameat2'], ['remove', '-p', prefixes[1]!, 'gamma', '-q']);
    assert.equal(s.status, 0, s.stderr);
    const renames = readFileSync(log, 'utf8').split('\n').filter((l) => /rename/.test(l) && !/resumed>/.test(l));
    const swap = renames.findIndex((l) => l.includes('ssdp-staging-') && l.includes(`"${prefixes[1]}"`));
    assert.ok(swap >= 0, renames.join('\n'));
    // The first rename after the swap that takes the staged data folder out of the new revision.
    const at = renames.findIndex((l, i) => i > swap && l.includes(`"${prefixes[1]}/data"`));
    assert.ok(at > swap, renames.join('\n'));
    const killed = await straced(ctx, ['-f', '-qq', '-o', '/dev/null', '-e', `inject=rename,renameat,renameat2:signal=SIGKILL:when=${at + 1}`], ['remove', '-p', prefixes[2]!, 'gamma', '-q']);
    assert.notEqual(killed.status, 0, 'the change was killed');
    const e2 = prefixes[2]!;
    assert.ok(existsSync(join(e2, 'ssdp-meta/carry-pending.json')), 'killed inside the window: the journal is there');
    assert.deepEqual(readdirSync(join(e2, 'data')), [], 'killed inside the window: data/ not moved in yet');
    // A read command puts it back (as for a kill mid-swap), and a change would too.
    r = await ctx.cli(['list', '-p', e2]);
    assert.equal(r.status, 0, r.stderr);
    dataIntact(e2);
    assert.ok(!existsSync(join(e2, 'ssdp-meta/carry-pending.json')));
    assert.deepEqual(readdirSync(ctx.dir).filter((n) => n.startsWith('.E2.')), [], 'the old revision was deleted after the move');
    r = await ctx.cli(['install', '-p', e2, 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    dataIntact(e2);
  } finally {
    await ctx.close();
  }
});
