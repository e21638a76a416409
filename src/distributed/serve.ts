/**
 * `ssdp worker`: takes batches from the broker's queue and runs them in child processes started
 * from the env (its node, PATH and variables), as the local processes scheduler does. This main
 * thread only holds the broker connection and the job locks, so a busy task never stalls lock
 * renewal; a worker killed with -9 loses its locks and its jobs run again on another worker.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker, DelayedError, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { startProcess, type Handle } from '../graph/pool.js';
import type { ShippedFn } from '../graph/functions.js';
import { packKeys, UnitColumnsBuilder, type BatchMsg, type DoneMsg, type FromWorker } from '../graph/wire.js';
import { SsdpError, formatError } from '../util/errors.js';
import { blobConnection, bullConnection, connectBroker, lostMessage, parseBroker, refused, retryWindowMs, safeUrl, stalled, stallMs, within } from './broker.js';
import { BeatLapses } from './beat-lapse.js';
import { BlobStore, decodeValue, encodeValue, type Enc } from './codec.js';
import { codeDifference, libraryHash, type CodeFingerprint } from './fingerprint.js';
import { workerRunEnv, type ChildSetup, type RunEnv } from './run-env.js';
import { STEP_LEASE_ENV } from '../workflow/step-lease.js';
import { followBatchShell } from './batch-shell.js';
import { DECLINE_DELAY_MS, HEARTBEAT_MS, LOCK_MS, PREFIX, QUEUE, RUN_ALIVE_TTL_MS, RUN_CHECK_MS, STALLED_MS, WORKER_KEYS, aliveKey, clientAliveKey, declinedKey, droppedKey, ownerKey, runKey, type BatchPayload, type JobData, type JobResult, type RunMeta, type WorkerAnnouncement } from './protocol.js';

export interface ServeOptions {
  broker: string;
  /** Child processes running tasks (default 1). */
  nprocs?: number;
  /** The node binary and environment of the children (an env's, see envProcessEnv). */
  node?: string;
  env?: NodeJS.ProcessEnv;
  /** The prefix of the env `node` and `env` come from: a run naming that env uses these processes. */
  ownEnv?: string;
  nodeArgs?: string[];
  /** Lines about what the worker does (default: stderr). */
  log?: (line: string) => void;
  /**
   * The task processes for a run that names an env (RunMeta.env): the env itself when it is
   * visible here, else one recreated from the run's lockfile. Throws to refuse the run's tasks.
   * Default: workerRunEnv under this worker's SSDP_ROOT.
   */
  prepareRun?: (env: RunEnv) => Promise<ChildSetup>;
  /**
   * The run this worker was started for (a Slurm job of `ssdp run --cluster slurm`): the id of the
   * heartbeat key its submitter keeps alive (ownerKey). Once that key is gone the worker stops,
   * as on SIGTERM: a submitter killed with -9 must not leave its workers serving until walltime.
   * Unset (a worker a user started): it serves until told to stop.
   */
  boundTo?: string;
  /**
   * The broker is the private redis-server of the run this worker was started for (`ssdp run
   * --cluster slurm` with no --broker): it ends with its submitter and never comes back, so a
   * connection it refuses means the run is over, not an outage to wait out.
   */
  privateBroker?: boolean;
}

export interface WorkerHandle {
  readonly id: string;
  /** Stops taking jobs, lets running ones finish, stops the children. */
  stop(): Promise<void>;
  /**
   * Stops now: kills the task processes and hands their jobs back to the queue for other workers
   * (what scancel's SIGTERM asks for). Waits for the broker at most a few seconds.
   */
  handBack(): Promise<void>;
  /** Resolves when the worker has stopped; rejects when it lost the broker for good. */
  readonly done: Promise<void>;
}

/**
 * A task process ended by a signal (Slurm's scancel sends SIGTERM, an OOM killer SIGKILL) did not
 * fail its tasks: the job goes back to the queue for another process. Tasks are keyed by content,
 * so running them again is safe; a job handed back this often is killed by its own tasks.
 */
const MAX_HANDBACKS = 3;
/** On SIGTERM, how long the worker waits for its running jobs to be back in the queue. */
const HANDBACK_MS = 3000;
/** A second SIGTERM this soon after the first is the same request sent twice (runWorker), not a second one. */
const SAME_SIGNAL_MS = 2000;
/** How long a stopped `ssdp worker` process may take to end by itself before it exits anyway. */
const EXIT_GRACE_MS = 2000;
class ChildKilled extends Error {}
/** A batch whose job lock this worker lost: its result is not this worker's to report. */
class LockLost extends Error {}
/** A batch of a run that was stopped (or whose submitter is gone) while it ran: killed, its job dropped. */
class RunStopped extends Error {}

/** Failed jobs carry `[CODE] message\n  hint: ...`: the submitter rebuilds the SsdpError from it. */
const CODE_MISMATCH = 'E_WORKER_CODE_MISMATCH';
/** A batch of a stopped run, dropped (the submitter ignores it, or is gone). */
const RUN_STOPPED = 'E_RUN_STOPPED';
const REFUSAL_HINT = {
  [CODE_MISMATCH]: 'Give every worker the same code as the submitter (same ssdp and task modules at the same paths), or stop the stale worker.',
  E_WORKER_ENV: 'The worker needs the registry (or a store holding the packages) the submitter used; or put SSDP_ROOT on a filesystem every worker shares.',
};
/** Task-process pools of envs other than the worker's own kept alive besides the busy ones. */
const IDLE_POOLS = 2;
/**
 * A batch taken while every task process is busy waits at most this long for one, then goes back
 * to the queue for an idle worker: queued behind a long batch here it would leave that worker idle
 * (two tasks that must run at once never met: the Slurm race of session 10).
 */
const HOLD_MS = 100;
/**
 * Batches that ran under this long make the worker take the next ones ahead (two per process), so
 * a task process never waits for the broker between tiny batches; a longer batch stops that.
 */
const SHORT_BATCH_MS = 50;

interface Pool {
  /** Its env (setup.key) and the task-module code its processes load (poolKey). */
  key: string;
  readonly setup: ChildSetup;
  /** The Client whose task processes these are (RunMeta.client): stopped once its heartbeat is gone. */
  client?: string;
  readonly children: Child[];
  used: number;
  /** Batches waiting for a task process of this pool to be free (woken when one is). */
  readonly waiting: (() => void)[];
}

interface Child {
  handle: Handle;
  busy: number;
  /** Global function ids this child has loaded. */
  readonly loaded: Set<number>;
}

interface RunInfo {
  readonly run: string;
  meta: RunMeta;
  /** Its submitter stopped it ('stopped') or stopped renewing its heartbeat ('gone'): none of its tasks runs here any more. */
  stopped?: 'stopped' | 'gone';
  /** 'gone': how long its heartbeat went unrenewed, at least (its TTL and the time this worker saw it missing). */
  lapsedMs?: number;
  /** Offset of this run's function indices among the children's function ids. */
  base: number;
  refused?: { code: keyof typeof REFUSAL_HINT; why: string; hint?: string };
  /** The refusal is recorded in declinedKey(run) for the submitter. */
  declared?: Promise<unknown>;
  store: BlobStore;
  /** The task processes this run's batches go to. */
  pool: Pool;
}

/** Connects (clear error at once when the broker cannot be used) and starts serving. */
export async function serveBroker(opts: ServeOptions): Promise<WorkerHandle> {
  const addr = parseBroker(opts.broker);
  // now, not at the first run: the hash must be of the ssdp code this worker has loaded
  libraryHash();
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  // set when the retry window is over: every connection stops reconnecting
  let gaveUp = false;
  const givenUp = (): boolean => gaveUp;
  // a broker that accepts the connection and stays silent (frozen) is waited for, as later (try11w E1)
  const redis: Redis = await connectBroker(addr, 'ssdp-worker', givenUp, { notice: (m) => log(`ssdp worker: ${m}`) });
  // blobs travel apart: a 100 MB transfer must not hold back this worker's heartbeat (announce)
  const blobs: Redis = await blobConnection(addr, 'ssdp-worker', givenUp);
  const id = `${hostname()}:${process.pid}`;
  const slurmJob = slurmJobOf(process.env);
  const nprocs = Math.max(1, opts.nprocs ?? 1);
  const pools = new Map<string, Pool>();
  let nextMsg = 1;
  const pending = new Map<number, { resolve: (m: DoneMsg) => void; reject: (e: unknown) => void; child: Child }>();
  let stopping = false;
  /** Job id -> the task process running its batch (killed when the job's lock is lost, or its run stopped). */
  const running = new Map<string, { child: Child; pool: Pool; run: string }>();
  /** Set by handBack(): killed task processes' jobs go back to the queue without counting as a handback. */
  let handingBack = false;

  const spawnChild = (pool: Pool): Child => {
    // its workflow steps hold leases a run on another host can see (workflow/step-lease.ts)
    const env = { ...(pool.setup.env ?? process.env), [STEP_LEASE_ENV]: '1' };
    const c: Child = { handle: startProcess({ kind: 'processes', nWorkers: 1, node: pool.setup.node, env, nodeArgs: opts.nodeArgs, dieWithParent: true }), busy: 0, loaded: new Set() };
    c.handle.setRef(true);
    c.handle.onMessage = (m: FromWorker) => {
      if (m.t === 'fatal') return failChild(pool, c, m.message);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      p.resolve(m);
    };
    c.handle.onExit = (detail, signal) => failChild(pool, c, detail || 'worker process exited', signal !== undefined);
    return c;
  };
  const failChild = (pool: Pool, c: Child, why: string, bySignal = false, err?: Error): void => {
    c.handle.kill();
    for (const [k, p] of pending) {
      if (p.child !== c) continue;
      pending.delete(k);
      p.reject(err ?? (bySignal ? new ChildKilled(why) : new Error(why)));
    }
    const i = pool.children.indexOf(c);
    if (i >= 0 && !stopping && pools.get(pool.key) === pool) pool.children[i] = spawnChild(pool);
    freed(pool);
  };
  const freed = (pool: Pool): void => {
    for (const wake of pool.waiting.splice(0)) wake();
  };
  /**
   * A task process of `pool` with nothing to run, claimed (busy) for the caller; waits up to
   * HOLD_MS for one to be free. Undefined when none got free: the batch belongs to another worker.
   */
  const claimChild = async (pool: Pool): Promise<Child | undefined> => {
    const deadline = Date.now() + HOLD_MS;
    for (;;) {
      const c = pool.children.find((x) => x.busy === 0 && x.handle.alive);
      if (c) {
        c.busy++;
        return c;
      }
      const left = deadline - Date.now();
      if (left <= 0 || stopping) return undefined;
      await new Promise<void>((wake) => {
        const t = setTimeout(wake, left);
        pool.waiting.push(() => {
          clearTimeout(t);
          wake();
        });
      });
    }
  };
  let poolUse = 0;
  /**
   * The pool of task processes for a setup and the task-module code of a run, started on first
   * use (the worker's first pool, started before any run, is taken by the first code to come);
   * idle pools beyond IDLE_POOLS are stopped. A node process never unloads a module it imported,
   * so code edited since gets new processes: every run executes the code its fingerprint names.
   */
  const poolFor = (setup: ChildSetup, code = '', client?: string): Pool => {
    const key = poolKey(setup.key, code);
    let pool = pools.get(key);
    const fresh = pools.get(poolKey(setup.key, ''));
    if (!pool && fresh && fresh.children.every((c) => c.loaded.size === 0 && c.busy === 0)) {
      // not used yet: no task module loaded, any code may have it
      pools.delete(fresh.key);
      fresh.key = key;
      fresh.client = client;
      pools.set(key, (pool = fresh));
    }
    if (!pool) {
      pool = { key, setup, client, children: [], used: 0, waiting: [] };
      pools.set(key, pool);
      for (let i = 0; i < nprocs; i++) pool.children.push(spawnChild(pool));
      const idle = [...pools.values()].filter((p) => p !== pool && p.children.every((c) => c.busy === 0)).sort((a, b) => a.used - b.used);
      for (const p of idle.slice(0, Math.max(0, idle.length - IDLE_POOLS))) {
        pools.delete(p.key);
        for (const c of p.children) c.handle.kill();
      }
    }
    pool.used = ++poolUse;
    return pool;
  };
  const ownSetup: ChildSetup = { key: opts.ownEnv ?? '', node: opts.node, env: opts.env };
  const ownPool = poolFor(ownSetup);
  const prepareRun = opts.prepareRun ?? ((env: RunEnv) => workerRunEnv(env, { log }));

  const runs = new Map<string, Promise<RunInfo>>();
  /** The runs of `runs` read so far, whose heartbeats checkRuns watches. */
  const known = new Map<string, RunInfo>();
  /** Heartbeats seen missing, judged lapsed only after a steady TTL and a confirmation (beat-lapse.ts, try11t T7/T8). */
  const lapses = new BeatLapses();
  let nextBase = 0;
  const runInfo = (run: string): Promise<RunInfo> => {
    let p = runs.get(run);
    if (!p) {
      p = (async () => {
        const [text, alive] = await redis.mget(runKey(run), aliveKey(run));
        if (!text) throw new UnrecoverableError(`[E_BROKER_DATA] run ${run} is not known to the broker any more (it ended, or its key expired).`);
        const meta = JSON.parse(text) as RunMeta;
        const info: RunInfo = { run, meta, base: nextBase, store: new BlobStore(blobs, run, meta.shared), pool: ownPool };
        known.set(run, info);
        if (alive !== 'live') await judgeRun(info, alive);
        const code = runCode(info);
        nextBase += meta.defs.length;
        const diff = codeDifference(meta.code);
        if (diff) {
          info.refused = { code: CODE_MISMATCH, why: `worker ${id} refuses the tasks of run ${run} from ${meta.submitter}: ${diff}. Functions travel by module reference, so this worker would run other code than the submitter.` };
        } else if (!meta.env) {
          info.pool = poolFor(ownSetup, code, meta.client);
        } else {
          try {
            info.pool = poolFor(await prepareRun(meta.env), code, meta.client);
          } catch (e) {
            const err = e instanceof SsdpError ? e : undefined;
            info.refused = { code: 'E_WORKER_ENV', why: `worker ${id} cannot run the tasks of run ${run}: ${err?.code === 'E_WORKER_ENV' ? err.message : e instanceof Error ? e.message : String(e)}`, hint: err?.hint };
          }
        }
        if (info.refused) log(`ssdp worker: ${info.refused.why} Its batches go back to the queue for other workers; the run fails only if every worker declines it.`);
        return info;
      })();
      runs.set(run, p);
      // forget runs after a while: their ids never come back
      if (runs.size > 256) {
        const old = runs.keys().next().value!;
        runs.delete(old);
        known.delete(old);
      }
    }
    return p;
  };

  /**
   * A run whose heartbeat is not 'live' when its first batch comes: stopped by its submitter, or
   * gone (its key lapsed: the submitter was killed with -9, frozen, or cut off). A missing key may
   * only await its submitter's renewal (after an outage, or from a thread that started late on a
   * loaded machine): looked at again until it is back or counts as lapsed (beat-lapse.ts).
   */
  const judgeRun = async (info: RunInfo, alive: string | null): Promise<void> => {
    const key = aliveKey(info.run);
    for (;;) {
      if (alive === 'live') return void lapses.forget(key);
      if (alive !== null) return stopRunHere(info, 'stopped');
      if (lapses.lapsed(key, null, aliveTtl(info))) return stopRunHere(info, 'gone');
      await new Promise((r) => setTimeout(r, RUN_CHECK_MS));
      if (info.stopped) return;
      const sent = Date.now();
      alive = await redis.get(key);
      lapses.replied(sent);
    }
  };

  /** The run is over: its tasks running here are killed; a run whose submitter is gone also loses its data (once, by whichever worker gets there first). */
  const stopRunHere = async (info: RunInfo, why: 'stopped' | 'gone'): Promise<void> => {
    if (info.stopped) return;
    info.stopped = why;
    if (why === 'gone') info.lapsedMs = aliveTtl(info) + lapses.missingFor(aliveKey(info.run));
    lapses.forget(aliveKey(info.run));
    // a run's own task processes serve no other run: stopped now (unregistered first, so the
    // ones killed below are not replaced)
    const own = info.meta.fresh && pools.get(info.pool.key) === info.pool ? info.pool : undefined;
    if (own) pools.delete(own.key);
    let killed = 0;
    for (const [jobId, r] of [...running]) {
      if (r.run !== info.run) continue;
      running.delete(jobId);
      killed++;
      failChild(r.pool, r.child, `run ${info.run} was stopped`, false, new RunStopped(`job ${jobId}: run stopped`));
    }
    for (const c of own?.children ?? []) c.handle.kill();
    const reaped = why === 'gone' && (await reap(info.run, info.store));
    if (killed || reaped) {
      const what = [killed ? `stopped its ${killed} running batch${killed === 1 ? '' : 'es'}` : '', reaped ? 'removed its data from the broker' : ''].filter(Boolean).join(' and ');
      log(`ssdp worker: run ${info.run} of ${info.meta.submitter} ${why === 'gone' ? `is gone (${lapsedWhy(info)})` : 'was stopped by its submitter'}: ${what}`);
    }
  };

  /**
   * Removes the data of a run whose heartbeat lapsed: true for the one worker that got there first
   * (deleting the run's record is the claim).
   */
  const reap = async (run: string, store: BlobStore): Promise<boolean> => {
    if ((await redis.del(runKey(run))) !== 1) return false;
    await redis.set(droppedKey(run), `worker ${id} saw it lapse at ${new Date().toISOString()}`, 'EX', 3600);
    await redis.del(declinedKey(run), aliveKey(run));
    await store.sweepRun();
    return true;
  };

  /**
   * Every RUN_ALIVE_TTL_MS: runs no worker has served whose heartbeat lapsed (a submitter killed
   * with -9 while it still uploaded its inputs, before its first batch was queued) lose their data
   * too; only the runs of batches a worker took were watched, and such a run's record and partial
   * blobs stayed 24 h (tester try11v D4). A record and its heartbeat are written together and
   * deleted together, so a record without one is a lapsed run.
   */
  const reapUnserved = async (): Promise<void> => {
    if (!lapses.settled(RUN_ALIVE_TTL_MS)) return; // a heartbeat may just not be renewed yet after an outage
    const records: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', runKey('*'), 'COUNT', 1000);
      cursor = next;
      for (const k of keys) if (RUN_RECORD.test(k)) records.push(k.slice(runKey('').length));
    } while (cursor !== '0');
    const unknown = records.filter((run) => !known.has(run));
    if (unknown.length === 0) return;
    const sent = Date.now();
    const alive = await redis.mget(...unknown.map(aliveKey));
    lapses.replied(sent);
    for (const [i, run] of unknown.entries()) {
      // missing on two looks RUN_ALIVE_TTL_MS apart (this runs that often), not on one
      if (!lapses.lapsed(aliveKey(run), alive[i] ?? null, RUN_ALIVE_TTL_MS)) continue;
      lapses.forget(aliveKey(run));
      const text = await redis.get(runKey(run));
      if (!text) continue;
      let shared: string | undefined;
      try {
        shared = (JSON.parse(text) as RunMeta).shared;
      } catch {
        // not a record this ssdp reads: its blobs in Redis still go
      }
      if (await reap(run, new BlobStore(blobs, run, shared))) log(`ssdp worker: run ${run} is gone before any of its batches ran (its heartbeat was not renewed for over ${RUN_ALIVE_TTL_MS / 1000} s: its submitter was killed, frozen, or cut off from the broker): removed its data from the broker`);
    }
  };

  /** Every RUN_CHECK_MS: the heartbeats of the runs this worker has served, in one round trip. */
  const checkRuns = async (): Promise<void> => {
    await checkClients();
    const watched = [...known.values()].filter((i) => !i.stopped);
    if (watched.length === 0) return;
    const sent = Date.now();
    const alive = await redis.mget(...watched.map((i) => aliveKey(i.run)));
    lapses.replied(sent);
    await Promise.all(
      watched.map((info, i) => {
        const value = alive[i] ?? null;
        if (value !== null && value !== 'live') return stopRunHere(info, 'stopped');
        return lapses.lapsed(aliveKey(info.run), value, aliveTtl(info)) ? stopRunHere(info, 'gone') : undefined;
      }),
    );
  };

  /**
   * The task processes kept for a Client (RunMeta.client) are stopped once its heartbeat is gone:
   * it closed (the key is deleted) or its process ended without closing (killed with -9: the key
   * lapses). Kept until 2 newer idle sets pushed them out, they held a closed script's memory and
   * module state. A busy one goes when its batch ends (its run is stopped too: same heartbeat
   * thread). Right after a (re)connect a missing key may only await its renewal: not judged then.
   */
  const checkClients = async (): Promise<void> => {
    if (!lapses.settled(RUN_ALIVE_TTL_MS)) return;
    const clients = [...new Set([...pools.values()].flatMap((p) => (p.client === undefined ? [] : [p.client])))];
    if (clients.length === 0) return;
    const sent = Date.now();
    const alive = await redis.mget(...clients.map(clientAliveKey));
    lapses.replied(sent);
    const gone = new Set(clients.filter((c, i) => lapses.lapsed(clientAliveKey(c), alive[i] ?? null, RUN_ALIVE_TTL_MS)));
    for (const c of gone) lapses.forget(clientAliveKey(c));
    if (gone.size === 0) return;
    for (const pool of [...pools.values()]) {
      if (pool.client === undefined || !gone.has(pool.client)) continue;
      pools.delete(pool.key);
      for (const c of pool.children) if (c.busy === 0) c.handle.kill();
    }
    // nothing else kept: as at the start, a set ready for the next Client, which then need not wait for node to start
    if (!stopping && pools.size === 0) poolFor(ownSetup);
  };
  const runStoppedError = (info: RunInfo): UnrecoverableError =>
    new UnrecoverableError(`[${RUN_STOPPED}] worker ${id} dropped a batch of run ${info.run}: ${info.stopped === 'gone' ? lapsedWhy(info) : 'its submitter stopped it'}.`);

  const remap = (v: unknown, base: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => remap(x, base));
    const o = v as Record<string, unknown>;
    if (Object.getPrototypeOf(o) !== Object.prototype || '$ref' in o || '$lit' in o) return v;
    if (typeof o.$fn === 'number' && Object.keys(o).length === 1) return { $fn: o.$fn + base };
    const out: Record<string, unknown> = {};
    for (const k in o) out[k] = remap(o[k], base);
    return out;
  };

  /** Jobs whose lock this worker lost (lockRenewalFailed): their results are another attempt's to give. */
  const lostLocks = new Set<string>();
  /**
   * Result blobs just written for a run that has ended meanwhile (its submitter failed, stopped,
   * or finished with another attempt's result), or for a job whose lock was lost, reach nobody:
   * they are deleted here, as the submitter sweeps the run's blobs only once (remote.ts cleanUp
   * deletes the run's record before its sweep, so a blob written after the sweep is caught here).
   */
  const dropIfStale = async (job: Job<JobData, JobResult>, run: string, store: BlobStore, vs: readonly Enc[]): Promise<void> => {
    const lockLost = job.id !== undefined && lostLocks.delete(job.id);
    const ids = vs.flatMap((v) => (v.$e === 'b' ? [v.b] : []));
    // inline results leave nothing behind: no extra round trip for them (tiny batches)
    if (ids.length === 0) return;
    const runGone = !lockLost && (await redis.exists(runKey(run))) === 0;
    if (!lockLost && !runGone) return;
    await store.delete(ids).catch(() => {});
    store.removeEmptyRunFolder();
    if (lockLost) throw new LockLost(`job ${job.id}: lock lost`);
    throw new UnrecoverableError(`[E_BROKER_DATA] run ${run} ended while job ${job.id} ran: its results were dropped.`);
  };

  const process1 = async (job: Job<JobData, JobResult>, token?: string): Promise<JobResult> => {
    const data = job.data;
    const info = await runInfo(data.r);
    if (info.stopped) throw runStoppedError(info);
    if (info.refused) {
      // Declined, not failed: one stale or cut-off worker must not fail a run another worker can
      // run. The batch goes back (a little later, so a worker that can run it gets there first);
      // the submitter fails the run once every live worker has declined it (remote.ts).
      const refusal = `[${info.refused.code}] ${info.refused.why}\n  hint: ${info.refused.hint ?? REFUSAL_HINT[info.refused.code]}`;
      info.declared ??= redis.multi().hset(declinedKey(data.r), id, refusal).expire(declinedKey(data.r), 24 * 3600).exec();
      await info.declared;
      await job.moveToDelayed(Date.now() + DECLINE_DELAY_MS, token);
      throw new DelayedError();
    }
    const payload = (await decodeValue(data.p, info.store)) as BatchPayload;
    if (handingBack) {
      // fetched while the worker was told to stop: its task processes are gone
      await job.moveToWait(token);
      throw new WaitingError();
    }
    // stopped while its payload was read: its own task processes are gone, none is started again
    if (info.stopped) throw runStoppedError(info);
    const pool = pools.get(info.pool.key) === info.pool ? info.pool : (info.pool = poolFor(info.pool.setup, runCode(info), info.meta.client));
    pool.used = ++poolUse;
    const child = await claimChild(pool);
    if (!child || handingBack) {
      if (child) child.busy--;
      // Every task process is still busy: the batch goes back for an idle worker, and this one
      // takes nothing ahead until its batches are short again.
      worker.concurrency = nprocs;
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const defs: [number, ShippedFn][] = [];
    for (const f of payload.fns) {
      const g = info.base + f;
      if (!child.loaded.has(g)) {
        child.loaded.add(g);
        defs.push([g, info.meta.defs[f]!]);
      }
    }
    const b = new UnitColumnsBuilder(payload.units.length);
    for (const u of payload.units) {
      b.unit(u.u, u.s);
      for (const st of u.st) {
        if (st.f === undefined) b.value(st.k, st.v);
        else b.call(st.k, st.f + info.base, info.meta.argFns ? (remap(st.a, info.base) as unknown[]) : (st.a ?? []));
      }
    }
    const units = b.finish();
    const msgId = nextMsg++;
    // inputs go as they travel: the task process reads their blobs itself (task-blobs.ts)
    const msg: BatchMsg = { t: 'batch', id: msgId, defs, ik: packKeys(payload.ik), iv: data.iv, units, timing: payload.timing, blobs: { broker: opts.broker, run: data.r, shared: info.meta.shared } };
    const t0 = performance.now();
    let done: DoneMsg;
    if (job.id !== undefined) running.set(job.id, { child, pool, run: data.r });
    try {
      done = await new Promise<DoneMsg>((resolve, reject) => {
        pending.set(msgId, { resolve, reject, child });
        child.handle.send(msg);
      });
    } catch (e) {
      if (e instanceof LockLost) {
        if (job.id !== undefined) lostLocks.delete(job.id);
        throw e;
      }
      if (e instanceof RunStopped) throw runStoppedError(info);
      if (!(e instanceof ChildKilled) || (!handingBack && (data.hb ?? 0) >= MAX_HANDBACKS)) throw e;
      log(`ssdp worker: ${e.message}: its job goes back to the queue`);
      if (!handingBack) await job.updateData({ ...data, hb: (data.hb ?? 0) + 1 });
      await job.moveToWait(token);
      throw new WaitingError();
    } finally {
      if (job.id !== undefined && running.get(job.id)?.child === child) running.delete(job.id);
      child.busy--;
      // its pool was stopped while this batch ran (its Client is gone): nothing else will use it
      if (pools.get(pool.key) !== pool && child.busy === 0) child.handle.kill();
      freed(pool);
    }
    if (!stopping) worker.concurrency = performance.now() - t0 < SHORT_BATCH_MS ? nprocs * 2 : nprocs;
    // written by the task process (inline values or blob ids)
    const vs = done.vs as Enc[];
    await dropIfStale(job, data.r, info.store, vs);
    if (info.stopped) {
      // stopped while the results were written: nobody will read or delete these
      await info.store.delete(vs.flatMap((v) => (v.$e === 'b' ? [v.b] : []))).catch(() => {});
      throw runStoppedError(info);
    }
    const proc = pool.children.indexOf(child);
    return { us: done.us, vs, failure: done.failure && (await encodeValue(done.failure, info.store)), ms: done.ms, heap: done.heap, timings: done.timings, w: id, ...(proc >= 0 ? { p: proc, pp: child.handle.pid } : {}), ...(slurmJob ? { j: slurmJob } : {}) };
  };

  const worker = new Worker<JobData, JobResult>(QUEUE, process1, {
    connection: bullConnection(addr, givenUp),
    prefix: PREFIX,
    name: id,
    // one batch per task process; two while batches are short (process1, SHORT_BATCH_MS)
    concurrency: nprocs,
    lockDuration: LOCK_MS,
    stalledInterval: STALLED_MS,
    maxStalledCount: 5,
    drainDelay: 1,
  });
  worker.on('error', () => {}); // connection trouble is watched below
  // This worker held a job's lock too long without renewing it (frozen, cut off): the job was
  // taken back and runs, or ran, elsewhere. The attempt still running here is stale: its task
  // process is killed before it can write the step's outputs and stamp over the newer attempt's.
  worker.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const jobId of jobIds) {
      lostLocks.add(jobId);
      const r = running.get(jobId);
      if (!r) continue;
      running.delete(jobId);
      log(`ssdp worker: lost the lock of job ${jobId} (it was given to another worker): stopping the task process ${r.child.handle.pid ?? ''} still running it`);
      failChild(r.pool, r.child, `the lock of job ${jobId} was lost`, false, new LockLost(`job ${jobId}: lock lost`));
    }
  });

  const announcement = JSON.stringify({ id, nprocs, host: hostname(), pid: process.pid } satisfies WorkerAnnouncement);
  /** Re-announces this worker; a run-bound one also learns, in the same round trip, whether its run still lives. */
  const announce = async (): Promise<void> => {
    const m = redis.multi().set(`${WORKER_KEYS}${id}`, announcement, 'PX', HEARTBEAT_MS * 3);
    if (opts.boundTo) m.exists(ownerKey(opts.boundTo));
    const r = await m.exec();
    if (opts.boundTo && r?.[1]?.[0] === null && r[1][1] === 0 && !stopping) runGone();
  };
  let runGone = (): void => {};
  let beat: NodeJS.Timeout | undefined;
  let runCheck: NodeJS.Timeout | undefined;
  let unservedCheck: NodeJS.Timeout | undefined;

  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => ((finish = res), (fail = rej)));
  done.catch(() => {});

  // A lost broker (also one cut for not answering, STALL_MS) is retried for a while, then the
  // worker stops with a clear error, also while it drains (a drain waits on the broker).
  let lostTimer: NodeJS.Timeout | undefined;
  /** Set when this worker closes its own connection: that close is no loss. */
  let ending = false;
  let last: unknown;
  redis.on('error', (e) => {
    last = e;
    if (opts.privateBroker && refused(e) && !handingBack && !gaveUp) brokerEnded();
  });
  /**
   * The run's private redis-server refuses connections: it is gone with its submitter (killed with
   * -9: no scancel came). The run's steps still running here would write their outputs after a
   * newer run of the workflow (tester s20 try11a A1): their task processes are killed at once, not
   * after SSDP_BROKER_RETRY_MS, and the worker exits.
   */
  const brokerEnded = (): void => {
    log(`ssdp worker: the run's private redis-server at ${safeUrl(addr)} refuses connections: it ended with its submitter, so the run is over; stopping its task processes now`);
    const err = new SsdpError('E_BROKER_LOST', `worker ${id}: the private redis-server of the run it served (${safeUrl(addr)}) is gone (connection refused): its submitter ended without stopping this worker (killed with -9, or its machine lost).`, {
      hint: 'Nothing to do for this worker: the run is over and its running steps were stopped. Run the workflow again; its next run moves what they wrote aside.',
    });
    clearTimeout(lostTimer);
    void giveUp().then(() => fail(err));
  };
  redis.on('close', () => {
    if (ending || lostTimer) return;
    const ms = retryWindowMs();
    const why = stalled(last) ? `${safeUrl(addr)} stopped answering (no reply within ${stallMs() / 1000} s)` : `lost the connection to ${safeUrl(addr)}`;
    log(`ssdp worker: ${why}; retrying for ${Math.round(ms / 1000)} s`);
    lostTimer = setTimeout(() => {
      const err = new SsdpError('E_BROKER_LOST', lostMessage(addr, `worker ${id}`, last, ms), {
        hint: 'Check that redis-server is still running and reachable; SSDP_BROKER_RETRY_MS sets how long to keep trying. Jobs this worker held run again on other workers.',
      });
      void giveUp().then(() => fail(err));
    }, ms);
  });
  redis.on('ready', () => {
    lapses.reconnected();
    if (lostTimer) log(`ssdp worker: reconnected to ${safeUrl(addr)}`);
    clearTimeout(lostTimer);
    lostTimer = undefined;
  });

  const killChildren = (): void => {
    for (const p of pools.values()) for (const c of p.children) c.handle.kill();
  };

  let lostNow!: () => void;
  const lostSignal = new Promise<void>((r) => (lostNow = r));
  /**
   * The broker is gone for good: nothing here waits for it (the announcement key expires by
   * itself), also when a drain or hand-back was under way.
   */
  const giveUp = async (): Promise<void> => {
    stopping = true;
    gaveUp = true;
    ending = true;
    clearInterval(beat);
    clearInterval(runCheck);
    clearInterval(unservedCheck);
    lostNow();
    killChildren();
    redis.disconnect();
    blobs.disconnect();
    // close(true) also stops BullMQ's lock and stalled-check timers; it may wait for the broker
    await within(worker.close(true), 1000);
    stopTimers(worker);
    await within(worker.disconnect(), 1000);
  };

  const shutdown = async (graceful: boolean, handBack = false): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(beat);
    // a draining worker still stops the running batches of runs stopped meanwhile
    if (handBack) clearInterval(runCheck);
    clearInterval(unservedCheck);
    if (handBack) {
      handingBack = true;
      // Running batches are abandoned, not awaited: each goes back to the queue (process1's
      // ChildKilled path) for another worker. The broker may be gone (a Ctrl-C can stop a
      // private redis-server too): nothing here waits for it more than a few seconds.
      for (const [k, p] of [...pending]) {
        pending.delete(k);
        p.reject(new ChildKilled('the worker was told to stop (SIGTERM)'));
      }
      killChildren();
      // a broker already lost answers none of this: no wait for it (the jobs' locks expire there)
      const wait = (ms: number): number => (lostTimer ? 0 : ms);
      await within(worker.close(), wait(HANDBACK_MS));
      gaveUp = true;
      await within(worker.close(true), wait(1000));
      stopTimers(worker);
      await within(redis.del(`${WORKER_KEYS}${id}`), wait(1000));
      ending = true;
      clearTimeout(lostTimer);
      redis.disconnect();
      blobs.disconnect();
      await within(worker.disconnect(), wait(1000));
      return;
    }
    // running batches finish (their results go to the broker); a broker lost meanwhile ends the wait
    await Promise.race([(graceful ? worker.close() : worker.close(true)).catch(() => {}), lostSignal]);
    clearInterval(runCheck);
    clearInterval(unservedCheck);
    if (gaveUp) return;
    stopTimers(worker);
    await within(redis.del(`${WORKER_KEYS}${id}`), 1000);
    killChildren();
    ending = true;
    clearTimeout(lostTimer);
    redis.disconnect();
    blobs.disconnect();
  };

  runGone = () => {
    log(`ssdp worker: the run that started this worker (${opts.boundTo}) is gone: its submitter stopped renewing its heartbeat (killed, or its machine lost); handing running batches back and stopping`);
    void shutdown(false, true).then(finish);
  };
  // a run-bound worker whose run ended before it started (a Slurm job that was pending) stops at once
  await announce();
  beat = setInterval(() => void announce().catch(() => {}), HEARTBEAT_MS);
  runCheck = setInterval(() => void checkRuns().catch(() => {}), RUN_CHECK_MS);
  unservedCheck = setInterval(() => void reapUnserved().catch(() => {}), RUN_ALIVE_TTL_MS);

  log(`ssdp worker ${id}: serving ${safeUrl(addr)} with ${nprocs} process${nprocs === 1 ? '' : 'es'}`);
  return {
    id,
    done,
    stop: async () => {
      await shutdown(true);
      finish();
    },
    handBack: async () => {
      await shutdown(false, true);
      finish();
    },
  };
}

/**
 * The CLI's loop: serve until a signal. SIGINT (Ctrl-C) and SIGUSR2 (Slurm's warning before the
 * walltime, sbatch --signal) drain: no new batches, running ones finish. SIGTERM (scancel, kill,
 * a supervisor) means now: running batches go back to the queue and the worker exits within a few
 * seconds, before Slurm's KillWait would kill it. A second signal stops at once.
 */
export async function runWorker(opts: ServeOptions): Promise<number> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let w: WorkerHandle | undefined;
  /** A signal that came while the worker still connected: acted on once it serves. */
  let early: NodeJS.Signals | undefined;
  let first: { sig: NodeJS.Signals; at: number } | undefined;
  const act = (handle: WorkerHandle, sig: NodeJS.Signals): void => {
    if (sig === 'SIGTERM') {
      log(`ssdp worker: ${sig}: handing running batches back to the queue, then stopping`);
      void handle.handBack();
      return;
    }
    log(`ssdp worker: ${sig}: finishing running batches, then stopping`);
    void handle.stop();
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    if (first) {
      // One TERM sent twice (scancel signals every process of the job, and a batch shell whose
      // drain signal is TERM passes it on too) is one request to stop, not the second that
      // means "at once": the hand-back it asked for must not be cut short.
      if (sig === 'SIGTERM' && first.sig === 'SIGTERM' && Date.now() - first.at < SAME_SIGNAL_MS) return;
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    first = { sig, at: Date.now() };
    if (w) return act(w, sig);
    // Before the worker serves (it still connects) a signal used to kill it outright (Node's
    // default action): now it stops as soon as it is connected, as it would a moment later.
    early = sig;
    log(`ssdp worker: ${sig} while connecting: stopping once connected`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGUSR2', onSignal);
  const off = (): void => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGUSR2', onSignal);
  };
  // Only now may a Slurm batch shell pass on a drain signal: it is handled (try11t T6), also while
  // the worker still connects (then it stops once connected).
  const unfollow = followBatchShell((shell) => {
    log(`ssdp worker: its Slurm batch shell (pid ${shell}) is gone (the job was killed): stopping now`);
    process.exit(137);
  });
  try {
    w = await serveBroker(opts);
  } catch (e) {
    off();
    unfollow();
    throw e;
  }
  if (early) act(w, early);
  // The worker has stopped: whatever a library it uses still holds (a timer, a socket to a broker
  // that is gone) must not keep the process alive, or a Slurm job would sit in squeue until its
  // walltime. An unref'd timer ends it a little later only if something does.
  const exitSoon = (code: number): number => {
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
    return code;
  };
  try {
    await w.done;
    return exitSoon(0);
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    return exitSoon(1);
  } finally {
    // told to stop by a signal: a repeat of it while the process exits must not kill it by the
    // signal's default action (the worker ended well; exitSoon ends the process anyway)
    if (!first) off();
    unfollow();
  }
}

/**
 * BullMQ's close() stops the lock-renewal and stalled-check timers only once running jobs are
 * settled and its connections closed; with the broker gone, a close a hand-back (SIGTERM) started
 * never gets there, and a later close(true) returns that same stuck close: the lock-renewal timer
 * then kept the worker alive for good (a Slurm worker lingered until its walltime). Stops them
 * here (BullMQ 6 keeps both on the worker; whichever is missing is skipped).
 */
function stopTimers(worker: Worker): void {
  const inner = worker as unknown as { lockManager?: { close(): Promise<void> }; stalledCheckStopper?: () => void };
  void inner.lockManager?.close().catch(() => {});
  inner.stalledCheckStopper?.();
}

/** How long a run's heartbeat lives (its submitter's SSDP_RUN_HEARTBEAT_TTL_MS, or the default). */
const aliveTtl = (info: { readonly meta: RunMeta }): number => info.meta.aliveTtlMs ?? RUN_ALIVE_TTL_MS;

/** Why a run counts as gone, in words: the heartbeat's facts, and what can cause them. */
const lapsedWhy = (info: { readonly meta: RunMeta; readonly lapsedMs?: number }): string =>
  `its heartbeat was not renewed for over ${Math.round((info.lapsedMs ?? aliveTtl(info)) / 1000)} s while this worker had the broker: its submitter was killed, frozen (stopped, a paused machine) or cut off from the broker`;

/** A run's record key (ssdp:run:ID), not one of its companions (:alive, :dropped, :declined). */
const RUN_RECORD = /^ssdp:run:[^:]+$/;

const poolKey = (env: string, code: string): string => `${env}\0${code}`;

/**
 * Which task processes a run's batches go to: its own (RunMeta.fresh), its Client's (RunMeta.client:
 * a later Client gets new ones; idle ones beyond IDLE_POOLS are stopped), or those of its code.
 */
function runCode(info: { readonly run: string; readonly meta: RunMeta }): string {
  if (info.meta.fresh) return `${codeKey(info.meta.code)}@run:${info.run}`;
  return info.meta.client ? `${codeKey(info.meta.code)}@client:${info.meta.client}` : codeKey(info.meta.code);
}

/** The task-module part of a run's code fingerprint, as one key (ssdp's own code is checked at the run's start). */
function codeKey(code: CodeFingerprint): string {
  const mods = Object.entries(code.modules).sort(([a], [b]) => (a < b ? -1 : 1));
  return mods.length ? createHash('sha256').update(JSON.stringify(mods)).digest('hex').slice(0, 16) : '';
}

/** The Slurm job this process runs in, named as squeue -r names an array's task (1234_0). */
export function slurmJobOf(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SLURM_ARRAY_JOB_ID && env.SLURM_ARRAY_TASK_ID) return `${env.SLURM_ARRAY_JOB_ID}_${env.SLURM_ARRAY_TASK_ID}`;
  return env.SLURM_JOB_ID || undefined;
}
