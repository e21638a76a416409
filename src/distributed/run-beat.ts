/**
 * The heartbeats of a submitter's runs, renewed from a thread of their own (beat-thread.ts): a
 * main thread busy for longer than RUN_ALIVE_TTL_MS must not lose its runs (tester try11v D1).
 * The thread starts with the first run (a Client that only connects costs no thread) and is
 * unref'd: it never keeps alive a process whose work has ended, so a Client script that never
 * calls close() still exits (loop-hold.ts, try11u C3); while a run is in hand the Client's hold
 * keeps the process alive anyway.
 */
import { Worker } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { withWorkerExecArgv } from '../graph/worker-argv.js';
import { within, type BrokerAddress } from './broker.js';
import type { ToBeat } from './beat-thread.js';
import { runAliveRenewMs, runAliveTtlMs } from './protocol.js';

/** How long forgetting a run waits for the thread's renewal in flight (a frozen broker never answers it). */
const FORGET_MS = 3000;

export class RunBeat {
  private thread: Worker | undefined;
  private closed = false;
  private nextId = 1;
  private readonly acks = new Map<number, () => void>();
  /**
   * Until the thread has renewed once, the keys are renewed from here too (`redis`, the caller's
   * connection): on a loaded machine the thread took longer to start and connect than the
   * heartbeat's TTL, and the workers dropped a healthy run before its first step (tester s21
   * try11t T7; reproduced with a 3 s TTL at load 20).
   */
  private readonly keys = new Set<string>();
  private threadRenewed = false;
  private bridge: NodeJS.Timeout | undefined;
  /** The renewal from here in flight: forget() waits for it, as for the thread's. */
  private current: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly addr: BrokerAddress,
    private readonly redis?: Redis,
  ) {
    // a bad SSDP_RUN_HEARTBEAT_TTL_MS is refused here, before any run starts, not in the thread
    runAliveTtlMs();
  }

  private renewHere(): void {
    if (!this.redis || this.keys.size === 0 || this.threadRenewed || this.closed) return;
    const m = this.redis.multi();
    const ttl = runAliveTtlMs();
    for (const key of this.keys) m.set(key, 'live', 'PX', ttl);
    this.current = m.exec().catch(() => {});
  }

  private started(): Worker | undefined {
    if (this.thread || this.closed) return this.thread;
    const file = new URL('./beat-thread.js', import.meta.url);
    const thread = withWorkerExecArgv((execArgv) => new Worker(file, { workerData: { addr: this.addr }, execArgv, stdout: false, stderr: false }));
    thread.on('message', (m: { id: number } | { t: 'renewed' }) => {
      if ('t' in m) {
        this.threadRenewed = true;
        clearInterval(this.bridge);
        return;
      }
      this.acks.get(m.id)?.();
      this.acks.delete(m.id);
    });
    thread.on('error', () => {});
    // after the listeners: adding one refs the thread's port again
    thread.unref();
    return (this.thread = thread);
  }

  /** Renews the heartbeat key (aliveKey, clientAliveKey) from now on (its first value is set with the run's record). */
  add(key: string): void {
    this.keys.add(key);
    this.started()?.postMessage({ t: 'add', key } satisfies ToBeat);
    if (this.redis && !this.threadRenewed && !this.bridge && !this.closed) {
      this.bridge = setInterval(() => this.renewHere(), runAliveRenewMs());
      this.bridge.unref();
    }
  }

  /** Stops renewing it; resolves once no renewal of it can land any more. */
  async forget(key: string): Promise<void> {
    this.keys.delete(key);
    if (this.keys.size === 0) {
      clearInterval(this.bridge);
      this.bridge = undefined;
    }
    await within(this.current, FORGET_MS);
    if (!this.thread) return;
    const id = this.nextId++;
    const acked = new Promise<void>((r) => this.acks.set(id, r));
    this.thread.postMessage({ t: 'forget', key, id } satisfies ToBeat);
    await within(acked, FORGET_MS);
    this.acks.delete(id);
  }

  /** Ends the thread; resolves once it has ended (no renewal can be sent after that). */
  close(): Promise<void> {
    this.closed = true;
    clearInterval(this.bridge);
    return this.thread?.terminate().then(() => {}, () => {}) ?? Promise.resolve();
  }
}
