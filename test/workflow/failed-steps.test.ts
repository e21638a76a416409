import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killRunOnceRecorded, runCli, tempDir, until, CLI_ENTRY } from '../helpers/cli.js';

const WORKFLOW = `
params: { out: part.txt }
tasks:
  broken:
    cmd: "mkdir -p sub; echo partial > \${out}; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line-$i >&2; done; exit 3"
    outputs: ["\${out}"]
  slow:
    # writes half its output, then waits for a file that never comes; 'late' would show it kept running
    cmd: "echo partial > slow.txt; while [ ! -e go ]; do sleep 0.05; done; echo late > late.txt"
    outputs: [slow.txt]
`;

function project(): string {
  const dir = tempDir('ssdp-fail-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  return dir;
}

test('a failed cmd step reports its command, exit code and last stderr lines, and moves its outputs aside', () => {
  const dir = project();
  const r = runCli(['run', 'broken'], { cwd: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /ssdp: error \[E_TASK_COMMAND\]: Step broken: the command exited with code 3/);
  assert.match(r.stderr, /exited with code 3/);
  assert.match(r.stderr, /\$ mkdir -p sub; echo partial > part\.txt; for i in/, 'the command as it ran');
  assert.match(r.stderr, /\| line-12/);
  assert.match(r.stderr, /\| line-3\n/, 'the last ten lines');
  assert.doesNotMatch(r.stderr, /\| line-2\n/, 'not more');
  assert.doesNotMatch(r.stderr, /at ChildProcess|    at |retries/, 'no stack, no hint about flaky task functions');
  assert.equal(r.stderr.match(/exited with code 3/g)!.length, 1, 'printed once');
  assert.equal(existsSync(join(dir, 'part.txt')), false, 'the half-written output is not left in place');
  assert.equal(readFileSync(join(dir, '.ssdp/failed/broken/part.txt'), 'utf8'), 'partial\n', 'it is kept aside to look at');
  assert.match(r.stderr, /moved to \.ssdp\/failed\/broken\//);

  const again = runCli(['run', 'broken', '--param', 'out=sub/part.txt'], { cwd: dir });
  assert.notEqual(again.status, 0);
  assert.equal(existsSync(join(dir, '.ssdp/failed/broken/part.txt')), false, 'only the latest failure is kept');
  assert.ok(existsSync(join(dir, '.ssdp/failed/broken/sub/part.txt')));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`a run stopped by ${signal} mid-step stops the command and moves its outputs aside`, async () => {
    const dir = project();
    const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    await until(() => existsSync(join(dir, 'slow.txt')), 'the step to start writing');
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, signal === 'SIGINT' ? 130 : 143, stderr);
    assert.match(stderr, /E_RUN_INTERRUPTED/);
    assert.match(stderr, /slow -> \.ssdp\/failed\/slow/);
    assert.equal(existsSync(join(dir, 'slow.txt')), false);
    assert.equal(readFileSync(join(dir, '.ssdp/failed/slow/slow.txt'), 'utf8'), 'partial\n');
    // The command was stopped: letting it go on now would write late.txt.
    writeFileSync(join(dir, 'go'), '');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(existsSync(join(dir, 'late.txt')), false, 'the command did not go on running');
    assert.equal(existsSync(join(dir, '.ssdp/run.lock')), false, 'the run lock was released');
  });
}

test('N2: a stop signal just before a step\'s shell starts ends the run: the command never runs, no record is left, the next run runs the step', async () => {
  const dir = project();
  const hold = join(dir, 'hold');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSDP_TEST_HOLD_SHELL: hold } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  await until(() => existsSync(`${hold}.held`), 'the step to reach the moment before its shell');
  child.kill('SIGINT');
  await until(() => stderr.includes('E_RUN_INTERRUPTED'), 'the run to report the stop');
  // Let go of the step and its command's wait: a step that still started now would write both files.
  writeFileSync(join(dir, 'go'), '');
  writeFileSync(hold, '');
  assert.equal(await exited, 130, stderr);
  assert.equal(existsSync(join(dir, 'slow.txt')), false, 'the command never ran');
  assert.equal(existsSync(join(dir, 'late.txt')), false);
  const running = join(dir, '.ssdp/running');
  assert.deepEqual(existsSync(running) ? readdirSync(running) : [], [], 'no running marker left to mislead the next run');
  const again = runCli(['run', 'slow'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /\(1 ran, 0 up to date\)/, 'the step runs: its output is not taken for found data');
  assert.equal(readFileSync(join(dir, 'slow.txt'), 'utf8'), 'partial\n');
});

test('N2: a stop signal Node has taken in before the run listens itself reaches the run (was lost: exit 0)', async () => {
  const { catchStopSignals, handOverStops } = await import('../../src/workflow/stop-signals.js');
  const early = (): void => {};
  process.on('SIGINT', early);
  handOverStops(() => process.removeListener('SIGINT', early));
  process.kill(process.pid, 'SIGINT'); // taken in; handed to a listener at the loop's next turn
  const stop = catchStopSignals(); // before that turn, as a run that plans without one does
  try {
    // Signals are handed over in the order they came: once this one is, the SIGINT was too.
    // (a signal's listener does not keep the loop alive: the interval does, until it came)
    const alive = setInterval(() => {}, 60_000);
    await new Promise<void>((r) => {
      process.once('SIGUSR2', () => r());
      process.kill(process.pid, 'SIGUSR2');
    }).finally(() => clearInterval(alive));
    assert.equal(stop.signal, 'SIGINT');
  } finally {
    stop.off();
  }
});

test('after a kill -9 the next run moves the unfinished step\'s outputs aside before anything trusts them', async () => {
  const dir = project();
  await killRunOnceRecorded(dir, 'slow', 'slow.txt');
  const r = runCli(['run', 'slow', '--dry-run'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(dir, 'go'), '');
  const next = runCli(['run', 'slow'], { cwd: dir });
  assert.equal(next.status, 0, next.stderr);
  assert.match(next.stderr, /step slow did not finish in an earlier run: its outputs were moved to \.ssdp\/failed\/slow/);
  assert.equal(readFileSync(join(dir, '.ssdp/failed/slow/slow.txt'), 'utf8'), 'partial\n');
  assert.equal(readFileSync(join(dir, 'slow.txt'), 'utf8'), 'partial\n', 'made again by this run');
});

test('W1: after a kill -9, a file the user then puts at the output path is left in place and used as the data, not moved aside', async () => {
  const dir = project();
  await killRunOnceRecorded(dir, 'slow', 'slow.txt');
  writeFileSync(join(dir, 'go'), ''); // lets the orphaned command end (it does not touch slow.txt)
  await new Promise((r) => setTimeout(r, 1500)); // the user comes back later
  writeFileSync(join(dir, 'slow.txt'), 'MY OWN DATA\n');
  const dry = runCli(['run', 'slow', '--dry-run'], { cwd: dir });
  assert.equal(dry.status, 0, dry.stderr);
  assert.doesNotMatch(dry.stderr, /moves its outputs aside/);
  const r = runCli(['run', 'slow'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /slow\.txt changed after that run stopped, so it is not what the step wrote: left in place/);
  assert.match(r.stderr + r.stdout, /1 step\(s\) not run: its output exists and ssdp did not write it/);
  assert.equal(readFileSync(join(dir, 'slow.txt'), 'utf8'), 'MY OWN DATA\n');
  assert.equal(existsSync(join(dir, '.ssdp/failed/slow')), false);
});

test('B4: after a kill -9, a file at an output the last record saw absent is the user\'s, even written right after the kill', async () => {
  const dir = tempDir('ssdp-fail-');
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    cmd: "touch started; sleep 30; echo done > a.txt"\n    outputs: [a.txt]\n');
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'a'], { cwd: dir, stdio: 'ignore' });
  const seen = join(dir, '.ssdp/running/seen.state');
  await until(() => existsSync(join(dir, 'started')) && existsSync(seen) && /"[^"]*a\.txt":null/.test(readFileSync(seen, 'utf8')), 'the run to record a.txt as absent');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const beat = (JSON.parse(readFileSync(seen, 'utf8')) as { beat: number }).beat;
  writeFileSync(join(dir, 'a.txt'), 'USER\n');
  // As if written within the run's last half second of life (timing made certain, not raced).
  utimesSync(join(dir, 'a.txt'), new Date(beat + 100), new Date(beat + 100));
  const dry = runCli(['run', 'a', '--dry-run'], { cwd: dir });
  assert.equal(dry.status, 0, dry.stderr);
  assert.doesNotMatch(dry.stderr, /moves its outputs aside/);
  const r = runCli(['run', 'a'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /a\.txt did not exist at that run's last record of step a \(\d{4}-[^)]+\), so it is taken as yours: left in place/);
  assert.match(r.stderr, /in the half second before it was killed is it partial: then delete it and run again/);
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'USER\n');
  assert.equal(existsSync(join(dir, '.ssdp/failed/a')), false);
});
