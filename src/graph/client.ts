/**
 * `Client`: a local cluster of workers that `compute` uses while it is open, as dask's
 * `Client(n_workers=4)`. Without one, threads/processes runs use a shared default pool sized to
 * the machine, created on first use and never keeping the process alive while idle.
 */
import { availableParallelism } from 'node:os';
import type { GetOptions, SchedulerName } from './types.js';
import type { Executor } from './executor.js';
import { INLINE } from './inline.js';
import { WorkerPool, type PoolOptions } from './pool.js';
import { checkCount, checkScheduler, closest } from './options.js';
import { SsdpError } from '../util/errors.js';

export interface ClientOptions {
  /** Number of workers (default: available cores). */
  nWorkers?: number;
  /** 'threads' (default) or 'processes'; 'sync' makes compute run in-process. */
  scheduler?: SchedulerName;
  /** processes only: the node binary workers run under (e.g. an ssdp env's bin/node). */
  node?: string;
  /** processes only: environment variables of the workers (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** processes only: options for the workers' node, e.g. ['--expose-gc']. */
  nodeArgs?: string[];
}

let active: Client | undefined;
const defaults = new Map<string, WorkerPool>();

export class Client {
  readonly scheduler: SchedulerName;
  readonly nWorkers: number;
  readonly pool: WorkerPool | undefined;
  #closed = false;

  constructor(opts: ClientOptions & { n_workers?: number } = {}) {
    // the lecture writes Client(n_workers=4)
    if (opts.n_workers !== undefined) {
      if (opts.nWorkers !== undefined) throw new SsdpError('E_COMPUTE_OPTION', 'new Client: give nWorkers or n_workers (the same thing), not both.');
      opts = { ...opts, nWorkers: opts.n_workers };
      delete (opts as { n_workers?: number }).n_workers;
    }
    checkClientOptions(opts);
    this.scheduler = opts.scheduler ?? 'threads';
    this.nWorkers = opts.nWorkers ?? availableParallelism();
    this.pool = this.scheduler === 'sync' ? undefined : new WorkerPool(poolOptions(this.scheduler, this.nWorkers, opts));
    this.pool?.start();
    active = this;
  }

  /** Computes like `compute(...)`, on this client's workers. */
  async compute(...args: unknown[]): Promise<unknown> {
    const { compute } = (await import('./delayed.js')) as { compute: (...a: unknown[]) => Promise<unknown> };
    return compute(...args, { client: this });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Stops the workers; `compute` goes back to the default scheduler. */
  async close(): Promise<void> {
    this.#closed = true;
    if (active === this) active = undefined;
    await this.pool?.close();
  }

  executor(): Executor {
    if (!this.pool) return INLINE;
    return this.pool;
  }

  static current(): Client | undefined {
    return active;
  }
}

function poolOptions(scheduler: SchedulerName, nWorkers: number, opts: ClientOptions): PoolOptions {
  return { kind: scheduler === 'processes' ? 'processes' : 'threads', nWorkers, node: opts.node, env: opts.env, nodeArgs: opts.nodeArgs };
}

/** The executor a run uses: explicit scheduler, else the active client's, else default threads. */
export function activeExecutor(opts: GetOptions & { client?: Client }): Executor {
  const client = opts.client ?? active;
  if ((globalThis as Record<string, unknown>).__ssdpInWorker === true) return INLINE;
  if (client && !client.closed && (opts.scheduler === undefined || opts.scheduler === client.scheduler) && opts.nWorkers === undefined) return client.executor();
  const scheduler = opts.scheduler ?? client?.scheduler ?? 'threads';
  if (scheduler === 'sync') return INLINE;
  const n = opts.nWorkers ?? availableParallelism();
  const id = `${scheduler}:${n}`;
  let pool = defaults.get(id);
  if (!pool) {
    pool = new WorkerPool({ kind: scheduler, nWorkers: n });
    defaults.set(id, pool);
  }
  return pool;
}

/** Stops the default pools (tests and benchmarks call this to exit promptly). */
export async function shutdownDefaultPools(): Promise<void> {
  const pools = [...defaults.values()];
  defaults.clear();
  await Promise.all(pools.map((p) => p.close()));
}

const CLIENT_OPTIONS = ['nWorkers', 'n_workers', 'scheduler', 'node', 'env', 'nodeArgs'];

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
