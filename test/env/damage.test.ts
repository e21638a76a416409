/**
 * Breaks B6, B10, B11, B12 of the env tester: damage and odd entries in the root give one coded
 * error (or are listed), never a stack; an exported lock recreates the env's variables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at |TypeError|ENOTDIR/, s);

test('B6: a plain file in ROOT/envs and a registered -p env replaced by a file do not break env list', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const pe = join(ctx.dir, 'pe1');
    r = await ctx.cli(['create', '-p', pe, 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(ctx.root, 'envs/README'), 'hi\n');
    rmSync(pe, { recursive: true });
    writeFileSync(pe, 'x\n');
    for (const args of [['env', 'list'], ['info', '--envs']]) {
      r = await ctx.cli(args);
      noStack(r.stderr);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^a\s/m);
      assert.doesNotMatch(r.stdout, /README/);
    }
  } finally {
    await ctx.close();
  }
});

test('B10: a lock.json with a malformed entry is E_ENV_CORRUPT for list and install', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'c', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    const lockFile = join(ctx.root, 'envs/c/ssdp-meta/lock.json');
    const j = JSON.parse(readFileSync(lockFile, 'utf8'));
    j.packages = [{ name: 1 }];
    writeFileSync(lockFile, JSON.stringify(j));
    for (const args of [['list', '-n', 'c'], ['install', '-n', 'c', 'gamma']]) {
      r = await ctx.cli(args);
      noStack(r.stderr);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /E_ENV_CORRUPT|is damaged/, args.join(' '));
      assert.match(r.stderr, /lock\.json/);
    }
  } finally {
    await ctx.close();
  }
});

test('B11: an env whose env.json is missing is called damaged by every command, and env remove (also --dry-run) handles it', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'd', 'alpha']);
    assert.equal(r.status, 0, r.stderr);
    rmSync(join(ctx.root, 'envs/d/ssdp-meta/env.json'));
    const spec = ctx.spec('d.yaml', 'name: d\ndependencies: [alpha]\n');
    for (const args of [['list', '-n', 'd'], ['run', '-n', 'd', 'true'], ['install', '-n', 'd', 'alpha'], ['env', 'export', '-n', 'd'], ['env', 'update', '-n', 'd', '-f', spec]]) {
      r = await ctx.cli(args);
      noStack(r.stderr);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, /env\.json is damaged: it is missing/, `${args.join(' ')}: ${r.stderr}`);
    }
    r = await ctx.cli(['env', 'remove', '-n', 'd', '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would remove env d/);
    // A damaged (not missing) env.json: --dry-run also says it would remove it.
    writeFileSync(join(ctx.root, 'envs/d/ssdp-meta/env.json'), '{oops');
    r = await ctx.cli(['env', 'remove', '-n', 'd', '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would remove env d/);
    r = await ctx.cli(['env', 'remove', '-n', 'd']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('B12: env export --lock keeps variables, and an env created from that lock has them', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    let r = await ctx.cli(['env', 'create', '-f', ctx.spec('v.yaml', 'name: vv\ndependencies:\n  - alpha\nvariables:\n  FOO: bar\n')]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'export', '-n', 'vv', '--lock']);
    assert.equal(r.status, 0, r.stderr);
    const lockFile = ctx.spec('vv.lock.json', r.stdout);
    r = await ctx.cli(['env', 'create', '-f', lockFile, '-n', 'vv2']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'vv2', 'node', '-e', 'console.log(process.env.FOO)']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'bar');
    // A hand-edited lock may not set what ssdp itself sets.
    const j = JSON.parse(readFileSync(lockFile, 'utf8'));
    j.variables = { PATH: '/x' };
    writeFileSync(lockFile, JSON.stringify(j));
    r = await ctx.cli(['env', 'create', '-f', lockFile, '-n', 'vv3']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /may not set PATH/);
  } finally {
    await ctx.close();
  }
});

test('K17/K12 (s18 try8k): a hand-edited env.json field of the wrong type or a revision out of range is E_ENV_CORRUPT naming the field', async () => {
  const { mkdtempSync, mkdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { readEnvState } = await import('../../src/env/prefix.js');
  const prefix = mkdtempSync(join(tmpdir(), 'ssdp-envjson-'));
  mkdirSync(join(prefix, 'ssdp-meta'));
  const good = { name: 'ch', variables: { A: 'x' }, revision: 3, requested: ['is-odd@3'], channels: ['https://r.example/'], before: '2024-01-01T00:00:00.000Z' };
  const write = (edit: Record<string, unknown>) => writeFileSync(join(prefix, 'ssdp-meta/env.json'), JSON.stringify({ ...good, ...edit }));
  write({});
  assert.equal(readEnvState(prefix)?.revision, 3);
  for (const [edit, field] of [[{ channels: 5 }, /channels/], [{ before: 'garbage' }, /before/], [{ requested: [5] }, /requested/], [{ revision: -5 }, /revision/], [{ revision: 1e300 }, /revision/], [{ variables: { A: 5 } }, /variable A/], [{ allowScripts: 'x' }, /allowScripts/]] as const) {
    write(edit);
    assert.throws(() => readEnvState(prefix), (e: Error & { code?: string }) => e.code === 'E_ENV_CORRUPT' && /env\.json is damaged/.test(e.message) && field.test(e.message), JSON.stringify(edit));
  }
});
