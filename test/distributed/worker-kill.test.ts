/**
 * A worker killed with -9 mid-step (try11s S1): its task process dies with it, so it can never
 * finish the step later and overwrite the output and the stamp of the attempt that replaced it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { running } from '../helpers/processes.js';
import { startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
const workers: WorkerProcess[] = [];
const leftovers: number[] = [];


after(async () => {
  for (const pid of leftovers) if (running(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(workers.map((w) => w.stop()));
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// The first attempt blocks its thread far longer than `until` waits: a task process that outlives
// its worker fails the test instead of finishing the step while it runs.
const STEPS = `
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
export function slow({ out }, ctx) {
  const mark = join(ctx.root, 'marks', 'first');
  const first = !existsSync(mark);
  if (first) writeFileSync(mark, process.ppid + ' ' + process.pid);
  pause(first ? 120000 : 200);
  writeFileSync(join(ctx.root, out), first ? 'first attempt' : 'second attempt');
  return 1;
}
`;

const SLOW_FUNCTION = 'tasks:\n  slow:\n    function: ./steps.mjs#slow\n    args: { out: out.txt }\n    outputs: [out.txt]\n';

/** Two workers, a run of the one slow step, and the first attempt's worker and task process once it has started. */
async function firstAttempt(tag: string, spec = SLOW_FUNCTION, steps = STEPS) {
  const redis = await startRedis();
  servers.push(redis);
  const ws = [await startWorker(redis.url, ['--nprocs', '1']), await startWorker(redis.url, ['--nprocs', '1'])];
  workers.push(...ws);
  const dir = tempDir(`ssdp-worker-${tag}-`);
  dirs.push(dir);
  mkdirSync(join(dir, 'marks'));
  writeFileSync(join(dir, 'steps.mjs'), steps);
  writeFileSync(join(dir, 'ssdp.yaml'), spec);
  const run: ChildProcess = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--broker', redis.url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  run.stderr!.on('data', (d) => (stderr += d));
  const code = new Promise<number | null>((r) => run.on('exit', (c) => r(c)));
  await until(() => readdirSync(join(dir, 'marks')).length > 0, 'the first attempt to start');
  const [workerPid, taskPid, shellGroup] = readFileSync(join(dir, 'marks', 'first'), 'utf8').trim().split(' ').map(Number) as [number, number, number?];
  leftovers.push(taskPid);
  const worker = ws.find((w) => w.pid === workerPid);
  assert.ok(worker, `the task process's parent ${workerPid} is one of the workers`);
  return { redis, dir, code, stderr: () => stderr, worker, taskPid, shellGroup };
}

test('kill -9 of an ssdp worker mid-step: its task process dies with it; the step re-runs elsewhere and nothing overwrites it later', async () => {
  const { redis, dir, code, stderr, worker, taskPid } = await firstAttempt('kill');
  worker.child.kill('SIGKILL');
  await until(() => !running(taskPid), `task process ${taskPid} to die with its worker`);
  assert.equal(await code, 0, stderr());
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'second attempt');
  // the stamp the re-run wrote holds: the next run keeps the second attempt's output
  const again = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--broker', redis.url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  again.stdout!.on('data', (d) => (out += d));
  again.stderr!.on('data', (d) => (out += d));
  assert.equal(await new Promise((r) => again.on('exit', r)), 0, out);
  assert.match(out, /up to date/);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'second attempt');
});

// The first attempt writes part of its output, then blocks (as STEPS' does) until its worker is killed.
const PARTIAL_STEPS = STEPS.replace("if (first) writeFileSync(mark, process.ppid + ' ' + process.pid);", "if (first) writeFileSync(join(ctx.root, out), 'partial');\n  if (first) writeFileSync(mark, process.ppid + ' ' + process.pid);");

test('kill -9 of an ssdp worker mid-step after it wrote part of an output: the re-run moves it to .ssdp/failed/ as an earlier attempt\'s partial output, not to .ssdp/replaced/ as a file ssdp did not write (try11t T2)', async () => {
  assert.notEqual(PARTIAL_STEPS, STEPS);
  const { dir, code, stderr, worker, taskPid } = await firstAttempt('partial', SLOW_FUNCTION, PARTIAL_STEPS);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'partial');
  worker.child.kill('SIGKILL');
  await until(() => !running(taskPid), `task process ${taskPid} to die with its worker`);
  assert.equal(await code, 0, stderr());
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'second attempt');
  const said = workers.map((w) => w.output()).join('\n') + stderr();
  assert.match(said, /out\.txt is the partial output of an earlier attempt of this step \(pid \d+ on \S+, started [^)]+\) that did not finish \(its worker was killed or lost the step\): moved to \.ssdp\/failed\/slow before the step runs again/);
  assert.doesNotMatch(said, /ssdp did not write it/);
  assert.equal(readFileSync(join(dir, '.ssdp', 'failed', 'slow', 'out.txt'), 'utf8'), 'partial');
  assert.deepEqual(readdirSync(join(dir, '.ssdp')).filter((n) => n === 'replaced'), [], 'nothing in .ssdp/replaced/, where files ssdp did not write go');
});

test('a worker frozen past its job lock (SIGSTOP): the step re-runs elsewhere and, once it thaws, its stale attempt is killed before it writes', async () => {
  const { dir, code, stderr, worker: frozen, taskPid } = await firstAttempt('frozen');
  process.kill(frozen.pid, 'SIGSTOP');
  try {
    assert.equal(await code, 0, stderr());
  } finally {
    process.kill(frozen.pid, 'SIGCONT');
  }
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'second attempt');
  await until(() => !running(taskPid), `the stale attempt's task process ${taskPid} to be stopped`);
  // Which check fires first on thaw is a race: its job lock (re-run elsewhere), or the run's
  // heartbeat (the submitter finished and left before the thaw). Both stop the stale attempt, and
  // the worker says so after the kill, so its line may come after the task process is gone.
  const stopped = /lost the lock of job|run \S+ of \S+ is gone/;
  await until(() => stopped.test(frozen.output()), `the thawed worker to say why it stopped its stale attempt; it printed: ${frozen.output()}`);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'second attempt');
  assert.equal(frozen.child.exitCode, null, 'the thawed worker keeps serving');
});

/** Live (not zombie) processes of a process group, as `ps` lists them. */
function groupMembers(pgid: number): string[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, g, stat]) => Number(g) === pgid && !stat!.startsWith('Z'))
    .map((f) => f.join(' '));
}

// The first attempt's command sleeps far longer than `until` waits, then writes: a shell that
// outlives its task process fails the test instead of overwriting the second attempt's output.
// It writes its worker, task process and own process group (the shell's $$) first.
const SLOW_COMMAND = `tasks:
  slow:
    cmd: |
      if [ ! -e marks/first ]; then
        echo "$(ps -o ppid= -p $PPID) $PPID $$" > first.tmp && mv first.tmp marks/first
        sleep 120; echo "first attempt" > out.txt
      else
        echo "second attempt" > out.txt
      fi
    outputs: [out.txt]
`;

test('kill -9 of an ssdp worker mid-cmd step: the shell and its children end too (ps shows none); the output of the re-run stays', async () => {
  const { dir, code, stderr, worker, taskPid, shellGroup } = await firstAttempt('kill-cmd', SLOW_COMMAND);
  assert.ok(shellGroup && groupMembers(shellGroup).some((p) => / sleep 120$/.test(p)), `the command's sleep runs in group ${shellGroup}`);
  worker.child.kill('SIGKILL');
  await until(() => !running(taskPid), `task process ${taskPid} to die with its worker`);
  await until(() => groupMembers(shellGroup!).length === 0, `the command processes of group ${shellGroup} to end`);
  assert.equal(await code, 0, stderr());
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'second attempt\n');
  assert.deepEqual(groupMembers(shellGroup!), []);
});
