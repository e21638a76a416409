/**
 * `ssdp run --cluster slurm --broker URL` stopped with Ctrl-C while its broker stands still
 * (SIGSTOP of the redis-server, tester s22 try11w E4): the run still says it was stopped
 * (E_RUN_INTERRUPTED), and what its steps wrote is never taken as the user's data by the next run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { running, slurmSkip, SQUEUE_EVERY_MS, squeue, useLocalSlurm } from '../helpers/slurm.js';
import { brokerFixtures, startRestartableRedis } from '../helpers/redis.js';

useLocalSlurm();
const skip = slurmSkip;

// the runs are this file's submitters; a server a failed test left frozen is thawed before it stops
const { dirs, servers, submitters: runs } = brokerFixtures();

/** Step `slow` appends `ticks` lines 200 ms apart, then `done`, noting its pid in marks/ as it starts; `all` counts the done lines. */
const STEPS = `
import { appendFileSync, writeFileSync } from 'node:fs';
export async function slow({ i, ticks }) {
  writeFileSync('marks/' + i + '.' + process.pid, '');
  for (let k = 0; k < Number(ticks); k++) { appendFileSync('out/s' + i + '.txt', 'tick ' + k + '\\n'); await new Promise((r) => setTimeout(r, 200)); }
  appendFileSync('out/s' + i + '.txt', 'done\\n');
  return 1;
}
`;
const SPEC = (job: string) => `params: { ticks: "5" }
cluster:
  slurm: { cpus: 1, walltime: "10:00", jobName: ${job} }
tasks:
  slow:
    foreach: { i: [0, 1] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", ticks: "\${ticks}" }
    outputs: ["out/s\${i}.txt"]
  all:
    depends_on: [slow]
    cmd: "cat out/s*.txt | grep -c done > out/all.txt"
    outputs: [out/all.txt]
`;

function project(job: string): string {
  const dir = tempDir('ssdp-slurm-freeze-');
  dirs.push(dir);
  for (const d of ['marks', 'out']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  writeFileSync(join(dir, 'ssdp.yaml'), SPEC(job));
  return dir;
}

/** `ssdp run all --cluster slurm --workers 2 ...args`, leading a process group of its own (a terminal's Ctrl-C signals the group). */
function startRun(dir: string, args: string[]) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'all', '--cluster', 'slurm', '--workers', '2', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  runs.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = false;
  const done = new Promise<number | null>((r) => child.on('exit', (code) => ((exited = true), r(code))));
  return { child, done, exited: () => exited, stderr: () => stderr };
}

const slurmLogs = (dir: string) => {
  try {
    return readdirSync(join(dir, '.ssdp', 'slurm')).map((f) => readFileSync(join(dir, '.ssdp', 'slurm', f), 'utf8')).join('\n');
  } catch {
    return '(no Slurm logs)';
  }
};

test('E4: Ctrl-C of ssdp run --cluster slurm --broker URL while the broker is frozen: E_RUN_INTERRUPTED (exit 130), and the next run makes every output again (out/all.txt 2, as a local run)', { skip }, async () => {
  const redis = await startRestartableRedis({ persist: false });
  servers.push(redis);
  const dir = project('ssdp-t-e4');
  const run = startRun(dir, ['--broker', `${redis.url}/1`, '--param', 'ticks=150']);
  await until(() => readdirSync(join(dir, 'marks')).length >= 2 || run.exited(), 'both steps to start');
  assert.ok(!run.exited(), run.stderr());
  redis.freeze();
  await new Promise((r) => setTimeout(r, 1000));
  process.kill(-run.child.pid!, 'SIGINT');
  const code = await run.done;
  // was: exit 130 with no message at all (try11w E4)
  assert.equal(code, 130, `${run.stderr()}\n${slurmLogs(dir)}`);
  assert.match(run.stderr(), /E_RUN_INTERRUPTED/, `${run.stderr()}\n${slurmLogs(dir)}`);
  // the Slurm jobs were cancelled (no broker needed) before the outputs were moved aside: the
  // steps are gone and nothing is written after the exit (was: new partial files 2 s later)
  const stepPids = readdirSync(join(dir, 'marks')).map((f) => Number(f.split('.')[1]));
  assert.deepEqual(stepPids.filter((pid) => running(pid)), [], `the steps still run after the run ended:\n${run.stderr()}`);
  assert.match(run.stderr(), /with 2 step\(s\) unfinished/);
  const atExit = readdirSync(join(dir, 'out')).join(' ');
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(readdirSync(join(dir, 'out')).join(' '), atExit, 'nothing is written after the run ended');
  redis.thaw();
  await until(() => squeue('ssdp-t-e4').length === 0, 'the worker jobs to leave squeue', SQUEUE_EVERY_MS);
  const next = startRun(dir, ['--broker', `${redis.url}/1`, '--param', 'ticks=2']);
  assert.equal(await next.done, 0, `${next.stderr()}\n${slurmLogs(dir)}`);
  // was: '2 step(s) not run: their outputs exist and ssdp did not write them' (try11w E4)
  assert.doesNotMatch(next.stderr(), /ssdp did not write/);
  for (const i of [0, 1]) assert.equal(readFileSync(join(dir, 'out', `s${i}.txt`), 'utf8').match(/done/g)?.length, 1, `out/s${i}.txt:\n${next.stderr()}`);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
});
