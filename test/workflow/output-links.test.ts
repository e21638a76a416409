/**
 * Outputs and links (tester s11 try8 W3): the inside-the-project check sees through links, and a
 * link the user made (`ln -s /big/disk data`) is never moved aside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

function projectIn(base: string, yaml: string): string {
  const proj = join(base, 'proj');
  mkdirSync(proj, { recursive: true });
  writeFileSync(join(proj, 'in.txt'), 'in\n');
  writeFileSync(join(proj, 'ssdp.yaml'), yaml);
  return proj;
}

test('W3: an output reached through a link to a folder holding the project is refused; nothing outside moves', () => {
  const base = tempDir('ssdp-link-');
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'x'), 'keep\n');
  const proj = projectIn(base, 'tasks:\n  c:\n    cmd: "exit 3"\n    inputs: ["in.txt"]\n    outputs: ["up/outside/x"]\n');
  symlinkSync('..', join(proj, 'up'));
  const r = runCli(['run', 'c', '--json'], { cwd: proj });
  assert.notEqual(r.status, 0);
  const err = (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
  assert.equal(err.code, 'E_BAD_SPEC');
  assert.match(err.message, /ssdp\.yaml:5:15: output 'up\/outside\/x' of task 'c' goes through the link up to .*holds the project/);
  assert.equal(readFileSync(join(base, 'outside', 'x'), 'utf8'), 'keep\n');
});

test('W3: a data link of the user (ln -s /big/disk data) is left in place when its step fails, and outputs under it still work', () => {
  const base = tempDir('ssdp-link-');
  const disk = join(base, 'disk');
  mkdirSync(disk);
  writeFileSync(join(disk, 'big.bin'), 'data\n');
  const proj = projectIn(base, 'tasks:\n  d:\n    cmd: "exit 3"\n    inputs: ["in.txt"]\n    outputs: ["data"]\n');
  symlinkSync(disk, join(proj, 'data'));
  const r = runCli(['run', 'd'], { cwd: proj });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /data is a link \(yours, e\.g\. to a data disk\): left in place, not moved/);
  assert.ok(lstatSync(join(proj, 'data')).isSymbolicLink(), 'the link is where the user made it');
  assert.equal(readFileSync(join(disk, 'big.bin'), 'utf8'), 'data\n');
  // a workflow may not also have an output inside 'data' (O1, state-and-inputs.test.ts): another one writes there
  writeFileSync(join(proj, 'ssdp.yaml'), 'tasks:\n  w:\n    cmd: "echo made > data/w.txt"\n    inputs: ["in.txt"]\n    outputs: ["data/w.txt"]\n');
  const w = runCli(['run', 'w'], { cwd: proj });
  assert.equal(w.status, 0, w.stderr);
  assert.equal(readFileSync(join(disk, 'w.txt'), 'utf8'), 'made\n');
  assert.equal(existsSync(join(proj, '.ssdp', 'failed', 'd', 'data')), false);
});
