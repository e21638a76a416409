/**
 * When Slurm's commands fail: which setting the failure is about and where that setting came from
 * (an option, ssdp.yaml, slurm({...}) in code, an SBATCH_* variable of the environment, Slurm's own
 * default), a configuration file Slurm cannot read (sbatch retries that in silence for 60 s), and an
 * sbatch that reported failure but may have queued the array anyway (a slow controller: "Socket
 * timed out"): such jobs are found by the comment unique to the submission and cancelled (tester
 * s14 try11u C9).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { SsdpError } from '../util/errors.js';
import { runProgram, startDetached } from '../util/run-program.js';
import { findProgram } from './programs.js';
import type { SlurmOptions } from './slurm-options.js';

/** Where each Slurm setting came from, e.g. { workers: '--workers', partition: 'ssdp.yaml (/p/ssdp.yaml)' }. */
export type SlurmSources = Partial<Record<keyof SlurmOptions, string>>;

/** sbatch's own input variables for the settings ssdp passes (sbatch(1), INPUT ENVIRONMENT VARIABLES). */
const SBATCH_ENV: Partial<Record<keyof SlurmOptions, string[]>> = {
  partition: ['SBATCH_PARTITION'],
  account: ['SBATCH_ACCOUNT'],
  walltime: ['SBATCH_TIMELIMIT'],
  memory: ['SBATCH_MEM_PER_NODE', 'SBATCH_MEM_PER_CPU'],
  cpus: ['SBATCH_CPUS_PER_TASK'],
};

/** The settings a refusal of sbatch is about, by its words. */
const ABOUT: [RegExp, (keyof SlurmOptions)[]][] = [
  [/partition/i, ['partition']],
  [/account/i, ['account']],
  [/time limit|--time/i, ['walltime']],
  [/memory|node configuration is not available|--mem/i, ['memory', 'cpus']],
  [/cpu/i, ['cpus']],
  // one array job per worker: sbatch --array=0-(workers-1)
  [/job array/i, ['workers']],
];

/** `partition "gpu" (from ssdp.yaml (/p/ssdp.yaml))`, or the SBATCH_* variable, or Slurm's default. */
function settingFrom(key: keyof SlurmOptions, options: SlurmOptions, sources: SlurmSources): string {
  if (options[key] !== undefined) return `${key} ${JSON.stringify(options[key])} (from ${sources[key] ?? 'slurm({...})'})`;
  const env = (SBATCH_ENV[key] ?? []).filter((v) => process.env[v] !== undefined);
  if (env.length) return `${key} from the environment (${env.map((v) => `${v}=${process.env[v]}`).join(', ')})`;
  return `${key}: Slurm's default (not set by ssdp)`;
}

/** The cluster's MaxArraySize (scontrol show config), or undefined when scontrol does not say. */
async function maxArraySize(): Promise<number | undefined> {
  const scontrol = findProgram('scontrol');
  if (!scontrol) return undefined;
  const r = await runProgram(scontrol, ['show', 'config'], { timeoutMs: 10_000 }).catch(() => undefined);
  const m = r?.code === 0 ? /^MaxArraySize\s*=\s*(\d+)/m.exec(r.stdout) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * The hint of a failed sbatch: the setting it is about and where that came from. A refused array
 * (one job per worker) also says the cluster's limit on it (try11t T5: `workers: 100000` got the
 * generic "check that these settings fit the cluster").
 */
export async function sbatchHint(said: string, options: SlurmOptions, sources: SlurmSources, submitted = options.workers ?? 1): Promise<string> {
  const keys = [...new Set(ABOUT.filter(([re]) => re.test(said)).flatMap(([, k]) => k))];
  if (keys.includes('workers')) {
    const most = await maxArraySize();
    const limit = most !== undefined ? `this cluster's MaxArraySize is ${most} (scontrol show config), so at most ${most} workers` : "the cluster's MaxArraySize (scontrol show config | grep MaxArraySize) bounds the number of workers";
    // a later submission (scale(n), replacements) is not the workers setting
    const what = submitted === (options.workers ?? 1) ? settingFrom('workers', options, sources) : `a submission of ${submitted} workers (scale(${submitted}))`;
    return `Slurm refused ${what}: ssdp submits one array job per worker (sbatch --array=0-${submitted - 1}), and ${limit}. Give fewer workers where the setting came from (each worker runs cpus: task processes).`;
  }
  if (keys.length) {
    return `Slurm refused ${keys.map((k) => settingFrom(k, options, sources)).join('; ')}. Change it where it came from; sinfo and scontrol show partition list what the cluster offers.`;
  }
  const given = (Object.keys(options) as (keyof SlurmOptions)[]).filter((k) => options[k] !== undefined && k !== 'workers').map((k) => settingFrom(k, options, sources));
  const env = Object.keys(process.env).filter((v) => v.startsWith('SBATCH_')).map((v) => `${v}=${process.env[v]}`);
  const all = [...given, ...(env.length ? [`from the environment: ${env.join(', ')}`] : [])];
  return `${all.length ? `The settings passed: ${all.join('; ')}. ` : ''}Check that Slurm is up (sinfo) and that these settings fit the cluster.`;
}

/** Slurm's words for a configuration file it cannot read or parse. */
const CONF_TROUBLE = /s_p_parse_file|Unable to process configuration file|Parse error in file/;

/** Whether a Slurm command's stderr so far says its configuration is unreadable (it would retry for 60 s). */
export function confTrouble(stderr: string): boolean {
  return CONF_TROUBLE.test(stderr);
}

/** E_SLURM_CONFIG naming where the configuration file's path came from. */
export function slurmConfError(said: string): SsdpError {
  const env = process.env.SLURM_CONF;
  const where = env !== undefined ? `SLURM_CONF=${env}, set in the environment` : "Slurm's built-in default path (SLURM_CONF is not set)";
  return new SsdpError('E_SLURM_CONFIG', `Slurm cannot read its configuration file: ${said.trim().split('\n')[0]!.replace(/, retrying.*$/, '')}. The file comes from ${where}.`, {
    hint: env !== undefined ? "Point SLURM_CONF at the cluster's slurm.conf (scontrol show config prints its path where Slurm works), or unset it." : "Run this on the cluster's login node, or set SLURM_CONF to the cluster's slurm.conf.",
  });
}

/** Refuses a SLURM_CONF naming no readable file at once, before a broker or a job is started. */
export function checkSlurmConf(): void {
  const conf = process.env.SLURM_CONF;
  if (conf === undefined) return;
  let why: string | undefined;
  try {
    if (!statSync(conf).isFile()) why = 'it is not a file';
    else accessSync(conf, constants.R_OK);
  } catch (e) {
    why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable (${(e as NodeJS.ErrnoException).code})`;
  }
  if (why) throw slurmConfError(`${conf}: ${why}`);
}

/**
 * After a failed sbatch: a detached shell that waits (up to 10 min) for slurmctld to answer, then
 * cancels whatever array carries `comment` in squeue, asking three times 2 s apart (a submission
 * still queued in the controller is seen by a later answer). It outlives this process: the run
 * ends with the error, and the jobs would otherwise start with no run to serve. Its log: `log`.
 * Called after sbatch ran, so execa is loaded.
 */
export function cancelLateSubmission(squeue: string, scancel: string, jobName: string, comment: string, log: string): void {
  const script = `squeue=$1 scancel=$2 name=$3 tag=$4 log=$5
end=$(( $(date +%s) + 600 )); answered=0
while [ "$(date +%s)" -lt "$end" ]; do
  if out=$("$squeue" -h -r --name="$name" -o '%F %k' 2>/dev/null); then
    ids=$(printf '%s\\n' "$out" | awk -v t="$tag" '$2 == t { print $1 }' | sort -u)
    if [ -n "$ids" ]; then "$scancel" $ids && echo "cancelled $ids" >> "$log"; fi
    answered=$((answered + 1))
    if [ "$answered" -ge 3 ]; then echo "done: no job with comment $tag is left" >> "$log"; exit 0; fi
  fi
  sleep 2
done
echo "gave up: squeue did not answer for 600 s; look for comment $tag: squeue --name=$name -o '%i %k'" >> "$log"`;
  startDetached('/bin/sh', ['-c', script, 'ssdp-sbatch-check', squeue, scancel, jobName, comment, log]);
}
