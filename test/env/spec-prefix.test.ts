/**
 * A spec file's `prefix:` (issue 8, C3). Before, the key was read and dropped, so
 * `ssdp env create -f env.yml` with only `prefix: /x` said "no env given" and a spec with both
 * keys never said the prefix went unused. Now: -n/-p win, then name: (as conda, whose export
 * writes both), else prefix:, relative to the spec file, with every check a -p gets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('prefix: without name: and without -n/-p creates the env there (relative to the spec file); update -f changes it there', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0'), pkg('gamma', '3.0.0')]);
  try {
    const proj = join(ctx.dir, 'proj');
    mkdirSync(join(proj, 'envs'), { recursive: true });
    const file = join(proj, 'envs', 'env.yml');
    writeFileSync(file, 'prefix: ../.env\ndependencies: [alpha]\n');
    // Run from elsewhere: the prefix is relative to the spec file, not the working folder.
    let r = await ctx.cli(['env', 'create', '-f', file], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    const prefix = join(proj, '.env');
    assert.ok(existsSync(join(prefix, 'lib/node_modules/alpha/index.js')), r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`at ${prefix.replace(/[.]/g, '\\.')}`));
    r = await ctx.cli(['env', 'list']);
    assert.match(r.stdout, new RegExp(prefix.replace(/[.]/g, '\\.')));

    writeFileSync(file, 'prefix: ../.env\ndependencies: [alpha, gamma]\n');
    r = await ctx.cli(['env', 'update', '-f', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(prefix, 'lib/node_modules/gamma/index.js')), r.stderr);

    // -p on the command line wins over the file's prefix:.
    const other = join(ctx.dir, 'other');
    r = await ctx.cli(['env', 'create', '-f', file, '-p', other]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(other, 'lib/node_modules/gamma/index.js')));
  } finally {
    await ctx.close();
  }
});

test("prefix: gets create -p's checks, named at its spec line: a non-env folder, the root, the store and $HOME are refused and left alone", async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const data = join(ctx.dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'precious.txt'), 'x');
    mkdirSync(ctx.root, { recursive: true });
    const cases: Array<[string, string, RegExp]> = [
      [data, 'E_PREFIX_NOT_EMPTY', /is not empty/],
      [ctx.root, 'E_PREFIX_PROTECTED', /the ssdp root/],
      [join(ctx.root, 'store'), 'E_PREFIX_PROTECTED', /package store|inside the ssdp root/],
      [homedir(), 'E_PREFIX_PROTECTED', /home folder/],
      [join(data, 'precious.txt'), 'E_PREFIX_NOT_A_FOLDER', /not a folder/],
    ];
    for (const [where, code, why] of cases) {
      const file = ctx.spec('bad.yml', `dependencies: [alpha]\nprefix: ${JSON.stringify(where)}\n`);
      for (const force of [[], ['--force']]) {
        const r = await ctx.cli(['env', 'create', '-f', file, ...force]);
        assert.equal(r.status, 1, `${where} ${force}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`\\[${code}\\]: ${file.replace(/[.]/g, '\\.')}:2:9: prefix: `), r.stderr);
        assert.match(r.stderr, why, r.stderr);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      }
    }
    assert.deepEqual(readdirSync(data), ['precious.txt']);

    // An existing env at prefix: is E_ENV_EXISTS without --force, as for -p.
    const pe = join(ctx.dir, 'pe');
    const file = ctx.spec('pe.yml', `prefix: ${pe}\ndependencies: [alpha]\n`);
    assert.equal((await ctx.cli(['env', 'create', '-f', file])).status, 0);
    const r = await ctx.cli(['env', 'create', '-f', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_ENV_EXISTS.*pe\.yml:1:9: prefix: /);

    // Malformed prefix: lines are E_BAD_SPEC at their position.
    for (const [body, msg] of [
      ['prefix: ""\ndependencies: [alpha]\n', /bad\.yml:1:9: prefix: is empty/],
      ['prefix: ~bob/env\ndependencies: [alpha]\n', /bad\.yml:1:9: cannot expand '~bob\/env'/],
      ['prefix: [a, b]\ndependencies: [alpha]\n', /bad\.yml:1:9: prefix must be a single value/],
      // YAML's null (try8i I5: it said "must be a single value" of one value).
      ['prefix: ~\ndependencies: [alpha]\n', /bad\.yml:1:9: prefix is ~, which YAML reads as null \(no value\), not as text\.[\s\S]*prefix: "~"/],
      ['prefix:\ndependencies: [alpha]\n', /bad\.yml:\d+(:\d+)?: prefix has no value\./],
    ] as const) {
      const f = ctx.spec('bad.yml', body);
      const b = await ctx.cli(['env', 'create', '-f', f]);
      assert.equal(b.status, 1, b.stderr);
      assert.match(b.stderr, /E_BAD_SPEC/);
      assert.match(b.stderr, msg, b.stderr);
    }
  } finally {
    await ctx.close();
  }
});

test('name: and prefix: (a conda export): name: decides, and an unused prefix: is said with its line', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const elsewhere = join(ctx.dir, 'from-another-machine');
    const file = ctx.spec('exported.yml', `name: radar\ndependencies: [alpha]\nprefix: ${elsewhere}\n`);
    let r = await ctx.cli(['env', 'create', '-f', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.root, 'envs/radar/lib/node_modules/alpha')));
    assert.ok(!existsSync(elsewhere));
    assert.match(r.stderr, new RegExp(`exported\\.yml:3:9: prefix: ${elsewhere} is not used: the spec's name: radar`));

    // Both naming the same folder: nothing to say.
    const same = ctx.spec('same.yml', `name: radar2\ndependencies: [alpha]\nprefix: ${join(ctx.root, 'envs/radar2')}\n`);
    r = await ctx.cli(['env', 'create', '-f', same]);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /not used/);
    // -q keeps it quiet too.
    r = await ctx.cli(['env', 'create', '-q', '-f', file, '-n', 'radar3']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  } finally {
    await ctx.close();
  }
});
