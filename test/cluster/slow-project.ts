/**
 * The slow workflow the Slurm run tests drive (slurm-run, slurm-stop): 8 steps that each leave a
 * mark naming their Slurm job, worker and task process, and wait while the project's `hold` file
 * exists, so a test acts on running steps however loaded the machine is; then their total.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir } from '../helpers/cli.js';

const STEPS = `
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// Marks name the step, the Slurm job of the worker running it (ARRAY_TASK, as scancel takes it:
// a task's SLURM_JOB_ID is not always accepted), and the worker's and its own pid.
export function slow({ i, out }, ctx) {
  writeFileSync(join(ctx.root, 'marks', \`\${i}.\${process.env.SLURM_ARRAY_JOB_ID}_\${process.env.SLURM_ARRAY_TASK_ID}.\${process.ppid}.\${process.pid}\`), '');
  // While the test holds the steps they wait, so it acts on running steps however loaded the machine is;
  // once it lets them go they finish at once (a fixed 1.5 s nap, from before the hold, only made the
  // steps left after a cancelled worker take 12 s on the other one).
  while (existsSync(join(ctx.root, 'hold'))) pause(50);
  writeFileSync(join(ctx.root, out), String(i * i));
  return i * i;
}
export function total({ out }, ctx) {
  const t = ctx.deps.slow.reduce((a, b) => a + b, 0);
  writeFileSync(join(ctx.root, out), String(t));
  return t;
}
`;

const SLOW_YAML = `
cluster:
  slurm: { cpus: 1, walltime: "10:00", jobName: JOBNAME }
tasks:
  slow:
    foreach: { i: [0, 1, 2, 3, 4, 5, 6, 7] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", out: "out/\${i}.txt" }
    outputs: ["out/\${i}.txt"]
  total:
    depends_on: [slow]
    function: ./steps.mjs#total
    args: { out: out/total.txt }
    outputs: [out/total.txt]
`;

/** A project of 8 slow steps (held while the file `hold` exists) and their total, with its workers' Slurm job name. */
export function slowProject(jobName: string): string {
  const dir = tempDir('ssdp-slurm-slow-');
  mkdirSync(join(dir, 'marks'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  writeFileSync(join(dir, 'ssdp.yaml'), SLOW_YAML.replace('JOBNAME', jobName));
  return dir;
}

/** The steps started so far: which step, in which Slurm job (ARRAYJOB_TASK), by which worker and task process pid. */
export const marks = (dir: string) => readdirSync(join(dir, 'marks')).map((f) => {
  const [step, job, worker, pid] = f.split('.') as [string, string, string, string];
  return { step: Number(step), job, worker: Number(worker), pid: Number(pid) };
});

/** `group`: the run leads a process group of its own, so a test can signal it as a terminal's Ctrl-C does. */
export function startRun(dir: string, args: string[], opts: { group?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'total', '--cluster', 'slurm', '--workers', '2', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: !!opts.group, env: opts.env });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr })));
  return { child, done };
}

export const TOTAL = String([0, 1, 2, 3, 4, 5, 6, 7].reduce((a, i) => a + i * i, 0));

export function scancel(args: string[]): void {
  const r = spawnSync('scancel', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `scancel ${args.join(' ')}: ${r.stderr}`);
}
