/**
 * The thread that renews the leases of the steps a worker's task process runs (step-lease.ts):
 * every LEASE_RENEW_MS it sets the mtime of each running step's marker to now. Apart from the main
 * thread, since a step's function may keep that busy for minutes (a synchronous loop): the lease
 * must say "this process still runs the step" for exactly as long as the process lives. It dies
 * with the process (kill -9, a worker that stopped the step), and the lease then lapses.
 */
import { existsSync, utimesSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { LEASE_RENEW_MS, type ToLease } from './step-lease.js';

/** Held markers -> the ended mark of their step's run. */
const files = new Map<string, string | undefined>();
parentPort!.on('message', (m: ToLease) => {
  if (m.t === 'hold') files.set(m.file, m.ended);
  else files.delete(m.file);
});
setInterval(() => {
  // The step's run has ended (running.ts markRunEnded): this process stops writing now, whatever
  // its broker says (a frozen broker told the worker nothing; tester s23 try11x J1). A workflow
  // run's task processes are its own (RunMeta.fresh), so no other run's step dies with it. The
  // marker stays: its run (or the next) moves what the step wrote aside.
  for (const ended of files.values()) if (ended && existsSync(ended)) process.kill(process.pid, 'SIGKILL');
  const now = new Date();
  for (const f of files.keys()) {
    try {
      utimesSync(f, now, now);
    } catch {
      /* removed as the step ended: the next message drops it */
    }
  }
}, LEASE_RENEW_MS);
