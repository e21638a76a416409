/**
 * `Client`: a local cluster of workers that `compute` uses while it is open, as dask's
 * `Client(n_workers=4)` — worker processes by default, as Dask's (`{ scheduler: 'threads' }` or
 * `'sync'` otherwise). It also runs futures: `submit`, `map`, `gather`, `scatter`,
 * `asCompleted`, `cancel` (see futures.ts). Without a Client, threads/processes runs use a
 * shared default pool sized to the machine, created on first use and never keeping the process
 * alive while idle.
 */
import { availableParallelism } from 'node:os';
import type { GetOptions, SchedulerName } from './types.js';
import type { Executor } from './executor.js';
import { INLINE } from './inline.js';
import { WorkerPool, type PoolOptions } from './pool.js';
import { checkCount, checkScheduler, closest } from './options.js';
import { SsdpError } from '../util/errors.js';
import { asCompleted, FutureRunner, gather, type Future } from './futures.js';
import { checkMapInputs, futuresArg } from './client-args.js';
import { isPlainObject } from './graph.js';
import type { AnyFn } from './functions.js';
import { Recorder } from '../dashboard/recorder.js';
import { checkDashboardOption } from '../dashboard/port.js';
import type { Dashboard, DashboardOptions } from '../dashboard/index.js';
import { parseBroker } from '../distributed/broker.js';
import type { RemoteExecutor } from '../distributed/remote.js';
import type { ClusterSpec, RunningCluster } from '../cluster/index.js';
import { LoopHold } from '../distributed/loop-hold.js';

export interface ClientOptions {
  /** Number of workers (default: available cores). */
  nWorkers?: number;
  /** 'processes' (default, as Dask's Client) or 'threads'; 'sync' makes compute run in-process. */
  scheduler?: SchedulerName;
  /** processes only: the node binary workers run under (e.g. an ssdp env's bin/node). */
  node?: string;
  /** processes only: environment variables of the workers (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** processes only: options for the workers' node, e.g. ['--expose-gc']. */
  nodeArgs?: string[];
  /**
   * A live page of what this client computes (task stream, progress, workers, memory) on
   * 127.0.0.1, its address printed on stderr; `{ serve: false }` only records, for
   * `performanceReport`.
   */
  dashboard?: boolean | DashboardOptions;
  /** Run on the `ssdp worker`s serving this Redis broker: redis://[user:password@]host:port. */
  broker?: string;
  /** broker only: a folder every worker sees at the same path, for intermediate arrays (default $SSDP_SHARED_DIR; else they travel through Redis). */
  sharedDir?: string;
  /** broker only: the ssdp env (its prefix) the tasks need; a worker that does not see it recreates it from its lockfile under its own SSDP_ROOT. */
  workerEnv?: string;
  /** broker only: told when work waits and no worker serves the broker (default: a Node warning on stderr). */
  onNotice?: (message: string) => void;
  /**
   * broker only: module URLs the tasks import themselves (a workflow's step modules), part of the
   * run's code fingerprint besides the tasks' own modules: workers run exactly that code or decline.
   */
  codeModules?: readonly string[];
  /**
   * broker only: every compute gets task processes of its own on the workers, so module-level code
   * runs again per compute as in a new local process (what `ssdp run --broker` does for its steps).
   */
  freshProcesses?: boolean;
  /** Start workers on a cluster, e.g. slurm({ workers: 4, cpus: 8 }); they serve `broker`, else a private redis-server. */
  cluster?: ClusterSpec;
}

/**
 * @internal An executor of the caller's own in place of a pool (a workflow run whose steps are
 * all commands runs them from its own process: src/workflow/in-process.ts). A symbol, so it is no
 * option a user can give by name (the option check reads string keys only).
 */
export const OWN_EXECUTOR = Symbol('ssdp.ownExecutor');

let active: Client | undefined;
const defaults = new Map<string, WorkerPool>();

export class Client {
  readonly scheduler: SchedulerName;
  readonly nWorkers: number;
  readonly pool: WorkerPool | undefined;
  /** broker only: the remote executor, connected (a wrong address or password rejects). */
  readonly remote: Promise<RemoteExecutor> | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  /** broker/cluster only: whether its connections keep the process alive (loop-hold.ts). */
  #hold: LoopHold | undefined;
  #cluster: Promise<RunningCluster> | undefined;
  #futures: FutureRunner | undefined;
  readonly #recorder: Recorder | undefined;
  readonly #dashboard: Promise<Dashboard> | undefined;
  #executor: Executor | undefined;

  constructor(opts: ClientOptions & { n_workers?: number } = {}) {
    // the lecture writes Client(n_workers=4)
    if (opts.n_workers !== undefined) {
      if (opts.nWorkers !== undefined) throw new SsdpError('E_COMPUTE_OPTION', 'new Client: give nWorkers or n_workers (the same thing), not both.');
      opts = { ...opts, nWorkers: opts.n_workers };
      delete (opts as { n_workers?: number }).n_workers;
    }
    checkClientOptions(opts);
    checkDashboardOption(opts.dashboard);
    if (opts.broker !== undefined || opts.cluster !== undefined) {
      if (opts.broker !== undefined) parseBroker(opts.broker); // a malformed address or an open off-machine Redis fails here
      if (opts.cluster !== undefined && (typeof opts.cluster !== 'object' || opts.cluster?.kind !== 'slurm')) {
        throw new SsdpError('E_COMPUTE_OPTION', 'new Client: cluster takes slurm({...}) from ssdp, e.g. new Client({ cluster: slurm({ workers: 2 }) }).');
      }
      // nWorkers (n_workers) was dropped in silence (try11k K5): the workers' --nprocs decide
      if (opts.scheduler !== undefined || opts.node !== undefined || opts.nodeArgs !== undefined || opts.nWorkers !== undefined) {
        throw new SsdpError('E_COMPUTE_OPTION', `new Client: with ${opts.broker !== undefined ? 'broker' : 'cluster'}, tasks run on the ssdp workers serving it; nWorkers (n_workers), scheduler, node and nodeArgs belong to local clients.`, {
          hint: 'Start workers with: ssdp worker --broker URL -n ENV (their env gives node and variables; --nprocs N how many tasks each runs at once); a cluster takes slurm({ workers, cpus }).',
        });
      }
      const cluster = opts.cluster;
      // Its broker connections and cluster keep the process alive only while work is in hand: a
      // script that never calls close() ends, and closes the client then (closeAtExit).
      const hold = (this.#hold = new LoopHold());
      const starting = hold.acquire();
      this.#cluster = cluster && import('../cluster/index.js').then((m) => m.startCluster(cluster, { broker: opts.broker, onNotice: opts.onNotice, hold }));
      this.#cluster?.catch(() => {}); // reported by ready() and the first compute
      // A cluster's workers announce themselves first: a run sized for none would go one batch at a time.
      const broker = this.#cluster ? this.#cluster.then(async (c) => (await c.ready(), c.broker)) : Promise.resolve(opts.broker!);
      // reported through this.remote, which awaits it only once its import is done: a private
      // redis-server that cannot start rejects sooner, and was an unhandled rejection (try11x R1)
      broker.catch(() => {});
      this.scheduler = 'distributed';
      this.nWorkers = opts.nWorkers ?? cluster?.options.workers ?? 1;
      this.pool = undefined;
      this.remote = import('../distributed/remote.js').then(async (m) => {
        const env = opts.workerEnv === undefined ? undefined : await (await import('../distributed/run-env.js')).describeRunEnv(opts.workerEnv);
        const r = new m.RemoteExecutor({ broker: await broker, sharedDir: opts.sharedDir, env, onNotice: cluster ? () => {} : opts.onNotice, codeModules: opts.codeModules, freshProcesses: opts.freshProcesses, hold });
        await r.connect();
        return r;
      });
      this.remote.then(starting, starting); // reported by ready() and the first compute
      closeAtExit(this);
      // Every cluster worker gone (cancelled, walltime, failed to start) fails the run instead of hanging it.
      const lost = this.#cluster?.then((c) => c.lost);
      lost?.catch(() => {});
      this.#executor = remoteProxy(this.remote, lost);
    } else {
      const own = (opts as { [OWN_EXECUTOR]?: Executor })[OWN_EXECUTOR];
      this.scheduler = opts.scheduler ?? 'processes';
      this.nWorkers = opts.nWorkers ?? availableParallelism();
      this.pool = own || this.scheduler === 'sync' ? undefined : new WorkerPool(poolOptions(this.scheduler, this.nWorkers, opts));
      this.pool?.start();
      if (own) this.#executor = own;
    }
    if (opts.dashboard) {
      const dopts: DashboardOptions = opts.dashboard === true ? {} : opts.dashboard;
      this.#recorder = new Recorder(dopts.title ?? 'Client', dopts.kindOf);
      const executor: Executor = this.#executor ?? this.pool ?? { name: 'sync', open: (plan, hooks) => INLINE.open(plan, hooks) };
      executor.observer = this.#recorder;
      this.#executor = executor;
      this.#dashboard = import('../dashboard/index.js').then((m) => m.Dashboard.start(dopts, this.#recorder));
      // A port in use fails every compute before it starts; recording goes on for performanceReport.
      this.#dashboard.catch(() => {});
      this.#recorder.servedBy(this.#dashboard);
    }
    active = this;
  }

  /** Resolves once the client can run work (broker: connected); rejects with the reason it cannot. */
  async ready(): Promise<void> {
    await this.remote;
  }

  /** The live page's address, once it serves (undefined with { serve: false } or none). */
  async dashboardUrl(): Promise<string | undefined> {
    return (await this.#dashboard)?.url;
  }

  /**
   * Writes a self-contained HTML report (charts and summary) of everything this client has
   * computed, as dask's performance_report; returns its absolute path. An existing file that is
   * not an ssdp report is refused (E_REPORT_EXISTS) unless `{ overwrite: true }`.
   */
  async performanceReport(file: string, opts: { overwrite?: boolean } = {}): Promise<string> {
    if (!this.#recorder) {
      throw new SsdpError('E_NO_DASHBOARD', 'client.performanceReport: this client records nothing to report.', {
        hint: 'Create it with new Client({ dashboard: true }), or { dashboard: { serve: false } } to record without serving a page.',
      });
    }
    const { writeReport } = await import('../dashboard/index.js');
    return writeReport(file, this.#recorder.snapshot(), opts);
  }

  /** Computes like `compute(...)`, on this client's workers. */
  async compute(...args: unknown[]): Promise<unknown> {
    await this.#dashboard;
    const { compute } = (await import('./delayed.js')) as { compute: (...a: unknown[]) => Promise<unknown> };
    return compute(...args, { client: this });
  }

  /** Starts `fn(...args)` now; a Future of its result. Futures among the arguments are awaited first. */
  submit<F extends AnyFn>(fn: F, ...args: unknown[]): Future<Awaited<ReturnType<F>>> {
    return this.runner().submit(fn, args);
  }

  /** `fn` over the items of one or more iterables (zipped, shortest first), as Futures. */
  map<F extends AnyFn>(fn: F, ...iterables: Iterable<unknown>[]): Future<Awaited<ReturnType<F>>>[] {
    if (iterables.length === 0) throw new SsdpError('E_FUTURE_ARGS', 'client.map: give the function and at least one list of arguments', { hint: 'client.map(inc, [1, 2, 3]).' });
    checkMapInputs(fn, iterables);
    const lists = iterables.map((it) => [...it]);
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => this.runner().submit(fn, lists.map((l) => l[i])));
  }

  /** The results of the futures in `futures` (a Future, or arrays/objects holding them), same shape. */
  gather<T>(futures: Future<T>): Promise<T>;
  gather<T>(futures: Future<T>[]): Promise<T[]>;
  gather(futures: unknown): Promise<unknown>;
  gather(futures: unknown): Promise<unknown> {
    return gather(futures);
  }

  /**
   * Futures holding data already here, to pass to submit: as Dask's scatter, an array gives an
   * array of futures (one per item), a plain object an object of futures with the same keys, and
   * anything else one future.
   */
  scatter<T>(data: T[]): Future<T>[];
  scatter<T extends Record<string, unknown>>(data: T): { [K in keyof T]: Future<T[K]> };
  scatter<T>(data: T): Future<T>;
  scatter(data: unknown): unknown {
    if (Array.isArray(data)) return data.map((d) => this.runner().scatter(d));
    if (isPlainObject(data)) return Object.fromEntries(Object.entries(data).map(([k, d]) => [k, this.runner().scatter(d)]));
    return this.runner().scatter(data);
  }

  /** Yields the futures in the order they finish. */
  asCompleted<T>(futures: Iterable<Future<T>>): AsyncGenerator<Future<T>> {
    return asCompleted(futuresArg('asCompleted', futures, false) as Future<T>[]);
  }

  /**
   * Cancels futures: queued ones never run; a running one's workers are killed and replaced so the
   * next submit does not wait for it; every one's result() rejects with E_FUTURE_CANCELLED.
   */
  cancel(futures: Future | Future[]): void {
    this.runner().cancel(futuresArg('cancel', futures, true));
  }

  private runner(): FutureRunner {
    if (this.#closed) throw new SsdpError('E_CLIENT_CLOSED', 'this Client is closed: it runs no more futures', { hint: 'Make a new Client.' });
    return (this.#futures ??= new FutureRunner(this));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * A cluster client's workers: asks for `n` of them (Dask's `cluster.scale(n)`): Slurm gets another
   * array of workers, or workers are cancelled, waiting ones first. `n` is a whole number >= 0; at 0
   * work waits until the client is scaled up again.
   */
  async scale(n: number): Promise<void> {
    if (!this.#cluster) {
      throw new SsdpError('E_COMPUTE_OPTION', 'client.scale(n) sets the number of workers of a cluster this Client started; this one has none (its workers are local processes, or ssdp workers a broker serves, started by hand).', {
        hint: "Make the client with new Client({ cluster: slurm({ workers: 2 }) }) to scale it; a broker's workers are scaled by starting or stopping ssdp worker.",
      });
    }
    if (this.#closed) throw new SsdpError('E_CLIENT_CLOSED', 'this Client is closed: it has no workers to scale', { hint: 'Make a new Client.' });
    if (!Number.isInteger(n) || n < 0) throw new SsdpError('E_CLUSTER_OPTION', `scale: the number of workers is ${JSON.stringify(n)}; expected a whole number >= 0.`);
    await (await this.#cluster).scale(n);
  }

  /** Stops the workers; `compute` goes back to the default scheduler. */
  close(): Promise<void> {
    this.#closed = true;
    atExit.delete(this);
    return (this.#closing ??= this.#hold ? this.#hold.during(this.#close()) : this.#close());
  }

  async #close(): Promise<void> {
    await this.#futures?.cancelAll();
    if (active === this) active = undefined;
    await this.pool?.close();
    if (this.remote) await (await this.remote.catch(() => undefined))?.close();
    await (await this.#cluster?.catch(() => undefined))?.close();
    if (this.#dashboard) await (await this.#dashboard.catch(() => undefined))?.close();
  }

  executor(): Executor {
    if (this.#executor) return this.#executor;
    if (!this.pool) return INLINE;
    return this.pool;
  }

  static current(): Client | undefined {
    return active;
  }
}

/** Broker and cluster clients still open: closed when the script has nothing left to do (Dask closes its Client at interpreter exit). */
const atExit = new Set<Client>();

function closeAtExit(client: Client): void {
  if (atExit.size === 0) process.on('beforeExit', closeOpenClients);
  atExit.add(client);
}

/**
 * The event loop has emptied (the Clients' connections hold it only while they are busy): close
 * what is still open, which scancels a cluster's jobs and stops its redis-server. Closing holds the
 * loop until it is done; then the process exits with the code it had.
 */
function closeOpenClients(): void {
  process.removeListener('beforeExit', closeOpenClients);
  const clients = [...atExit];
  atExit.clear();
  for (const c of clients) void c.close().catch(() => {});
}

/** The broker's executor before it has connected: runs wait for the connection (and its observer). */
function remoteProxy(remote: Promise<RemoteExecutor>, lost?: Promise<never>): Executor {
  const proxy: Executor = {
    name: 'distributed',
    open: async (plan, hooks) => {
      const r = await (lost ? Promise.race([remote, lost]) : remote);
      r.observer = proxy.observer;
      const session = await r.open(plan, hooks);
      if (!lost) return session;
      // A batch waits on the workers: when none is left, it fails with the reason.
      const submit = session.submit.bind(session);
      return Object.assign(session, { submit: (req: Parameters<typeof submit>[0]) => Promise.race([submit(req), lost]) });
    },
  };
  return proxy;
}

function poolOptions(scheduler: SchedulerName, nWorkers: number, opts: ClientOptions): PoolOptions {
  return { kind: scheduler === 'processes' ? 'processes' : 'threads', nWorkers, node: opts.node, env: opts.env, nodeArgs: opts.nodeArgs };
}

/** The executor a run uses: explicit scheduler, else the active client's, else default threads. */
export function activeExecutor(opts: GetOptions & { client?: Client }): Executor {
  const client = opts.client ?? active;
  if ((globalThis as Record<string, unknown>).__ssdpInWorker === true) return INLINE;
  // a closed client named for a run must not be swapped for the default pool without a word
  if (opts.client?.closed) {
    throw new SsdpError('E_CLIENT_CLOSED', 'compute: the Client is closed: it runs no more work', {
      hint: 'Make a new Client (new Client(...)) and pass that, or leave out `client` to use the default scheduler.',
    });
  }
  if (client && !client.closed && (opts.scheduler === undefined || opts.scheduler === client.scheduler) && opts.nWorkers === undefined) return client.executor();
  const scheduler = opts.scheduler ?? (client?.scheduler === 'distributed' ? undefined : client?.scheduler) ?? 'threads';
  if (scheduler === 'sync') return INLINE;
  const n = opts.nWorkers ?? availableParallelism();
  // Without nWorkers the pool starts with one worker and grows to one per core when the tasks
  // keep a worker busy (scheduler.ts's GrowthRule); nWorkers given is that many from the start.
  const elastic = opts.nWorkers === undefined;
  const id = `${scheduler}:${n}${elastic ? ':elastic' : ''}`;
  let pool = defaults.get(id);
  if (!pool) {
    pool = new WorkerPool({ kind: scheduler, nWorkers: n, startWorkers: elastic ? 1 : n, mainThreadHelps: true });
    defaults.set(id, pool);
  }
  return pool;
}

/**
 * Starts the workers a run with `opts` will use, without waiting for them: thread/process boot
 * then overlaps building the graph and planning, instead of following them (a fresh process's
 * first compute paid both in turn).
 */
export function prestartWorkers(opts: GetOptions & { client?: Client }): void {
  if ((globalThis as Record<string, unknown>).__ssdpInWorker === true) return;
  const ex = activeExecutor(opts);
  if (ex instanceof WorkerPool) ex.start();
}

/** Stops the default pools (tests and benchmarks call this to exit promptly). */
export async function shutdownDefaultPools(): Promise<void> {
  const pools = [...defaults.values()];
  defaults.clear();
  await Promise.all(pools.map((p) => p.close()));
}

const CLIENT_OPTIONS = ['nWorkers', 'n_workers', 'scheduler', 'node', 'env', 'nodeArgs', 'dashboard', 'broker', 'sharedDir', 'workerEnv', 'cluster', 'onNotice', 'codeModules', 'freshProcesses'];

function checkClientOptions(opts: ClientOptions): void {
  for (const key of Object.keys(opts)) {
    if (CLIENT_OPTIONS.includes(key)) continue;
    const near = closest(key, CLIENT_OPTIONS);
    throw new SsdpError('E_COMPUTE_OPTION', `new Client: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}`, {
      hint: `Options are ${CLIENT_OPTIONS.join(', ')}.`,
    });
  }
  checkScheduler(opts.scheduler, 'new Client');
  checkCount(opts.nWorkers, 1, 'nWorkers', 'new Client');
}
