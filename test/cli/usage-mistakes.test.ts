/**
 * Command-line mistakes found by an independent tester (breaks B4, B5, B9, B13-B17): empty or
 * `~` paths, a file as the root, an option taken as another option's value, impossible dates,
 * a hint that must paste into a shell as it is, and one exit code and hint style for usage errors.
 * Each runs the real CLI against the local test registry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pkg, setup, snapshot, type Ctx } from '../env/helpers.js';
import { CLI_ENTRY, runCli } from '../helpers/cli.js';
import { parseBefore } from '../../src/env/spec.js';

type JsonError = { error: { code: string; message: string; hint: string | null } };

// One root holding env a (alpha), made once for the tests that need an env to make mistakes
// against (B14, B16, O3): each compares the root before and after its own mistakes.
let shared: Ctx;
before(async () => {
  shared = await setup([pkg('alpha', '1.0.0')]);
  const r = await shared.cli(['create', '-n', 'a', 'alpha', '-q']);
  assert.equal(r.status, 0, r.stderr);
});
after(() => shared?.close());

test('B4: an empty -p, --root or -n is refused; an empty SSDP_ROOT means unset', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const cwd = join(ctx.dir, 'cwd');
    mkdirSync(cwd);
    for (const args of [
      ['create', '-p', '', 'alpha'],
      ['create', '--prefix=', 'alpha'],
      ['--root', '', 'create', '-n', 'x', 'alpha'],
      ['create', '--root=', '-n', 'x', 'alpha'],
      ['create', '-n', '', 'alpha'],
      ['clean', '--root', ''],
    ]) {
      const r = await ctx.cli(args, { cwd });
      assert.equal(r.status, 2, `${JSON.stringify(args)}: ${r.stderr}`);
      assert.match(r.stderr, /E_BAD_OPTION_VALUE.*needs a value, not an empty string/, JSON.stringify(args));
      assert.deepEqual(readdirSync(cwd), [], `${JSON.stringify(args)} wrote into the current folder`);
    }
    // Inside an env, `env remove -p ""` must not mean "this env".
    assert.equal((await ctx.cli(['create', '-n', 'a', 'alpha'])).status, 0);
    const a = join(ctx.root, 'envs/a');
    const before = snapshot(ctx.root);
    for (const args of [['env', 'remove', '-p', '', '--dry-run'], ['env', 'remove', '-p', '']]) {
      const r = await ctx.cli(args, { cwd: a });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
    }
    assert.deepEqual(snapshot(ctx.root), before);
    // SSDP_ROOT='' is the same as not setting it: ~/.ssdp.
    const r = await ctx.cli(['create', '-n', 'e', 'alpha', '-q'], { cwd, env: { SSDP_ROOT: '', HOME: ctx.dir } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.dir, '.ssdp/envs/e/ssdp-meta/env.json')));
    assert.deepEqual(readdirSync(cwd), []);
  } finally {
    await ctx.close();
  }
});

test('B5: --root=~/x and SSDP_ROOT=~/x mean the home folder, never a folder named ~', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const cwd = join(ctx.dir, 'cwd');
    mkdirSync(cwd);
    let r = await ctx.cli(['create', '--root=~/r1', '-n', 'x', 'alpha', '-q'], { cwd, env: { HOME: ctx.dir } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.dir, 'r1/envs/x/ssdp-meta/env.json')));
    r = await ctx.cli(['create', '-n', 'y', 'alpha', '-q'], { cwd, env: { HOME: ctx.dir, SSDP_ROOT: '~/r2' } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(ctx.dir, 'r2/envs/y/ssdp-meta/env.json')));
    r = await ctx.cli(['env', 'list', '--json'], { cwd, env: { HOME: ctx.dir, SSDP_ROOT: '~/r2' } });
    assert.match(r.stdout, /"y"/);
    assert.deepEqual(readdirSync(cwd), [], 'a literal ~ folder was made');
  } finally {
    await ctx.close();
  }
});

test('B9: a file as the root is a coded error naming --root or SSDP_ROOT, not a stack', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const file = join(ctx.dir, 'f');
    writeFileSync(file, 'x');
    for (const args of [
      ['clean', '--root', file],
      ['create', '--root', file, '-n', 'x', 'alpha'],
      ['env', 'list', '--root', join(file, 'below')],
    ]) {
      const r = await ctx.cli(args);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /E_ROOT_NOT_A_FOLDER.*is not a folder/, JSON.stringify(args));
      assert.match(r.stderr, /hint: Point --root at a folder/);
      assert.doesNotMatch(r.stderr, /\n\s+at |-p/, JSON.stringify(args));
    }
    let r = await ctx.cli(['clean', '--root', file, '--json']);
    assert.equal((JSON.parse(r.stdout) as JsonError).error.code, 'E_ROOT_NOT_A_FOLDER');
    r = await ctx.cli(['clean'], { env: { SSDP_ROOT: file } });
    assert.match(r.stderr, /E_ROOT_NOT_A_FOLDER[^]*Point SSDP_ROOT at a folder/);
    assert.equal(readdirSync(ctx.dir).includes('root'), false);
  } finally {
    await ctx.close();
  }
});

test('B13: the "run a command in it" hint pastes into a shell as one path, running nothing else', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const prefix = join(ctx.dir, 'My Env; $(touch PWNED)');
    const r = await ctx.cli(['create', '-p', prefix, 'alpha'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    const line = /Run a command in it with: ssdp (.*)\n/.exec(r.stdout)?.[1];
    assert.ok(line, r.stdout);
    const sh = spawnSync('sh', ['-c', `"$NODE" "$ENTRY" ${line}`], { cwd: ctx.dir, encoding: 'utf8', env: { ...ctx.env, NODE: process.execPath, ENTRY: CLI_ENTRY } });
    assert.equal(sh.status, 0, sh.stderr);
    assert.match(sh.stdout, /^v\d+/);
    assert.ok(!existsSync(join(ctx.dir, 'PWNED')), 'the hint ran a command substitution');
  } finally {
    await ctx.close();
  }
});

test('B14: every command-line mistake exits 2 with a hint, in one style', async () => {
  const ctx = shared;
  const before = snapshot(ctx.root);
  for (const args of [
    ['remove', '-n', 'a'],
    ['install', '-n', 'a'],
    ['update', '-n', 'a'],
    ['create', '-n', 'b'],
    ['list', '-n', 'a', '-p', join(ctx.dir, 'x')],
    ['install', '-n', 'a', '--revision', 'abc'],
    ['run', '-n', 'a'],
    ['env', 'remove', 'vx'],
    ['env', 'crate'],
  ]) {
    let r = await ctx.cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /ssdp: error \[E_BAD_ARGS\]/, args.join(' '));
    assert.match(r.stderr, /\n {2}hint: [A-Z][^\n]*[.:)]\n$/, args.join(' '));
    assert.doesNotMatch(r.stderr, /Run 'ssdp --help'|See ssdp /, args.join(' '));
    r = await ctx.cli([...args, '--json']);
    assert.equal(r.status, 2, args.join(' '));
    const e = (JSON.parse(r.stdout) as JsonError).error;
    assert.equal(e.code, 'E_BAD_ARGS');
    assert.notEqual(e.hint, null, `${args.join(' ')} has no hint`);
  }
  assert.deepEqual(snapshot(ctx.root), before);
  // Hints that point at another command share the style "See: ssdp ...".
  let r = await ctx.cli(['list', '-n', 'nope']);
  assert.match(r.stderr, /E_ENV_NOT_FOUND[^]*\n {2}hint: See: ssdp env list; create one with ssdp env create\.\n$/);
  r = await ctx.cli(['install', '-n', 'a', '--revision', '99']);
  assert.match(r.stderr, /hint: Revisions are \d+\.\.\d+; see: ssdp list --revisions\.\n$/);
});

test('B15: create -q is silent; ssdp -v and ssdp --bogus name the option; switch values explained', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const args of [['create', '-n', 'q1', 'alpha', '-q'], ['env', 'create', '-n', 'q2', 'alpha', '--quiet']]) {
      const r = await ctx.cli(args);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout + r.stderr, '', args.join(' '));
      assert.ok(existsSync(join(ctx.root, 'envs', args[args.indexOf('-n') + 1]!, 'ssdp-meta/env.json')));
    }
    // --json still gives the result under -q.
    const j = await ctx.cli(['create', '-n', 'q3', 'alpha', '-q', '--json']);
    assert.equal((JSON.parse(j.stdout) as { name: string }).name, 'q3');

    let r = await ctx.cli(['-v']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /E_UNKNOWN_OPTION.*ssdp has no option -v; did you mean --version\?/);
    r = await ctx.cli(['--bogus']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /E_UNKNOWN_OPTION.*ssdp has no option --bogus/);
    assert.doesNotMatch(r.stderr, /Name a command/);
    // --version belongs to ssdp alone: a subcommand's help does not offer it.
    r = await ctx.cli(['env', 'remove', '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /--version/);
    r = await ctx.cli(['env', 'remove', '-n', 'q1', '--dry-run=maybe']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--dry-run is a switch: give it alone, or as --dry-run=true or --dry-run=false \(got 'maybe'\)/);
    r = await ctx.cli(['env', 'remove', '-n', 'q1', '--dry-run=true']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would remove env q1/);
  } finally {
    await ctx.close();
  }
});

test('B16: an option name is never taken as the value of the option before it', async () => {
  const ctx = shared;
  const before = snapshot(ctx.root);
  for (const args of [
    ['create', '-p', '--force', 'alpha'],
    ['env', 'remove', '-p', '--dry-run'],
    ['env', 'remove', '-n', '--dry-run'],
    ['install', '-n', 'a', '--before', '-q', 'alpha'],
    ['create', '-p', '--', 'alpha'],
  ]) {
    const r = await ctx.cli(args, { cwd: ctx.dir });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE.* needs a value, but the next word is the option/, args.join(' '));
    assert.match(r.stderr, /hint: If the value really starts with -, attach it: /);
  }
  assert.deepEqual(snapshot(ctx.root), before);
  assert.ok(!existsSync(join(ctx.dir, '--force')) && !existsSync(join(ctx.dir, '--dry-run')));
  // Attached, it is the value asked for.
  const r = await ctx.cli(['create', '-p=--force', 'alpha', '-q'], { cwd: ctx.dir });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(ctx.dir, '--force/ssdp-meta/env.json')));
});

test('B17: impossible dates are refused, never shifted to another day', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const bad of ['2023-02-30', '2023-02-29', '0', '2023-13-01', '2023-04-31', '2023-01-01T24:00:00Z', '2023-1-1']) {
      const r = await ctx.cli(['create', '-n', 'd', 'alpha', '--before', bad]);
      assert.equal(r.status, 1, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /E_BAD_DATE/, bad);
      assert.ok(!existsSync(join(ctx.root, 'envs/d')), bad);
    }
    const spec = ctx.spec('s.yml', 'dependencies: [alpha]\nbefore: "2023-02-30"\n');
    const r = await ctx.cli(['create', '-n', 'd', '-f', spec]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_BAD_SPEC|E_BAD_DATE/);
    // Real dates still parse, leap days included.
    assert.equal(parseBefore('2024-02-29').toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(parseBefore('2024-06-01T12:30:00Z').toISOString(), '2024-06-01T12:30:00.000Z');
    assert.equal(parseBefore('2024-06-01T12:30:00+02:00').toISOString(), '2024-06-01T10:30:00.000Z');
  } finally {
    await ctx.close();
  }
});

test('B15: env list says what is wrong with a damaged env in one clean line', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    for (const n of ['a', 'b', 'c']) assert.equal((await ctx.cli(['create', '-n', n, 'alpha', '-q'])).status, 0);
    rmSync(join(ctx.root, 'envs/a/ssdp-meta/lock.json'));
    writeFileSync(join(ctx.root, 'envs/b/ssdp-meta/env.json'), '<html>\n<body>proxy error</body>\n</html>\n');
    const r = await ctx.cli(['env', 'list']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const a = lines.find((l) => l.startsWith('a '));
    const b = lines.find((l) => l.startsWith('b '));
    assert.match(a ?? '', /\(damaged: \S+lock\.json is missing; remove it with ssdp env remove\)$/, r.stdout);
    assert.match(b ?? '', /\(damaged: \S+env\.json is damaged: it is not valid JSON \(.*\); remove it with ssdp env remove\)$/, r.stdout);
    assert.match(lines.find((l) => l.startsWith('c ')) ?? '', /envs\/c$/);
    assert.equal(lines.filter((l) => l.trim()).length, 5, `one line per env:\n${r.stdout}`);
    assert.doesNotMatch(r.stdout, /\.;|is damaged: it is missing/);
  } finally {
    await ctx.close();
  }
});

test('O3 (tester s13 try8e): --revision takes digits only; SSDP_METADATA_TTL that is negative or not a number is E_BAD_ENV_SETTING, not a silent default', async () => {
  const ctx = shared;
  let r = await ctx.cli(['create', '-n', 'e1', 'alpha', '-q']);
  assert.equal(r.status, 0, r.stderr);
  r = await ctx.cli(['install', '-n', 'e1', 'alpha@1.0.0', '-q']);
  for (const bad of ['0x1', ' 1', '1e0', '-1', '1.5']) {
    r = await ctx.cli(['install', '-n', 'e1', '--revision', bad]);
    assert.equal(r.status, 2, `${JSON.stringify(bad)}: ${r.stderr}`);
    assert.match(r.stderr, /E_BAD_ARGS\]: --revision takes a revision number/, JSON.stringify(bad));
  }
  r = await ctx.cli(['install', '-n', 'e1', '--revision', '1', '-q']);
  assert.equal(r.status, 0, r.stderr);
  const before = snapshot(ctx.root);
  for (const ttl of ['-5', 'abc']) {
    r = await ctx.cli(['create', '-n', 'e2', 'alpha'], { env: { SSDP_METADATA_TTL: ttl } });
    assert.equal(r.status, 2, `${ttl}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`E_BAD_ENV_SETTING\\]: SSDP_METADATA_TTL="${ttl}" is not a number of 0 or more \\(seconds\\)`));
  }
  assert.deepEqual(snapshot(ctx.root), before, 'nothing changed');
  r = await ctx.cli(['create', '-n', 'e2', 'alpha', '-q'], { env: { SSDP_METADATA_TTL: '0' } });
  assert.equal(r.status, 0, r.stderr);
});

test('B7 (tester s14 try8f): -h is --help on every command, as in conda and npm; nothing runs', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'ssdp-h-')), 'root');
  for (const args of [['-h'], ['install', '-h'], ['list', '-h'], ['env', 'create', '-n', 'b', 'gamma', '-h'], ['run', '-h'], ['env', '-h'], ['clean', '-h'], ['shell', 'hook', '-h']]) {
    const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], { encoding: 'utf8', env: { ...process.env, SSDP_ROOT: root } });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^ssdp /, args.join(' '));
    assert.match(r.stdout, /-h, --help/, args.join(' '));
    assert.doesNotMatch(r.stderr, /Unknown argument/);
  }
  assert.ok(!existsSync(root), 'nothing was created');
});

test('W6 (tester s16 try11w): --workers and --nprocs take digits only: 0x2, 1e3, +2, " 2" are usage errors (1e3 started a 1000-worker Slurm array)', () => {
  for (const v of ['0x2', '1e3', '+2', ' 2', '0b1']) {
    const w = runCli(['worker', '--broker', 'redis://127.0.0.1:9', '--nprocs', v]);
    assert.equal(w.status, 2, w.stderr);
    assert.match(w.stderr, /--nprocs takes a whole number written in digits/);
    const r = runCli(['run', 't', '--cluster', 'slurm', `--workers=${v}`]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--workers takes a whole number written in digits/);
  }
});
