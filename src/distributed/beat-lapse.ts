/**
 * When an `ssdp worker` may call a heartbeat key (a run's aliveKey, a Client's clientAliveKey)
 * lapsed. Redis expires keys by its wall clock, also across a time it stood still: a broker frozen
 * a little longer than the TTL (SIGSTOP, a paused VM) comes back with every heartbeat expired,
 * though each submitter is alive and renews it as soon as it gets through (tester s21 try11t T8,
 * the run failed E_RUN_STOPPED blaming its submitter); a submitter whose renewal came late on a
 * loaded machine (a thread that starts slowly, T7) looks the same for a moment. So a missing key
 * is lapsed only when
 *  - this worker has been connected for a whole TTL (after a reconnect, or a reply that took longer
 *    than SLOW_REPLY_MS: the broker stood still, the submitter could not renew meanwhile), and
 *  - the key stayed missing, on this worker's own clock, for confirmMs(ttl) more, in which a live
 *    submitter renews it (every quarter TTL at most) and re-creates it (SET with PX).
 * A submitter killed with -9 is then seen gone after its TTL plus confirmMs, not just the TTL.
 */

/** A broker reply slower than this: the broker (or this worker) stood still while it was awaited. */
const SLOW_REPLY_MS = 2000;

/** How long a heartbeat must stay missing, past its TTL, before it is called lapsed. */
export function confirmMs(ttlMs: number): number {
  return Math.max(1000, ttlMs / 2);
}

export class BeatLapses {
  /** Key -> since when (this worker's clock) it has been seen missing. */
  private readonly missing = new Map<string, number>();
  private steadySince = Date.now();

  /** The broker connection is ready (again): nothing seen missing before counts. */
  reconnected(now = Date.now()): void {
    this.steadySince = now;
    this.missing.clear();
  }

  /** A check sent at `sentAt` got its reply `now`: a slow one means the broker stood still. */
  replied(sentAt: number, now = Date.now()): void {
    if (now - sentAt > SLOW_REPLY_MS) this.reconnected(now);
  }

  /** The connection has been steady for `ttlMs`: a key missing since before then may be judged. */
  settled(ttlMs: number, now = Date.now()): boolean {
    return now - this.steadySince >= ttlMs;
  }

  /** `value`: the key as a reply just read it (null: missing). True once it counts as lapsed. */
  lapsed(key: string, value: string | null, ttlMs: number, now = Date.now()): boolean {
    if (value !== null) {
      this.missing.delete(key);
      return false;
    }
    const since = this.missing.get(key) ?? now;
    this.missing.set(key, since);
    return this.settled(ttlMs, now) && now - since >= confirmMs(ttlMs);
  }

  /** How long the key was seen missing (0 if it is not). */
  missingFor(key: string, now = Date.now()): number {
    const since = this.missing.get(key);
    return since === undefined ? 0 : now - since;
  }

  forget(key: string): void {
    this.missing.delete(key);
  }
}
