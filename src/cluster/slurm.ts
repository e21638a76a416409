/**
 * Workers on a Slurm cluster, dask-jobqueue style: one `sbatch --array` job whose tasks each run
 * one `ssdp worker` against the run's broker. Scaling up submits another array, scaling down
 * cancels array tasks; closing cancels everything and waits until Slurm has let go of it.
 * Slurm is driven through its own commands (sbatch, squeue, scancel), as a user would.
 */
import { mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { SsdpError } from '../util/errors.js';
import { findProgram } from './programs.js';
import { isStopSignal, onStop, stopSignalSeen } from '../util/stop-on-exit.js';
import { afterSignalsHandedOn } from '../util/signal-turns.js';
import { checkSlurmOptions, type SlurmOptions } from './slurm-options.js';
import { cancelLateSubmission, confTrouble, sbatchHint, slurmConfError, type SlurmSources } from './sbatch-trouble.js';
import { runProgram, runProgramSync, startDetached, type ProgramResult } from '../util/run-program.js';

export type { SlurmOptions } from './slurm-options.js';

/** Stands for the broker URL in a worker command; the job reads it from its environment. */
export const BROKER_ARG = '$SSDP_BROKER';

export interface SlurmWorker {
  /** Slurm's id of the worker: ARRAYJOB_TASK, e.g. 1234_0. */
  jobId: string;
  arrayJobId: string;
  taskId: number;
  /** squeue's state: PENDING, RUNNING, COMPLETING, ... */
  state: string;
  /** The node it runs on ('' while pending). */
  node: string;
  /** Why it is pending, as squeue says (None when running). */
  reason: string;
}

const ENDED = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'OUT_OF_MEMORY', 'COMPLETING']);
const CLOSE_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 3_000;
/** How long squeue may take to say whether a failed sbatch queued its array anyway. */
const UNQUEUE_SQUEUE_MS = 5_000;
const open = new Set<SlurmCluster>();

export function slurmProgram(name: string): string {
  const found = findProgram(name);
  if (!found) {
    throw new SsdpError('E_NO_SLURM', `--cluster slurm needs Slurm's ${name}, which is not on PATH.`, {
      hint: 'Run this on a Slurm login node (or load its module: module load slurm), or run without --cluster to use this machine.',
    });
  }
  return found;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The signal a worker started by batchScript() sends its shell once it handles the drain signal. */
export const READY_SIGNAL = 'USR1';

/**
 * The batch script. Slurm's drain signal (sbatch --signal=B:SIG, `drainSignal`) reaches only this
 * shell, at any moment of the job, its first second included. It used to `exec` the worker, which
 * then got it: Node takes a signal's default action (death) until the worker has its handler, and
 * resets an ignored one as it starts, so a drain in the job's first seconds killed the worker
 * (FAILED, JobLaunchFailure, not replaced; try11t T6). So the shell stays, keeps the drain, and
 * passes it on once, when the worker says it handles it (READY_SIGNAL to $SSDP_BATCH_SHELL,
 * batch-shell.ts). TERM (scancel, the walltime) reaches every process of the job, the worker too:
 * the shell waits for it. A shell killed outright (scancel --signal=KILL --batch signals only it)
 * must not leave the worker running outside its job, stuck workers included: the kernel kills it
 * with its parent (setpriv --pdeathsig, util-linux 2.33+); where setpriv cannot, the worker checks
 * its parent itself (batch-shell.ts).
 */
export function batchScript(command: readonly string[], drainSignal = 'USR2'): string {
  const line = command.map((a) => (a === BROKER_ARG ? '"$SSDP_BROKER"' : shellQuote(a))).join(' ');
  const sig = drainSignal.replace(/^SIG/, '');
  const ready = sig === READY_SIGNAL ? 'USR2' : READY_SIGNAL;
  return [
    '#!/bin/sh',
    'drain= ready= pid=',
    `pass() { if [ "$drain" = due ] && [ -n "$ready" ] && [ -n "$pid" ]; then drain=sent; kill -${sig} "$pid" 2>/dev/null; fi; }`,
    'trap : TERM',
    `trap 'ready=1; pass' ${ready}`,
    `trap '[ -z "$drain" ] && drain=due; pass' ${sig}`,
    `export SSDP_BATCH_SHELL=$$ SSDP_BATCH_READY=${ready}`,
    "keep=; setpriv --pdeathsig KILL true 2>/dev/null && keep='setpriv --pdeathsig KILL'",
    `$keep ${line} &`,
    'pid=$!',
    'pass',
    'while :; do wait "$pid"; rc=$?; kill -0 "$pid" 2>/dev/null || break; done',
    'exit "$rc"',
    '',
  ].join('\n');
}

/**
 * Runs one of Slurm's commands. An unreadable slurm.conf makes them retry it in silence for 60 s
 * (try11u C9): stopped as soon as their stderr says so (`conf`).
 */
async function collect(name: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ProgramResult & { conf: boolean }> {
  let conf = false;
  const r = await runProgram(slurmProgram(name), args, {
    input: opts.input,
    env: opts.env,
    timeoutMs: opts.timeoutMs,
    stopWhen: (stderr) => (conf = confTrouble(stderr)),
  });
  return { ...r, stdout: r.stdout.trimEnd(), conf };
}

/**
 * A Slurm command killed by SIGINT, SIGTERM or SIGHUP: a Ctrl-C (or a group kill) reaches every
 * process of the group, so squeue, sbatch and scancel die of it beside this process. That is the
 * interruption, not a Slurm failure (try11z Z2: an E_SLURM stack "squeue ... failed: exit null",
 * exit 1, instead of the script dying of its Ctrl-C). `signalled`: this process got a stop signal too.
 */
export class SlurmCommandStopped extends SsdpError {
  constructor(
    command: string,
    readonly signal: string,
    readonly signalled: boolean,
  ) {
    super(
      'E_SLURM',
      signalled
        ? `${command} was stopped by ${signal}, as was this process (a Ctrl-C reaches every process of the group); it did not fail.`
        : `${command} was stopped by ${signal}, sent to it by something other than ssdp.`,
      { hint: signalled ? 'Run the same command again.' : 'Find what signals Slurm commands on this machine (a watchdog, a kill of the process group), then run again.', exitCode: 128 + constants.signals[signal as NodeJS.Signals] },
    );
  }
}

/** The command line as messages show it: no log paths, no submission comments. */
function shownCommand(name: string, args: readonly string[]): string {
  return `${name} ${args.filter((a) => !a.startsWith('--output') && !a.startsWith('--comment')).join(' ')}`;
}

async function slurmCommand(name: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; hint?: (said: string) => string | Promise<string> } = {}): Promise<string> {
  const r = await collect(name, args, opts);
  if (r.conf) throw slurmConfError(r.stderr.replace(/^\S+: error: (s_p_parse_file: )?/, ''));
  // our own kills (timeout, stopWhen) are SIGKILL
  if (r.code === null && isStopSignal(r.signal)) {
    // a group signal is queued on this process before the child can die of it, but Node may hand
    // it to the listeners after the child's exit was seen: once it has, the callers see the process
    // stopping (dyingOfSignal, the run's stop) and end as the signal says
    await afterSignalsHandedOn();
    throw new SlurmCommandStopped(shownCommand(name, args), r.signal, stopSignalSeen() !== undefined);
  }
  if (r.code !== 0) {
    const said = (r.stderr || r.stdout || `exit ${r.code}`).trim().split('\n').slice(-3).join(' ');
    throw new SsdpError('E_SLURM', `${shownCommand(name, args)} failed: ${said}`, {
      hint: (await opts.hint?.(said)) ?? 'Check that Slurm is up (sinfo).',
    });
  }
  return r.stdout;
}

/**
 * scancel as a close runs it: its failure is not the close's (the squeue after it says what is
 * left), but one killed by a Ctrl-C that came meanwhile cancelled nothing and runs again.
 */
async function scancelAll(args: string[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    try {
      await slurmCommand('scancel', args);
      return;
    } catch (e) {
      if (!(e instanceof SlurmCommandStopped)) return;
    }
  }
}

export interface SlurmStartOptions {
  /** The broker URL the workers connect to; passed to the jobs in their environment, not in argv. */
  broker: string;
  /** The worker's command line; BROKER_ARG stands for the broker URL. */
  command: readonly string[];
  /** Folder for the workers' Slurm logs (default ./.ssdp/slurm). */
  logDir?: string;
  /** The run's heartbeat (RunOwner.id): the workers stop once it is gone. */
  boundTo?: string;
  /** `broker` is the run's private redis-server: the workers end at once when it refuses them (serve.ts privateBroker). */
  privateBroker?: boolean;
  /** Where each setting came from, for the hint of a refused sbatch. */
  sources?: SlurmSources;
}

export class SlurmCluster {
  readonly options: Required<Pick<SlurmOptions, 'workers' | 'drain'>> & SlurmOptions;
  readonly logDir: string;
  /** The array jobs this cluster submitted, in order. */
  readonly arrays: string[] = [];
  #start: SlurmStartOptions;
  /** Each submission's --comment is `ssdp-TAG-N`: how a submission sbatch called failed is found in squeue. */
  readonly #tag = process.getBuiltinModule('node:crypto').randomUUID().slice(0, 8);
  #submissions = 0;
  /** The settings as given (without defaults): what a refused sbatch's hint names. */
  #given: SlurmOptions;
  #closed: Promise<void> | undefined;
  #closing!: () => void;
  /** Resolves when close() begins (also when a signal begins it), so waits on the workers can end. */
  readonly closingStarted = new Promise<void>((r) => (this.#closing = r));
  #unregister: () => void;

  private constructor(options: SlurmOptions, start: SlurmStartOptions) {
    checkSlurmOptions(options as Record<string, unknown>, "slurm");
    this.options = { ...options, workers: options.workers ?? 1, drain: options.drain ?? 60 };
    this.#given = options;
    this.#start = start;
    this.logDir = start.logDir ?? `${process.cwd()}/.ssdp/slurm`;
    this.#unregister = onStop(() => this.close(), () => this.#cancelNow());
    open.add(this);
  }

  /** Submits the first array of `options.workers` workers. */
  static async start(options: SlurmOptions, start: SlurmStartOptions): Promise<SlurmCluster> {
    slurmProgram('sbatch');
    const cluster = new SlurmCluster(options, start);
    try {
      if (cluster.options.workers > 0) await cluster.#submit(cluster.options.workers);
    } catch (e) {
      await cluster.close();
      throw e;
    }
    return cluster;
  }

  #sbatchArgs(n: number): string[] {
    const o = this.options;
    const name = o.jobName ?? 'ssdp-worker';
    const args = ['--parsable', `--job-name=${name}`, `--array=0-${n - 1}`, `--output=${this.logDir}/${name}-%A_%a.log`, '--export=ALL'];
    // Workers are told to drain (take no new task, finish the current one) before the walltime.
    // USR2, not TERM: to an ssdp worker TERM means "hand your batches back and exit now".
    args.push(`--signal=B:${o.drainSignal ?? 'USR2'}@${o.drain}`);
    if (o.cpus !== undefined) args.push(`--cpus-per-task=${o.cpus}`);
    if (o.memory !== undefined) args.push(`--mem=${o.memory}`);
    if (o.walltime !== undefined) args.push(`--time=${o.walltime}`);
    if (o.partition !== undefined) args.push(`--partition=${o.partition}`);
    if (o.account !== undefined) args.push(`--account=${o.account}`);
    return args;
  }

  /** Submissions under way (sbatch, and the check of a failed one): close() waits for them, so what they queue is cancelled. */
  readonly #submitting = new Set<Promise<unknown>>();

  #submit(n: number): Promise<string> {
    const p = this.#submitNow(n);
    const settled = p.catch(() => {});
    this.#submitting.add(settled);
    void settled.then(() => this.#submitting.delete(settled));
    return p;
  }

  async #submitNow(n: number): Promise<string> {
    if (this.#closed) throw new SsdpError('E_SLURM', 'This Slurm cluster is closed.');
    mkdirSync(this.logDir, { recursive: true });
    const comment = `ssdp-${this.#tag}-${this.#submissions++}`;
    let out: string;
    try {
      out = await slurmCommand('sbatch', [...this.#sbatchArgs(n), `--comment=${comment}`], {
        input: batchScript(this.#start.command, this.options.drainSignal),
        env: { ...process.env, SSDP_BROKER: this.#start.broker, SSDP_WORKER_FOR_RUN: this.#start.boundTo ?? '', SSDP_BROKER_PRIVATE: this.#start.privateBroker ? '1' : '' },
        hint: (said) => sbatchHint(said, this.#given, this.#start.sources ?? {}, n),
      });
    } catch (e) {
      // an sbatch stopped by a Ctrl-C may have queued the array all the same: it is found and
      // taken as this cluster's, so the close the signal starts stops it as it stops the others
      throw e instanceof SsdpError && e.code === 'E_SLURM' ? await this.#unqueue(comment, e, e instanceof SlurmCommandStopped) : e;
    }
    const id = out.trim().split(';')[0]!;
    if (!/^\d+$/.test(id)) throw new SsdpError('E_SLURM', `sbatch answered '${out.trim()}' instead of a job id.`, { hint: 'Check that Slurm is up (sinfo).' });
    this.arrays.push(id);
    return id;
  }

  /**
   * sbatch said it failed, yet a slow controller ("Socket timed out") may have queued the array:
   * found by its comment and cancelled, now if squeue answers, else by a check left running in the
   * background (sbatch-trouble.ts). The error says which. `adopt` (sbatch was stopped by a
   * signal): what squeue finds is added to this cluster's arrays instead, and `e` is returned as it is.
   */
  async #unqueue(comment: string, e: SsdpError, adopt = false): Promise<SsdpError> {
    const name = this.options.jobName ?? 'ssdp-worker';
    // bounded: a controller that let sbatch time out is likely still busy; the background check waits for it
    const r = await collect('squeue', ['-h', '-r', `--name=${name}`, '-o', '%F %k'], { timeoutMs: UNQUEUE_SQUEUE_MS }).catch(() => undefined);
    let said: string;
    if (r && r.code === 0) {
      const ids = [...new Set(r.stdout.split('\n').filter((l) => l.split(' ')[1] === comment).map((l) => l.split(' ')[0]!))];
      if (ids.length === 0) return e;
      if (adopt) {
        this.arrays.push(...ids);
        return e;
      }
      await scancelAll(ids);
      said = `Slurm had queued it anyway (job ${ids.join(', ')}): cancelled.`;
    } else {
      const log = `${this.logDir}/${comment}.check.log`;
      cancelLateSubmission(slurmProgram('squeue'), slurmProgram('scancel'), name, comment, log);
      said = `Slurm's controller did not answer squeue either, so it may still queue this submission: a check in the background cancels any job with comment ${comment} once the controller answers (up to 10 minutes; log ${log}).`;
    }
    return new SsdpError(e.code, `${e.message.replace(/\.?$/, '.')} ${said}`, { hint: e.hint, exitCode: e.exitCode });
  }

  /** This cluster's workers that Slurm still knows about, with their job id and state. */
  async workers(): Promise<SlurmWorker[]> {
    if (this.arrays.length === 0) return [];
    const name = this.options.jobName ?? 'ssdp-worker';
    const out = await slurmCommand('squeue', ['-h', '-r', `--name=${name}`, '-o', '%i|%F|%K|%T|%N|%r']);
    const ours = new Set(this.arrays);
    const rows: SlurmWorker[] = [];
    for (const line of out.split('\n')) {
      const [jobId, arrayJobId, task, state, node, reason] = line.split('|');
      if (!jobId || !arrayJobId || !ours.has(arrayJobId)) continue;
      rows.push({ jobId, arrayJobId, taskId: Number(task), state: state ?? '', node: node ?? '', reason: reason ?? '' });
    }
    return rows;
  }

  /**
   * Every worker's job id with Slurm's word on how it ended, e.g. `12_0 FAILED (NonZeroExitCode)`:
   * squeue while slurmctld still remembers the jobs (MinJobAge), else sacct where accounting runs.
   */
  async endings(): Promise<string[]> {
    if (this.arrays.length === 0) return [];
    const seen = new Map<string, string>();
    const out = await slurmCommand('squeue', ['-h', '-r', '-t', 'all', '-j', this.arrays.join(','), '-o', '%i|%T|%r']).catch(() => '');
    for (const line of out.split('\n')) {
      const [jobId, state, reason] = line.split('|');
      if (jobId && state) seen.set(jobId, `${state}${reason && reason !== 'None' ? ` (${reason})` : ''}`);
    }
    if (seen.size === 0 && findProgram('sacct')) {
      const acct = await slurmCommand('sacct', ['-n', '-P', '-X', '-j', this.arrays.join(','), '-o', 'JobID,State,ExitCode']).catch(() => '');
      for (const line of acct.split('\n')) {
        const [jobId, state, exit] = line.split('|');
        if (jobId && state) seen.set(jobId, `${state}${exit && exit !== '0:0' ? ` (exit ${exit})` : ''}`);
      }
    }
    return [...seen].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([id, how]) => `${id} ${how}`);
  }

  /** Workers that are pending or running (not ending). */
  async liveWorkers(): Promise<SlurmWorker[]> {
    return (await this.workers()).filter((w) => !ENDED.has(w.state));
  }

  /**
   * Submits or cancels workers until `n` are pending or running; cancels pending ones first.
   * Calls run one after another, each counting after the previous one's sbatch or scancel, so
   * the last call wins as in Dask: overlapping calls (`Promise.all([scale(3), scale(1),
   * scale(2)])`) each counted the same workers and left 4 (tester s16 try11w W2).
   */
  scale(n: number): Promise<void> {
    if (!Number.isInteger(n) || n < 0) return Promise.reject(new SsdpError('E_CLUSTER_OPTION', `scale: the number of workers is ${JSON.stringify(n)}; expected a whole number >= 0.`));
    const done = this.#scaling.then(() => this.#scaleNow(n));
    this.#scaling = done.catch(() => {});
    return done;
  }

  #scaling: Promise<void> = Promise.resolve();

  async #scaleNow(n: number): Promise<void> {
    const live = await this.liveWorkers();
    if (n > live.length) {
      await this.#submit(n - live.length);
      return;
    }
    const order = [...live].sort((a, b) => Number(b.state === 'PENDING') - Number(a.state === 'PENDING') || Number(b.arrayJobId) - Number(a.arrayJobId) || b.taskId - a.taskId);
    const cancel = order.slice(0, live.length - n).map((w) => w.jobId);
    if (cancel.length) await slurmCommand('scancel', cancel);
  }

  /** Workers already replaced (or seen drained and not needed): each is replaced once. */
  readonly #drainedSeen = new Set<string>();

  /**
   * Submits a replacement for each worker that drained before its walltime (its job ended
   * COMPLETED) while fewer than `wanted` are pending or running: dask-jobqueue's adaptive
   * behaviour, so a run longer than one walltime finishes (tester s14 try11u C5). A worker that
   * failed, ran out of memory or was cancelled is not replaced: its cause would only come back.
   * `settling`: a worker is still COMPLETING, so how it ended is not known yet. At most `most`
   * are replaced; `held`: drained workers that were due a replacement beyond it.
   */
  replaceDrained(wanted: number, most = Infinity): Promise<{ replaced: string[]; settling: boolean; held: string[] }> {
    const done = this.#scaling.then(async () => {
      const none = { replaced: [], settling: false, held: [] };
      if (this.#closed) return none;
      const live = await this.liveWorkers();
      if (live.length >= wanted) return none;
      const endings = await this.endings();
      const settling = endings.some((l) => / COMPLETING\b/.test(l));
      const drained = endings.flatMap((l) => /^(\S+) COMPLETED$/.exec(l)?.[1] ?? []).filter((id) => !this.#drainedSeen.has(id));
      const due = drained.slice(0, wanted - live.length);
      // `most` (the caller's bound on replacements): the others are not replaced, ever
      const replaced = due.slice(0, Math.max(0, most));
      for (const id of drained) this.#drainedSeen.add(id);
      if (replaced.length) await this.#submit(replaced.length);
      return { replaced, settling, held: due.slice(replaced.length) };
    });
    this.#scaling = done.then(
      () => {},
      () => {},
    );
    return done;
  }

  /** Cancels every job of this cluster and waits until squeue no longer lists them. */
  close(): Promise<void> {
    return (this.#closed ??= (async () => {
      this.#closing();
      try {
        await Promise.all(this.#submitting);
        if (this.arrays.length === 0) return;
        // Not a plain scancel first: a cancelled job is COMPLETING, Slurm refuses to signal it
        // again and kills what is left only after its KillWait (30 s by default). So: pending
        // workers are cancelled; running ones get SIGTERM (an ssdp worker hands its batches back
        // and exits at once); one still there after KILL_AFTER_MS has its batch step killed
        // (scancel --signal=KILL --batch acts at once on a running job), then the rest is cancelled.
        await scancelAll(['--state=PENDING', ...this.arrays]);
        await scancelAll(['--signal=TERM', '--full', ...this.arrays]);
        if (!(await this.#gone(KILL_AFTER_MS))) {
          await scancelAll(['--signal=KILL', '--batch', ...this.arrays]);
          await this.#gone(1000);
        }
        await scancelAll([...this.arrays]);
        await this.#gone(CLOSE_TIMEOUT_MS);
      } finally {
        open.delete(this);
        this.#unregister();
      }
    })());
  }

  /** Whether squeue stops listing this cluster's jobs within `ms`. */
  async #gone(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      // a squeue killed by a Ctrl-C that came while closing is asked again: the close must finish
      const left = await this.workers().catch((e: unknown) => {
        if (e instanceof SlurmCommandStopped) return undefined;
        throw e;
      });
      if (left?.length === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** True once close() has begun (also when a signal began it). */
  get closing(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * At process exit (a script that threw or called process.exit without close()) nothing async
   * runs: cancel synchronously. A plain scancel left the running workers COMPLETING until Slurm's
   * KillWait (their broker is gone with this process, so their hand-back has nowhere to go): they
   * are killed outright (SIGKILL to the batch step, which is the worker; its task processes die
   * with it) after the pending ones are cancelled. (`--signal=KILL --full` is taken as a cancel,
   * SIGTERM and COMPLETING, on Slurm 22.05.) A plain scancel right behind the KILL would reach slurmd
   * first and make the jobs COMPLETING, which Slurm no longer signals; so the last cancel (for a
   * job that was starting in between) comes 2 s later from a detached shell that does not hold
   * this exit up.
   */
  #cancelNow(): void {
    open.delete(this);
    const scancel = findProgram('scancel');
    if (!scancel || this.arrays.length === 0) return;
    // execa is loaded: the arrays were submitted through it (sbatch)
    runProgramSync(scancel, ['--state=PENDING', ...this.arrays]);
    runProgramSync(scancel, ['--signal=KILL', '--batch', ...this.arrays]);
    startDetached('/bin/sh', ['-c', 'sleep 2; exec "$0" "$@"', scancel, ...this.arrays]);
  }
}

/** Workers of every Slurm cluster this process has open (for the dashboard's worker table). */
export async function listSlurmWorkers(): Promise<SlurmWorker[]> {
  return (await Promise.all([...open].map((c) => c.workers()))).flat();
}
