/**
 * Workflow half of the session-14 tester's B5 (/work/briefs/s14/breaks/try8f.md): a FIFO at
 * .ssdp/run.lock or at a step's stamp made `ssdp run` hang without a word, as reading a FIFO
 * blocks until a writer comes. Both are E_WORKFLOW_STATE naming the file, before anything runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

const ONE = 'tasks:\n  t:\n    cmd: "echo hi > o.txt"\n    outputs: [o.txt]\n';

function fifoAt(file: string): void {
  rmSync(file, { force: true });
  assert.equal(spawnSync('mkfifo', [file]).status, 0);
}

test('B5: a FIFO at .ssdp/run.lock or at a stamp is E_WORKFLOW_STATE naming it; nothing runs', () => {
  const dir = tempDir('ssdp-fifo-');
  writeFileSync(join(dir, 'ssdp.yaml'), ONE);
  let r = runCli(['run', 't', '-q'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const stamps = join(dir, '.ssdp', 'tasks');
  const stamp = join(stamps, readdirSync(stamps).find((n) => n.endsWith('.json'))!);
  for (const file of [join(dir, '.ssdp', 'run.lock'), stamp]) {
    fifoAt(file);
    rmSync(join(dir, 'o.txt'), { force: true });
    // runCli's own time limit only turns the old hang into a failure.
    r = runCli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 1, `${file}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`\\[E_WORKFLOW_STATE\\]: ${file.replace(/[.]/g, '\\.')} is a FIFO \\(named pipe\\), not (the lock file|a record) ssdp writes`));
    assert.ok(!existsSync(join(dir, 'o.txt')), 'the step did not run');
    rmSync(file);
  }
  r = runCli(['run', 't', '-q'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
});
