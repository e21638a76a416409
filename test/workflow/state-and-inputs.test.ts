/**
 * Tester breaks of s11 try8 on the workflow's own state and plan: a damaged .ssdp (WS1) or stamp
 * (WS2), a missing input no step makes (IN1), overlapping outputs (O1), and the run lock of a
 * run killed with kill -9 (its holder dead, or a zombie its parent has not reaped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runCli, tempDir, until, CLI_ENTRY } from '../helpers/cli.js';
import { running } from '../helpers/processes.js';

function project(yaml: string): string {
  const dir = tempDir('ssdp-state-');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  return dir;
}

const ONE = 'tasks:\n  t:\n    cmd: "echo ok > t.txt"\n    outputs: [t.txt]\n';

test('WS1: .ssdp (or .ssdp/tasks) as a plain file is a coded error naming it, also with --json and --dry-run; nothing runs', () => {
  const dir = project(ONE);
  writeFileSync(join(dir, '.ssdp'), 'x\n');
  for (const extra of [[], ['--dry-run']]) {
    const r = runCli(['run', 't', ...extra], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_WORKFLOW_STATE.*${join(dir, '.ssdp').replace(/[.]/g, '\\.')} is not a folder`));
    assert.match(r.stderr, /hint: Move it away \(mv "\.ssdp" "\.ssdp\.bak"\)/);
    assert.doesNotMatch(r.stderr, /ENOTDIR|unexpected error|\n\s+at /);
  }
  const j = runCli(['run', 't', '--json'], { cwd: dir });
  assert.equal(j.status, 1);
  assert.equal(JSON.parse(j.stdout).error.code, 'E_WORKFLOW_STATE');
  assert.equal(readFileSync(join(dir, '.ssdp'), 'utf8'), 'x\n', 'the file is left as it was');
  assert.equal(existsSync(join(dir, 't.txt')), false, 'the step did not run');

  const sub = project(ONE);
  mkdirSync(join(sub, '.ssdp'));
  writeFileSync(join(sub, '.ssdp', 'tasks'), 'x\n');
  const r = runCli(['run', 't'], { cwd: sub });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /E_WORKFLOW_STATE.*[/]\.ssdp[/]tasks is not a folder/);
  assert.equal(existsSync(join(sub, 't.txt')), false);
  assert.deepEqual(readdirSync(join(sub, '.ssdp')), ['tasks'], 'no lock or record was left');
});

test('WS1: an .ssdp this user cannot read and write is a coded error naming it', { skip: process.getuid?.() === 0 ? 'root reads and writes any folder' : false }, () => {
  const dir = project(ONE);
  mkdirSync(join(dir, '.ssdp'));
  chmodSync(join(dir, '.ssdp'), 0o500);
  try {
    const r = runCli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /E_WORKFLOW_STATE.*\.ssdp is a folder this user cannot read and write \(EACCES\)/);
  } finally {
    chmodSync(join(dir, '.ssdp'), 0o700);
  }
});

test('WS2: an empty or junk stamp is named in a warning, and the step runs again with its old output moved aside', () => {
  for (const [junk, why] of [['', 'it is empty'], ['{"id": 1', 'it is not valid JSON']] as const) {
    const dir = project(ONE);
    assert.equal(runCli(['run', 't', '-q'], { cwd: dir }).status, 0);
    const stamps = readdirSync(join(dir, '.ssdp/tasks'));
    assert.equal(stamps.length, 1);
    for (const f of stamps) writeFileSync(join(dir, '.ssdp/tasks', f), junk);
    writeFileSync(join(dir, 't.txt'), 'old\n');
    const r = runCli(['run', 't', '--force'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`the stamp of step t \\(\\.ssdp/tasks/${stamps[0]}\\) is damaged \\(${why}\\)`));
    assert.match(r.stdout + r.stderr, /1 ran/);
    assert.equal(readFileSync(join(dir, 't.txt'), 'utf8'), 'ok\n', 'the step made its output again');
    const [aside] = readdirSync(join(dir, '.ssdp/replaced'));
    assert.equal(readFileSync(join(dir, '.ssdp/replaced', aside!, 't.txt'), 'utf8'), 'old\n', 'the file found there is kept');
    const again = runCli(['run', 't'], { cwd: dir });
    assert.match(again.stdout + again.stderr, /up to date/, 'the new stamp is whole');
    assert.doesNotMatch(again.stderr, /damaged/);
  }
});

test('IN1 with a pattern: an input data/*.tif that matches no file and no output of the run is E_INPUT_MISSING naming the pattern; one a task of the run writes is fine', () => {
  const dir = project('tasks:\n  g:\n    cmd: "cat data/*.tif > g.txt 2>/dev/null; true"\n    inputs: ["data/*.tif"]\n    outputs: [g.txt]\n');
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'a.txt'), 'not a tif\n');
  for (const extra of [[], ['--dry-run']]) {
    const r = runCli(['run', 'g', ...extra], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_INPUT_MISSING.*data\/\*\.tif \(input of step g, .*ssdp\.yaml:2:3\)\. Nothing was run\./s);
  }
  assert.equal(existsSync(join(dir, 'g.txt')), false);
  writeFileSync(join(dir, 'data', 'b.tif'), 'tif\n');
  let r = runCli(['run', 'g'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'g.txt'), 'utf8'), 'tif\n');

  const made = project('tasks:\n  mk:\n    cmd: "mkdir -p data && echo t > data/x.tif"\n    outputs: [data/x.tif]\n  g:\n    depends_on: [mk]\n    cmd: "cat data/*.tif > g.txt"\n    inputs: ["data/*.tif"]\n    outputs: [g.txt]\n');
  r = runCli(['run', 'g'], { cwd: made });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(made, 'g.txt'), 'utf8'), 't\n');
});

test('IN1: a declared input that is missing and that no task writes stops the run before anything runs, naming input and step', () => {
  const dir = project('tasks:\n  g:\n    cmd: "cat nothere.txt > g.txt; true"\n    inputs: [nothere.txt]\n    outputs: [g.txt]\n');
  for (const extra of [[], ['--dry-run']]) {
    const r = runCli(['run', 'g', ...extra], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_INPUT_MISSING.*nothere\.txt \(input of step g, .*ssdp\.yaml:2:3\)\. Nothing was run\./);
  }
  assert.equal(existsSync(join(dir, 'g.txt')), false);
  assert.equal(existsSync(join(dir, '.ssdp/tasks')), false, 'nothing was stamped');
  writeFileSync(join(dir, 'nothere.txt'), 'now\n');
  const r = runCli(['run', 'g'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'g.txt'), 'utf8'), 'now\n');
});

test('DG1 (s12 try8d): an input another task writes, without depends_on that task, is E_BAD_SPEC naming both, also when the file exists', () => {
  const dir = project('tasks:\n  a:\n    cmd: "cat in.txt > a.txt"\n    inputs: [in.txt]\n    outputs: [a.txt]\n  b:\n    cmd: "cat a.txt > b.txt"\n    inputs: [a.txt]\n    outputs: [b.txt]\n  all:\n    depends_on: [a, b]\n');
  writeFileSync(join(dir, 'in.txt'), 'v1\n');
  assert.equal(runCli(['run', 'a', '-q'], { cwd: dir }).status, 0);
  for (const task of ['b', 'all']) {
    const r = runCli(['run', task], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BAD_SPEC\]: .*ssdp\.yaml:6:3: input 'a\.txt' of task 'b' is written by task 'a', but task 'b' does not depend on it/);
    assert.match(r.stderr, /hint: Add depends_on: \[a\] to task 'b'/);
  }
  assert.equal(existsSync(join(dir, 'b.txt')), false);
  // with the edge written, a change of in.txt reaches b
  writeFileSync(join(dir, 'ssdp.yaml'), readFileSync(join(dir, 'ssdp.yaml'), 'utf8').replace('  b:\n', '  b:\n    depends_on: [a]\n'));
  assert.equal(runCli(['run', 'all', '-q'], { cwd: dir }).status, 0);
  writeFileSync(join(dir, 'in.txt'), 'v2\n');
  assert.equal(runCli(['run', 'all', '-j', '2', '-q'], { cwd: dir }).status, 0);
  assert.equal(readFileSync(join(dir, 'b.txt'), 'utf8'), 'v2\n');
});

test('IN1: inputs a step of the same run writes (the file, or files in a folder) are not missing', () => {
  const dir = project('tasks:\n  a:\n    cmd: "mkdir -p parts && echo 1 > parts/x && echo a > a.txt"\n    outputs: [parts/x, a.txt]\n  b:\n    depends_on: [a]\n    cmd: "cat a.txt parts/x > b.txt"\n    inputs: [a.txt, parts]\n    outputs: [b.txt]\n');
  const r = runCli(['run', 'b'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'b.txt'), 'utf8'), 'a\n1\n');
});

test('O1: an output at or inside another step\'s output is E_BAD_SPEC naming both tasks and places; nothing runs', () => {
  const base = 'tasks:\n  b:\n    cmd: "mkdir -p res && echo ok > res/b.txt"\n    inputs: [in.txt]\n    outputs: [OUT]\n  a:\n    cmd: "mkdir -p res; exit 5"\n    inputs: [in.txt]\n    outputs: [res]\n';
  for (const [out, params] of [['res/b.txt', ''], ['"${r}/b.txt"', 'params: { r: res }\n'], ['res', '']]) {
    const dir = project(params + base.replace('OUT', out));
    writeFileSync(join(dir, 'in.txt'), 'in\n');
    const line = params ? 6 : 5;
    const r = runCli(['run', 'b'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const how = out === 'res' ? 'is also' : 'is inside';
    assert.match(r.stderr, new RegExp(`E_BAD_SPEC\\]: .*ssdp\\.yaml:${line}:15: output '.*' of task 'b' ${how} output 'res' of task 'a' \\(.*ssdp\\.yaml:${line + 4}:15\\)`));
    assert.equal(existsSync(join(dir, 'res')), false, 'nothing ran');
  }
  const each = project('tasks:\n  d:\n    foreach: { day: "1, 2" }\n    cmd: "echo > o.txt"\n    outputs: [o.txt]\n');
  const r = runCli(['run', 'd'], { cwd: each });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /output 'o\.txt' of step d\[1\] of task 'd' is also output 'o\.txt' of step d\[2\] of task 'd'/);
  const fine = project('tasks:\n  d:\n    foreach: { day: "1, 2" }\n    cmd: "echo ${day} > o${day}.txt"\n    outputs: ["o${day}.txt"]\n  s:\n    depends_on: [d]\n    cmd: "cat o1.txt o2.txt > s.txt"\n    outputs: [s.txt]\n');
  assert.equal(runCli(['run', 's'], { cwd: fine }).status, 0);
  assert.equal(readFileSync(join(fine, 's.txt'), 'utf8'), '1\n2\n');
});

const WAITING = 'tasks:\n  w:\n    cmd: "while [ ! -e go ]; do sleep 0.05; done; echo done > out.txt"\n    outputs: [out.txt]\n';

test('run lock: right after a kill -9 of ssdp run, whose parent has not reaped it yet (a zombie), the next run takes the lock', async (t) => {
  const dir = project(WAITING);
  // sh starts the run in the background, then becomes `sleep`, which never waits for its child:
  // the killed run stays a zombie (kill(pid, 0) still succeeds) until the test ends the sleep.
  const sh = spawn('sh', ['-c', `"${process.execPath}" "${CLI_ENTRY}" run w >/dev/null 2>&1 & echo $!; exec sleep 600`], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => sh.kill('SIGKILL'));
  let out = '';
  sh.stdout!.on('data', (d) => (out += d));
  await until(() => /^\d+\n/.test(out), 'the pid of the run');
  const pid = Number(out.trim());
  const runningDir = join(dir, '.ssdp/running');
  // The marker is written once as the step starts and again with its shell's process group.
  const shellOf = (): number | undefined => {
    const marker = existsSync(runningDir) ? readdirSync(runningDir).find((f) => f.endsWith('.json')) : undefined;
    return marker ? (JSON.parse(readFileSync(join(runningDir, marker), 'utf8')) as { shell?: number }).shell : undefined;
  };
  await until(() => shellOf() !== undefined, 'the run to be mid-step');
  assert.equal(JSON.parse(readFileSync(join(dir, '.ssdp/run.lock'), 'utf8')).pid, pid);
  process.kill(pid, 'SIGKILL');
  await until(() => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z'), 'the killed run to be a zombie');
  // The run's worker and the step's shell die after it (the worker on losing its parent, the step by
  // its watcher): only then may the step see `go`, else a step still running could finish it first.
  const shell = shellOf()!;
  await until(() => !running(shell), 'the killed run\'s step to be stopped');
  writeFileSync(join(dir, 'go'), '');
  const r = runCli(['run', 'w'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /E_WORKFLOW_BUSY/);
  assert.match(r.stderr, /step w did not finish in an earlier run/);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'done\n');
});

test('run lock: a lock whose pid now belongs to a process started after it was taken (pid reused) does not block', async (t) => {
  const dir = project(WAITING);
  writeFileSync(join(dir, 'go'), '');
  const other = spawn('sleep', ['600'], { stdio: 'ignore' });
  t.after(() => other.kill('SIGKILL'));
  await until(() => existsSync(`/proc/${other.pid}/stat`), 'the other process to start');
  mkdirSync(join(dir, '.ssdp'));
  // taken ten minutes ago by a run that is gone; its pid is now the sleep's
  writeFileSync(join(dir, '.ssdp/run.lock'), JSON.stringify({ pid: other.pid, host: hostname(), time: Date.now() - 600_000 }));
  const r = runCli(['run', 'w'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  // and a lock taken after its holder started still holds
  writeFileSync(join(dir, '.ssdp/run.lock'), JSON.stringify({ pid: other.pid, host: hostname(), time: Date.now() }));
  const busy = runCli(['run', 'w', '--force'], { cwd: dir });
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /E_WORKFLOW_BUSY/);
});
