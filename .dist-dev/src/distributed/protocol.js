export const QUEUE = 'tasks';
/** BullMQ's key prefix: everything ssdp keeps in Redis starts with `ssdp:`. */
export const PREFIX = 'ssdp';
export const runKey = (run) => `ssdp:run:${run}`;
/**
 * Workers that decline a run (other code, an env they cannot make): worker id -> the refusal as
 * `[CODE] message\n  hint: ...`. The run fails with it only once every live worker has declined.
 */
export const declinedKey = (run) => `ssdp:run:${run}:declined`;
/** A declined batch goes back to the queue this much later, so a worker that can run it takes it first. */
export const DECLINE_DELAY_MS = 500;
export const WORKER_KEYS = 'ssdp:worker:';
/** A worker re-announces itself this often; its key lives three times as long. */
export const HEARTBEAT_MS = 2000;
/** A job is held by a worker under a lock renewed this often; a dead worker's jobs run again after about lockDuration + stalledInterval. */
export const LOCK_MS = 4000;
export const STALLED_MS = 2000;
//# sourceMappingURL=protocol.js.map