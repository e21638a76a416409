/**
 * A stop signal sent to a whole process group (Ctrl-C in a terminal, `kill -TERM -- -PGID`, Slurm,
 * systemd, `timeout`, a container stop) reaches our child processes and us at once. A child that
 * dies of it (a task process still starting has no SIGINT listener, and none has one for SIGTERM)
 * can be noticed first, by its exit or by EPIPE when we write to it, while Node hands the same
 * signal to our own listeners only at a later turn of its event loop: the run then failed as if
 * the child had died on its own, blaming the user's task (tester s19 try8p P3).
 *
 * kill() queues the signal on every process of the group before it returns, and a queued signal
 * is delivered to us before we see anything that happened after it (such as that child's death):
 * by then it sits in Node's signal pipe, which the loop's next poll phase reads. Three turns of
 * the loop (each immediate after the first runs after a poll phase) hand it to the listeners.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Resolves once every signal already delivered to this process has reached its listeners. */
export async function afterSignalsHandedOn(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn();
}
