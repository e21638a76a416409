/**
 * Breaks of the s13 issue-8 tester (try8e) in workflows, each a stack trace before:
 * W1: .ssdp (or .ssdp/failed) a dangling symlink ended `ssdp run` in ENOENT from mkdir, after the
 *     step had run, with its half-written output left in place;
 * W2: an output running through a file (a.txt/b.txt with a.txt a file) was ENOTDIR from lstat in
 *     every command that reads ssdp.yaml, `ssdp tasks` included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';

const noStack = (s: string) => assert.doesNotMatch(s, /unexpected error|\n\s+at /, s);

test('W1: .ssdp or a folder in it that is a dangling symlink is E_WORKFLOW_STATE naming it, before the step runs', () => {
  for (const where of ['.ssdp', '.ssdp/failed']) {
    const dir = tempDir('ssdp-w1-');
    writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  bad:\n    outputs: ["o.txt"]\n    cmd: "echo x > o.txt; exit 1"\n');
    if (where !== '.ssdp') mkdirSync(join(dir, '.ssdp'));
    symlinkSync(join(dir, 'disk-not-mounted'), join(dir, where));
    for (const extra of [[], ['--dry-run']]) {
      const r = runCli(['run', 'bad', ...extra], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`E_WORKFLOW_STATE\\]: ${join(dir, where).replace(/\./g, '\\.')} is a symlink to ${join(dir, 'disk-not-mounted')}, which does not exist`), r.stderr);
      noStack(r.stderr);
    }
    assert.ok(!existsSync(join(dir, 'o.txt')), 'the step did not run');
  }
});

test('W2: an output that runs through a file is E_BAD_SPEC at its line for tasks, run and run --dry-run; the file stays', () => {
  const dir = tempDir('ssdp-w2-');
  writeFileSync(join(dir, 'a.txt'), 'user\n');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  s:\n    outputs: ["a.txt/b.txt"]\n    cmd: "echo x > a.txt/b.txt"\n');
  for (const args of [['tasks'], ['run', 's'], ['run', 's', '--dry-run']]) {
    const r = runCli(args, { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BAD_SPEC\]: .*ssdp\.yaml:3:15: output 'a\.txt\/b\.txt' of task 's' runs through a\.txt, which is a file, not a folder/, args.join(' '));
    noStack(r.stderr);
  }
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'user\n');
});

test('O2: --param mistakes are command-line mistakes (exit 2): an unknown name says the near one, a word without = says the form', () => {
  const dir = tempDir('ssdp-o2-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'params:\n  t: 1\ntasks:\n  s:\n    outputs: ["o.txt"]\n    cmd: "echo ${t} > o.txt"\n');
  let r = runCli(['run', 's', '--param', 'tt=2'], { cwd: dir });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BAD_PARAM\]: --param tt: .*ssdp\.yaml has no parameter 'tt' \(did you mean 't'\?\)/);
  r = runCli(['run', 's', '--param', 'zebra=2'], { cwd: dir });
  assert.equal(r.status, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /did you mean/);
  assert.match(r.stderr, /Known parameters: t\./);
  // K15 (s18 try8k): --on-missing on a workflow without that parameter is the same kind of mistake.
  r = runCli(['run', 's', '--on-missing', 'skip', '--json'], { cwd: dir });
  assert.equal(r.status, 2, r.stderr);
  const k15 = JSON.parse(r.stdout).error;
  assert.equal(k15.code, 'E_BAD_PARAM');
  assert.match(k15.hint, /Known parameters: t\./);
  r = runCli(['run', 's', '--param', 't'], { cwd: dir });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /E_BAD_PARAM\]: --param t: expected KEY=VALUE/);
  assert.ok(!existsSync(join(dir, 'o.txt')), 'nothing ran');
  r = runCli(['run', 's', '--param', 't=5'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'o.txt'), 'utf8'), '5\n');
});
