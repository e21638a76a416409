/**
 * Scale-out launchers: a private redis-server as the run's broker, and workers started on Slurm.
 * `withCluster` is what `ssdp run --cluster slurm` and `new Client({ cluster })` use: it starts
 * the broker (unless one is given) and the workers, runs the work against that broker, and stops
 * everything at the end, also on failure and Ctrl-C.
 */
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SsdpError } from '../util/errors.js';
import { envNumber } from '../util/env-number.js';
import { dyingOfSignal } from '../util/stop-on-exit.js';
import { startPrivateRedis, type PrivateRedis } from './redis-server.js';
import { SlurmCluster, slurmProgram, type SlurmWorker } from './slurm.js';
import { checkEnvironmentWalltime, checkSlurmOptions, drainRisk, effectiveWalltime, type SlurmOptions } from './slurm-options.js';
import { checkSlurmConf, type SlurmSources } from './sbatch-trouble.js';
import type { ClusterSettings } from './config.js';
import type { RunOwner } from '../distributed/run-owner.js';
import type { LoopHold } from '../distributed/loop-hold.js';

export { startPrivateRedis, type PrivateRedis, type PrivateRedisOptions } from './redis-server.js';
export { SlurmCluster, listSlurmWorkers, batchScript, BROKER_ARG, type SlurmWorker, type SlurmStartOptions } from './slurm.js';
export { checkSlurmOptions, SLURM_KEYS, type SlurmOptions } from './slurm-options.js';
export type { ClusterSettings } from './config.js';
export { stopAll } from '../util/stop-on-exit.js';

export interface ClusterSpec {
  kind: 'slurm';
  options: SlurmOptions;
  /** Where each setting came from (default: slurm({...}) in code), for the hint of a refused sbatch. */
  sources?: SlurmSources;
}

/** `new Client({ cluster: slurm({ workers: 2, cpus: 4, walltime: '1:00:00' }) })`. */
export function slurm(options: SlurmOptions = {}): ClusterSpec {
  checkSlurmOptions(options as Record<string, unknown>, 'slurm({...})');
  return { kind: 'slurm', options: { ...options } };
}

/** This machine's address as other machines see it: its first non-loopback IPv4. */
export function hostAddress(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

const SSDP_BIN = fileURLToPath(new URL('../../../bin/ssdp', import.meta.url));

/**
 * `ssdp worker --nprocs CPUS [ENV ARGS]`, run by this node from this ssdp. The worker reads the
 * broker URL from SSDP_BROKER (the job's environment), so its password never shows in `ps`.
 */
export function workerCommand(options: SlurmOptions, envArgs: readonly string[] = []): string[] {
  return [process.execPath, SSDP_BIN, 'worker', '--nprocs', String(options.cpus ?? 1), ...envArgs];
}

export interface RunningCluster {
  /** The URL the workers serve. */
  readonly broker: string;
  readonly slurm: SlurmCluster;
  readonly redis?: PrivateRedis;
  /** Rejects if every worker has ended while the cluster is open (they failed or were cancelled). */
  readonly lost: Promise<never>;
  /**
   * Resolves once the workers Slurm runs have announced themselves on the broker (rejects as
   * `lost` does). A run started before that would size its first batches for one worker.
   */
  ready(): Promise<void>;
  /**
   * Asks Slurm for `n` workers (Dask's cluster.scale(n)): submits another array, or cancels
   * workers, waiting ones first. While `n` is 0 the workers all ending is no loss: work waits.
   */
  scale(n: number): Promise<void>;
  close(): Promise<void>;
}

export interface StartClusterOptions {
  /** A running broker to use instead of a private redis-server. */
  broker?: string;
  /** The workers' command line (default workerCommand(options, envArgs)). */
  command?: readonly string[];
  /** Extra arguments of `ssdp worker` naming the env, e.g. ['-p', PREFIX]. */
  envArgs?: readonly string[];
  logDir?: string;
  /** How often squeue is asked whether any worker is left (ms; default SSDP_SLURM_POLL_MS, else 2000). */
  pollMs?: number;
  /** Told when a worker waits in Slurm's queue for a reason that will not clear, or long (default: a Node warning on stderr). */
  onNotice?: (message: string) => void;
  /** A Client's (loop-hold.ts): the private redis-server and the run's heartbeat connection keep the process alive only while it is taken. */
  hold?: LoopHold;
}

/**
 * How often a cluster run asks squeue how its workers are (ms): SSDP_SLURM_POLL_MS, default 2000.
 * A run whose workers have all ended fails after two empty answers in a row; a big cluster whose
 * controller should be asked less often sets more.
 */
export function slurmPollMs(): number {
  return envNumber('SSDP_SLURM_POLL_MS', 'milliseconds', true) ?? 2000;
}

/** Pending reasons Slurm keeps until the job or the cluster is changed: said at once. */
const STUCK_REASONS = new Set(['PartitionConfig', 'PartitionNodeLimit', 'PartitionTimeLimit', 'BadConstraints', 'InvalidAccount', 'InvalidQOS', 'ReqNodeNotAvail', 'AssocMaxJobsLimit', 'QOSMaxCpuPerUserLimit']);
/** Any other reason is said once a worker has been pending this long. */
const PENDING_NOTICE_MS = 30_000;

/**
 * Replacements of drained workers allowed within REPLACE_WINDOW_MS: 2 per wanted worker, at least
 * 3. Workers that drain before their walltime roll over to new ones; more than this means they
 * drain about as soon as they start (the drain signal comes at once), and replacing them looped.
 */
const REPLACE_WINDOW_MS = 120_000;
const replacementsAllowed = (wanted: number): number => Math.max(3, 2 * wanted);

/** After the first worker has announced itself, how long ready() waits for running ones still starting. */
const LATE_WORKER_MS = 10_000;

/**
 * Waits until every running Slurm worker serves the broker (their --nprocs summed), or one does
 * and the others have had LATE_WORKER_MS: the scheduler sizes a run by the workers it sees at its
 * start, so a run begun with none would hand out one batch at a time until one finished. Pending
 * workers (a full queue) are not waited for; they join the run when they start.
 */
async function workersAnnounced(cluster: SlurmCluster, broker: string, lost: Promise<never>): Promise<void> {
  const { RemoteExecutor } = await import('../distributed/remote.js');
  const remote = new RemoteExecutor({ broker });
  const per = cluster.options.cpus ?? 1;
  let first: number | undefined;
  // Closing (a signal, a failure) ends the wait at once, while the broker still answers the probe's close.
  const closed = cluster.closingStarted.then((): never => {
    throw new SsdpError('E_SLURM', 'The Slurm cluster was closed while its workers were starting.');
  });
  closed.catch(() => {});
  try {
    for (;;) {
      const [announced, live] = await Promise.race([Promise.all([remote.workers(), cluster.liveWorkers()]), lost, closed]);
      const running = live.filter((w) => w.state === 'RUNNING').length;
      if (announced > 0) first ??= Date.now();
      if (first !== undefined && (announced >= running * per || Date.now() - first > LATE_WORKER_MS)) return;
      await Promise.race([new Promise((r) => setTimeout(r, 200)), lost, closed]);
    }
  } catch (e) {
    // Ctrl-C that nobody else handles closed the cluster: the process dies of the signal once its
    // jobs and broker are stopped; a rejection here would end a script's await with an E_SLURM it
    // never had, as an uncaught error with exit 1 (try11x R3)
    if (dyingOfSignal()) await new Promise<never>(() => {});
    throw e;
  } finally {
    // its broker may be going away with the cluster: closing the probe must not hold the run up
    await Promise.race([remote.close().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}

export async function startCluster(spec: ClusterSpec, opts: StartClusterOptions = {}): Promise<RunningCluster> {
  if (spec.kind !== 'slurm') throw new SsdpError('E_CLUSTER_OPTION', `Unknown cluster kind '${String(spec.kind)}'.`, { hint: "Use cluster: slurm({...}) or --cluster slurm." });
  checkSlurmOptions(spec.options as Record<string, unknown>, 'slurm({...})');
  for (const p of ['sbatch', 'squeue', 'scancel']) slurmProgram(p);
  checkSlurmConf();
  checkEnvironmentWalltime(spec.options);
  const walltime = effectiveWalltime(spec.options);
  const risk = drainRisk(walltime.opts);
  const early = risk && walltime.from ? `${walltime.from}: ${risk}` : risk;
  if (early) (opts.onNotice ?? ((m: string) => process.emitWarning(m, { code: 'SSDP_SLURM_DRAIN_EARLY' })))(early);
  // a bad SSDP_RUN_OWNER_TTL_MS or SSDP_SLURM_POLL_MS fails here, before a broker is checked or started
  const { holdRunOwner, ownerTtlMs } = await import('../distributed/run-owner.js');
  ownerTtlMs();
  const pollMs = opts.pollMs ?? slurmPollMs();
  // A given broker (--broker with --cluster slurm: the workers serve it) is checked before any job
  // is submitted, so a wrong address or password fails here, not after the workers started.
  if (opts.broker) {
    const { checkBroker, parseBroker } = await import('../distributed/broker.js');
    await checkBroker(parseBroker(opts.broker), 'ssdp-check', { notice: opts.onNotice });
  }
  const redis = opts.broker ? undefined : await startPrivateRedis({ host: spec.options.host ?? hostAddress(), hold: opts.hold });
  const broker = opts.broker ?? redis!.url;
  let cluster: SlurmCluster;
  let owner: RunOwner | undefined;
  try {
    // the workers end with this process even when it is killed with -9 (no clean-up runs then)
    owner = await holdRunOwner(broker, opts.hold);
    cluster = await SlurmCluster.start(spec.options, { broker, command: opts.command ?? workerCommand(spec.options, opts.envArgs), logDir: opts.logDir, boundTo: owner.id, privateBroker: !opts.broker, sources: spec.sources });
  } catch (e) {
    await owner?.release();
    await redis?.stop();
    // a Ctrl-C that stopped the submission (sbatch dies of it too): the process dies of the
    // signal once everything is stopped; a rejection would end a script with an error of ours
    if (dyingOfSignal()) await new Promise<never>(() => {});
    throw e;
  }
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  /** The workers asked for: 0 (scale(0)) means none is meant to run. */
  let wanted = spec.options.workers ?? 1;
  const notice = opts.onNotice ?? ((m: string) => process.emitWarning(m, { code: 'SSDP_SLURM_PENDING' }));
  const pendingSince = new Map<string, number>();
  const told = new Set<string>();
  /** A worker that cannot start makes the run wait in silence otherwise (try11s S2): say which and why, once. */
  const sayPending = (live: SlurmWorker[]): void => {
    const now = Date.now();
    for (const w of live) {
      if (w.state !== 'PENDING' || told.has(w.jobId)) continue;
      const since = pendingSince.get(w.jobId) ?? now;
      pendingSince.set(w.jobId, since);
      const stuck = STUCK_REASONS.has(w.reason);
      if (!stuck && now - since < PENDING_NOTICE_MS) continue;
      told.add(w.jobId);
      notice(
        `Slurm worker ${w.jobId} is PENDING (${w.reason || 'no reason given'})${stuck ? ', which Slurm keeps until the job or the cluster changes' : ` after ${Math.round((now - since) / 1000)} s`}; the run keeps waiting for it (Ctrl-C stops the run and cancels its jobs). ` +
          (stuck ? 'Check cpus, memory, walltime and partition in ssdp.yaml or slurm({...}) against sinfo and scontrol show partition.' : 'squeue -j ' + w.jobId + ' --start shows when Slurm expects to start it.'),
      );
    }
  };
  /** When each replacement was submitted; and, once too many came too fast, why none is submitted any more. */
  const replacedAt: number[] = [];
  let noMoreReplacements: string | undefined;
  const lost = new Promise<never>((_, reject) => {
    let emptyPolls = 0;
    const poll = async () => {
      if (closed || cluster.closing) return;
      const live = await cluster.liveWorkers().catch(() => undefined);
      if (live) sayPending(live);
      const frozen = owner!.lapsedMs();
      let settling = false;
      // drained workers are replaced while the run wants workers; not after this process was
      // frozen: its workers left because the run looked gone, and the run says so below
      if (live && live.length < wanted && frozen === 0) {
        const now = Date.now();
        const recent = replacedAt.filter((t) => now - t < REPLACE_WINDOW_MS).length;
        const r = await cluster.replaceDrained(wanted, noMoreReplacements ? 0 : replacementsAllowed(wanted) - recent).catch(() => undefined);
        replacedAt.push(...(r?.replaced ?? []).map(() => now));
        if (r?.held.length && !noMoreReplacements) {
          noMoreReplacements = `ssdp replaced ${recent} drained worker${recent === 1 ? '' : 's'} in ${Math.round(REPLACE_WINDOW_MS / 1000)} s and replaces no more in this run`;
          notice(
            `Slurm worker${r.held.length > 1 ? 's' : ''} ${r.held.join(', ')} drained before ${r.held.length > 1 ? 'their' : 'its'} walltime too: the workers drain about as soon as they start, so ${noMoreReplacements}. ` +
              `A walltime close to the drain time (${cluster.options.drain} s before it), or a drain signal (${cluster.options.drainSignal ?? 'USR2'}) that reaches the workers early, are the usual causes: check walltime and drain in ssdp.yaml or slurm({...}), and the workers' logs in ${cluster.logDir}.`,
          );
        }
        if (r?.replaced.length) {
          notice(`Slurm worker${r.replaced.length > 1 ? 's' : ''} ${r.replaced.join(', ')} drained before ${r.replaced.length > 1 ? 'their' : 'its'} walltime; submitted ${r.replaced.length > 1 ? 'replacements' : 'a replacement'}.`);
          emptyPolls = 0;
          timer = setTimeout(poll, pollMs);
          timer.unref();
          return;
        }
        settling = r?.settling ?? false;
      }
      emptyPolls = live && live.length === 0 && !settling ? emptyPolls + 1 : 0;
      // Two empty answers in a row: one may fall between a cancel and a new submission.
      if (emptyPolls >= 2 && wanted > 0 && !closed && !cluster.closing) {
        const endings = await cluster.endings().catch(() => []);
        const jobs = endings.length ? endings.join(', ') : `jobs ${cluster.arrays.join(', ')}`;
        if (frozen > 0) {
          reject(new SsdpError('E_RUN_DROPPED', `This process did not run for ${Math.round(frozen / 1000)} s (stopped, suspended, a paused machine or VM), longer than the ${Math.round(owner!.ttlMs / 1000)} s its Slurm workers wait for the run's heartbeat; so they took the run for gone and left: ${jobs}.`, {
            hint: `Run the same command again (finished steps are kept). Keep the submitter running while the run lasts (run it on the cluster's login node, in tmux or screen), or give the workers longer with SSDP_RUN_OWNER_TTL_MS (milliseconds).`,
          }));
          return;
        }
        reject(new SsdpError('E_SLURM_WORKERS_GONE', `Every Slurm worker of this run has ended, so nothing is left to run its tasks: ${jobs}.${noMoreReplacements ? ` They drained about as soon as they started: ${noMoreReplacements}.` : ''}`, {
          hint: `Their logs are in ${cluster.logDir}; a worker that cannot reach the broker (FAILED), too little --mem (OUT_OF_MEMORY), a short walltime (TIMEOUT) or scancel (CANCELLED) are the usual causes.`,
        }));
        return;
      }
      timer = setTimeout(poll, pollMs);
      timer.unref();
    };
    timer = setTimeout(poll, pollMs);
    timer.unref();
  });
  lost.catch(() => {});
  let ready: Promise<void> | undefined;
  const close = async () => {
    closed = true;
    clearTimeout(timer);
    try {
      await cluster.close();
    } finally {
      await owner!.release();
      await redis?.stop();
    }
  };
  const scale = async (n: number): Promise<void> => {
    await cluster.scale(n);
    wanted = n;
  };
  return { broker, slurm: cluster, redis, lost, close, scale, ready: () => (ready ??= workersAnnounced(cluster, broker, lost)) };
}

const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Ctrl-C while the workers start (before any step runs): a clear E_RUN_INTERRUPTED with the
 * signal's exit code, rather than a wait on a broker that the same signal is stopping.
 */
function whileStarting(): { signalled: Promise<never>; readonly error: SsdpError | undefined; off: () => void } {
  const listeners = new Map<NodeJS.Signals, () => void>();
  let error: SsdpError | undefined;
  const signalled = new Promise<never>((_, reject) => {
    for (const [sig, exitCode] of Object.entries(STOP_SIGNALS) as [NodeJS.Signals, number][]) {
      const h = () => reject((error ??= new SsdpError('E_RUN_INTERRUPTED', `The run was stopped (${sig}) while its Slurm workers were starting; no step had run.`, { hint: 'Run the same command again to start over.', exitCode })));
      listeners.set(sig, h);
      process.on(sig, h);
    }
  });
  signalled.catch(() => {});
  return {
    signalled,
    get error() {
      return error;
    },
    off: () => listeners.forEach((h, sig) => process.removeListener(sig, h)),
  };
}

/** Starts the cluster, runs `fn` against its broker, and stops the cluster however `fn` ends. */
export async function withCluster<T>(spec: ClusterSpec, opts: StartClusterOptions, fn: (broker: string, cluster: RunningCluster) => Promise<T>): Promise<T> {
  // listening from before the start: a Ctrl-C during sbatch kills sbatch too, and the run is
  // interrupted, not failed with E_SLURM (try11z Z2)
  const stop = whileStarting();
  let cluster: RunningCluster;
  try {
    cluster = await startCluster(spec, opts);
  } catch (e) {
    stop.off();
    throw stop.error ?? e;
  }
  try {
    try {
      await Promise.race([cluster.ready(), stop.signalled]);
    } finally {
      stop.off();
    }
    return await Promise.race([fn(cluster.broker, cluster), cluster.lost]);
  } finally {
    await cluster.close();
  }
}

/**
 * The cluster `ssdp run --cluster slurm [--workers N]` asks for: ssdp.yaml's `cluster: slurm:`
 * settings, with --workers winning. Undefined when no --cluster is given.
 */
export function runCluster(args: { cluster?: string; workers?: number; jobs?: number; broker?: string }, settings: ClusterSettings = {}, file = 'ssdp.yaml'): ClusterSpec | undefined {
  if (args.cluster === undefined) {
    if (args.workers !== undefined) {
      // --broker refuses -j: its hint must not send the user there (try11k K2)
      const hint = args.broker !== undefined
        ? "With --broker the broker's ssdp workers run the steps: start more of them, or give each a larger --nprocs N."
        : 'For workers on this machine use -j N.';
      throw new SsdpError('E_BAD_ARGS', '--workers sets the number of cluster workers and goes with --cluster slurm.', { hint, exitCode: 2 });
    }
    return undefined;
  }
  if (args.cluster !== 'slurm') throw new SsdpError('E_BAD_ARGS', `--cluster ${args.cluster}: the one cluster kind is slurm.`, { exitCode: 2 });
  if (args.jobs !== undefined) {
    throw new SsdpError('E_BAD_ARGS', `-j ${args.jobs} sets the number of worker processes on this machine; with --cluster slurm the steps run on Slurm workers instead.`, {
      hint: 'Drop -j: --workers N sets the number of Slurm workers and cpus: (ssdp.yaml cluster: slurm:) the task processes of each.',
      exitCode: 2,
    });
  }
  const options = { ...settings.slurm, ...(args.workers !== undefined ? { workers: args.workers } : {}) };
  if (args.workers !== undefined && (!Number.isInteger(args.workers) || args.workers < 1)) {
    throw new SsdpError('E_BAD_OPTION_VALUE', `--workers must be a whole number from 1, got ${args.workers}.`, { exitCode: 2 });
  }
  const sources: SlurmSources = {};
  for (const k of Object.keys(settings.slurm ?? {}) as (keyof SlurmOptions)[]) sources[k] = settings.at?.[k] ? `ssdp.yaml's cluster: slurm: at ${settings.at[k]}` : `ssdp.yaml's cluster: slurm: in ${file}`;
  if (args.workers !== undefined) sources.workers = '--workers';
  return { ...slurm(options), sources };
}
