/**
 * Whether a Client's broker connections (and its cluster's redis-server) keep the process alive.
 * A script that uses `new Client({ broker })` and never calls close() must still end when its
 * last line has run, as Dask's does (tester try11u C3): so while the Client has nothing in hand
 * (no run, no connect, no close) its sockets, ioredis's socket-deadline timers and its child
 * processes are unref'd, the event loop empties, and `beforeExit` closes the Client. While
 * something is in hand the hold is taken and everything is ref'd again, so no await on a broker
 * reply is cut short. The CLI (`ssdp run --broker`) gives no hold: its connections stay ref'd.
 */
import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';

export class LoopHold {
  #count = 0;
  readonly #followers = new Set<() => void>();
  #heldAgain: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  /** True while something is in hand: everything following the hold keeps the process alive. */
  get held(): boolean {
    return this.#count > 0;
  }

  /** Takes the hold; the function returned gives it back (once). */
  acquire(): () => void {
    if (this.#count++ === 0) this.#apply();
    let given = false;
    return () => {
      if (given) return;
      given = true;
      if (--this.#count === 0) this.#apply();
    };
  }

  /** Holds the process while `p` is pending. */
  async during<T>(p: Promise<T>): Promise<T> {
    const release = this.acquire();
    try {
      return await p;
    } finally {
      release();
    }
  }

  /** Resolves once the hold is taken (at once if it is); waits with no timer, so it holds nothing. */
  whenHeld(): Promise<void> {
    if (this.held) return Promise.resolve();
    return (this.#heldAgain ??= new Promise<void>((r) => (this.#wake = r)));
  }

  /** Makes `apply` run now and at each change of the hold; returns how to stop following. */
  follow(apply: () => void): () => void {
    this.#followers.add(apply);
    apply();
    return () => this.#followers.delete(apply);
  }

  /** An ioredis connection follows the hold: its socket (a new one after each reconnect) and its socket-deadline timer. */
  followRedis(redis: Redis): () => void {
    // ioredis internals (6.x): the socket, and the timer it arms while a reply is awaited
    const r = redis as unknown as { stream?: { ref(): void; unref(): void }; socketTimeoutTimer?: NodeJS.Timeout; setSocketTimeout?: () => void };
    const apply = (): void => {
      const on = this.held;
      if (r.stream) on ? r.stream.ref() : r.stream.unref();
      if (r.socketTimeoutTimer) on ? r.socketTimeoutTimer.ref() : r.socketTimeoutTimer.unref();
    };
    // ioredis arms a plain (ref'd) timer for every command awaiting a reply; BullMQ's event reader
    // always has one (XREAD BLOCK), which alone kept the process alive for ever.
    const arm = r.setSocketTimeout;
    if (typeof arm === 'function') {
      r.setSocketTimeout = function (this: typeof r) {
        arm.call(this);
        apply();
      };
    }
    redis.on('connect', apply);
    const stop = this.follow(apply);
    return () => {
      stop();
      redis.removeListener('connect', apply);
    };
  }

  /** A child process (a private redis-server) follows the hold. */
  followChild(child: ChildProcess): () => void {
    return this.follow(() => (this.held ? child.ref() : child.unref()));
  }

  #apply(): void {
    if (this.held && this.#wake) {
      this.#wake();
      this.#wake = this.#heldAgain = undefined;
    }
    for (const f of this.#followers) f();
  }
}
