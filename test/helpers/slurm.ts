/**
 * A real single-node Slurm for tests (../shared/tools/local-slurm.sh: munge + slurmctld + slurmd
 * in a folder of their own, random ports). Needs root; a test file calls useLocalSlurm() at its
 * top and is skipped with a message saying so when not root.
 */
import { after, before } from 'node:test';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tempDir } from './cli.js';

// Compiled to dist/test/helpers: the repository is three folders up, shared/ beside it.
const TOOL = process.env.SSDP_LOCAL_SLURM ?? fileURLToPath(new URL('../../../../shared/tools/local-slurm.sh', import.meta.url));

export const slurmSkip: string | false =
  process.getuid?.() !== 0 ? 'a private Slurm needs root (local-slurm.sh starts slurmctld, slurmd and munged)' : !existsSync(TOOL) ? `${TOOL} is not beside the repository (set SSDP_LOCAL_SLURM to it)` : false;

/** Starts Slurm before the file's tests (sets SLURM_CONF) and stops it after them. */
export function useLocalSlurm(): void {
  if (slurmSkip) return;
  let dir = '';
  before(() => {
    dir = join(tempDir('ssdp-slurm-'), 'cluster');
    const r = spawnSync(TOOL, ['start', dir], { encoding: 'utf8', timeout: 600_000 });
    const m = /export SLURM_CONF=(\S+)/.exec(r.stdout);
    if (r.status !== 0 || !m) throw new Error(`${TOOL} start failed (${r.status}): ${r.stderr}`);
    process.env.SLURM_CONF = m[1];
  });
  after(() => {
    spawnSync(TOOL, ['stop', dir], { stdio: 'inherit' });
    delete process.env.SLURM_CONF;
  });
}

/**
 * How often a test asks squeue while it waits (until's everyMs): a call costs ~20 ms of CPU, its
 * own and slurmctld's; asked every 50 ms it kept almost half a core busy while a test waited.
 */
export const SQUEUE_EVERY_MS = 250;

/** squeue's lines for jobs of that name (all states Slurm still lists). */
export function squeue(name: string): string[] {
  const r = spawnSync('squeue', ['-h', '-r', `--name=${name}`, '-o', '%i %T'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`squeue failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

export { alive, running } from './processes.js';

/**
 * Processes of this file's Slurm jobs (workers and their task processes): those whose environment
 * names this SLURM_CONF and a SLURM_JOB_ID, so other clusters on the machine are not counted.
 */
export function slurmJobPids(): number[] {
  const conf = `SLURM_CONF=${process.env.SLURM_CONF}`;
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let env: string[];
    try {
      if (readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').startsWith('Z')) continue; // ended, not yet reaped
      env = readFileSync(`/proc/${d}/environ`, 'latin1').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (env.includes(conf) && env.some((e) => e.startsWith('SLURM_JOB_ID='))) pids.push(Number(d));
  }
  return pids;
}

/** Slurm's KillWait in ms: how long a cancelled job's processes get between SIGTERM and Slurm's SIGKILL. */
export function killWaitMs(): number {
  const out = spawnSync('scontrol', ['show', 'config'], { encoding: 'utf8' }).stdout;
  const m = /^KillWait\s*=\s*(\d+)/m.exec(out);
  if (!m) throw new Error(`scontrol show config names no KillWait: ${out.slice(0, 200)}`);
  return Number(m[1]) * 1000;
}

/**
 * A Ctrl-C reaches every process of the group: Slurm's command dies of it beside ssdp, and ssdp may
 * see that child's exit before its own SIGINT reaches JavaScript (try11z Z2, 1 in 20). A folder for
 * the front of PATH whose `command` makes the child die of SIGINT, once (sbatch after submitting for
 * real, as it may have), in a group kill's order: its parent's SIGINT is queued first, by the same
 * kill, as the kernel queues a group's before any of them can die of it. `ran()`: it did.
 */
export function signalledCommandShim(command: 'sbatch' | 'squeue' | 'scancel'): { dir: string; ran: () => boolean } {
  const dir = tempDir('ssdp-t-shim-');
  const real = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
  const mark = join(dir, 'once');
  writeFileSync(mark, '');
  writeFileSync(
    join(dir, command),
    `#!/bin/sh
if rm ${JSON.stringify(mark)} 2>/dev/null; then
  ${command === 'sbatch' ? `${JSON.stringify(real)} "$@" >/dev/null 2>&1` : ':'}
  kill -INT $PPID $$
fi
exec ${JSON.stringify(real)} "$@"
`,
    { mode: 0o755 },
  );
  return { dir, ran: () => !existsSync(mark) };
}
