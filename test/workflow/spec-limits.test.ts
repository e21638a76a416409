/**
 * Workflow breaks of the tester's s12 round (try8d): a foreach a few zeros too large (FE1), dates
 * that do not exist (FE2), spec errors without a hint (C5), an output listed twice (C7), --graph
 * over a user's file (GR1), output patterns (C8), a read-only project (RO1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, CLI_ENTRY } from '../helpers/cli.js';

function run(yaml: string, args: string[], dir = tempDir('ssdp-8d-')): { status: number | null; error: { code: string; message: string; hint: string | null } } {
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  const r = runCli([...args, '--json'], { cwd: dir });
  return { status: r.status, error: (JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string | null } }).error };
}

test('FE1: a foreach of a billion steps is E_BAD_SPEC naming the foreach and the count, at once (it ran out of heap after minutes)', () => {
  for (const [expr, count] of [['range(0, 1000000000)', '1,000,000,000'], ['dates(2020-01-01, 100001)', '100,001']] as const) {
    const r = run(`tasks:\n  a:\n    foreach: { i: "${expr}" }\n    cmd: "true"\n`, ['run', 'a']);
    assert.equal(r.status, 1);
    assert.equal(r.error.code, 'E_BAD_SPEC');
    assert.match(r.error.message, new RegExp(`ssdp\\.yaml:2:3: foreach ${expr.replace(/[()]/g, '\\$&')} makes ${count} steps; ssdp runs at most 100,000`));
    assert.match(r.error.hint ?? '', /zeros too many/);
  }
});

test('FE2: dates() refuses a day that does not exist, and counts or bounds not written in digits', () => {
  for (const [expr, why] of [
    ['dates(2021-02-29, 2)', /'2021-02-29' is not a date of the form YYYY-MM-DD that exists/],
    ['dates(2020-02-30, 1)', /'2020-02-30' is not a date/],
    ['dates(2020-11-01, 1e1)', /'1e1' is not a positive whole number of days written in digits/],
    ['range(0x2, 4)', /range\(0x2, 4\) needs two whole numbers written in digits/],
  ] as const) {
    const r = run(`tasks:\n  a:\n    foreach: { i: "${expr}" }\n    cmd: "echo \${i}"\n`, ['run', 'a', '--dry-run']);
    assert.equal(r.status, 1, expr);
    assert.equal(r.error.code, 'E_BAD_SPEC');
    assert.match(r.error.message, why);
  }
  const leap = tempDir('ssdp-8d-');
  writeFileSync(join(leap, 'ssdp.yaml'), 'tasks:\n  a:\n    foreach: { i: "dates(2020-02-28, 3)" }\n    cmd: "echo ${i}"\n');
  const ok = runCli(['run', 'a', '--dry-run', '--json'], { cwd: leap });
  assert.deepEqual(JSON.parse(ok.stdout).run, ['a[2020-02-28]', 'a[2020-02-29]', 'a[2020-03-01]']);
});

test('C5/C7: spec errors of a task carry a hint; an output listed twice is E_BAD_SPEC at the second', () => {
  for (const [yaml, hint] of [
    ['tasks:\n  a:\n    cmd: "true"\n    function: ./m.js#f\n', /make two tasks/],
    ['tasks:\n  a:\n    description: x\n', /Give it cmd:/],
    ['tasks:\n  a:\n    foreach: { i: "1,2", j: "3,4" }\n    cmd: "true"\n', /combinations as the values of one/],
  ] as const) {
    const r = run(yaml, ['run', 'a']);
    assert.equal(r.error.code, 'E_BAD_SPEC');
    assert.match(r.error.hint ?? '', hint);
  }
  const twice = run('tasks:\n  a:\n    cmd: "echo > o.txt"\n    outputs: [o.txt, o.txt]\n', ['run', 'a']);
  assert.equal(twice.error.code, 'E_BAD_SPEC');
  assert.match(twice.error.message, /ssdp\.yaml:4:22: output 'o\.txt' of task 'a' is listed twice/);
  const noName = run('env: e.yaml\ntasks:\n  a: { cmd: "true" }\n', ['run', 'a']);
  assert.equal(noName.error.code, 'E_WORKFLOW_ENV');
  assert.match(noName.error.hint ?? '', /Write the env spec there/);
  // a lockfile (s20 try8q Q7: the hint said to add a YAML line to the JSON)
  const dir = tempDir('ssdp-8d-');
  writeFileSync(join(dir, 'e.lock.json'), '{"lockfileVersion": 1, "requested": [], "packages": []}\n');
  const lock = run('env: e.lock.json\ntasks:\n  a: { cmd: "true" }\n', ['run', 'a'], dir);
  assert.equal(lock.error.code, 'E_WORKFLOW_ENV');
  assert.match(lock.error.message, /env 'e\.lock\.json' is a lockfile .*env: takes an env spec/);
  assert.match(lock.error.hint ?? '', /ssdp env export -n ENV > env\.yaml/);
});

test('GR1: --graph never replaces a file ssdp did not write, nor writes through a hard link, into a folder, a FIFO or a missing folder', () => {
  const dir = tempDir('ssdp-8d-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "cp in.txt o.txt"\n    inputs: [in.txt]\n    outputs: [o.txt]\n');
  writeFileSync(join(dir, 'in.txt'), 'in\n');
  writeFileSync(join(dir, 'fig.svg'), '<svg>my hand-drawn figure</svg>\n');
  writeFileSync(join(dir, 'my.dot'), 'digraph mine {}\n');
  linkSync(join(dir, 'my.dot'), join(dir, 'hard.dot'));
  mkdirSync(join(dir, 'dir.svg'));
  spawnSync('mkfifo', [join(dir, 'f.svg')]);
  for (const [file, code] of [['fig.svg', 'E_GRAPH_EXISTS'], ['hard.dot', 'E_GRAPH_EXISTS'], ['dir.svg', 'E_GRAPH_PATH'], ['f.svg', 'E_GRAPH_PATH'], ['nodir/x.svg', 'E_GRAPH_PATH']] as const) {
    for (const extra of [['--dry-run'], []]) {
      const r = runCli(['run', 'a', '--graph', file, '--json', ...extra], { cwd: dir, timeout: 60_000 });
      assert.equal(r.status, 1, `${file}: ${r.stderr}`);
      assert.equal(JSON.parse(r.stdout).error.code, code, file);
    }
  }
  assert.equal(readFileSync(join(dir, 'fig.svg'), 'utf8'), '<svg>my hand-drawn figure</svg>\n');
  assert.equal(readFileSync(join(dir, 'my.dot'), 'utf8'), 'digraph mine {}\n');
  assert.equal(existsSync(join(dir, 'o.txt')), false, 'nothing ran');
  // its own picture it replaces, under a temporary name renamed into place
  for (let n = 0; n < 2; n++) assert.equal(runCli(['run', 'a', '--dry-run', '--graph', 'g.dot'], { cwd: dir }).status, 0);
  assert.match(readFileSync(join(dir, 'g.dot'), 'utf8'), /digraph workflow/);
  for (let n = 0; n < 2; n++) assert.equal(runCli(['run', 'a', '--dry-run', '--graph', 'g.svg'], { cwd: dir }).status, 0);
  assert.match(readFileSync(join(dir, 'g.svg'), 'utf8'), /<svg/);
});

test('C8: an output with a * is E_BAD_SPEC (outputs are paths, not patterns)', () => {
  const r = run('tasks:\n  a:\n    cmd: "mkdir -p res; echo > res/part.txt"\n    outputs: ["res/*.txt"]\n', ['run', 'a']);
  assert.equal(r.error.code, 'E_BAD_SPEC');
  assert.match(r.error.message, /ssdp\.yaml:4:15: output 'res\/\*\.txt' of task 'a' has a \*/);
});

test('RO1: a project on a read-only file system is E_WORKFLOW_STATE naming the folder, not an ENOENT stack; --dry-run still plans', { skip: spawnSync('unshare', ['-m', 'true']).status !== 0 ? 'needs unshare -m (root)' : false }, () => {
  const dir = tempDir('ssdp-8d-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "echo hi"\n');
  const inRo = (args: string) => spawnSync('unshare', ['-m', 'sh', '-c', `mount --bind "${dir}" "${dir}" && mount -o remount,bind,ro "${dir}" && cd "${dir}" && "${process.execPath}" "${CLI_ENTRY}" ${args}`], { encoding: 'utf8' });
  const r = inRo('run a --json');
  assert.equal(r.status, 1, r.stderr);
  const e = JSON.parse(r.stdout).error;
  assert.equal(e.code, 'E_WORKFLOW_STATE');
  assert.match(e.message, /cannot be written \(EROFS, a read-only file system\)/);
  const dry = inRo('run a --dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /1 to run/);
});

test('C10: two params read from one environment variable (a-b and a_b: SSDP_PARAM_A_B) are E_BAD_SPEC naming both and the variable', () => {
  const r = run('params:\n  a-b: one\n  a_b: two\ntasks:\n  t: { cmd: "true" }\n', ['tasks']);
  assert.equal(r.error.code, 'E_BAD_SPEC');
  assert.match(r.error.message, /ssdp\.yaml:3:3: params 'a-b' and 'a_b' would both be set by the environment variable SSDP_PARAM_A_B/);
  const own = run('params:\n  x: { default: one, env: SHARED }\n  y: { default: two, env: SHARED }\ntasks:\n  t: { cmd: "true" }\n', ['run', 't']);
  assert.match(own.error.message, /params 'x' and 'y' would both be set by the environment variable SHARED/);
});

test('WU1: an ssdp.yaml above the current folder owned by another user is refused (E_WORKFLOW_NOT_YOURS) unless named; one of yours runs, naming the file', { skip: process.getuid?.() !== 0 ? 'chown to another user needs root' : false }, () => {
  const top = tempDir('ssdp-8d-');
  const outer = join(top, 'outer');
  const deep = join(outer, 'inner', 'deep');
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(outer, 'ssdp.yaml'), 'tasks:\n  build:\n    cmd: "touch PLANTED"\n');
  chownSync(outer, 1234, 1234);
  chownSync(join(outer, 'ssdp.yaml'), 1234, 1234);
  const r = runCli(['run', 'build'], { cwd: deep });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`E_WORKFLOW_NOT_YOURS\\]: The nearest ssdp\\.yaml above this folder is ${join(outer, 'ssdp.yaml').replace(/[.]/g, '\\.')}, and it belongs to another user \\(uid 1234\\)`));
  assert.match(r.stderr, /hint: If you mean to run it, name it: ssdp run --workflow/);
  assert.equal(existsSync(join(outer, 'PLANTED')), false);
  const named = runCli(['run', 'build', '--workflow', join(outer, 'ssdp.yaml')], { cwd: deep });
  assert.equal(named.status, 0, named.stderr);
  assert.ok(existsSync(join(outer, 'PLANTED')));
  // the user's own, found above: runs, and says which file
  chownSync(outer, 0, 0);
  chownSync(join(outer, 'ssdp.yaml'), 0, 0);
  const mine = runCli(['run', 'build', '--force'], { cwd: deep });
  assert.equal(mine.status, 0, mine.stderr);
  assert.match(mine.stderr, new RegExp(`workflow: ${join(outer, 'ssdp.yaml').replace(/[.]/g, '\\.')}`));
});
