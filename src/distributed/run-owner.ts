/**
 * The heartbeat of a run that started its own workers (Slurm jobs): a key with a short TTL the
 * submitter renews on a timer, never per task. Its workers stop once it is gone (serve.ts,
 * boundTo), so a submitter killed with -9, which runs no clean-up, does not leave them serving a
 * user's broker until their walltime.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { connectBroker, parseBroker, within } from './broker.js';
import { OWNER_RENEW_MS, OWNER_TTL_MS, ownerKey } from './protocol.js';

export interface RunOwner {
  /** What run-bound workers are given (SSDP_WORKER_FOR_RUN). */
  readonly id: string;
  /** Stops renewing and deletes the key (bounded: the broker may be gone). */
  release(): Promise<void>;
}

export async function holdRunOwner(broker: string): Promise<RunOwner> {
  const addr = parseBroker(broker);
  let released = false;
  const redis = await connectBroker(addr, 'ssdp-run-owner', () => released);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const renew = (): Promise<unknown> => redis.set(ownerKey(id), String(process.pid), 'PX', OWNER_TTL_MS);
  try {
    await renew();
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  // a lost broker is the run's own error to report (remote.ts); here a renewal just waits for it
  const timer = setInterval(() => void renew().catch(() => {}), OWNER_RENEW_MS);
  timer.unref();
  return {
    id,
    release: async () => {
      if (released) return;
      clearInterval(timer);
      await within(redis.del(ownerKey(id)), 1000);
      released = true;
      redis.disconnect();
    },
  };
}
