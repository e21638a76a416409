/**
 * The pure parts: planning on plain snapshots (no shell needed), argument parsing, and quoting
 * checked against the real shells with many random strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { planActivate, planDeactivate, readLevels, quotePosix, quoteFish, parseActivateArgs, type ActivationTarget, type ShellChange, type ShellSnapshot } from '../../src/shell/index.js';
import { hasShell } from './session.js';
import { tempDir } from '../helpers/cli.js';

const ctx = { promptKind: 'ps1' as const, deactivateScriptsOf: (p: string) => [`${p}/etc/ssdp/deactivate.d/z.sh`] };
const HOOK = '--import=file:///ssdp/dist/src/env/esm-hook.js';
const target = (name: string, variables: Record<string, string> = {}): ActivationTarget => ({
  prefix: `/envs/${name}`,
  name,
  variables,
  activateScripts: [],
  prepend: [
    { name: 'NODE_PATH', entry: `/envs/${name}/lib/node_modules`, sep: ':' },
    { name: 'NODE_OPTIONS', entry: HOOK, sep: ' ' },
  ],
});

/** Applies a change to a snapshot the way the shell would. */
function apply(s: ShellSnapshot, c: ShellChange): ShellSnapshot {
  const env = { ...s.env };
  for (const [k, v] of c.set) env[k] = v;
  for (const k of c.unset) delete env[k];
  return { env, prompt: c.prompt ? (c.prompt.value ?? undefined) : s.prompt, promptKnown: s.promptKnown };
}
const activate = (s: ShellSnapshot, t: ActivationTarget, stack = false) => apply(s, planActivate(s, readLevels(s.env), t, { stack, changePrompt: true }, ctx));
const deactivate = (s: ShellSnapshot) => apply(s, planDeactivate(s, readLevels(s.env), ctx));

test('a change made while active survives deactivation; only ssdp entries are removed', () => {
  const start: ShellSnapshot = { env: { PATH: '/usr/bin', X: 'x' }, prompt: '$ ', promptKnown: true };
  const on = activate(start, target('a', { X: 'ax' }));
  assert.equal(on.env.PATH, '/envs/a/bin:/usr/bin');
  const edited = { ...on, env: { ...on.env, PATH: `/mine:${on.env.PATH}` }, prompt: `${on.prompt}more ` };
  const off = deactivate(edited);
  assert.equal(off.env.PATH, '/mine:/usr/bin');
  assert.equal(off.prompt, '$ more ');
  assert.equal(off.env.X, 'x');
  assert.deepEqual(Object.keys(off.env).sort(), ['PATH', 'X']);
});

test('an unset PATH and prompt come back unset; an unknown prompt is left alone', () => {
  const start: ShellSnapshot = { env: {}, prompt: undefined, promptKnown: true };
  const on = activate(start, target('a'));
  assert.equal(on.env.PATH, '/envs/a/bin', 'no empty PATH entry (it would mean the current folder)');
  assert.equal(on.prompt, '(a) ');
  assert.deepEqual(deactivate(on), start);
  const blind: ShellSnapshot = { env: { PATH: '/bin' }, prompt: undefined, promptKnown: false };
  const change = planActivate(blind, [], target('a'), { stack: false, changePrompt: true }, ctx);
  assert.equal(change.prompt, undefined);
  assert.deepEqual(deactivate(apply(blind, change)), blind);
});

test('three stacked levels unwind one by one to exactly where they started', () => {
  let s: ShellSnapshot = { env: { PATH: '/bin', V: 'orig' }, prompt: 'P ', promptKnown: true };
  const seen: ShellSnapshot[] = [s];
  for (const n of ['a', 'b', 'c']) {
    s = activate(s, target(n, { V: n }), true);
    seen.push(s);
  }
  assert.equal(s.env.PATH, '/envs/c/bin:/envs/b/bin:/envs/a/bin:/bin');
  assert.equal(s.prompt, '(c) P ');
  assert.equal(s.env.SSDP_SHLVL, '3');
  for (let i = 2; i >= 0; i--) {
    s = deactivate(s);
    assert.deepEqual(s, seen[i]);
  }
  // Replacing at level 3 sources the old env's deactivate.d and keeps levels 1-2.
  const change = planActivate(seen[3]!, readLevels(seen[3]!.env), target('d'), { stack: false, changePrompt: true }, ctx);
  assert.deepEqual(change.deactivateScripts, ['/envs/c/etc/ssdp/deactivate.d/z.sh']);
  const replaced = apply(seen[3]!, change);
  assert.equal(replaced.env.PATH, '/envs/d/bin:/envs/b/bin:/envs/a/bin:/bin');
  assert.deepEqual(deactivate(replaced), seen[2]);
});

test('NODE_PATH and NODE_OPTIONS: the user\'s values are kept behind ssdp\'s entry and come back exactly', () => {
  const start: ShellSnapshot = { env: { PATH: '/bin', NODE_OPTIONS: '--max-old-space-size=4096  --title="a b"', NODE_PATH: '/mine' }, prompt: '$ ', promptKnown: true };
  const on = activate(start, target('a'));
  assert.equal(on.env.NODE_OPTIONS, `${HOOK} --max-old-space-size=4096  --title="a b"`);
  assert.equal(on.env.NODE_PATH, '/envs/a/lib/node_modules:/mine');
  assert.deepEqual(deactivate(on), start);
  // Changed while active: the user's change stays, only ssdp's entry goes.
  const edited = { ...on, env: { ...on.env, NODE_OPTIONS: `${on.env.NODE_OPTIONS} --trace-warnings`, NODE_PATH: `/more:${on.env.NODE_PATH}` } };
  const off = deactivate(edited);
  assert.equal(off.env.NODE_OPTIONS, '--max-old-space-size=4096  --title="a b" --trace-warnings');
  assert.equal(off.env.NODE_PATH, '/more:/mine');
  // Unset before: unset again, also after a switch to another env.
  const bare: ShellSnapshot = { env: { PATH: '/bin' }, prompt: '$ ', promptKnown: true };
  const b = activate(activate(bare, target('a')), target('b'));
  assert.equal(b.env.NODE_PATH, '/envs/b/lib/node_modules');
  assert.equal(b.env.NODE_OPTIONS, HOOK);
  assert.deepEqual(deactivate(b), bare);
  // Stacked: both envs' packages, the hook once; each level undoes only its own part.
  const stacked = activate(activate(bare, target('a')), target('b'), true);
  assert.equal(stacked.env.NODE_PATH, '/envs/b/lib/node_modules:/envs/a/lib/node_modules');
  assert.equal(stacked.env.NODE_OPTIONS, HOOK);
  const one = deactivate(stacked);
  assert.equal(one.env.NODE_PATH, '/envs/a/lib/node_modules');
  assert.equal(one.env.NODE_OPTIONS, HOOK);
  assert.deepEqual(deactivate(one), bare);
});

test('B8: a stacked env whose node refuses --import takes the outer hook out; deactivate gives it back, keeping a change made meanwhile', () => {
  const old: ActivationTarget = { ...target('old'), prepend: [target('old').prepend[0]!], drop: [{ name: 'NODE_OPTIONS', entry: HOOK, sep: ' ' }] };
  const start: ShellSnapshot = { env: { PATH: '/bin', NODE_OPTIONS: '--trace-warnings' }, prompt: '$ ', promptKnown: true };
  const outer = activate(start, target('new'));
  assert.equal(outer.env.NODE_OPTIONS, `${HOOK} --trace-warnings`);
  const inner = activate(outer, old, true);
  assert.equal(inner.env.NODE_OPTIONS, '--trace-warnings');
  assert.deepEqual(deactivate(inner), outer);
  const edited = { ...inner, env: { ...inner.env, NODE_OPTIONS: '--trace-warnings --max-old-space-size=99' } };
  assert.equal(deactivate(edited).env.NODE_OPTIONS, `${HOOK} --trace-warnings --max-old-space-size=99`);
  // Only the hook was there: the variable goes while old is active, and comes back.
  const bare = activate({ env: { PATH: '/bin' }, prompt: '$ ', promptKnown: true }, target('new'));
  const bareInner = activate(bare, old, true);
  assert.equal(bareInner.env.NODE_OPTIONS, undefined);
  assert.deepEqual(deactivate(bareInner), bare);
});

test('damaged state is reported, not guessed at', () => {
  assert.throws(() => readLevels({ SSDP_SHLVL: '2', _SSDP_STATE_1: 'e30=' }), { code: 'E_SHELL_STATE' });
  assert.throws(() => readLevels({ SSDP_SHLVL: 'x' }), { code: 'E_SHELL_STATE' });
  assert.deepEqual(readLevels({ SSDP_SHLVL: '0' }), []);
});

test('activate arguments: a word, -n, -p, --opt=value, and mistakes', () => {
  assert.deepEqual(parseActivateArgs(['radar', '--stack']), { ref: { name: 'radar' }, stack: true, prompt: true });
  assert.deepEqual(parseActivateArgs(['./env', '--no-prompt']).ref, { prefix: './env' });
  assert.deepEqual(parseActivateArgs(['-p', 'x y', '--root=/r']).ref, { prefix: 'x y', root: '/r' });
  assert.deepEqual(parseActivateArgs(['--name', 'a']).ref, { name: 'a' });
  for (const bad of [[], ['a', 'b'], ['a', '-n', 'b']]) {
    assert.throws(() => parseActivateArgs(bad), { code: 'E_BAD_ARGS' }, JSON.stringify(bad));
  }
  // Options come from the CLI's one option table: a typo gets a suggestion, exit 2.
  assert.throws(() => parseActivateArgs(['--stak', 'a']), { code: 'E_UNKNOWN_OPTION', exitCode: 2, message: /did you mean --stack\?/ });
  assert.throws(() => parseActivateArgs(['-n']), { code: 'E_BAD_OPTION_VALUE', exitCode: 2 });
});

/** Random strings over all printable ASCII plus newline, tab and some UTF-8. */
function randomStrings(n: number): string[] {
  const alphabet = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\n', '\t', 'é', '→', "'", '\\'];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(rand() * 20) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
}

for (const [shell, quote, script] of [
  ['dash', quotePosix, (qs: string[]) => `printf '%s\\0' ${qs.join(' ')}`],
  ['bash', quotePosix, (qs: string[]) => `printf '%s\\0' ${qs.join(' ')}`],
  ['zsh', quotePosix, (qs: string[]) => `printf '%s\\0' ${qs.join(' ')}`],
  ['fish', quoteFish, (qs: string[]) => `printf '%s\\0' ${qs.join(' ')}`],
] as const) {
  test(`${shell} reads back every quoted string unchanged`, { skip: !hasShell(shell) && `${shell} is not installed` }, () => {
    const strings = [...randomStrings(300), '$(touch x)', '`id`', "a'b", 'a\\', '\\', "'", '', '$HOME', '!!', '%s', '{a,b}', '*', '~'];
    const r = spawnSync(shell, ['-c', script(strings.map(quote))], { encoding: 'utf8', cwd: tempDir() });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), strings);
  });
}

test('K1 (s18 try8k): an activate.d script whose file name is not UTF-8 is named in a warning, not skipped without a word', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const { join } = await import('node:path');
  const dir = join(tempDir('ssdp-scripts-'), 'activate.d');
  mkdirSync(dir);
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.sh')]), 'echo latin\n');
  writeFileSync(join(dir, 'ok.sh'), 'echo ok\n');
  writeFileSync(join(dir, 'z-é.sh'), 'echo utf8\n');
  const module = pathToFileURL(join(import.meta.dirname, '../../src/shell/target.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { listScripts } from ${JSON.stringify(module)}; console.log(JSON.stringify(listScripts(${JSON.stringify(dir)}, 'bash')))`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [join(dir, 'ok.sh'), join(dir, 'z-é.sh')]);
  assert.match(r.stderr, /^ssdp: warning: .*\/activate\.d\/caf\\xe9\.sh was not run: its file name is not UTF-8/);
});
