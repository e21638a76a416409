/**
 * `ssdp env list` with odd names and prefixes (issue 8, C2). Before, `a b`, `it's` and a name
 * holding a newline were printed raw (one env read as two words or two lines), a ROOT/envs link
 * showed only its own path, and a -p prefix with a newline was written into
 * ROOT/environments.txt as two lines (the env vanished from the list). Now names and paths are
 * quoted as `ls` quotes them, a link shows as `path -> target`, --json gives raw values, and a
 * prefix holding a control character is refused at create.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { shellWord } from '../../src/shell/dialects.js';
import { pkg, setup } from './helpers.js';

/** What bash makes of a word: the listing must paste back to the very string. */
function bashReads(word: string): string {
  const r = spawnSync('bash', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('shellWord quotes what ls quotes and bash reads every word back as the string', () => {
  const cases: Array<[string, string]> = [
    ['plain-name_1.2', 'plain-name_1.2'],
    ['/tmp/ünï/env', '/tmp/ünï/env'],
    ['a b', "'a b'"],
    ["it's", `"it's"`],
    ["it's $HOME", `'it'\\''s $HOME'`],
    ['nl\nx', `'nl'$'\\n''x'`],
    ['tab\tx', `'tab'$'\\t''x'`],
    ['rtl\u202Egnp.exe', `'rtl'$'\\u202e''gnp.exe'`],
    ['nb\u00A0sp', `'nb'$'\\u00a0''sp'`],
    ['', "''"],
    ['~x', "'~x'"],
    ['a*b', "'a*b'"],
    ['`x`;$(y)', "'`x`;$(y)'"],
  ];
  for (const [s, want] of cases) {
    assert.equal(shellWord(s), want, JSON.stringify(s));
    assert.equal(bashReads(shellWord(s)), s, JSON.stringify(s));
  }
});

test('env list: odd names and prefixes are quoted like ls, a linked prefix shows path -> target, --json is raw', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const odd = ['a b', "it's", 'ünï', 'x$(touch y)', 'rtl\u202Egnp'];
    for (const n of odd) {
      const r = await ctx.cli(['create', '-p', join(ctx.dir, n), 'alpha']);
      assert.equal(r.status, 0, r.stderr);
    }
    const envs = join(ctx.root, 'envs');
    mkdirSync(envs, { recursive: true });
    symlinkSync(join(ctx.dir, 'a b'), join(envs, 'linked'));
    // A name no `-n` accepts, made by hand in ROOT/envs: still one line.
    symlinkSync(join(ctx.dir, 'ünï'), join(envs, 'two\nlines'));

    const r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').slice(2);
    assert.equal(lines.length, 7, r.stdout);
    const line = (name: string) => lines.find((l) => l.startsWith(shellWord(name) + ' '));
    assert.match(line('linked') ?? '', new RegExp(`^linked +${esc(join(envs, 'linked'))} -> ${esc(shellWord(join(ctx.dir, 'a b')))}$`), r.stdout);
    assert.match(line('two\nlines') ?? '', /^'two'\$'\\n''lines' +\S+ -> /, r.stdout);
    for (const n of odd) {
      const l = line(n);
      assert.ok(l, `${n}: ${r.stdout}`);
      const word = l.slice(shellWord(n).length).trim();
      assert.equal(bashReads(word), join(ctx.dir, n), `${n}: ${l}`);
    }
    assert.ok(!existsSync(join(ctx.dir, 'y')), 'nothing in a name ran');

    const j = await ctx.cli(['env', 'list', '--json']);
    const listed = JSON.parse(j.stdout) as Array<{ name: string; prefix: string; linkTo?: string }>;
    assert.deepEqual(listed.find((e) => e.name === 'linked'), { name: 'linked', prefix: join(envs, 'linked'), active: false, revision: 0, linkTo: join(ctx.dir, 'a b') });
    assert.ok(listed.some((e) => e.name === 'two\nlines' && e.linkTo === join(ctx.dir, 'ünï')));
    for (const n of odd) assert.ok(listed.some((e) => e.prefix === join(ctx.dir, n) && e.name === n && e.linkTo === undefined), n);
  } finally {
    await ctx.close();
  }
});

test('a -p prefix holding a newline or another control character is refused (E_BAD_PREFIX), nothing made or recorded', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const n of ['nl\nx', 'cr\rx', 'esc\x1bx']) {
      const p = join(ctx.dir, n);
      const r = await ctx.cli(['create', '-p', p, 'alpha']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /E_BAD_PREFIX/);
      assert.ok(r.stderr.includes(shellWord(p)), r.stderr);
      assert.ok(!existsSync(p));
    }
    const registry = join(ctx.root, 'environments.txt');
    assert.ok(!existsSync(registry) || !/nl|cr|esc/.test(readFileSync(registry, 'utf8')));
  } finally {
    await ctx.close();
  }
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
