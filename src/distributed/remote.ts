/**
 * The remote executor: the one scheduling loop (graph/scheduler.ts) stays here and decides what
 * runs; each ready batch it hands over becomes one BullMQ job that any `ssdp worker` serving the
 * broker may take. Results stay in their travelling form (inline JSON or a blob id) until they
 * are outputs, so intermediates go from worker to worker without passing through the submitter,
 * and each blob is deleted once the last unit needing it has finished.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Plan } from '../graph/plan.js';
import type { RunHooks } from '../graph/hooks.js';
import type { BatchRequest, BatchResult, ExecSession, ExecStats, Executor } from '../graph/executor.js';
import type { RunObserver, WorkerPlace } from '../graph/events.js';
import { decodeInstance } from '../graph/wire.js';
import type { TaskFailure } from '../graph/exec.js';
import { cancelled, workerDied } from '../graph/errors.js';
import { SsdpError } from '../util/errors.js';
import { othersHandle } from '../util/stop-on-exit.js';
import { envNumber } from '../util/env-number.js';
import { blobConnection, brokerError, brokerFull, brokerMemory, isBrokerFull, bullConnection, closeWithin, connectBroker, lostMessage, parseBroker, retryWindowMs, safeUrl, stalled, within, type BrokerAddress } from './broker.js';
import { BlobStore, decodeValue, encodeValue, isEnc, type Enc } from './codec.js';
import { BigArgs } from './big-args.js';
import { fingerprint } from './fingerprint.js';
import { RunBeat } from './run-beat.js';
import { confirmMs } from './beat-lapse.js';
import { checkedSharedDir } from './shared-dir.js';
import type { LoopHold } from './loop-hold.js';
import { shipPlan, type ShippedPlan } from './ship.js';
import { HEARTBEAT_MS, PREFIX, QUEUE, RUN_CHECK_MS, runAliveRenewMs, runAliveTtlMs, WORKER_KEYS, aliveKey, clientAliveKey, declinedKey, droppedKey, runKey, type BatchPayload, type JobData, type JobResult, type RunMeta, type WorkerAnnouncement } from './protocol.js';

export interface RemoteOptions {
  /** redis://[user:password@]host:port */
  broker: string;
  /** A folder every worker sees at the same path: blobs go there as files (default: SSDP_SHARED_DIR, else Redis keys). */
  sharedDir?: string;
  /** The env the tasks expect (workers use it when they see it, else recreate it from `lock`). */
  env?: RunMeta['env'];
  /**
   * Told when work waits and no worker serves the broker (the run keeps waiting for one). Default:
   * a Node warning (process.emitWarning, code SSDP_NO_WORKER), which Node prints on stderr.
   */
  onNotice?: (message: string) => void;
  /** Module URLs the tasks import themselves, fingerprinted with the tasks' own modules (see fingerprint.ts). */
  codeModules?: readonly string[];
  /** Each run gets task processes of its own on the workers (RunMeta.fresh): a workflow's steps. */
  freshProcesses?: boolean;
  /**
   * A Client's: the connections keep the process alive only while this executor has something in
   * hand (connecting, a run, closing), so a script that never calls close() can end (loop-hold.ts).
   * Without it they always do (the CLI).
   */
  hold?: LoopHold;
}

/** How long the end of a run waits for the broker's clean-up and close replies at most. */
const CLOSE_MS = 3000;
/** A connection cut for not answering that is not ready again this much later: the broker is frozen (Connection.frozen). */
const FROZEN_GRACE_MS = 1000;

/**
 * How long a stopped run waits at most for the workers to let go of its running batches (they
 * check every RUN_CHECK_MS; a frozen worker's lock lapses after LOCK_MS) before it reports its end.
 */
const STOP_WAIT_MS = 6000;
/** How long the 'stopped' mark of a run stays: longer than any worker takes to see it. */
const STOPPED_MARK_MS = 60_000;

/** How long work may wait with no worker announced on the broker before the run says so. */
export const NO_WORKER_NOTICE_MS = 10_000;

/** NO_WORKER_NOTICE_MS, or SSDP_NO_WORKER_NOTICE_MS when set (milliseconds; a bad value is E_BAD_ENV_SETTING). */
export function noWorkerNoticeMs(): number {
  return envNumber('SSDP_NO_WORKER_NOTICE_MS', 'milliseconds') ?? NO_WORKER_NOTICE_MS;
}

interface Waiter {
  resolve(r: JobResult): void;
  reject(e: unknown): void;
}

/** One broker connection set: a client for run records and worker counts, one for blobs, the queue, and its completion events. */
class Connection {
  readonly waiters = new Map<string, Waiter>();
  private lostTimer: NodeJS.Timeout | undefined;
  private lost: SsdpError | undefined;
  private workerCount = 0;
  /** Ids (host:pid) of the live workers, from their announcements. */
  workerIds: readonly string[] = [];
  /** Called when the announced worker processes grow in number (RemoteSession.widthGrew). */
  readonly onGrow = new Set<() => void>();
  private countTimer: NodeJS.Timeout | undefined;
  /**
   * The heartbeats of the runs in progress here, renewed from a thread with a connection of its
   * own: neither a blob moving on `redis` nor this thread's own synchronous work delays them past RUN_ALIVE_TTL_MS.
   */
  private readonly beat: RunBeat;

  private constructor(
    readonly addr: BrokerAddress,
    readonly redis: Redis,
    /** Blob traffic only (blobConnection): a big transfer never delays the worker count or a run record. */
    readonly blobs: Redis,
    readonly queue: Queue,
    readonly events: QueueEvents,
    private readonly window: { over: boolean },
  ) {
    this.beat = new RunBeat(addr, redis);
    events.on('completed', ({ jobId, returnvalue }) => {
      const w = this.waiters.get(jobId);
      if (!w) return;
      this.waiters.delete(jobId);
      w.resolve((typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobResult);
    });
    events.on('failed', ({ jobId, failedReason }) => {
      const w = this.waiters.get(jobId);
      if (!w) return;
      this.waiters.delete(jobId);
      // a worker that could not write its results to a full Redis did not die
      if (isBrokerFull(failedReason)) void this.mapped(failedReason).then((e) => w.reject(e));
      else w.reject(jobFailure(failedReason));
    });
    const swallow = (): void => {};
    queue.on('error', swallow);
    events.on('error', swallow);
    // A lost connection (also one cut for not answering: STALL_MS) is retried (ioredis
    // reconnects); after the retry window the run fails.
    let last: unknown;
    redis.on('error', (e) => (last = e));
    redis.on('close', () => {
      if (stalled(last)) {
        // not yet: this process itself may have stood still (SIGSTOP, a paused VM; try11u C2), and
        // its socket's deadline fired on resume: then the reconnect is ready within the grace
        const gen = this.readyGen;
        setTimeout(() => gen === this.readyGen && this.frozen.set(), FROZEN_GRACE_MS).unref();
      }
      if (this.lostTimer || this.closing) return;
      const ms = retryWindowMs();
      this.lostTimer = setTimeout(() => {
        this.lost = new SsdpError('E_BROKER_LOST', lostMessage(addr, 'the run', last, ms), {
          hint: 'Check that redis-server is still running and reachable; SSDP_BROKER_RETRY_MS sets how long to keep trying.',
        });
        this.window.over = true;
        this.failAll(this.lost);
      }, ms);
      this.lostTimer.unref();
    });
    redis.on('ready', () => {
      this.readyGen++;
      if (this.frozen.now) this.frozen = oneWayFlag();
      if (!this.lostTimer) return;
      clearTimeout(this.lostTimer);
      this.lostTimer = undefined;
      void this.checkRunsKept().catch(() => {});
    });
  }

  /**
   * Set once `redis` was cut for getting no reply within stallMs() (a frozen broker: SIGSTOP, a
   * paused VM) and was not ready again FROZEN_GRACE_MS later, until it is ready again. The end of
   * a run (Ctrl-C's above all) waits for the broker no longer then: nothing it sends can be
   * answered, and waiting out STOP_WAIT_MS and CLOSE_MS only delayed the exit (15 s after Ctrl-C,
   * now about stallMs() + FROZEN_GRACE_MS).
   */
  private frozen = oneWayFlag();
  private readyGen = 0;

  /** Waits for `p` at most `ms`, and not past the moment the broker is found frozen. */
  untilAnswered(p: Promise<unknown>, ms: number): Promise<void> {
    return within(Promise.race([p, this.frozen.p]), ms);
  }

  closing = false;
  /** Clean-ups of ended runs, awaited before the connection closes. */
  readonly cleanups = new Set<Promise<unknown>>();

  static async open(addr: BrokerAddress, hold?: LoopHold): Promise<Connection> {
    // the retry window's end stops every connection's reconnecting, so the process can exit
    const window = { over: false };
    const redis = await connectBroker(addr, 'ssdp-submitter', () => window.over);
    const blobs = await blobConnection(addr, 'ssdp-submitter', () => window.over);
    const connection = bullConnection(addr, () => window.over);
    const queue = new Queue(QUEUE, { connection, prefix: PREFIX });
    // a Client's event reader blocks 2 s per read, not 10: once the client is idle its last read ends soon and the process may exit
    const events = new QueueEvents(QUEUE, { connection, prefix: PREFIX, ...(hold ? { blockingTimeout: 2000 } : {}) });
    if (hold) pauseEventsWhenIdle(events, redis, hold);
    try {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    } catch (e) {
      redis.disconnect();
      blobs.disconnect();
      await Promise.allSettled([queue.close(), events.close()]);
      throw brokerError(addr, e);
    }
    const c = new Connection(addr, redis, blobs, queue, events, window);
    try {
      if (hold) {
        for (const r of [redis, blobs, await queue.backend.client, await events.backend.client]) hold.followRedis(r as unknown as Redis);
      }
      await c.refreshWorkers();
    } catch (e) {
      // the broker went away right after connecting (try11u C4: a raw 'Connection is closed.' stack)
      const coded = await c.mapped(e);
      await c.close();
      throw coded;
    }
    c.countTimer = setInterval(() => {
      void c.refreshWorkers().catch(() => {});
      void c.reviveEvents().catch(() => {});
    }, HEARTBEAT_MS / 2);
    c.countTimer.unref();
    return c;
  }

  /**
   * A broker command's failure as the coded error it stands for: E_BROKER_FULL (with the broker's
   * memory figures) when Redis refused a write for lack of memory; E_BROKER_LOST when the
   * connection ended, which ioredis says as a bare 'Connection is closed.' (try11u C4: that raw
   * stack came out when the broker died as a run started); anything else as it is.
   */
  async mapped(e: unknown): Promise<unknown> {
    if (isBrokerFull(e)) {
      let memory: Awaited<ReturnType<typeof brokerMemory>>;
      await within(brokerMemory(this.redis).then((m) => (memory = m)), 2000);
      return brokerFull(this.addr, memory);
    }
    if (this.lost) return this.lost;
    if (/^Connection is closed\.?$/.test(e instanceof Error ? e.message : '')) {
      return new SsdpError('E_BROKER_LOST', lostMessage(this.addr, 'the run', e, retryWindowMs()), {
        hint: 'Check that redis-server is still running and reachable; SSDP_BROKER_RETRY_MS sets how long to keep trying.',
      });
    }
    return e;
  }

  /** A run starts: its record and its heartbeat, at once. */
  async startRun(run: string, meta: RunMeta): Promise<void> {
    const m = this.redis.multi().set(runKey(run), JSON.stringify(meta), 'EX', 24 * 3600).set(aliveKey(run), 'live', 'PX', runAliveTtlMs());
    // the Client's heartbeat, from its first run to its close: the workers keep its task processes while it lives
    const client = meta.client === undefined ? undefined : clientAliveKey(meta.client);
    if (client && !this.clientKeys.has(client)) m.set(client, 'live', 'PX', runAliveTtlMs());
    await m.exec();
    this.beat.add(aliveKey(run));
    if (client && !this.clientKeys.has(client)) {
      this.clientKeys.add(client);
      this.beat.add(client);
    }
  }

  /** Heartbeat keys of the Clients whose runs went through this connection (clientAliveKey). */
  private readonly clientKeys = new Set<string>();

  /** The run ended or is being stopped: its heartbeat is renewed no more (resolves once no renewal of it can land). */
  forgetRun(run: string): Promise<void> {
    return this.beat.forget(aliveKey(run));
  }

  /** Worker processes (sum of --nprocs) announced by live `ssdp worker`s. */
  get workers(): number {
    return this.workerCount;
  }

  async refreshWorkers(): Promise<void> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${WORKER_KEYS}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const vals = keys.length ? await this.redis.mget(...keys) : [];
    const live = vals.flatMap((v) => (v ? [JSON.parse(v) as WorkerAnnouncement] : []));
    const before = this.workerCount;
    this.workerCount = live.reduce((a, w) => a + w.nprocs, 0);
    if (this.workerCount > before) for (const f of this.onGrow) f();
    this.workerIds = live.map((w) => w.id);
  }

  /**
   * BullMQ's event reader can stop for good after the submitter was paused longer than its read
   * watchdog and socket deadline (SIGSTOP/Ctrl-Z, a laptop lid, a stalled VM; tester try11u C2):
   * both fire on resume, its connection reset fails on the socket's timeout error and leaves the
   * client ended, so every later XREAD fails 'Connection is closed' and the completions written
   * meanwhile were awaited for ever. Reconnecting it lets the read loop go on from the last event
   * it saw, so those completions are read then.
   */
  async reviveEvents(): Promise<void> {
    if (this.closing || this.window.over) return;
    const client = (await this.events.backend.client) as unknown as Redis;
    if (client.status === 'end' && !this.closing) await client.connect();
  }

  /**
   * After a reconnect: a broker restarted without persistence has forgotten the queued jobs, whose
   * results would then be awaited forever; runs whose record is gone fail with E_BROKER_DATA.
   */
  private async checkRunsKept(): Promise<void> {
    const runs = new Set([...this.waiters.keys()].map((id) => id.slice(0, id.lastIndexOf('.'))));
    for (const run of runs) {
      if (await this.redis.exists(runKey(run))) continue;
      const dropped = await this.redis.get(droppedKey(run));
      if (dropped) {
        this.failRun(run, runDropped(run, dropped));
        continue;
      }
      const e = new SsdpError('E_BROKER_DATA', `broker ${safeUrl(this.addr)} came back without run ${run}'s data: it restarted without persistence, so the queued tasks are gone.`, {
        hint: 'Run again; for a broker that may restart mid-run, give redis-server --appendonly yes.',
      });
      this.failRun(run, e);
    }
  }

  check(): void {
    if (this.lost) throw this.lost;
  }

  /** The broker is lost for good (E_BROKER_LOST): nothing waits for it any more. */
  get lostNow(): boolean {
    return this.lost !== undefined;
  }

  /** Fails the waiting batches of one run. */
  failRun(run: string, e: unknown): void {
    for (const [id, w] of [...this.waiters]) {
      if (!id.startsWith(`${run}.`)) continue;
      this.waiters.delete(id);
      w.reject(e);
    }
  }

  failAll(e: unknown): void {
    const ws = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of ws) w.reject(e);
  }

  /**
   * Every step that talks to the broker is bounded (CLOSE_MS): a broker that stopped answering
   * (frozen, not yet called lost) must not hold up the end of a run, Ctrl-C's above all.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.countTimer);
    const beatEnded = this.beat.close();
    clearTimeout(this.lostTimer);
    // After E_BROKER_LOST nothing is owed to that broker: no clean-up waits for it.
    const end = Date.now() + (this.lost ? 0 : CLOSE_MS);
    if (!this.lost) await this.untilAnswered(Promise.allSettled(this.cleanups), CLOSE_MS);
    // the Client is gone: the workers stop its task processes now, not once its heartbeat lapses
    // (deleted after the thread has ended, so no renewal of it lands afterwards)
    if (!this.lost && this.clientKeys.size) await this.untilAnswered(beatEnded.then(() => this.redis.del(...this.clientKeys)), Math.max(500, end - Date.now()));
    // close(), not just disconnect(): only close() ends QueueEvents' read loop, which otherwise
    // retries its XREAD on the dead connection every 5 s for ever and keeps the process alive.
    const ms = this.frozen.now ? 500 : Math.max(500, end - Date.now());
    this.window.over = true;
    await Promise.all([closeWithin(this.queue, ms), closeWithin(this.events, ms)]);
    this.redis.disconnect();
    this.blobs.disconnect();
  }
}

/**
 * BullMQ's event reader arms a plain 11 s timer for every read, so it alone kept a Client's process
 * alive for ever (tester try11u C3). While the Client is idle (nothing awaits a job) the reader
 * waits, without a timer, until the hold is taken again, then reads on from the last event it saw.
 * It starts from the stream's last entry as of now, not '$' ("what comes after the read begins"):
 * a job completing before a resumed reader's first read is still read.
 */
function pauseEventsWhenIdle(events: QueueEvents, redis: Redis, hold: LoopHold): void {
  // asked before the reader's first read (the constructor only starts it) and before any job is added
  const start = redis.xrevrange(events.keys.events!, '+', '-', 'COUNT', 1).then(([last]) => last?.[0] ?? '0-0');
  start.catch(() => {});
  const backend = events.backend as unknown as { readEvents(id: string, ms: number): Promise<unknown> };
  const read = backend.readEvents.bind(backend);
  backend.readEvents = async (id: string, ms: number) => {
    await hold.whenHeld();
    return read(id === '$' ? await start.catch(() => '$') : id, ms);
  };
}

/** The workers gave this run up (its heartbeat lapsed while this process was frozen or cut off): it cannot finish. */
function runDropped(run: string, by: string): SsdpError {
  const ttl = runAliveTtlMs();
  // a worker calls it lapsed once it stayed missing for confirmMs past its TTL (beat-lapse.ts); the
  // last renewal may have come one renewal interval before the stall began (try11w E2)
  const stood = Math.round((ttl + confirmMs(ttl) - runAliveRenewMs()) / 1000);
  return new SsdpError('E_RUN_DROPPED', `the workers dropped run ${run}: its heartbeat lapsed (${by}): it was not renewed for over ${Math.round((ttl + confirmMs(ttl)) / 1000)} s, so they stopped its tasks and removed its data; this process was frozen as a whole (stopped, suspended, a paused machine), or cut off from the broker, for about ${stood} s or longer (SSDP_RUN_HEARTBEAT_TTL_MS, ${ttl / 1000} s, sets the heartbeat's life; the workers wait half of it again).`, {
    hint: 'Run again; finished steps of a workflow are kept.',
  });
}

function jobFailure(reason: string): SsdpError {
  const m = /^\[(E_[A-Z_]+)\] ([\s\S]*)$/.exec(reason ?? '');
  if (m) {
    const [text, hint] = m[2]!.split('\n  hint: ');
    return new SsdpError(m[1]!, text!, { hint });
  }
  return workerDied(reason ?? 'the job failed on a worker');
}

/**
 * The failure of a run every live worker declined: the first refusal, naming each worker that
 * declined (stopping "the stale worker" the message named must not leave the others), with each
 * different reason once.
 */
function allDeclined(run: string, refusals: [string, string][]): SsdpError {
  const first = jobFailure(refusals[0]![1]);
  if (refusals.length === 1) return first;
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const [id, text] of refusals) {
    const e = jobFailure(text);
    const key = `${e.code} ${e.message.split(id).join('')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reasons.push(e.message);
  }
  return new SsdpError(first.code, `${refusals.length} workers decline the tasks of run ${run}: ${refusals.map(([id]) => id).join(', ')}. ${reasons.join(' ')}`, { hint: first.hint });
}

export class RemoteExecutor implements Executor {
  readonly name = 'distributed' as const;
  readonly addr: BrokerAddress;
  /** A dashboard watching the runs (set by a Client with one). */
  observer?: RunObserver;
  /** Workers are rows of the task stream in the order they first answered. */
  readonly places = new Map<string, WorkerPlace>();
  private conn: Promise<Connection> | undefined;

  /** When the run says that no worker serves the broker (read here, so a bad setting fails before connecting). */
  private readonly noticeAfterMs = noWorkerNoticeMs();

  /** Sent with every run (RunMeta.client): this executor's runs share task processes of their own on a worker. */
  private readonly clientId = randomUUID().slice(0, 12);

  constructor(readonly opts: RemoteOptions) {
    this.addr = parseBroker(opts.broker);
    checkedSharedDir(opts.sharedDir); // before connecting: a Client's ready() says what is wrong with it; open() checks again
  }

  /** Connects now (a Client does this so a wrong address fails at once). */
  connect(): Promise<Connection> {
    this.conn ??= this.held(Connection.open(this.addr, this.opts.hold));
    this.conn.catch(() => (this.conn = undefined));
    return this.conn;
  }

  /** How many worker processes serve the broker now. */
  async workers(): Promise<number> {
    return this.held(
      (async () => {
        const c = await this.connect();
        await c.refreshWorkers();
        return c.workers;
      })(),
    );
  }

  /** `p`, with the process kept alive until it settles (a Client's hold). */
  private held<T>(p: Promise<T>): Promise<T> {
    return this.opts.hold ? this.opts.hold.during(p) : p;
  }

  async open(plan: Plan, hooks: RunHooks): Promise<ExecSession> {
    // held from here until the run's end on the broker is done (RemoteSession.close)
    const release = this.opts.hold?.acquire() ?? (() => {});
    try {
      const sharedDir = checkedSharedDir(this.opts.sharedDir);
      const conn = await this.connect();
      conn.check();
      const shipped = await shipPlan(plan);
      const run = randomUUID().slice(0, 12);
      const modules = [...shipped.defs.flatMap((d) => (d.module ? [d.module] : [])), ...(this.opts.codeModules ?? [])];
      const meta: RunMeta = { defs: shipped.defs, code: fingerprint(modules), shared: sharedDir, env: this.opts.env, submitter: `${hostname()}:${process.pid}`, argFns: shipped.argFns, aliveTtlMs: runAliveTtlMs(), ...(this.opts.freshProcesses ? { fresh: true } : { client: this.clientId }) };
      await conn.startRun(run, meta).catch(async (e: unknown) => Promise.reject(await conn.mapped(e)));
      const notice = this.opts.onNotice ?? ((m: string) => process.emitWarning(m, { code: 'SSDP_NO_WORKER' }));
      return new RemoteSession(conn, plan, hooks, run, shipped, new BlobStore(conn.blobs, run, sharedDir), this.places, notice, this.noticeAfterMs, release);
    } catch (e) {
      release();
      throw e;
    }
  }

  async close(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    if (c) await this.held((async () => (await c.catch(() => undefined))?.close())());
  }
}

class RemoteSession implements ExecSession {
  readonly transfers = false;
  /** `ssdp worker`s may join the broker mid-run. */
  readonly elastic = true;
  private readonly execStats: ExecStats;
  private nextJob = 1;
  private inflight = 0;
  private readonly jobs = new Set<string>();
  /** Jobs submitted and not seen completing: what a stopped run takes off the queue (or waits for its workers to let go of). */
  private readonly unfinished = new Set<string>();
  /** Blob id of each unit's result held in a blob, and how many dependents have yet to finish. */
  private readonly blobOf = new Map<number, string>();
  private readonly remaining: Int32Array;
  /** Outputs in their travelling form (the scheduler holds them decoded). */
  private readonly outEnc = new Map<number, Enc>();
  private readonly isOutput: Uint8Array;
  private closed = false;
  private readonly declineTimer: NodeJS.Timeout;
  /** Resolves at the next growth of the workers; one promise for every wait until then. */
  private grew: Promise<void> | undefined;
  private readonly onGrow = (): void => {
    this.grewNow?.();
    this.grew = undefined;
  };
  private grewNow: (() => void) | undefined;
  /** Ctrl-C with nobody else handling it: the process dies of the signal once the run is cleaned up. */
  private dying = false;
  private readonly onSigint = (): void => {
    // the stop-on-exit handlers of a cluster Client (its Slurm jobs, its private redis-server) do
    // not count: they stop those once the signal is raised again here (try11x R3: the run failed
    // E_CANCELLED instead, as an uncaught error of the script)
    const reraise = !othersHandle('SIGINT', this.onSigint);
    process.removeListener('SIGINT', this.onSigint);
    if (!reraise) {
      // someone else handles the signal (ssdp run): the run fails, and the scheduler's close
      // stops it on the workers before the failure comes out
      this.conn.failAll(cancelled());
      return;
    }
    // Nobody else listens: the process dies of the signal, as it would without us, once the
    // run's tasks are stopped on the workers and its data has left the broker (a frozen broker
    // never answers: Ctrl-C waits for it a few seconds at most). Its compute never settles
    // meanwhile: a rejection would end the script with an error of ours instead of the signal.
    for (const id of this.jobs) this.conn.waiters.delete(id);
    this.dying = true;
    void this.conn.untilAnswered(this.ending(true), STOP_WAIT_MS + CLOSE_MS).finally(() => process.kill(process.pid, 'SIGINT'));
  };

  constructor(
    private readonly conn: Connection,
    private readonly plan: Plan,
    private readonly hooks: RunHooks,
    private readonly run: string,
    private readonly shipped: ShippedPlan,
    private readonly store: BlobStore,
    private readonly places: Map<string, WorkerPlace>,
    private readonly notice: (message: string) => void,
    private readonly noticeAfterMs: number,
    /** Gives back the Client's hold on the process once the run's end on the broker is done. */
    private readonly release: () => void,
  ) {
    this.execStats = { batches: 0, peakWorkerHeapBytes: 0, nWorkers: conn.workers };
    this.remaining = new Int32Array(plan.units.length);
    this.isOutput = new Uint8Array(plan.units.length);
    plan.units.forEach((u, i) => (this.remaining[i] = u.dependents.length));
    for (const o of plan.outputs) this.isOutput[o] = 1;
    process.on('SIGINT', this.onSigint);
    this.declineTimer = setInterval(() => void this.checkDeclined().catch(() => {}), HEARTBEAT_MS / 2);
    this.declineTimer.unref();
    conn.onGrow.add(this.onGrow);
  }

  widthGrew(): Promise<void> {
    return (this.grew ??= new Promise<void>((r) => (this.grewNow = r)));
  }

  /**
   * A worker that cannot run this run's batches (other code, an env it cannot make) declines
   * them and they go back to the queue; once every live worker has declined, nobody will run
   * them: the run fails with the first refusal (E_WORKER_CODE_MISMATCH, E_WORKER_ENV).
   */
  private async checkDeclined(): Promise<void> {
    if (this.closed) return;
    this.checkServed();
    const [[, declined], [, dropped]] = (await this.conn.redis.multi().hgetall(declinedKey(this.run)).get(droppedKey(this.run)).exec()) as [[unknown, Record<string, string>], [unknown, string | null]];
    if (dropped) return this.conn.failRun(this.run, runDropped(this.run, dropped));
    const ids = Object.keys(declined);
    if (ids.length === 0) return;
    await this.conn.refreshWorkers();
    const live = this.conn.workerIds;
    if (live.length === 0 || !live.every((w) => w in declined)) return;
    this.conn.failRun(this.run, allDeclined(this.run, live.map((w) => [w, declined[w]!])));
  }

  /** Since when work has waited with no worker announced (undefined: served, or nothing waits). */
  private unservedSince: number | undefined;
  private told = false;

  /**
   * Work waiting on a broker no worker serves (none started yet, a typo in their --broker, all
   * dead) would wait in silence: after noticeAfterMs (NO_WORKER_NOTICE_MS) the run says so, once, and keeps waiting.
   */
  private checkServed(): void {
    if (this.conn.workers > 0 || this.jobs.size === 0) {
      this.unservedSince = undefined;
      return;
    }
    const now = Date.now();
    this.unservedSince ??= now;
    if (this.told || now - this.unservedSince < this.noticeAfterMs) return;
    this.told = true;
    const where = safeUrl(this.conn.addr);
    this.notice(`no ssdp worker serves ${where}: ${this.jobs.size} batch${this.jobs.size === 1 ? '' : 'es'} of this run ha${this.jobs.size === 1 ? 's' : 've'} waited ${Math.round((now - this.unservedSince) / 1000)} s with no worker to take ${this.jobs.size === 1 ? 'it' : 'them'}; the run keeps waiting. Start one with: ssdp worker --broker ${where} (the password in place of ***), or check the --broker address the workers were given.`);
  }

  /** The workers announced now; 1 while none has announced itself yet (jobs wait in the queue). */
  get width(): number {
    return Math.max(1, this.conn.workers);
  }

  freeSlots(shortTasks: boolean): number {
    return Math.max(0, this.width * (shortTasks ? 2 : 1) - this.inflight);
  }

  async submit(req: BatchRequest): Promise<BatchResult> {
    try {
      return await this.submitBatch(req);
    } catch (e) {
      // Redis at its maxmemory refuses the batch's data or results (a raw ReplyError otherwise)
      throw await this.conn.mapped(e);
    }
  }

  private async submitBatch(req: BatchRequest): Promise<BatchResult> {
    this.conn.check();
    const fns = new Set<number>(this.shipped.argFnIds);
    // big argument values travel as inputs do, never through the worker's main process (big-args.ts)
    const apart = new BigArgs(this.store);
    const units = req.units.map((u, i) => {
      const st = apart.steps(this.shipped.steps(u));
      for (const s of st) if (s.f !== undefined) fns.add(s.f);
      return { u, s: req.send[i]!, st };
    });
    const payload: BatchPayload = { units, ik: [...req.inputs.map((u) => this.plan.units[u]!.key), ...apart.keys], fns: [...fns], timing: !!this.hooks.timing };
    const argBlobs: string[] = [];
    let p: Enc;
    let iv: Enc[];
    try {
      p = await encodeValue(payload, this.store);
      // outputs come back decoded; one also needed downstream travels in the form it came in
      iv = await Promise.all(req.inputValues.map((v, i) => (isEnc(v) ? v : (this.outEnc.get(req.inputs[i]!) ?? encodeValue(v, this.store)))));
      for (const e of await apart.values()) {
        iv.push(e);
        if (e.$e === 'b') argBlobs.push(e.b);
      }
    } catch (e) {
      // an upload the Ctrl-C's clean-up stopped: the process dies of the signal, the compute never settles
      if (this.dying) await new Promise<never>(() => {});
      throw e;
    }
    const data: JobData = { r: this.run, p, iv };
    const jobId = `${this.run}.${this.nextJob++}`;
    this.execStats.batches++;
    this.inflight++;
    this.jobs.add(jobId);
    this.unfinished.add(jobId);
    let r: JobResult;
    try {
      r = await new Promise<JobResult>((resolve, reject) => {
        this.conn.waiters.set(jobId, { resolve, reject });
        this.conn.queue.add('batch', data, { jobId, removeOnComplete: true, removeOnFail: { age: 3600 }, attempts: 1 }).catch((e: unknown) => {
          this.conn.waiters.delete(jobId);
          this.unfinished.delete(jobId);
          reject(brokerError(this.conn.addr, e));
        });
      });
    } finally {
      this.inflight--;
      this.jobs.delete(jobId);
      if (p.$e === 'b') argBlobs.push(p.b);
      if (argBlobs.length) void this.store.delete(argBlobs).catch(() => {});
    }
    this.unfinished.delete(jobId);
    if (r.heap > this.execStats.peakWorkerHeapBytes) this.execStats.peakWorkerHeapBytes = r.heap;
    const place = this.placeOf(r.w, r.p, r.pp);
    this.hooks.observer?.worker({ ...place, heapBytes: r.heap, task: '', ...(r.j ? { slurmJobId: r.j } : {}) });
    this.execStats.nWorkers = Math.max(this.execStats.nWorkers, this.conn.workers);
    r.us.forEach((u, i) => {
      const v = r.vs[i]!;
      if (v.$e === 'b') this.blobOf.set(u, v.b);
    });
    // Outputs are decoded as they arrive, so futures settle with real values (hooks.output).
    const vs: unknown[] = await Promise.all(
      r.vs.map(async (v, i) => {
        if (!this.isOutput[r.us[i]!]) return v;
        this.outEnc.set(r.us[i]!, v);
        return decodeInstance(await decodeValue(v, this.store));
      }),
    );
    const failure = r.failure && ((await decodeValue(r.failure, this.store)) as TaskFailure);
    const done = failure ? r.us : req.units;
    this.releaseInputs(done);
    if (failure) return { done: r.us, values: vs, failure, ms: r.ms, timings: r.timings, place };
    const returned = new Uint8Array(req.units.length);
    const values = new Array<unknown>(req.units.length);
    const at = new Map<number, number>();
    req.units.forEach((u, i) => at.set(u, i));
    r.us.forEach((u, j) => {
      const i = at.get(u)!;
      returned[i] = 1;
      values[i] = vs[j];
    });
    return { done: req.units, values, returned, ms: r.ms, timings: r.timings, place };
  }

  /**
   * The task-stream row of process `proc` of worker `id` (host:pid of an ssdp worker's main
   * process): a worker serving --nprocs 2 has two rows. `pid`: that process's (its memory is
   * the tasks'); a worker from before process slots were reported has one row.
   */
  private placeOf(id: string, proc?: number, pid?: number): WorkerPlace {
    const key = proc === undefined ? id : `${id}#${proc}`;
    let p = this.places.get(key);
    if (!p || (pid !== undefined && p.pid !== pid)) {
      const at = id.lastIndexOf(':');
      const slot = p?.slot ?? this.places.size;
      p = proc === undefined ? { slot, host: id.slice(0, at), pid: Number(id.slice(at + 1)) } : { slot, host: id.slice(0, at), pid: pid ?? Number(id.slice(at + 1)), worker: id, proc };
      this.places.set(key, p);
    }
    return p;
  }

  /** Units finished: a blob no unfinished unit needs any more (and not an output) is deleted. */
  private releaseInputs(done: readonly number[]): void {
    const gone: string[] = [];
    for (const u of done) {
      for (const d of this.plan.units[u]!.deps) {
        if (--this.remaining[d]! > 0 || this.isOutput[d]) continue;
        const b = this.blobOf.get(d);
        if (b) {
          gone.push(b);
          this.blobOf.delete(d);
        }
      }
    }
    if (gone.length) void this.store.delete(gone).catch(() => {});
  }

  async finalize(results: unknown[], outputs: readonly number[]): Promise<void> {
    await Promise.all(
      outputs.map(async (u) => {
        const v = results[u];
        if (isEnc(v)) results[u] = await decodeInstance(await decodeValue(v, this.store));
      }),
    ).catch(async (e: unknown) => Promise.reject(await this.conn.mapped(e)));
  }

  private stopping: Promise<void> | undefined;

  /**
   * Stops this run on the workers: marks it stopped (they kill its running tasks within
   * RUN_CHECK_MS and take none of it again), takes its queued jobs off, and waits until the
   * workers have let go of the running ones, so nothing of the run writes after it reports its
   * end (at most STOP_WAIT_MS: a worker that does not answer loses its job lock by then).
   */
  private stopOnWorkers(): Promise<void> {
    return (this.stopping ??= (async () => {
      await this.conn.forgetRun(this.run);
      await this.conn.redis.set(aliveKey(this.run), 'stopped', 'PX', STOPPED_MARK_MS);
      const deadline = Date.now() + STOP_WAIT_MS;
      let left = [...this.unfinished];
      while (left.length > 0) {
        // 0: the job is locked, a worker still holds it
        const codes = await Promise.all(left.map((id) => this.conn.queue.remove(id)));
        left = left.filter((_, i) => codes[i] === 0);
        if (left.length === 0 || Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, RUN_CHECK_MS / 4));
      }
    })());
  }

  private cleaning: Promise<void> | undefined;

  /** The run's end on the broker, once (Ctrl-C and the scheduler's close both ask for it). */
  private ending(failed: boolean): Promise<void> {
    return (this.cleaning ??= this.cleanUp(failed).catch(() => {}));
  }

  private async cleanUp(failed: boolean): Promise<void> {
    const forgotten = this.conn.forgetRun(this.run);
    if (failed) await this.stopOnWorkers();
    const blobs = [...this.blobOf.values()];
    this.blobOf.clear();
    // The blobs this run knows are deleted at once (sent before the run's caller goes on: not
    // after a round trip to the heartbeat thread). The run's record goes before the sweep: a
    // worker that writes a result blob after that finds the run gone and deletes the blob itself
    // (serve.ts); one written before is swept here, also those of a stopped run's batches nobody
    // read. The heartbeat key goes once no renewal of it can land after the delete.
    await Promise.allSettled([
      this.store.delete(blobs),
      this.conn.redis.del(runKey(this.run), declinedKey(this.run)),
      forgotten.then(() => this.conn.redis.del(aliveKey(this.run))),
    ]);
    await this.store.sweepRun();
  }

  /**
   * Ends the run. A failed (or Ctrl-C'd) run resolves once its batches still running on the
   * workers are stopped, so the caller (a workflow moving unfinished outputs aside) acts after
   * the last write; after E_BROKER_LOST there is nobody to tell, and nothing waits.
   */
  close(failed: boolean): Promise<void> {
    if (this.closed) return this.stopping && !this.conn.lostNow ? this.conn.untilAnswered(this.stopping, STOP_WAIT_MS + CLOSE_MS) : Promise.resolve();
    this.closed = true;
    clearInterval(this.declineTimer);
    this.conn.onGrow.delete(this.onGrow);
    process.removeListener('SIGINT', this.onSigint);
    for (const id of this.jobs) this.conn.waiters.delete(id);
    const p = this.ending(failed);
    this.conn.cleanups.add(p);
    void p.finally(() => {
      this.conn.cleanups.delete(p);
      this.release();
    });
    if (!failed || this.conn.lostNow) return Promise.resolve();
    return this.conn.untilAnswered(this.stopOnWorkers(), STOP_WAIT_MS + CLOSE_MS);
  }

  stats(): ExecStats {
    return this.execStats;
  }
}

/** A one-way flag with a promise that resolves once it is set. */
function oneWayFlag(): { p: Promise<void>; set(): void; now: boolean } {
  let set!: () => void;
  const s = { p: new Promise<void>((r) => (set = r)), now: false, set: () => {} };
  s.set = () => {
    s.now = true;
    set();
  };
  return s;
}
