/**
 * Slurm settings, from slurm({...}) in code or a `cluster: slurm:` block of ssdp.yaml. Checked
 * before anything is submitted, so a typo is a clear error naming the key, not a job that fails
 * in the queue minutes later.
 */
import { closest } from '../graph/options.js';
import { SsdpError } from '../util/errors.js';

export interface SlurmOptions {
  /** Number of workers (array tasks) to start with (default 1). */
  workers?: number;
  /** CPUs per worker (--cpus-per-task); each worker runs this many task processes. */
  cpus?: number;
  /** Memory per worker (--mem), e.g. 4G or 4000M. */
  memory?: string;
  /** Walltime per worker (--time), e.g. 30, 1:00:00 or 1-00:00:00. */
  walltime?: string;
  partition?: string;
  account?: string;
  /** Address of this machine the workers reach the broker on (default: its first non-loopback IPv4). */
  host?: string;
  /** Seconds before the walltime the workers are told to drain (default 60; --signal). */
  drain?: number;
  /** Signal for draining (default USR2; TERM makes an ssdp worker hand its batches back and exit). */
  drainSignal?: string;
  /** Slurm job name of the workers (default ssdp-worker). */
  jobName?: string;
}

export const SLURM_KEYS = ['workers', 'cpus', 'memory', 'walltime', 'partition', 'account', 'host', 'drain', 'drainSignal', 'jobName'] as const;

const CHECKS: Record<(typeof SLURM_KEYS)[number], { test: (v: unknown) => boolean; expect: string }> = {
  // a cluster of none would run nothing: refused like --workers 0 (scale(0) is checked on its own)
  workers: { test: (v) => Number.isInteger(v) && (v as number) >= 1, expect: 'a whole number >= 1' },
  cpus: { test: (v) => Number.isInteger(v) && (v as number) >= 1, expect: 'a whole number >= 1' },
  // A bare number is megabytes to Slurm: `memory: 16` meant 16G far more often than 16 MB.
  memory: { test: (v) => /^\d+[KMGT]$/i.test(String(v)) || (/^\d+$/.test(String(v)) && Number(v) >= 100), expect: "a size such as 4G or 4000M (Slurm's --mem; a bare number is megabytes, refused below 100 as a likely slip)" },
  walltime: { test: (v) => /^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(String(v)), expect: "a time such as 30 (minutes), 1:30:00 or 2-00:00:00 (Slurm's --time)" },
  partition: { test: (v) => /^[\w.,-]+$/.test(String(v)), expect: 'a partition name (sinfo lists them)' },
  account: { test: (v) => /^[\w.-]+$/.test(String(v)), expect: 'an account name' },
  host: { test: (v) => /^[\w.:-]+$/.test(String(v)), expect: 'an address or host name of this machine' },
  drain: { test: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535, expect: 'whole seconds (0-65535)' },
  drainSignal: { test: (v) => /^(SIG)?[A-Z0-9]+$/.test(String(v)), expect: 'a signal name such as USR2' },
  jobName: { test: (v) => /^[\w.-]+$/.test(String(v)), expect: 'a job name (letters, digits, _ . -)' },
};

/** Slurm's --time in seconds: MIN, MIN:SEC, H:MIN:SEC, D-H, D-H:MIN, D-H:MIN:SEC. */
export function walltimeSeconds(walltime: string): number {
  const [days, rest] = walltime.includes('-') ? (walltime.split('-') as [string, string]) : [undefined, walltime];
  const p = rest.split(':').map(Number);
  if (days !== undefined) return Number(days) * 86400 + (p[0] ?? 0) * 3600 + (p[1] ?? 0) * 60 + (p[2] ?? 0);
  if (p.length === 3) return p[0]! * 3600 + p[1]! * 60 + p[2]!;
  return p[0]! * 60 + (p[1] ?? 0);
}

/**
 * A walltime at or below `drain` tells the workers to drain the moment they start: they take no
 * task and the run ends with every worker COMPLETED (try11s S6). Refused before anything is submitted.
 */
export function drainProblem(opts: SlurmOptions): string | undefined {
  if (opts.walltime === undefined) return undefined;
  const wall = walltimeSeconds(String(opts.walltime));
  // Slurm's --time=0 is no time limit at all: nothing to drain before.
  if (wall === 0) return undefined;
  const drain = opts.drain ?? 60;
  if (wall > drain) return undefined;
  return `Slurm setting walltime ${JSON.stringify(opts.walltime)} (${wall} s) is not longer than drain (${drain} s${opts.drain === undefined ? ', the default' : ''}): the workers would be told to drain as they start and run nothing.`;
}

/**
 * Slurm may send --signal up to this much before the time asked for (the resolution of its event
 * handling, sbatch(1)): a worker's drain signal then comes between walltime - drain - 60 s and
 * walltime - drain.
 */
export const SIGNAL_EARLY_S = 60;

/**
 * A walltime longer than drain but not by more than SIGNAL_EARLY_S: the drain signal may come as
 * the job launches (the CI failure of session 13, JobLaunchFailure), so the worker may run nothing.
 * Said, not refused: Slurm often sends it on time, and a short walltime can be what a queue allows.
 */
export function drainRisk(opts: SlurmOptions): string | undefined {
  if (opts.walltime === undefined) return undefined;
  const wall = walltimeSeconds(String(opts.walltime));
  const drain = opts.drain ?? 60;
  if (wall === 0 || wall <= drain || wall > drain + SIGNAL_EARLY_S) return undefined;
  return `Slurm setting walltime ${JSON.stringify(opts.walltime)} (${wall} s) is at most ${SIGNAL_EARLY_S} s longer than drain (${drain} s${opts.drain === undefined ? ', the default' : ''}); Slurm may send the drain signal up to ${SIGNAL_EARLY_S} s early, so a worker can be told to drain as it starts and run nothing. Give a walltime over ${drain + SIGNAL_EARLY_S} s, or a smaller drain.`;
}

/**
 * The settings with the walltime the jobs really get: none given is sbatch's SBATCH_TIMELIMIT from
 * the environment, when it holds one (try11x R4: its walltime escaped the drain checks above, and
 * each worker drained as it started, replaced again and again). `from` names the variable then.
 */
export function effectiveWalltime(opts: SlurmOptions, env: NodeJS.ProcessEnv = process.env): { opts: SlurmOptions; from?: string } {
  const limit = env.SBATCH_TIMELIMIT;
  if (opts.walltime !== undefined || limit === undefined || !CHECKS.walltime.test(limit)) return { opts };
  return { opts: { ...opts, walltime: limit }, from: `SBATCH_TIMELIMIT=${limit} in the environment` };
}

/** drainProblem for the walltime from the environment (effectiveWalltime): E_CLUSTER_OPTION naming the variable. */
export function checkEnvironmentWalltime(opts: SlurmOptions, env: NodeJS.ProcessEnv = process.env): void {
  const { opts: real, from } = effectiveWalltime(opts, env);
  const problem = from && drainProblem(real);
  if (problem) {
    throw new SsdpError('E_CLUSTER_OPTION', `${from}: ${problem}`, {
      hint: 'Unset SBATCH_TIMELIMIT or make it longer, give walltime in ssdp.yaml or slurm({...}) (it wins over the variable), or a smaller drain.',
    });
  }
}

/** Throws E_CLUSTER_OPTION for an unknown key (with did-you-mean) or a value of the wrong shape; `whole`: opts is every setting (walltime is checked against drain). */
export function checkSlurmOptions(opts: Record<string, unknown>, what: string, where = (_key: string, _onValue: boolean) => what, whole = true): void {
  for (const [key, value] of Object.entries(opts)) {
    if (!(SLURM_KEYS as readonly string[]).includes(key)) {
      const near = closest(key, SLURM_KEYS);
      throw new SsdpError('E_CLUSTER_OPTION', `${where(key, false)}: unknown Slurm setting '${key}'${near ? ` (did you mean '${near}'?)` : ''}.`, {
        hint: `Slurm settings are ${SLURM_KEYS.join(', ')}.`,
      });
    }
    if (value === undefined) continue;
    const check = CHECKS[key as (typeof SLURM_KEYS)[number]];
    if (!check.test(value)) {
      throw new SsdpError('E_CLUSTER_OPTION', `${where(key, true)}: Slurm setting ${key} is ${JSON.stringify(value)}; expected ${check.expect}.`);
    }
  }
  const drain = whole ? drainProblem(opts as SlurmOptions) : undefined;
  if (drain) throw new SsdpError('E_CLUSTER_OPTION', `${where('walltime', true)}: ${drain}`, { hint: 'Give a longer walltime, or a smaller drain (seconds before the walltime the workers stop taking tasks).' });
}
