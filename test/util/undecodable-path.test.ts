/**
 * Paths with bytes that are not UTF-8 (tester try8k K9, K10, K13, K14): Node reads them as U+FFFD,
 * so ssdp used to make a look-alike folder beside the user's (a -p env, a new $HOME with .bashrc)
 * or say "missing" for what is there. Each is E_PATH_NOT_UTF8 now, with nothing made. The bytes
 * reach the CLI as a shell passes them (printf in sh): a Node string cannot hold them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runCli, tempDir } from '../helpers/cli.js';

/** `ssdp ARGS` run by sh after `script` (which may cd / set HOME with printf-made bytes). */
function cliInSh(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('sh', ['-c', `${script} && exec "$0" "$@"`, process.execPath, CLI_ENTRY, ...args], { encoding: 'utf8', env, timeout: 300_000 });
}

const LATIN = (name: string) => Buffer.from(name, 'latin1'); // 'caf\xe9' as the bytes a Latin-1 system writes

test('try8k K9 K10 K13 K14: a -p path, current folder, $HOME or rc link target that is not UTF-8 is E_PATH_NOT_UTF8, and no look-alike folder is made', () => {
  const t = tempDir('ssdp-utf8-');
  const env = { PATH: process.env.PATH, HOME: join(t, 'home'), SSDP_ROOT: join(t, 'root'), LANG: 'C.UTF-8' };
  mkdirSync(env.HOME);
  const proj = join(t, 'proj');
  mkdirSync(proj);
  mkdirSync(Buffer.concat([Buffer.from(proj + '/'), LATIN('work\xe9')]));
  writeFileSync(Buffer.concat([Buffer.from(proj + '/'), LATIN('work\xe9/ssdp.yaml')]), 'tasks:\n  hi:\n    cmd: "echo hi"\n');
  const projNames = () => readdirSync(proj, { encoding: 'buffer' }).map((b) => b.toString('latin1')).sort();

  // K9: an absolute -p with a Latin-1 byte, and a relative -p from a Latin-1 current folder.
  let r = spawnSync('sh', ['-c', `exec "$0" "$1" create -p "$2/$(printf 'caf\\351')" is-odd@3`, process.execPath, CLI_ENTRY, proj], { encoding: 'utf8', env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_PATH_NOT_UTF8\]: the path .*caf\uFFFD is not UTF-8/);
  r = cliInSh(`cd "${proj}/$(printf 'work\\351')"`, ['create', '-p', './envhere', 'is-odd@3'], env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_PATH_NOT_UTF8\]: the current folder \(which '\.\/envhere' is relative to\) .*work\uFFFD is not UTF-8/);
  // K10: ssdp run there names the folder, not "No ssdp.yaml".
  r = cliInSh(`cd "${proj}/$(printf 'work\\351')"`, ['run', 'hi'], env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_PATH_NOT_UTF8\]: the current folder .*work\uFFFD is not UTF-8/);
  assert.deepEqual(projNames(), ['work\xe9'], 'no caf\\uFFFD / work\\uFFFD folder made');

  // K13: a Latin-1 $HOME: init writes nothing and makes no new home beside it.
  const homes = join(t, 'homes');
  mkdirSync(homes);
  writeFileSync(Buffer.concat([Buffer.from(homes + '/'), LATIN('h\xe9me')]), ''); // a file is enough to hold the name
  r = cliInSh(`HOME="${homes}/$(printf 'h\\351me')"; export HOME`, ['init', 'bash'], env);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_PATH_NOT_UTF8\]: your home folder \(\$HOME\) .*h\uFFFDme is not UTF-8/);
  assert.deepEqual(readdirSync(homes, { encoding: 'buffer' }).map((b) => b.toString('latin1')), ['h\xe9me']);

  // K14: ~/.bashrc a link into a Latin-1 dotfiles folder: named as not UTF-8, not "missing"; the file is left as it was.
  const dot = Buffer.concat([Buffer.from(env.HOME + '/'), LATIN('dot\xe9')]);
  mkdirSync(dot);
  const target = Buffer.concat([dot, Buffer.from('/bashrc')]);
  writeFileSync(target, 'alias a=b\n');
  symlinkSync(target, join(env.HOME, '.bashrc'));
  const k14 = runCli(['init', 'bash'], { env });
  assert.equal(k14.status, 1, k14.stderr);
  assert.match(k14.stderr, /E_PATH_NOT_UTF8\]: the target of the symlink .*\.bashrc .*dot\uFFFD\/bashrc is not UTF-8/);
  assert.equal(readFileSync(target, 'utf8'), 'alias a=b\n');
});
