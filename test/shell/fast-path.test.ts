/**
 * Activation runs at every `ssdp activate`: it must load only the fast path, src/shell, the
 * error type and the prefix layout; never yargs, the package manager or anything from
 * node_modules. Node's own ESM debug log says which files were loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_SOURCE_ENTRY } from '../helpers/cli.js';
import { sandbox, writeEnv } from './session.js';

const ALLOWED = /^src\/(cli\/(entry|main|options|handlers)|shell\/[a-z-]+|util\/(errors|home-path|undecodable-path|edit-distance|read-regular|path-kind|output-faults|disk-full|light-hash|raw-names)|env\/(prefix|node-options|managed-variables))\.js$/;

function loadedFiles(args: string[], env: NodeJS.ProcessEnv): string[] {
  const r = spawnSync(process.execPath, [CLI_SOURCE_ENTRY, ...args], { env: { ...env, NODE_DEBUG: 'esm' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const base = dirname(dirname(dirname(CLI_SOURCE_ENTRY))); // the build folder holding src/
  const urls = new Set(r.stderr.match(/file:\/\/[^\s'",)]+/g) ?? []);
  return [...urls].map((u) => relative(base, fileURLToPath(u))).sort();
}

test('activate, deactivate and hook load only the fast path modules', () => {
  const sb = sandbox();
  const prefix = sb.named({ name: 'radar' });
  const active = { ...sb.env, SSDP_SHLVL: '1' };
  // A real active state to deactivate: take it from an activation's output.
  const act = spawnSync(process.execPath, [CLI_SOURCE_ENTRY, 'shell', 'activate', 'sh', 'radar'], { env: sb.env, encoding: 'utf8' });
  assert.equal(act.status, 0, act.stderr);
  const state = /_SSDP_STATE_1='([^']*)'/.exec(act.stdout)?.[1];
  assert.ok(state, act.stdout);
  for (const args of [['shell', 'activate', 'bash', 'radar'], ['shell', 'activate', 'fish', '-p', prefix], ['shell', 'hook', 'zsh']]) {
    const files = loadedFiles(args, sb.env);
    assert.ok(files.includes('src/shell/commands.js'), `${args.join(' ')}: ${files.join(', ')}`);
    for (const f of files) assert.match(f, ALLOWED, `${args.join(' ')} loaded ${f}`);
  }
  const files = loadedFiles(['shell', 'deactivate', 'bash'], { ...active, _SSDP_STATE_1: state });
  for (const f of files) assert.match(f, ALLOWED, `deactivate loaded ${f}`);
  assert.ok(!files.includes('src/shell/hook.js'), 'the hook code is loaded only for shell hook');
});

test("try8i I1: activate -p '~/x' and activate '~/x', quoted so no shell expanded them, find $HOME/x as every other command does", () => {
  const sb = sandbox();
  const prefix = writeEnv(join(sb.home, 'he'), { name: 'he' });
  for (const args of [['shell', 'activate', 'bash', '-p', '~/he'], ['shell', 'activate', 'bash', '~/he']]) {
    const r = spawnSync(process.execPath, [CLI_SOURCE_ENTRY, ...args], { env: sb.env, cwd: sb.home, encoding: 'utf8' });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stdout.includes(`SSDP_PREFIX='${prefix}'`), r.stdout);
  }
});
