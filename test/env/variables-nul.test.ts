// Re-test break S1 (issue 8): a `variables:` value holding a NUL byte can be no environment
// variable. The spec refuses it at FILE:LINE:COL; an env.json that already holds one (an older
// ssdp wrote it) is E_ENV_CORRUPT in `run` and in activation, never a TypeError stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runCli, tempDir } from '../helpers/cli.js';

function setup(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('ssdp-nul-');
  return { dir, env: { ...process.env, SSDP_ROOT: join(dir, 'root') } };
}

test('S1: a variables: value with a NUL byte is E_BAD_SPEC at its FILE:LINE:COL and no env is made', () => {
  const { dir, env } = setup();
  writeFileSync(join(dir, 's.yaml'), 'name: v\ndependencies: []\nvariables:\n  OK: fine\n  X: "a\\u0000z"\n');
  const r = runCli(['env', 'create', '-f', join(dir, 's.yaml'), '-p', join(dir, 'e'), '-q'], { env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_SPEC\]: .*s\.yaml:5:6: the value of variable X holds a NUL byte/);
  assert.doesNotMatch(r.stderr, /TypeError|\n\s+at /);
  assert.ok(!existsSync(join(dir, 'e')));
});

test('S1: an env.json already holding a NUL value is E_ENV_CORRUPT in run and in activation, not a stack', () => {
  const { dir, env } = setup();
  writeFileSync(join(dir, 's.yaml'), 'name: v\ndependencies: []\nvariables:\n  X: plain\n');
  const prefix = join(dir, 'e');
  const made = runCli(['env', 'create', '-f', join(dir, 's.yaml'), '-p', prefix, '-q'], { env });
  assert.equal(made.status, 0, made.stderr);
  const stateFile = join(prefix, 'ssdp-meta', 'env.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  state.variables.X = 'a\0z';
  writeFileSync(stateFile, JSON.stringify(state));

  const run = runCli(['run', '-p', prefix, 'true'], { env });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /E_ENV_CORRUPT\]: .*env\.json is damaged: the value of variable X holds a NUL byte/);
  assert.doesNotMatch(run.stderr, /TypeError|unexpected error|\n\s+at /);
  const json = runCli(['run', '-p', prefix, '--json', 'true'], { env });
  assert.match(json.stdout + json.stderr, /"E_ENV_CORRUPT"/);

  const act = spawnSync('bash', ['-c', `eval "$(node '${CLI_ENTRY}' shell hook bash)"; ssdp activate -p '${prefix}'`], { encoding: 'utf8', env });
  assert.notEqual(act.status, 0);
  assert.match(act.stderr, /E_ENV_CORRUPT.*the value of variable X holds a NUL byte/);
});
