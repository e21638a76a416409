/**
 * The command line as one option table parses it: a mistyped option stops every command before
 * it touches anything (exit 2, with the option it probably meant), on real envs built from the
 * local test registry; `ssdp run -n ENV CMD ...` leaves CMD's options to CMD; --version, info,
 * clean -q and --json errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkg, setup, snapshot, type Ctx } from '../env/helpers.js';

const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));

// One root with env a (alpha), made once: the tests that only read it (a mistyped option, run -n,
// --json errors, no yargs) share it; those that remove or clean an env make their own.
let shared: Ctx;
before(async () => {
  shared = await setup([pkg('alpha', '1.0.0'), pkg('beta', '1.0.0', { scripts: { postinstall: 'echo ran > ran.txt' } })]);
  const r = await shared.cli(['create', '-n', 'a', 'alpha']);
  assert.equal(r.status, 0, r.stderr);
});
after(() => shared?.close());

test('a mistyped option changes nothing, exits 2 and names the option meant, on every command', async () => {
  const ctx = shared;
  let r;
  const before = snapshot(ctx.root);
  const cases: Array<[string[], string]> = [
    [['env', 'remove', '-n', 'a', '--dryrun'], '--dry-run'],
    [['install', '-n', 'a', 'beta', '--ofline'], '--offline'],
    [['install', '-n', 'a', 'beta', '--allow-script', 'beta'], '--allow-scripts'],
    [['update', '-n', 'a', '--al'], '--all'],
    [['create', '-n', 'b', 'alpha', '--ofline'], '--offline'],
    [['env', 'create', '-n', 'b', 'alpha', '--forse'], '--force'],
    [['env', 'create', '-n', 'b', '--file=x.yml', '--dry_run'], '--dry-run'],
    [['env', 'update', '-n', 'a', '-f', 'x.yml', '--prun'], '--prune'],
    [['env', 'export', '-n', 'a', '--lok'], '--lock'],
    [['list', '-n', 'a', '--revison'], '--revisions'],
    [['env', 'list', '--jsn'], '--json'],
    [['info', '--env'], '--envs'],
    [['run', '-n', 'a', '--ofline', 'node', '-v'], '--offline'],
    [['run', 'pipeline', '--parm', 'x=1'], '--param'],
    [['shell', 'activate', 'bash', 'a', '--stak'], '--stack'],
    [['init', 'bash', '--revers'], '--reverse'],
    // A switch turned off, misspelled (tester s19 try8n N4: no suggestion before).
    [['install', '-n', 'a', 'beta', '--no-ofline'], '--no-offline'],
    [['shell', 'activate', 'bash', 'a', '--no-promt'], '--no-prompt'],
    // Global options before the command are still checked against the command's table.
    [['--root', ctx.root, 'env', 'remove', '-n', 'a', '--dryrun'], '--dry-run'],
  ];
  for (const [args, meant] of cases) {
    r = await ctx.cli(args, { env: { HOME: ctx.dir } });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /E_UNKNOWN_OPTION/, args.join(' '));
    assert.ok(r.stderr.includes(`did you mean ${meant}?`), `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.deepEqual(snapshot(ctx.root), before, `${args.join(' ')} changed the root`);
  }
  assert.ok(!existsSync(join(ctx.dir, '.bashrc')), 'init --revers wrote a .bashrc');
  // Options of other commands are named as such, never suggested for this one.
  r = await ctx.cli(['list', '-n', 'a', '--dryrun']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ssdp list has no option --dryrun \(--dry-run is an option of other commands, not of this one\)\. Nothing was done/);
  r = await ctx.cli(['clean', '--prune']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ssdp clean has no option --prune \(--prune belongs to other commands\)/);
  // A value of the wrong type, or a missing value, is the same kind of stop.
  r = await ctx.cli(['run', 'pipeline', '-j', 'many']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /E_BAD_OPTION_VALUE.*-j takes a number, not 'many'/);
  r = await ctx.cli(['env', 'remove', '-n']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /E_BAD_OPTION_VALUE.*-n needs a value/);
  assert.deepEqual(snapshot(ctx.root), before);
});

test('env remove --dry-run names the env and removes nothing; without it the env goes', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    assert.equal((await ctx.cli(['create', '-n', 'a', 'alpha'])).status, 0);
    const before = snapshot(ctx.root);
    let r = await ctx.cli(['env', 'remove', '-n', 'a', '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would remove env a .*nothing was changed/);
    assert.deepEqual(snapshot(ctx.root), before);
    r = await ctx.cli(['env', 'remove', '-n', 'nope', '--dry-run']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_ENV_NOT_FOUND/);
    r = await ctx.cli(['env', 'remove', '-n', 'a']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs/a')));
  } finally {
    await ctx.close();
  }
});

test('ssdp run -n ENV CMD ...: everything from the command on belongs to the command, as in conda run', async () => {
  const ctx = shared;
  let r = await ctx.cli(['run', '-n', 'a', 'node', '-v']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^v\d+\.\d+\.\d+\n$/);
  // ssdp's own option names after the command go to the command untouched.
  r = await ctx.cli(['run', '-n', 'a', 'sh', '-c', 'echo "$SSDP_ENV_NAME: $*"', 'sh', '--json', '-n', 'other', '--dryrun']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'a: --json -n other --dryrun\n');
  r = await ctx.cli(['run', '-n', 'a', '--', 'node', '-p', '6*7']);
  assert.equal(r.stdout, '42\n');
  r = await ctx.cli(['--root', ctx.root, 'run', '-p', join(ctx.root, 'envs/a'), 'node', '-p', '6*7']);
  assert.equal(r.stdout, '42\n', r.stderr);
  r = await ctx.cli(['run', '-n', 'a', '--jobs', '2', 'node', '-v']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--jobs is an option of workflow runs/);
  // Without -n/-p, `run` is still a workflow task, options anywhere.
  const proj = join(ctx.dir, 'proj');
  mkdirSync(proj);
  writeFileSync(join(proj, 'ssdp.yaml'), 'params:\n  who: world\ntasks:\n  hello:\n    cmd: "echo hello ${who} > hello.txt"\n');
  r = await ctx.cli(['run', 'hello', '--param', 'who=there', '-j', '1'], { cwd: proj });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(proj, 'hello.txt'), 'utf8'), 'hello there\n');
});

test("--version and info show ssdp's version; clean -q prints nothing", async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
    let r = await ctx.cli(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
    r = await ctx.cli(['info']);
    assert.match(r.stdout, new RegExp(`ssdp : ${version.replace(/\./g, '\\.')}\\n`));
    r = await ctx.cli(['info', '--json']);
    assert.equal((JSON.parse(r.stdout) as { ssdp: string }).ssdp, version);

    assert.equal((await ctx.cli(['create', '-n', 'a', 'alpha'])).status, 0);
    assert.equal((await ctx.cli(['env', 'remove', '-n', 'a'])).status, 0);
    r = await ctx.cli(['clean', '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, '');
    // It did clean: a second clean finds nothing left.
    r = await ctx.cli(['clean']);
    assert.match(r.stdout, /Removed 0 unused packages/);
  } finally {
    await ctx.close();
  }
});

test('--json: every error is JSON on stdout, nothing on stderr', async () => {
  const ctx = shared;
  const spec = ctx.spec('bad.yml', 'dependencies: [alpha]\nwhat: 1\n');
  const cases: Array<[string[], string, number]> = [
    [['env', 'remove', '-n', 'nope', '--json'], 'E_ENV_NOT_FOUND', 1],
    [['env', 'remove', '-n', 'a', '--dryrun', '--json'], 'E_UNKNOWN_OPTION', 2],
    [['--json', 'env', 'crate'], 'E_BAD_ARGS', 2],
    [['create', '-n', 'b', '-f', spec, '--json'], 'E_BAD_SPEC', 1],
    [['install', '-n', 'a', 'nosuchpkg', '--json'], 'E_UNKNOWN_PACKAGE', 1],
    [['run', '-n', 'a', '--json', 'no-such-command-here'], 'E_COMMAND_NOT_FOUND', 127],
    [['list', '-n', 'nope', '--json'], 'E_ENV_NOT_FOUND', 1],
    [['shell', 'activate', 'bash', 'nope', '--json'], 'E_ENV_NOT_FOUND', 1],
    [['tasks', '--json'], 'E_NO_WORKFLOW', 1],
  ];
  for (const [args, code, status] of cases) {
    const r = await ctx.cli(args, { cwd: ctx.dir });
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr, '', args.join(' '));
    const e = (JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string | null } }).error;
    assert.equal(e.code, code, args.join(' '));
    assert.ok(e.message.length > 10, args.join(' '));
    assert.ok(e.hint === null || /^[A-Z].*[.!?:)]$/s.test(e.hint), `${args.join(' ')}: hint '${e.hint}'`);
  }
});

test('commands run without loading yargs (it serves --help only)', async () => {
  const ctx = shared;
  for (const args of [['env', 'list'], ['list', '-n', 'a'], ['info'], ['run', '-n', 'a', 'true'], ['env', 'remove', '-n', 'a', '--dry-run']]) {
    // the compiled modules (SSDP_NO_BUNDLE): Node's ESM log names them; the bundle is one file
    const r = await ctx.cli(args, { env: { NODE_DEBUG: 'esm', SSDP_NO_BUNDLE: '1' } });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /cli\/options\.js/, 'NODE_DEBUG=esm lists loaded modules');
    assert.doesNotMatch(r.stderr, /node_modules\/yargs/, `${args.join(' ')} loaded yargs`);
  }
  const help = await ctx.cli(['list', '--help'], { env: { NODE_DEBUG: 'esm', SSDP_NO_BUNDLE: '1' } });
  assert.match(help.stderr, /node_modules\/yargs/);
});

test('help comes from the same table: every command lists its options', async () => {
  const ctx = await setup([]);
  try {
    for (const [args, opts] of [
      [['env', 'remove', '--help'], ['--dry-run', '--name', '--prefix', '--json']],
      [['install', '--help'], ['--offline', '--allow-scripts', '--before', '--revision']],
      [['run', '--help'], ['--jobs', '--param', '--workflow']],
    ] as const) {
      const r = await ctx.cli([...args]);
      assert.equal(r.status, 0, r.stderr);
      for (const o of opts) assert.ok(r.stdout.includes(o), `${args.join(' ')} lacks ${o}`);
    }
  } finally {
    await ctx.close();
  }
});
