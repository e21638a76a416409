/**
 * The thread that renews the leases of the steps a worker's task process runs (step-lease.ts):
 * every LEASE_RENEW_MS it sets the mtime of each running step's marker to now. Apart from the main
 * thread, since a step's function may keep that busy for minutes (a synchronous loop): the lease
 * must say "this process still runs the step" for exactly as long as the process lives. It dies
 * with the process (kill -9, a worker that stopped the step), and the lease then lapses.
 */
import { utimesSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { LEASE_RENEW_MS, type ToLease } from './step-lease.js';

const files = new Set<string>();
parentPort!.on('message', (m: ToLease) => {
  if (m.t === 'hold') files.add(m.file);
  else files.delete(m.file);
});
setInterval(() => {
  const now = new Date();
  for (const f of files) {
    try {
      utimesSync(f, now, now);
    } catch {
      /* removed as the step ended: the next message drops it */
    }
  }
}, LEASE_RENEW_MS);
