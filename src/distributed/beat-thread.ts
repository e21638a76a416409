/**
 * The thread that renews a submitter's run heartbeats (aliveKey; run-beat.ts starts it). Apart
 * from the main thread, so a submitter busy with its own synchronous work (building the next
 * input, a long GC, parsing a big file) keeps its runs: on the main thread's timer, 8 s of such
 * work let the heartbeat lapse and the workers dropped the run (tester try11v D1). Only a process
 * that is gone, frozen as a whole (SIGSTOP, a paused VM) or cut off from the broker stops it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { connectionOptions, type BrokerAddress } from './broker.js';
import { runAliveRenewMs, runAliveTtlMs } from './protocol.js';

/** What the main thread tells this one: heartbeat keys (aliveKey of a run, clientAliveKey of a Client). */
export type ToBeat = { t: 'add'; key: string } | { t: 'forget'; key: string; id: number };

const port = parentPort!;
const redis = new Redis({ ...connectionOptions((workerData as { addr: BrokerAddress }).addr), connectionName: 'ssdp-submitter-beat' });
redis.on('error', () => {});
const keys = new Set<string>();
// the main thread read the same variable (and refused a bad value) before it started this thread
const ttl = runAliveTtlMs();
/** The renewal in flight: a key is forgotten only once it is done, so no late 'live' lands after the submitter's 'stopped'. */
let current: Promise<unknown> = Promise.resolve();

/** Whether the main thread knows this thread renews (it renews the keys itself until then: run-beat.ts). */
let told = false;
const renew = (): Promise<unknown> => {
  if (keys.size === 0) return current;
  const m = redis.multi();
  for (const key of keys) m.set(key, 'live', 'PX', ttl);
  return (current = m.exec().then(
    () => {
      if (told) return;
      told = true;
      port.postMessage({ t: 'renewed' });
    },
    () => {},
  ));
};
// back after an outage: renewed at once, before the workers give the runs up
redis.on('ready', () => void renew());
setInterval(() => void renew(), runAliveRenewMs());

port.on('message', (m: ToBeat) => {
  if (m.t === 'add') {
    keys.add(m.key);
    return;
  }
  keys.delete(m.key);
  void current.then(() => port.postMessage({ id: m.id }));
});
