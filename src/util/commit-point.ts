/**
 * The commit point of a change (create, install, remove, update, install --revision, env update,
 * env remove): the one rename that makes the new revision current, or the env gone. A stop signal
 * (Ctrl-C, SIGTERM, SIGHUP) during such a command follows one rule, kept here so that the CLI's
 * handler (cli/main.ts) and the code reaching that rename share one "committed" state:
 * - before the commit point, the change is abandoned: the staging folder and the store's temp
 *   folders go, the env stays at its old revision, E_INTERRUPTED is printed and the process dies
 *   of the signal;
 * - after it, the change is finished (the old revision deleted, the env recorded, the result
 *   printed), one line says the signal came after the change was applied, and the process then
 *   dies of the signal all the same (exit 130 for Ctrl-C): a shell loop or script running the
 *   command stops as Ctrl-C asks (bash goes on after a child that exits normally, even with 130).
 *
 * Before this, the handler cleaned up and re-raised the signal while the change went on: a
 * Ctrl-C late in a warm install was swallowed (change made, exit 0, or "Revision N" then exit
 * 130 with no word: tester s18 try8k K7). Linking is mostly synchronous, so a signal is seen
 * only when the process next polls: the commit point polls first (signalsDelivered).
 */
import { SsdpError } from './errors.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

let stopped: StopSignal | undefined;
/** What the committed change did ("ENV is now at revision N"); undefined before the commit point. */
let applied: string | undefined;
/** Whether the command's end has checked for a late signal (settleStop): a signal after that says so itself. */
let settled = false;

/**
 * Called by the CLI's handler when a stop signal arrives: 'abort' before the commit point (the
 * handler cleans up and ends the process), 'finish' after it (the command finishes, see stopAfterCommit).
 */
export function noteStop(sig: StopSignal): 'abort' | 'finish' {
  stopped ??= sig;
  return applied === undefined ? 'abort' : 'finish';
}

/** Whether a stop signal came and the change was not applied (its handler is ending the process). */
export function abandoned(): StopSignal | undefined {
  return applied === undefined ? stopped : undefined;
}

/** The signal that came after the change was applied, and what was applied; undefined otherwise. */
export function stopAfterCommit(): { signal: StopSignal; applied: string } | undefined {
  return stopped && applied !== undefined ? { signal: stopped, applied } : undefined;
}

/**
 * The command's end has checked for a late signal and found none. A signal after this (the result
 * is out, the process is on its way out) still follows the rule: the CLI's handler prints the line
 * and dies of it (before, it returned quietly and the process exited 0, or died 130 with no word:
 * tester s19 try8p P1).
 */
export function markSettled(): void {
  settled = true;
  testStop('after-settle');
}

/** Whether markSettled was called. */
export function isSettled(): boolean {
  return settled;
}

/** The line said when a stop signal came after the change was applied. */
export function lateStopLine(late: { signal: StopSignal; applied: string }): string {
  return `ssdp: warning: ${late.signal} came after the change was applied, so the change was finished: ${late.applied}.\n`;
}

/**
 * Lets the event loop poll for I/O once, so a signal that arrived during synchronous work reaches
 * its handler. Two turns: called from an I/O callback (the poll phase), the first setImmediate runs
 * in the same turn's check phase, before any further poll; the second runs after the next poll.
 */
export async function signalsDelivered(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A test-only hook (SSDP_TEST_STOP_AT=before-commit | after-commit | after-settle): the process sends itself
 * SIGINT at that phase, so tests press Ctrl-C at an exact point instead of after a guessed delay.
 */
function testStop(phase: 'before-commit' | 'after-commit' | 'after-settle'): void {
  if (process.env.SSDP_TEST_STOP_AT === phase) process.kill(process.pid, 'SIGINT');
}

/**
 * Runs `commit` (synchronous: the rename that applies the change) unless a stop signal came
 * first; then throws E_INTERRUPTED, which the caller's clean-up sees as any failure (the handler
 * reports it). `what` is said if a signal comes after: "PREFIX is now at revision N".
 */
export async function atCommitPoint<T>(what: string, commit: () => T): Promise<T> {
  testStop('before-commit');
  await signalsDelivered();
  if (stopped) throw interruptedBeforeCommit(stopped);
  applied = what;
  let r: T;
  try {
    r = commit();
  } catch (e) {
    applied = undefined; // the rename failed and was undone: nothing was applied
    throw e;
  }
  testStop('after-commit');
  return r;
}

function interruptedBeforeCommit(sig: StopSignal): SsdpError {
  return new SsdpError('E_INTERRUPTED', `stopped by ${sig} before the change was applied.`, { hint: 'Nothing was applied. Run the command again.' });
}
