/** `-j` counts workers (tester s11 try8 J1): 0, -1 and 1.5 are the usual option error, exit 2, nothing run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

test('J1: -j 0, -j -1, -j 1.5 stop with E_BAD_OPTION_VALUE, exit 2, before anything runs; -j 1 runs', () => {
  const dir = tempDir('ssdp-j-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "echo ok > a.txt"\n    outputs: [a.txt]\n');
  // also forms Number() reads but nobody means as a count of workers (s12 try8d)
  for (const j of ['0', '-1', '1.5', '--jobs=0', '1e1', '0x2', ' 2', '+2', '02', '99999999999999999999']) {
    const r = runCli(j.startsWith('--') ? ['run', 'a', j] : ['run', 'a', '-j', j], { cwd: dir });
    assert.equal(r.status, 2, `${j}: ${r.stderr}`);
    assert.match(r.stderr, /E_BAD_OPTION_VALUE.*takes a whole number of workers, 1 or more/);
    assert.equal(existsSync(join(dir, 'a.txt')), false);
  }
  const r = runCli(['run', 'a', '-j', '1'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'a.txt')));
  // more workers than steps: the count said is the one started
  const big = runCli(['run', 'a', '--force', '-j', '99999999999'], { cwd: dir });
  assert.equal(big.status, 0, big.stderr);
  assert.match(big.stderr + big.stdout, /running 1 of 1 steps with 1 worker \(-j 99999999999, one per step\)/);
});
