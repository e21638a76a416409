/**
 * The heartbeat of a run that started its own workers (Slurm jobs): a key with a short TTL the
 * submitter renews on a timer, never per task. Its workers stop once it is gone (serve.ts,
 * boundTo), so a submitter killed with -9, which runs no clean-up, does not leave them serving a
 * user's broker until their walltime.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { connectBroker, parseBroker, within } from './broker.js';
import type { LoopHold } from './loop-hold.js';
import { OWNER_RENEW_MS, OWNER_TTL_MS, ownerKey } from './protocol.js';
import { envNumber } from '../util/env-number.js';

export interface RunOwner {
  /** What run-bound workers are given (SSDP_WORKER_FOR_RUN). */
  readonly id: string;
  /** How long the heartbeat went unrenewed when that was longer than its TTL (this process frozen), else 0. */
  lapsedMs(): number;
  /** The heartbeat's TTL in ms. */
  readonly ttlMs: number;
  /** Stops renewing and deletes the key (bounded: the broker may be gone). */
  release(): Promise<void>;
}

/**
 * How long the heartbeat outlives a submitter that stopped renewing it: SSDP_RUN_OWNER_TTL_MS,
 * default OWNER_TTL_MS. Shorter ends a killed run's workers sooner; it must outlast the renewals
 * (every OWNER_RENEW_MS, or a quarter of the TTL when that is shorter) however busy the submitter.
 */
export function ownerTtlMs(): number {
  return envNumber('SSDP_RUN_OWNER_TTL_MS', 'milliseconds', true) ?? OWNER_TTL_MS;
}

/** `hold`: a Client's (loop-hold.ts); the connection keeps the process alive only while it is taken. */
export async function holdRunOwner(broker: string, hold?: LoopHold): Promise<RunOwner> {
  const ttl = ownerTtlMs();
  const addr = parseBroker(broker);
  let released = false;
  const redis = await connectBroker(addr, 'ssdp-run-owner', () => released);
  hold?.followRedis(redis);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const renew = (): Promise<unknown> => redis.set(ownerKey(id), String(process.pid), 'PX', Math.ceil(ttl));
  try {
    await renew();
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  // A gap on this process's own clock between two renewals longer than the TTL: it did not run
  // (SIGSTOP, a suspended machine or VM), so its workers took the run for gone (try11w W5).
  let last = Date.now();
  let lapsed = 0;
  // a lost broker is the run's own error to report (remote.ts); here a renewal just waits for it
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - last > ttl) lapsed = Math.max(lapsed, now - last);
    last = now;
    void renew().catch(() => {});
  }, Math.max(100, Math.min(OWNER_RENEW_MS, ttl / 4)));
  timer.unref();
  return {
    id,
    ttlMs: ttl,
    lapsedMs: () => Math.max(lapsed, released ? 0 : Date.now() - last > ttl ? Date.now() - last : 0),
    release: async () => {
      if (released) return;
      clearInterval(timer);
      await within(redis.del(ownerKey(id)), 1000);
      released = true;
      redis.disconnect();
    },
  };
}
