/**
 * The stop signals of one `ssdp run`, caught from before its broker is checked until it has
 * ended. A Ctrl-C that came while the run was still connecting used to reach only a listener that
 * recorded it, before the engine's own listener existed: the run went on as if nothing had
 * happened (tester s13 try11t B11); one that came before any listener killed the process without
 * a word. Now the first signal is kept and `stopped` resolves, which the engine's loop also waits
 * on, so the run ends with E_RUN_INTERRUPTED whenever the signal comes.
 */
import { SsdpError } from '../util/errors.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export interface StopSignals {
  /** The first stop signal received, if any. */
  readonly signal: StopSignal | undefined;
  /** Resolves at the first stop signal. */
  readonly stopped: Promise<void>;
  /** Throws E_RUN_INTERRUPTED when a signal came (for the steps before the run's engine starts). */
  check(): void;
  /**
   * From now on every signal is also handed on as SIGINT (`process.emit`), which is what the
   * engine's executors stop on; with this listener present they do not re-raise it, so the run
   * cleans up before it exits. (Not before: the Slurm start has listeners of its own, which must
   * see SIGTERM as SIGTERM.)
   */
  forward(): void;
  /** Stops listening. */
  off(): void;
}

/** The run's E_RUN_INTERRUPTED for `sig`; `state` says what was running, `note` what was moved aside. */
export function runInterrupted(sig: StopSignal, state: string, note = ''): SsdpError {
  return new SsdpError('E_RUN_INTERRUPTED', `The run was stopped (${sig}) ${state}.${note}`, {
    hint: 'Finished steps are kept: run the same command again to resume.',
    exitCode: SIGNAL_EXIT[sig],
  });
}

/** The CLI's listener from the command's start until the run's own (main.ts): how to stop it. */
let beforeRun: (() => void) | undefined;

/** The CLI hands over: `off` stops the listener that reports a stop before the run listens itself. */
export function handOverStops(off: () => void): void {
  beforeRun = off;
}

/** Listens from now on (and the CLI's earlier listener stops). */
export function catchStopSignals(): StopSignals {
  let signal: StopSignal | undefined;
  let forwarding = false;
  let resolve!: () => void;
  const stopped = new Promise<void>((r) => (resolve = r));
  const on = (sig: StopSignal): void => {
    signal ??= sig;
    resolve();
    if (forwarding && sig !== 'SIGINT') process.emit('SIGINT', 'SIGINT');
  };
  // Ours first, then the CLI's off: a signal Node has taken in but not yet handed to a listener
  // (the event loop had not turned since) is lost when its last listener goes, and a run that
  // planned without one turn of the loop (its imports come from one bundle) went on to the end
  // and exited 0 (tester s19 try8n N2). With ours in place it reaches ours.
  for (const sig of STOP_SIGNALS) process.on(sig, on);
  beforeRun?.();
  beforeRun = undefined;
  return {
    get signal() {
      return signal;
    },
    stopped,
    check() {
      if (signal) throw runInterrupted(signal, 'before any step started');
    },
    forward() {
      forwarding = true;
    },
    off() {
      for (const sig of STOP_SIGNALS) process.removeListener(sig, on);
    },
  };
}
