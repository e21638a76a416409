// Breaks an independent tester found in `ssdp run` (W1..W7, S1..S3), each reproduced with real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { substituteCmd } from '../../src/workflow/cmd-template.js';
import { killRunOnceRecorded, runCli, tempDir, until, CLI_ENTRY } from '../helpers/cli.js';

function project(yaml: string): string {
  const dir = tempDir('ssdp-brk-');
  writeFileSync(join(dir, 'ssdp.yaml'), yaml);
  return dir;
}

/** Every file under dir whose content is `text`. */
function filesHolding(dir: string, text: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    if (readFileSync(p, 'utf8') === text) found.push(p);
  }
  return found;
}

test('W1: a file the user puts at an output path after a kill -9 is never deleted, even when the next runs fail', async () => {
  const dir = project('params: { code: "0" }\ntasks:\n  get:\n    cmd: "echo partial > data.txt; while [ ! -e go ]; do sleep 0.05; done; exit ${code}"\n    outputs: [data.txt]\n');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'get'], { cwd: dir, stdio: 'ignore' });
  await until(() => existsSync(join(dir, 'data.txt')), 'the step to start writing');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  writeFileSync(join(dir, 'go'), '');
  writeFileSync(join(dir, 'data.txt'), 'MY OWN DATA\n');
  // Written right after the kill, the file may be taken for the step's own (moved to .ssdp/failed,
  // kept there) or, later than the run could have written, left in place as data (failed-steps.test.ts).
  for (let n = 0; n < 2; n++) {
    const r = runCli(['run', 'get', '--param', 'code=7'], { cwd: dir });
    const kept = filesHolding(dir, 'MY OWN DATA\n');
    assert.equal(kept.length, 1, `run ${n + 1}: the user's file is kept\n${r.stderr}`);
    assert.match(kept[0]!, /(^|[/])data\.txt$|\.ssdp[/]failed[/]get(-\d+)?[/]data\.txt$/);
  }
});

test('W2/W3: ${x} inside `...` or an unquoted here-document is refused; a quoted here-document takes it literally', () => {
  const dir = tempDir('ssdp-brk-');
  const fail = (name: string): never => assert.fail(`unknown ${name}`);
  for (const cmd of ['echo "`printf %s ${v}`"', 'echo `printf %s ${v}`', 'cat <<END\n${v}\nEND']) {
    assert.throws(() => substituteCmd(cmd, { v: '$(touch PWNED)' }, 'ssdp.yaml: task t', fail), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_BAD_SPEC');
      assert.match(e.message, /ssdp\.yaml: task t: \$\{v\} sits in/);
      assert.match(e.hint ?? '', /\$\(\.\.\.\)|<<'END'/);
      return true;
    });
  }
  const yaml = (cmd: string) => `params: { v: x }\ntasks:\n  t:\n    cmd: ${JSON.stringify(cmd)}\n`;
  const bt = runCli(['run', 't', '--param', 'v=$(touch PWNED)'], { cwd: project(yaml('echo "`printf %s ${v}`"')) });
  assert.notEqual(bt.status, 0);
  assert.match(bt.stderr, /E_BAD_SPEC/);
  const hdDir = project(yaml("cat <<'END' > out.txt\n${v}\n  a b\nEND\necho after >> out.txt"));
  const hd = runCli(['run', 't', '--param', 'v=$(touch PWNED) "q" a b'], { cwd: hdDir });
  assert.equal(hd.status, 0, hd.stderr);
  assert.equal(readFileSync(join(hdDir, 'out.txt'), 'utf8'), '$(touch PWNED) "q" a b\n  a b\nafter\n');
  assert.equal(existsSync(join(hdDir, 'PWNED')), false);
  assert.equal(existsSync(join(dir, 'PWNED')), false);
  // Not a here-document: plain values go on being quoted around <<.
  assert.equal(substituteCmd('cat <<<${v}', { v: 'a b' }, 'w', fail), "cat <<<'a b'");
});

test('W4: with --json a step\'s own output goes to stderr and stdout is the JSON alone', () => {
  const dir = project('tasks:\n  p: { cmd: echo hello }\n');
  const r = runCli(['run', 'p', '--json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).task, 'p');
  assert.match(r.stderr, /^hello$/m);
  const plain = runCli(['run', 'p', '--force'], { cwd: dir });
  assert.match(plain.stdout, /^hello$/m, 'without --json it stays on stdout');
});

test('S1: a step that does not write a declared output fails with a coded error naming it', () => {
  const dir = project('tasks:\n  nothing:\n    cmd: "true"\n    outputs: [never.txt, also.txt]\n');
  const r = runCli(['run', 'nothing'], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /E_OUTPUT_MISSING/);
  assert.match(r.stderr, /Step nothing finished but did not write these declared outputs: never\.txt, also\.txt/);
  const again = runCli(['run', 'nothing'], { cwd: dir });
  assert.match(again.stderr, /E_OUTPUT_MISSING/, 'not recorded as done');
});

test('W5: after a kill -9, --dry-run shows the half-written step as to run, as the real run then does', async () => {
  const dir = project('tasks:\n  slow:\n    cmd: "echo partial > slow.txt; while [ ! -e go ]; do sleep 0.05; done"\n    outputs: [slow.txt]\n');
  await killRunOnceRecorded(dir, 'slow', 'slow.txt');
  writeFileSync(join(dir, 'go'), '');
  const dry = runCli(['run', 'slow', '--dry-run', '--json'], { cwd: dir });
  assert.equal(dry.status, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout), { run: ['slow'], skip: [], data: [], why: { slow: 'did not finish' } });
  assert.match(dry.stderr, /step slow did not finish in an earlier run: a real run moves its outputs aside/);
  assert.equal(readFileSync(join(dir, 'slow.txt'), 'utf8'), 'partial\n', 'a dry run moves nothing');
  const real = runCli(['run', 'slow', '--json'], { cwd: dir });
  assert.equal(real.status, 0, real.stderr);
  assert.deepEqual(JSON.parse(real.stdout).ran, ['slow']);
});

test('S2: --force on found data says why nothing runs instead of suggesting --force', () => {
  const dir = project('tasks:\n  get:\n    cmd: echo made > got.txt\n    outputs: [got.txt]\n');
  writeFileSync(join(dir, 'got.txt'), 'mine\n');
  const r = runCli(['run', 'get', '--force'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /use --force/);
  assert.match(r.stderr, /nothing to run: its step has outputs ssdp did not write \(found data\), which --force does not replace/);
  assert.equal(readFileSync(join(dir, 'got.txt'), 'utf8'), 'mine\n');
});

test('W6: a step\'s last line without a newline is not joined to the next step\'s output on the same worker', () => {
  const dir = project("tasks:\n  a:\n    cmd: \"printf 'no newline a'; printf 'err a' >&2\"\n  b:\n    depends_on: [a]\n    cmd: \"echo start b; echo err b >&2\"\n");
  const r = runCli(['run', 'b', '-j', '1'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^no newline a\nstart b$/m);
  assert.match(r.stderr, /^err a\n(.*\n)*err b$/m);
});

test('S3: no task or an unknown task exits 2; a misspelled task key gets a did-you-mean', () => {
  const dir = project('tasks:\n  p: { cmd: echo hi }\n');
  assert.equal(runCli(['run'], { cwd: dir }).status, 2);
  const nosuch = runCli(['run', 'nosuch'], { cwd: dir });
  assert.equal(nosuch.status, 2, nosuch.stderr);
  assert.match(nosuch.stderr, /E_NO_TASK/);
  const typo = runCli(['run', 'p'], { cwd: project('tasks:\n  p: { cmd: echo hi, output: [x] }\n') });
  assert.notEqual(typo.status, 0);
  assert.match(typo.stderr, /unknown key 'output'[^]*Did you mean 'outputs'\?/);
  const dep = runCli(['run', 'p'], { cwd: project('tasks:\n  p: { cmd: echo hi, depend_on: [x] }\n') });
  assert.match(dep.stderr, /Did you mean 'depends_on'\?/);
});

test('W7 (part): a function step whose module is missing gets a coded error naming it, without a loader stack', () => {
  const dir = project('tasks:\n  nomod: { function: "./none.mjs#x" }\n');
  const r = runCli(['run', 'nomod'], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /E_TASK_FUNCTION\]: Task nomod: cannot find the module of function: \.\/none\.mjs#x/);
  assert.doesNotMatch(r.stderr, /    at |retries/);
});

test('W7: a plain Error thrown in a task function shows the function\'s own frames only and a hint true for ssdp.yaml', () => {
  const dir = project('tasks:\n  boom: { function: "./mod.mjs#fn" }\n');
  writeFileSync(join(dir, 'mod.mjs'), 'function inner() {\n  throw new Error("x went wrong");\n}\nexport function fn() {\n  inner();\n}\n');
  const r = runCli(['run', 'boom'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_TASK_FAILED\]: Step boom: function \.\/mod\.mjs#fn threw Error: x went wrong/);
  assert.match(r.stderr, /\| at inner \(.*mod\.mjs:2:9\)/);
  assert.match(r.stderr, /\| at fn \(.*mod\.mjs:5:3\)/);
  assert.doesNotMatch(r.stderr, /node:internal|src[/]graph|src[/]workflow|retries/);
  assert.match(r.stderr, /hint: The frames above are the function's own/);
});

// Session 8 tester (B6): what a task function throws, or how it ends its worker, reaches the user in words.
const THROWERS = `export function str() { throw 'plain string'; }
export function obj() { throw { message: 'obj msg', code: 'E_FAKE' }; }
export function big() { throw new Error('x'.repeat(200000)); }
export function exits() { process.exit(3); }
export function killed() { process.kill(process.pid, 'SIGKILL'); }
export function timer() { setTimeout(() => { throw new Error('late boom'); }, 10); return new Promise((r) => setTimeout(r, 5000)); }
`;

function throwers(): string {
  const names = ['str', 'obj', 'big', 'exits', 'killed', 'timer'];
  const dir = project(`tasks:\n${names.map((n) => `  ${n}: { function: "./mod.mjs#${n}" }\n`).join('')}`);
  writeFileSync(join(dir, 'mod.mjs'), THROWERS);
  return dir;
}

test('B6: a thrown string or plain object keeps its text; no "frames above" hint when no frames are shown, also with --json', () => {
  const dir = throwers();
  const str = runCli(['run', 'str'], { cwd: dir });
  assert.equal(str.status, 1, str.stderr);
  assert.match(str.stderr, /E_TASK_FAILED\]: Step str: function \.\/mod\.mjs#str threw a string: plain string\n/);
  const obj = runCli(['run', 'obj', '--json'], { cwd: dir });
  assert.equal(obj.status, 1, obj.stderr);
  const { error } = JSON.parse(obj.stdout) as { error: { code: string; message: string; hint: string } };
  assert.equal(error.code, 'E_TASK_FAILED');
  assert.equal(error.message, 'Step obj: function ./mod.mjs#obj threw an object, not an Error: obj msg (code E_FAKE)');
  for (const text of [str.stderr, error.hint]) {
    assert.doesNotMatch(text, /frames above|\[object Object\]|threw Error/);
    assert.match(text, /Throwing an Error instead of this value shows where it happened/);
  }
});

test('B6: a 200 KB error message is cut at a sane length with a note saying so', () => {
  const r = runCli(['run', 'big'], { cwd: throwers() });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stderr.length < 5000, `stderr is ${r.stderr.length} characters`);
  assert.match(r.stderr, /threw Error: x{100,}\.\.\. \[message cut: \d+ more characters not shown\]\n    \| at big \(/);
});

test('B6: a step that ends its worker (process.exit, SIGKILL, an error thrown in a timer) gets E_WORKER_DIED naming it, no raw Node stack', () => {
  const dir = throwers();
  for (const [step, how] of [['exits', /exited \(code 3\)/], ['killed', /exited \(SIGKILL\)/], ['timer', /thrown outside the task's returned promise \(in a timer or callback\).*Error: late boom\n    at .*mod\.mjs:6/s]] as const) {
    const r = runCli(['run', step], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`E_WORKER_DIED\\]: Step ${step}: the worker process running it stopped before the step finished`));
    assert.match(r.stderr, how);
    assert.match(r.stderr, /hint: Something in the step ended its process: process\.exit\(\) in its function/);
    assert.doesNotMatch(r.stderr, /scheduler|Node\.js v\d|node:internal|listOnTimeout|\^\n/);
  }
});
