/**
 * Worker entry, for both schedulers: run as a worker_thread (threads) or a forked child process
 * (processes). It runs batches one at a time, keeps results needed only inside the batch, and
 * answers every batch with one message — a failed task comes back as a failure value, never as
 * an exception across the boundary.
 */
import { parentPort } from 'node:worker_threads';
import { movableBuffers, type FromWorker, type ToWorker, type ColumnUnit } from './wire.js';
import { runBatch, uncloneable, collectDeadBuffers } from './batch-runner.js';

(globalThis as Record<string, unknown>).__ssdpInWorker = true;
// Under node's test runner, node:test resolves to a stub in a worker: quiet-node-test.ts, called
// before each task module is imported (functions.ts, workflow/exec.ts).

const isThread = parentPort !== null;

function reply(msg: FromWorker, batch?: readonly ColumnUnit[]): void {
  try {
    post(msg);
  } catch (e) {
    // A result that cannot be cloned (a function, a stream): fail its task, not the worker.
    if (msg.t !== 'done' || !batch || !((e as Error).name === 'DataCloneError' || /could not be cloned/.test((e as Error).message))) throw e;
    post(uncloneable(msg, batch, e as Error));
  }
}

function post(msg: FromWorker): void {
  if (isThread) {
    // Results are copied, except buffers their task marked as its own (markMovable): a task may
    // return an array something else here still holds (a module-level lookup table), which a
    // transfer would empty for later tasks.
    parentPort!.postMessage(msg, msg.t === 'done' ? movableBuffers(msg.vs) : []);
  } else if (process.connected) {
    // The callback takes send errors (EPIPE when the parent died): there is nobody to tell.
    process.send!(msg, undefined, undefined, (err) => {
      if (err) process.exit(0);
    });
  } else process.exit(0);
}

let queue: Promise<void> = Promise.resolve();
function onMessage(m: ToWorker): void {
  if (m.t === 'exit') {
    process.exit(0);
  }
  queue = queue.then(() => runBatch(m).then((r) => (reply(r.done, r.units), collectDeadBuffers()))).catch((e: unknown) => reply({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
}

if (isThread) parentPort!.on('message', onMessage);
else {
  process.on('message', (m) => onMessage(m as ToWorker));
  // The parent decides about interrupts (it stops us); without a parent there is nothing to do.
  process.on('SIGINT', () => {});
  process.on('disconnect', () => process.exit(0));
  // The parent died mid-compute: its pipes are gone. Stop quietly instead of printing an EPIPE stack.
  process.on('error', () => process.exit(0));
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => process.exit(0));
  // An error thrown in a task's timer or callback, outside any promise the task returned, ends
  // the worker: the scheduler says so (naming the task) instead of Node printing a raw stack.
  const outside = (e: unknown): void => {
    const text = e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l) && !/\(?node:/.test(l)).join('\n')}` : String(e);
    const message = `an error was thrown outside the task's returned promise (in a timer or callback), which ends its worker: ${text.slice(0, 2000).trimEnd()}`;
    if (!process.connected) process.exit(1);
    process.send!({ t: 'fatal', message } satisfies FromWorker, undefined, undefined, () => process.exit(1));
  };
  process.on('uncaughtException', outside);
  process.on('unhandledRejection', outside);
}
