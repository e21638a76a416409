/**
 * `ssdp init`: the marked block in ~/.bashrc, ~/.zshrc and fish's conf.d, idempotent, removed
 * byte for byte by --reverse, and picked up by real interactive shells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installBlock, initBlock, removeBlock } from '../../src/shell/index.js';
import { runCli } from '../helpers/cli.js';
import { hasShell, sandbox } from './session.js';

const ORIGINAL = "# my bashrc\nalias ll='ls -l'\nexport EDITOR=vi\n";

function init(args: string[], env: NodeJS.ProcessEnv): Array<{ shell: string; file: string; outcome: string }> {
  const r = runCli(['init', ...args, '--json'], { env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('init adds one marked block, is idempotent, and --reverse restores the files exactly', () => {
  const sb = sandbox();
  const bashrc = join(sb.home, '.bashrc');
  writeFileSync(bashrc, ORIGINAL);
  assert.deepEqual(init(['bash', 'zsh', 'fish'], sb.env).map((r) => r.outcome), ['added', 'added', 'added']);
  const text = readFileSync(bashrc, 'utf8');
  assert.ok(text.startsWith(ORIGINAL));
  assert.match(text.slice(ORIGINAL.length), /^# >>> ssdp initialize >>>\n[\s\S]*shell hook bash[\s\S]*\n# <<< ssdp initialize <<<\n$/);
  const fishFile = join(sb.home, '.config', 'fish', 'conf.d', 'ssdp.fish');
  assert.match(readFileSync(fishFile, 'utf8'), /shell hook fish 2>\/dev\/null \| source/);
  assert.match(readFileSync(join(sb.home, '.zshrc'), 'utf8'), /shell hook zsh/);

  assert.deepEqual(init(['bash', 'zsh', 'fish'], sb.env).map((r) => r.outcome), ['unchanged', 'unchanged', 'unchanged']);
  assert.equal(readFileSync(bashrc, 'utf8'), text);

  // An old block (ssdp was elsewhere) in the middle of the file is rewritten in place; what follows it stays.
  writeFileSync(bashrc, text.replace(/NODE_OPTIONS= .* shell hook bash/, "NODE_OPTIONS= '/old place/ssdp' shell hook bash") + 'echo after\n');
  assert.deepEqual(init(['bash'], sb.env).map((r) => r.outcome), ['updated']);
  assert.equal(readFileSync(bashrc, 'utf8'), text + 'echo after\n');
  writeFileSync(bashrc, text);

  assert.deepEqual(init(['--reverse'], sb.env).map((r) => r.outcome), ['removed', 'removed', 'removed']);
  assert.equal(readFileSync(bashrc, 'utf8'), ORIGINAL);
  assert.equal(readFileSync(join(sb.home, '.zshrc'), 'utf8'), '');
  assert.ok(!existsSync(fishFile), 'the conf.d file held only the block');
  assert.deepEqual(init(['--reverse'], sb.env).map((r) => r.outcome), ['absent', 'absent', 'absent']);
  assert.equal(readFileSync(bashrc, 'utf8'), ORIGINAL);
});

test('init writes through a symlinked rc file and refuses shells it cannot set up', () => {
  const sb = sandbox();
  mkdirSync(join(sb.home, 'dotfiles'));
  const target = join(sb.home, 'dotfiles', 'bashrc');
  writeFileSync(target, ORIGINAL);
  symlinkSync(target, join(sb.home, '.bashrc'));
  init(['bash'], sb.env);
  assert.ok(lstatSync(join(sb.home, '.bashrc')).isSymbolicLink());
  assert.match(readFileSync(target, 'utf8'), /ssdp initialize/);
  init(['bash', '--reverse'], sb.env);
  assert.equal(readFileSync(target, 'utf8'), ORIGINAL);

  const r = runCli(['init', 'sh'], { env: sb.env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /E_SHELL_UNKNOWN/);
  assert.match(r.stderr, /shell hook sh/);
});

test('I1: a dangling ~/.zshrc link is written through (the link stays a link); a link whose folder is missing is refused, coded', () => {
  const sb = sandbox();
  mkdirSync(join(sb.home, 'dotfiles'));
  const target = join(sb.home, 'dotfiles', 'zshrc');
  symlinkSync('dotfiles/zshrc', join(sb.home, '.zshrc')); // relative, as dotfile managers make them
  init(['zsh'], sb.env);
  assert.ok(lstatSync(join(sb.home, '.zshrc')).isSymbolicLink(), 'the link is still a link');
  assert.match(readFileSync(target, 'utf8'), /shell hook zsh/);

  symlinkSync(join(sb.home, 'not-checked-out', 'bashrc'), join(sb.home, '.bashrc'));
  const r = runCli(['init', 'bash'], { env: sb.env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_SHELL_RC\]: ssdp init cannot update the shell's startup file .*\.bashrc: it is a symlink to .*not-checked-out\/bashrc, and .*not-checked-out is missing/);
  assert.doesNotMatch(r.stderr, /unexpected error|at /);
  assert.equal(readlinkSync(join(sb.home, '.bashrc')), join(sb.home, 'not-checked-out', 'bashrc'));
});

test('I1: an rc file (through a link) that cannot be written is E_SHELL_RC naming it, no stack, no temp file left', (t) => {
  const sb = sandbox();
  const dotfiles = join(sb.home, 'dotfiles');
  mkdirSync(dotfiles);
  const target = join(dotfiles, 'bashrc');
  writeFileSync(target, ORIGINAL);
  symlinkSync(target, join(sb.home, '.bashrc'));
  // Immutable file (rename onto it fails) and immutable folder (no temp file can be made): root
  // ignores permission bits, so chattr is the way to make a file no one may replace.
  for (const what of [target, dotfiles]) {
    try {
      execFileSync('chattr', ['+i', what], { stdio: 'ignore' });
    } catch {
      t.skip('chattr +i is not available here');
      return;
    }
    try {
      for (const args of [['bash'], ['bash', '--reverse']]) {
        if (args[1]) execFileSync('chattr', ['-i', what]), writeFileSync(target, ORIGINAL + '# >>> ssdp initialize >>>\nx\n# <<< ssdp initialize <<<\n'), execFileSync('chattr', ['+i', what]);
        const before = readFileSync(target, 'utf8');
        const r = runCli(['init', ...args], { env: sb.env });
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /E_SHELL_RC\]: ssdp init cannot update the shell's startup file .*\.bashrc: it, or its folder, is immutable or append-only \(chattr\) \(EPERM, writing .*dotfiles\/bashrc\)\. It was left as it was\./);
        assert.doesNotMatch(r.stderr, /unexpected error/);
        assert.equal(readFileSync(target, 'utf8'), before);
        assert.deepEqual(readdirSync(dotfiles), ['bashrc'], 'no temp file left');
      }
    } finally {
      execFileSync('chattr', ['-i', what]);
      writeFileSync(target, ORIGINAL);
    }
  }
});

test('try8i I3: init and --reverse keep the user\'s lines in the block, refuse a start marker without an end, back the file up, keep a missing final newline, and -q is silent', () => {
  const sb = sandbox();
  const file = join(sb.home, 'rc');
  const block = initBlock('bash', ['/new/ssdp']);
  const stale = initBlock('bash', ['/old place/ssdp']);
  const backup = file + '.ssdp-backup';

  // A line the user put inside the block (after the hook's fi): --reverse takes ssdp's lines only.
  const withMine = 'export FOO=1\n' + stale.replace('\nfi\n', '\nfi\nexport MY_IMPORTANT=1\n') + 'echo after\n';
  writeFileSync(file, withMine);
  assert.deepEqual(removeBlock(file), { outcome: 'removed', kept: ['export MY_IMPORTANT=1'], backup });
  assert.equal(readFileSync(file, 'utf8'), 'export FOO=1\nexport MY_IMPORTANT=1\necho after\n');
  assert.equal(readFileSync(backup, 'utf8'), withMine, 'the file as it was is kept next to it');
  // ... and init over a stale block (ssdp moved) writes the new block with the user's line after it.
  writeFileSync(file, withMine);
  assert.deepEqual(installBlock(file, block), { outcome: 'updated', kept: ['export MY_IMPORTANT=1'], backup });
  assert.equal(readFileSync(file, 'utf8'), 'export FOO=1\n' + block + 'export MY_IMPORTANT=1\necho after\n');
  assert.equal(installBlock(file, block).outcome, 'unchanged');

  // A start marker whose end line was deleted by hand: both refuse, naming the file and the line.
  const stray = 'export FOO=1\n# >>> ssdp initialize >>>\nexport KEEP=1\nexport KEEP2=2\n';
  writeFileSync(file, stray);
  for (const run of [() => installBlock(file, block), () => removeBlock(file)]) {
    assert.throws(run, (e: Error & { code?: string }) => e.code === 'E_SHELL_RC' && e.message.includes(file) && /line 2 is the start of ssdp's block/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), stray);
  }
  // A file written before this fix: init appended a second block after the stray marker.
  writeFileSync(file, stray + block);
  assert.deepEqual(removeBlock(file).kept, ['export KEEP=1', 'export KEEP2=2']);
  assert.equal(readFileSync(file, 'utf8'), 'export FOO=1\nexport KEEP=1\nexport KEEP2=2\n');

  // No final newline before init: none after --reverse either (it used to gain one).
  writeFileSync(file, 'export FOO=1');
  assert.equal(installBlock(file, block).outcome, 'added');
  assert.equal(installBlock(file, block).outcome, 'unchanged');
  assert.equal(removeBlock(file).outcome, 'removed');
  assert.equal(readFileSync(file, 'utf8'), 'export FOO=1');

  // Through the CLI: -q prints nothing when all is well; the user's kept line is a warning naming it.
  const bashrc = join(sb.home, '.bashrc');
  writeFileSync(bashrc, ORIGINAL);
  let r = runCli(['init', 'bash', '-q'], { env: sb.env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout + r.stderr, '');
  writeFileSync(bashrc, readFileSync(bashrc, 'utf8').replace('\nfi\n', '\nfi\nexport MY_IMPORTANT=1\n'));
  r = runCli(['init', 'bash', '--reverse'], { env: sb.env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: .*\.bashrc had a line of yours inside ssdp's block, kept where the block was: "export MY_IMPORTANT=1"/);
  assert.equal(readFileSync(bashrc, 'utf8'), ORIGINAL + 'export MY_IMPORTANT=1\n');
});

test('try8j J1, J7, J3: a user\'s own if/fi (or fish end) inside the block keeps its fi; an rc file that is not UTF-8 keeps every byte, and so does its backup; every block goes, not only the first', () => {
  const sb = sandbox();
  const file = join(sb.home, 'rc');
  const backup = file + '.ssdp-backup';
  const mine = 'if [ -d "$HOME/bin" ]; then\n    PATH="$HOME/bin:$PATH"\nfi\n';
  for (const [shell, own] of [['bash', mine], ['fish', 'if test -d ~/bin\n    set PATH ~/bin $PATH\nend\n']] as const) {
    const stale = initBlock(shell, ['/old place/ssdp']);
    const withMine = 'export A=1\n' + stale.replace('\n# <<<', '\n' + own + '# <<<');
    writeFileSync(file, withMine);
    assert.deepEqual(removeBlock(file).kept, own.trimEnd().split('\n'), shell);
    assert.equal(readFileSync(file, 'utf8'), 'export A=1\n' + own, shell);
    writeFileSync(file, withMine);
    const block = initBlock(shell, ['/new/ssdp']);
    assert.equal(installBlock(file, block).outcome, 'updated');
    assert.equal(readFileSync(file, 'utf8'), 'export A=1\n' + block + own, shell);
  }
  // Latin-1 bytes (not UTF-8) outside the block, and an ssdp path that is UTF-8: both kept as written.
  const latin1 = Buffer.from('# Gr\xfc\xdfe von J\xe9r\xf4me\nexport NAME="J\xe9r\xf4me"\n', 'latin1');
  writeFileSync(file, latin1);
  const block = initBlock('bash', ['/opt/caf\u00e9/ssdp']);
  assert.equal(installBlock(file, block).outcome, 'added');
  assert.deepEqual(readFileSync(backup), latin1, 'the backup is the file byte for byte');
  assert.deepEqual(readFileSync(file), Buffer.concat([latin1, Buffer.from(block, 'utf8')]));
  assert.equal(installBlock(file, block).outcome, 'unchanged');
  assert.equal(removeBlock(file).outcome, 'removed');
  assert.deepEqual(readFileSync(file), latin1);

  // J3: two blocks (two inits from different ssdp versions): --reverse takes both, init leaves one.
  const two = 'export A=1\n' + initBlock('bash', ['/old/ssdp']) + 'export B=2\n' + initBlock('bash', ['/older/ssdp']).replace('\nfi\n', '\nfi\nexport MINE=1\n');
  writeFileSync(file, two);
  assert.deepEqual(removeBlock(file), { outcome: 'removed', kept: ['export MINE=1'], backup });
  assert.equal(readFileSync(file, 'utf8'), 'export A=1\nexport B=2\nexport MINE=1\n');
  writeFileSync(file, two);
  assert.equal(installBlock(file, initBlock('bash', ['/new/ssdp'])).outcome, 'updated');
  assert.equal(readFileSync(file, 'utf8'), 'export A=1\n' + initBlock('bash', ['/new/ssdp']) + 'export B=2\nexport MINE=1\n');
  assert.equal(installBlock(file, initBlock('bash', ['/new/ssdp'])).outcome, 'unchanged');

  // J6: a folder where the copy goes is named as the copy's problem; the rc file stays as it was.
  rmSync(backup);
  mkdirSync(backup);
  writeFileSync(file, 'export A=1\n');
  assert.throws(
    () => installBlock(file, initBlock('bash', ['/new/ssdp'])),
    (e: Error & { code?: string; hint?: string }) => e.code === 'E_SHELL_RC' && e.message.includes(`its copy ${backup} cannot be written (EISDIR: a folder is there)`) && /Move .* out of the way/.test(e.hint ?? ''),
  );
  assert.equal(readFileSync(file, 'utf8'), 'export A=1\n');

  // J4: `init bash zsh` with a folder at .zshrc: the change to .bashrc is said, not silent.
  mkdirSync(join(sb.home, '.zshrc'));
  const r = runCli(['init', 'bash', 'zsh'], { env: { ...sb.env, ZDOTDIR: sb.home } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_SHELL_RC/);
  assert.ok(r.stderr.includes(`before this failure ssdp init put the hook into ${join(sb.home, '.bashrc')} (bash); that change stays.`), r.stderr);
});

test('try8j: an rc file with CRLF line ends: init writes its block with CRLF once (idempotent), --reverse finds and removes it, user lines in it keep their CR', () => {
  const sb = sandbox();
  const file = join(sb.home, 'rc');
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const original = 'export A=1\r\nexport B=2\r\n';
  writeFileSync(file, original);
  const block = initBlock('bash', ['/new/ssdp']);
  assert.equal(installBlock(file, block).outcome, 'added');
  assert.equal(readFileSync(file, 'utf8'), original + crlf(block));
  assert.equal(installBlock(file, block).outcome, 'unchanged', 'a second init added a second block');
  assert.equal(removeBlock(file).outcome, 'removed', '--reverse found no block');
  assert.equal(readFileSync(file, 'utf8'), original);
  // A stale CRLF block holding a line of the user's; no final line end.
  const stale = crlf(initBlock('bash', ['/old/ssdp']).replace('\nfi\n', '\nfi\nexport MINE=1\n')).slice(0, -2);
  writeFileSync(file, original + stale);
  assert.deepEqual(installBlock(file, block), { outcome: 'updated', kept: ['export MINE=1'], backup: file + '.ssdp-backup' });
  assert.equal(readFileSync(file, 'utf8'), original + crlf(block) + 'export MINE=1');
  writeFileSync(file, original + stale);
  assert.equal(removeBlock(file).outcome, 'removed');
  assert.equal(readFileSync(file, 'utf8'), original + 'export MINE=1');
  // No final line end, no block yet: added after a CRLF, and --reverse gives the bytes back.
  writeFileSync(file, 'export A=1\r\nexport B=2');
  assert.equal(installBlock(file, block).outcome, 'added');
  assert.equal(readFileSync(file, 'utf8'), 'export A=1\r\nexport B=2\r\n' + crlf(block).slice(0, -2));
  assert.equal(removeBlock(file).outcome, 'removed');
  assert.equal(readFileSync(file, 'utf8'), 'export A=1\r\nexport B=2');
});

test('shells started after init have the ssdp function and can activate', () => {
  const sb = sandbox();
  sb.named({ name: 'radar' });
  init(['bash', 'zsh', 'fish'], sb.env);
  const cases: Array<[string, string[]]> = [
    ['bash', ['-i', '-c', 'type -t ssdp; ssdp activate radar && node']],
    ['zsh', ['-i', '-c', 'whence -w ssdp; ssdp activate radar && node']],
    ['fish', ['-c', 'functions -q ssdp; and echo function; ssdp activate radar; and node']],
  ];
  for (const [shell, args] of cases) {
    if (!hasShell(shell)) continue;
    const r = spawnSync(shell, args, { env: sb.env, cwd: sb.home, encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stdout, /function/, `${shell}: ${r.stderr}`);
    assert.match(r.stdout, /^node-of-radar$/m, `${shell}: ${r.stderr}`);
  }
});

test('try8k K4: an rc file whose last line ends with a lone CR (no LF) keeps that CR through init and --reverse', () => {
  const sb = sandbox();
  const file = join(sb.home, 'rc');
  for (const original of ['alias a=b\rexport X=1\r', 'x=1\r', 'a=1\r\nb=2\r']) {
    writeFileSync(file, original, 'latin1');
    installBlock(file, initBlock('bash', ['/x/ssdp']));
    removeBlock(file);
    assert.equal(readFileSync(file, 'latin1'), original, JSON.stringify(original));
  }
});
