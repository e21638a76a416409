/**
 * Leases on a workflow's running steps, for steps an `ssdp worker` runs (possibly on another
 * machine). A step's outputs are written in place by its own code, so a write that lands after a
 * newer run finished cannot be undone: an earlier run's step that still runs somewhere (its
 * submitter was killed with -9 and the worker has not noticed yet) must keep a newer run from
 * starting (tester s20 try11a A1). The step's running marker (.ssdp/running/, on the shared
 * filesystem) is its lease: a thread of the task process (step-lease-thread.ts) renews the
 * marker's mtime while the step runs; the next run waits while a lease is renewed
 * (running.ts waitForEarlierSteps). A run on the worker's own host checks the pid instead.
 *
 * Only task processes of `ssdp worker` hold leases (STEP_LEASE_ENV, set by serve.ts): the local
 * schedulers' steps run on the run's own host, where the pid says all.
 */
import { Worker } from 'node:worker_threads';
import { withWorkerExecArgv } from '../graph/worker-argv.js';
import { envNumber } from '../util/env-number.js';
import { SsdpError } from '../util/errors.js';

/** Set to 1 in the environment of an `ssdp worker`'s task processes. */
export const STEP_LEASE_ENV = 'SSDP_STEP_LEASE';
/** How often a held lease is renewed. */
export const LEASE_RENEW_MS = 1000;
/**
 * A lease whose marker's mtime stood still this long (as the checking run sees it, so clocks of
 * other hosts do not matter) has lapsed: its process is gone (or frozen as a whole).
 */
export const LEASE_LAPSE_MS = 5000;
/** The lapse env variable; below two renewals a lease renewed late on a loaded host would count as lapsed. */
const LEASE_LAPSE_ENV = 'SSDP_STEP_LEASE_MS';
const LEASE_LAPSE_MIN_MS = 2 * LEASE_RENEW_MS;

/**
 * LEASE_LAPSE_MS, or SSDP_STEP_LEASE_MS of the run that waits: longer for a shared filesystem that
 * shows other hosts' mtimes late, shorter to wait less after a killed run's worker is gone.
 */
export function leaseLapseMs(): number {
  const ms = envNumber(LEASE_LAPSE_ENV, 'milliseconds', true) ?? LEASE_LAPSE_MS;
  if (ms < LEASE_LAPSE_MIN_MS) {
    throw new SsdpError('E_BAD_ENV_SETTING', `${LEASE_LAPSE_ENV}=${process.env[LEASE_LAPSE_ENV]} is shorter than ${LEASE_LAPSE_MIN_MS} ms: a step's lease is renewed every ${LEASE_RENEW_MS} ms, so a lease renewed a little late would count as lapsed and a new run could start while an earlier run's step still writes.`, {
      hint: `set ${LEASE_LAPSE_ENV} to ${LEASE_LAPSE_MIN_MS} or more (milliseconds), or unset it for ${LEASE_LAPSE_MS}.`,
      exitCode: 2,
    });
  }
  return ms;
}

/** `ended`: the ended mark of the step's run (running.ts endedRunMark): once it exists the process is killed. */
export type ToLease = { t: 'hold' | 'drop'; file: string; ended?: string };

let thread: Worker | undefined;

export const leasing = (): boolean => process.env[STEP_LEASE_ENV] === '1';

function renewer(): Worker {
  if (thread) return thread;
  const file = new URL('./step-lease-thread.js', import.meta.url);
  thread = withWorkerExecArgv((execArgv) => new Worker(file, { execArgv, stdout: false, stderr: false }));
  thread.on('error', () => {});
  // never what keeps a task process alive
  thread.unref();
  return thread;
}

/** The marker `file` of a step starting in this process is renewed until dropLease. */
export function holdLease(file: string, ended?: string): void {
  if (leasing()) renewer().postMessage({ t: 'hold', file, ended } satisfies ToLease);
}

export function dropLease(file: string): void {
  if (thread) thread.postMessage({ t: 'drop', file } satisfies ToLease);
}
