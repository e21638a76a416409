/**
 * Things a run starts outside this process (a private redis-server, Slurm jobs) must not outlive
 * it, nor may half-written temp folders in the package store. Each registers how to stop it: `stop` (async) runs on SIGINT/SIGTERM/SIGHUP and on the
 * run's own cleanup; `atExit` (synchronous) runs if the process exits without having stopped it.
 *
 * On a signal, when nothing else listens for it the signal is raised again after stopping, so the
 * process ends as it would have; when something else does (a workflow run turns SIGINT into its
 * own clean stop), that code decides, and a timer only makes sure the process does end.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
/**
 * How long other signal handlers get to finish the run (from the signal) before what is here is
 * stopped and the process exits. Only a safety net for a handler that hangs: each step of a run's
 * own stop is bounded. A workflow run stopped while its broker stands still takes ~6 s to find
 * the broker frozen, then cancels its Slurm jobs and waits for its steps to end (Slurm's kill);
 * with 10 s here it was cut short and exited 130 without a word, before its outputs were moved
 * aside (tester s22 try11w E4).
 */
const GRACE_MS = 30_000;

interface Entry {
  stop: () => Promise<void>;
  atExit: () => void;
}

const entries = new Set<Entry>();
/** The signal this process is stopping for, to raise it again once everything here has stopped. */
let dyingOf: StopSignal | undefined;
/** The first stop signal this process got while something was registered here (kept: it is stopping). */
let seen: StopSignal | undefined;

function runAtExit(): void {
  for (const e of [...entries]) {
    entries.delete(e);
    try {
      e.atExit();
    } catch {
      /* exiting: nothing left to report to */
    }
  }
}

const onSignal = (sig: StopSignal): void => {
  // Decided when the signal arrives: by the time everything has stopped, other code that was
  // handling it may have finished and removed its listener.
  const ours = handlers.get(sig);
  const alone = process.listeners(sig).every((h) => h === ours);
  seen ??= sig;
  if (alone) dyingOf = sig;
  if (alone) {
    void stopAll().then(() => {
      uninstall();
      process.kill(process.pid, sig);
    });
    return;
  }
  // The other handler's clean stop may still need what is registered here (a run's clean-up talks
  // to its private broker): stopping it at once left that clean-up waiting on a dead broker until
  // the grace ran out (exit 130 with no message). What it leaves is stopped after the grace, or
  // synchronously at exit.
  setTimeout(() => void stopAll().finally(() => process.exit(SIGNAL_EXIT[sig])), GRACE_MS).unref();
};
const handlers = new Map<StopSignal, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));

function install(): void {
  process.on('exit', runAtExit);
  for (const [sig, h] of handlers) process.on(sig, h);
}

function uninstall(): void {
  process.removeListener('exit', runAtExit);
  for (const [sig, h] of handlers) process.removeListener(sig, h);
}

/**
 * True while this process stops what is registered here for a signal nobody else handles, and is
 * about to die of it: waits that the stopping ends must not settle then, or a script's await would
 * end it with an error of ours (e.g. "the cluster was closed") instead of the signal (try11x R3).
 */
export function dyingOfSignal(): boolean {
  return dyingOf !== undefined;
}

/**
 * The stop signal this process got, if any. A child killed by SIGINT often means a Ctrl-C to the
 * whole process group, whose copy for this process may reach JavaScript after the child's exit
 * does (try11z Z2: a killed squeue was reported as a Slurm failure): ask after
 * afterSignalsHandedOn() (util/signal-turns.ts). Only signals that come while something is
 * registered here are seen.
 */
export function stopSignalSeen(): StopSignal | undefined {
  return seen;
}

/** Whether `signal` (as a child's exit reports it) is one of the stop signals handled here. */
export function isStopSignal(signal: string | null | undefined): signal is StopSignal {
  return (SIGNALS as readonly string[]).includes(signal ?? '');
}

/**
 * True when a listener for `sig` other than `own` and the ones installed here handles it: that
 * code decides how the process ends. The ones here only stop what is registered and raise the
 * signal again, as the process's default would end it.
 */
export function othersHandle(sig: StopSignal, own: (...a: never[]) => void): boolean {
  const ours = handlers.get(sig);
  return process.listeners(sig).some((h) => h !== own && h !== ours);
}

/** Registers a thing to stop; returns the function that unregisters it (call it once stopped). */
export function onStop(stop: () => Promise<void>, atExit: () => void): () => void {
  const entry = { stop, atExit };
  if (entries.size === 0) install();
  entries.add(entry);
  return () => {
    if (entries.delete(entry) && entries.size === 0) uninstall();
  };
}

/** Stops everything registered, the latest first (workers before the broker they use). */
export async function stopAll(): Promise<void> {
  for (const e of [...entries].reverse()) await e.stop().catch(() => {});
}
