/**
 * The s9 env tester's N6 and N8 on `ssdp run TASK`: -q silences the summary line, as it does the
 * env commands' (--json still gives the result); after a kill -9 the next run's warnings, its
 * "running" line and its summary reach one terminal-like stream (stdout and stderr on one pipe,
 * as `2>&1` or a terminal has them) in the order they happen: warnings first, summary last.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, killRunOnceRecorded, runCli, tempDir } from '../helpers/cli.js';

function project(): string {
  const dir = tempDir('ssdp-order-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  slow:\n    cmd: "echo partial > slow.txt; while [ ! -e go ]; do sleep 0.05; done"\n    outputs: [slow.txt]\n');
  return dir;
}

test('N6: run TASK -q prints nothing on success; without -q the summary is printed; --json -q still gives the result', () => {
  const dir = project();
  writeFileSync(join(dir, 'go'), '');
  let r = runCli(['run', 'slow', '-q'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
  assert.equal(readFileSync(join(dir, 'slow.txt'), 'utf8'), 'partial\n');
  r = runCli(['run', 'slow', '-q', '--json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).skipped, ['slow']);
  r = runCli(['run', 'slow'], { cwd: dir });
  assert.match(r.stdout, /^slow: done in [\d.]+ s \(0 ran, 1 up to date\)$/m);
});

test('N8: after a kill -9, the next run says its warnings before it runs and its summary last, on one stream', async () => {
  const dir = project();
  await killRunOnceRecorded(dir, 'slow', 'slow.txt');
  writeFileSync(join(dir, 'go'), '');
  // One pipe for both streams, as a terminal shows them.
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI_ENTRY}" run slow 2>&1`], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
  const at = (re: RegExp) => {
    const i = r.stdout.search(re);
    assert.ok(i >= 0, `${re} in:\n${r.stdout}`);
    return i;
  };
  const warning = at(/ssdp: warning: step slow did not finish in an earlier run/);
  const running = at(/slow: running 1 of 1 steps/);
  const done = at(/slow: done in /);
  assert.ok(warning < running && running < done, r.stdout);
  assert.ok(r.stdout.trimEnd().endsWith(')'), `the summary is the last line:\n${r.stdout}`);
});
