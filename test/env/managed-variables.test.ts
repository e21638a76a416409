// Re-test break C1 (issue 8): every variable ssdp manages was refused with PATH's reason and hint
// ("to add folders to the search path, put commands in the env's bin/"), even PS1. Each now gets
// its own reason and way out, in the spec, in a hand-edited lock and in activation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runCli, tempDir } from '../helpers/cli.js';
import { hasShell } from '../shell/session.js';

function setup(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('ssdp-managed-');
  const env: NodeJS.ProcessEnv = { ...process.env, SSDP_ROOT: join(dir, 'root') };
  delete env.SSDP_PREFIX;
  return { dir, env };
}

/** A fresh env at DIR/e with one plain variable, made by env create. */
function plainEnv(): { dir: string; env: NodeJS.ProcessEnv; prefix: string } {
  const { dir, env } = setup();
  const spec = join(dir, 's.yaml');
  writeFileSync(spec, 'name: v\ndependencies: []\nvariables:\n  X: y\n');
  const prefix = join(dir, 'e');
  const r = runCli(['env', 'create', '-f', spec, '-p', prefix, '-q'], { env });
  assert.equal(r.status, 0, r.stderr);
  return { dir, env, prefix };
}

// name -> [what the message says why, what the hint must say, what it must not]
const CASES: Array<[string, RegExp, RegExp]> = [
  ['PATH', /bin\/ in front of PATH/, /put them in the env's bin\//],
  ['PS1', /\(NAME\) in front of the prompt/, /activate\.d script; to leave the prompt alone, activate with --no-prompt/],
  ['SSDP_CHANGEPS1', /switch for the prompt label/, /export SSDP_CHANGEPS1=false/],
  ['NODE_PATH', /lib\/node_modules/, /ssdp install -n NAME/],
  ['SSDP_PREFIX', /active env's path or name/, /scripts can read it/],
  ['SSDP_SHLVL', /record of the envs active in this shell/, /would break ssdp deactivate/],
  ['_SSDP_STATE_1', /record of the envs active in this shell/, /would break ssdp deactivate/],
  // N3 (tester s19 try8n): it took npx TOOL and npm install -g out of the env; npm reads any case
  ['npm_config_prefix', /npm's global prefix at the env/, /--prefix DIR/],
  ['NPM_CONFIG_PREFIX', /npm's global prefix at the env/, /--prefix DIR/],
];

test('C1: each managed variable in variables: is E_BAD_SPEC with its own reason and hint; only PATH speaks of bin/', () => {
  const { dir, env } = setup();
  for (const [name, why, hint] of CASES) {
    const spec = join(dir, `${name}.yaml`);
    writeFileSync(spec, `name: v\ndependencies: []\nvariables:\n  ${name}: x\n`);
    const r = runCli(['env', 'create', '-f', spec, '-p', join(dir, `e-${name}`), '-q'], { env });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_BAD_SPEC\\]: .*${name}\\.yaml:4:3: variables: may not set ${name}: `));
    assert.match(r.stderr, why, name);
    assert.match(r.stderr, hint, name);
    assert.match(r.stderr, new RegExp(`Remove ${name};`));
    if (name !== 'PATH') assert.doesNotMatch(r.stderr, /search path|bin\//, `${name} got PATH's hint`);
    assert.ok(!existsSync(join(dir, `e-${name}`)));
  }
});

test('C1: a hand-edited lock setting PS1 gets the prompt hint, not "regenerate" alone', () => {
  const { dir, env, prefix } = plainEnv();
  const lock = join(dir, 'lock.json');
  let r = runCli(['env', 'export', '-p', prefix, '--lock'], { env });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  j.variables = { PS1: '$ ' };
  writeFileSync(lock, JSON.stringify(j));
  r = runCli(['env', 'create', '-f', lock, '-p', join(dir, 'e2'), '-q'], { env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_LOCKFILE\]: .*may not set PS1: activation puts \(NAME\) in front of the prompt/);
  assert.match(r.stderr, /--no-prompt/);
  assert.doesNotMatch(r.stderr, /bin\//);
});

test('C1: activating an env.json that sets PS1 names the prompt, and the shell is left as it was', (t) => {
  if (!hasShell('bash')) return t.skip('bash is not installed');
  const { env, prefix } = plainEnv();
  const stateFile = join(prefix, 'ssdp-meta', 'env.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  state.variables.PS1 = 'mine$ ';
  writeFileSync(stateFile, JSON.stringify(state));
  const act = spawnSync('bash', ['-c', `eval "$(node '${CLI_ENTRY}' shell hook bash)"; PS1='before$ '; ssdp activate -p '${prefix}'; echo "@PS1=$PS1@X=\${X-unset}"`], { encoding: 'utf8', env });
  assert.match(act.stderr, /E_SHELL_RESERVED_VARIABLE.*sets the variable PS1, which ssdp manages itself: activation puts \(NAME\) in front of the prompt/);
  assert.match(act.stderr, /--no-prompt/);
  assert.doesNotMatch(act.stderr, /bin\//);
  assert.match(act.stdout, /^@PS1=before\$ @X=unset$/m);
});
