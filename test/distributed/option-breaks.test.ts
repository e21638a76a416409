/**
 * Option slips of scale-out (tester s13 try11t B12): -j with --broker is refused before anything
 * starts, instead of being silently ignored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

test('B12: ssdp run TASK --broker URL -j N is a usage error naming -j and --broker; nothing runs', () => {
  const dir = tempDir('ssdp-broker-j-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "echo ok > a.txt"\n    outputs: [a.txt]\n');
  const r = runCli(['run', 'a', '--broker', 'redis://127.0.0.1:1', '-j', '1'], { cwd: dir, timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BAD_ARGS.*-j 1 sets the number of worker processes on this machine; with --broker the steps run on the broker's workers/);
  assert.doesNotMatch(r.stderr + r.stdout, /running \d+ of/);
  assert.equal(existsSync(join(dir, 'a.txt')), false);
  assert.equal(existsSync(join(dir, '.ssdp')), false, 'no run state written');
});
