/**
 * Break O1 of the s13 issue-8 tester (try8e): words after `--` were dropped by every command but
 * `run`: `ssdp remove -n e -- gamma` said "name at least one package", `ssdp list -n e --
 * --revisions` printed the plain list and `env remove --dry-run -- extra` took no notice. After
 * `--` words are arguments (npm uninstall -- pkg): taken as packages, or refused as strays are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

test('O1: after -- words are positionals for env commands: packages are taken, strays refused (exit 2)', () => {
  const env = { ...process.env, SSDP_ROOT: join(tempDir('ssdp-dashes-'), 'root') };
  for (const args of [['list', '-n', 'e1', '--', '--revisions'], ['env', 'remove', '-n', 'e1', '--dry-run', '--', 'extra']]) {
    const r = runCli(args, { env });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /E_BAD_ARGS.*takes no argument '(--revisions|extra)'/, args.join(' '));
  }
  for (const verb of ['remove', 'install']) {
    const r = runCli([verb, '-n', 'e1', '--', 'gamma'], { env });
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /name at least one package/);
    assert.match(r.stderr, /E_ENV_NOT_FOUND/, r.stderr);
  }
});

test('O2: a stray argument to ssdp shell deactivate gets the usage of deactivate, not of activate', () => {
  const r = runCli(['shell', 'deactivate', 'bash', 'extra']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /unexpected argument 'extra' to ssdp deactivate\.\n  hint: Usage: ssdp deactivate /);
  assert.doesNotMatch(r.stderr, /ssdp activate NAME/);
});
