/**
 * Entry point. The command line is parsed once, against the option table (./options.ts), before
 * anything runs: an unknown option stops here with exit 2. Then the command's own module runs;
 * yargs is loaded only to print help or to explain an unknown command.
 */
import { reportError, SsdpError } from '../util/errors.js';
import { parseCommandLine, type CommandName } from './options.js';
import { dispatch, OWN_HELP } from './handlers.js';
import type { StopSignal } from '../util/commit-point.js';

type CommitPoint = typeof import('../util/commit-point.js');

export async function main(argv: string[]): Promise<void> {
  // Known before parsing, so even a parse error is reported as JSON when --json was asked for.
  let json = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
  let command: CommandName | undefined;
  // A change command's commit point (util/commit-point.ts), loaded for those commands only.
  let changing: CommitPoint | undefined;
  try {
    const p = parseCommandLine(argv);
    command = p.command;
    json = p.values.json === true;
    let code: number | void;
    if (p.version) {
      const { ssdpVersion } = await import('./version.js');
      process.stdout.write(json ? JSON.stringify({ ssdp: ssdpVersion() }) + '\n' : ssdpVersion() + '\n');
      code = 0;
    } else if (p.command && (!p.help || OWN_HELP.has(p.command))) {
      if (CHANGES.has(p.command) && !p.help) {
        // Loaded here, not at the top: the activation path must not load these.
        changing = await import('../util/commit-point.js');
        reportStopSignals(json, (sig) => new SsdpError('E_INTERRUPTED', `ssdp ${p.command} was stopped by ${sig} before it finished.`, { hint: interruptedHint(p.command!) }), changing);
        (await import('../util/short-lived.js')).markShortLived();
      } else if (p.command === 'run' && !p.help && p.values.name === undefined && p.values.prefix === undefined) {
        // A workflow run: until its own listener takes over (catchStopSignals), a stop signal
        // (loading, the run lock, planning, the workflow env) is its E_RUN_INTERRUPTED too; it
        // ended the process without a word (tester s15 try11v D5).
        const { handOverStops, runInterrupted } = await import('../workflow/stop-signals.js');
        handOverStops(reportStopSignals(json, (sig) => runInterrupted(sig, 'before any step started')));
      }
      code = await dispatch(p as typeof p & { command: CommandName });
      if (changing) await settleStop(changing);
    }
    else code = await (await import('./app.js')).runApp(argv);
    if (typeof code === 'number') process.exitCode = code;
  } catch (e) {
    // Stopped before its commit point: what failed is the stop's doing, and the handler says so.
    if (changing) await settleAbandoned(changing);
    // A folder of the root (or any folder on the way) that is a file or a link to nothing: named
    // as such, not printed as a bug with a stack (the s13 tester's F2). So is a current folder
    // that was deleted, wherever something (Node's path.resolve, execa) asked for it.
    const coded = e instanceof SsdpError ? undefined : await explainFault(e);
    process.exitCode = reportError(coded ?? withUsageHint(e, command), json);
    if (changing) await settleStop(changing);
  }
}

/**
 * A change command's end when a stop signal came (see util/commit-point.ts): after the commit
 * point, the result is out; one line says the change was applied all the same, then the process
 * dies of the signal. Before it, the signal's handler is ending the process.
 */
async function settleStop(cp: CommitPoint): Promise<void> {
  await cp.signalsDelivered();
  const late = cp.stopAfterCommit();
  if (late) {
    process.stderr.write(cp.lateStopLine(late));
    await dieOf(late.signal);
  }
  await settleAbandoned(cp);
  // From here a stop signal is the handler's to report (reportStopSignals); the test hook's signal
  // (after-settle) is let in by one more poll.
  cp.markSettled();
  if (process.env.SSDP_TEST_STOP_AT === 'after-settle') await cp.signalsDelivered();
}

async function settleAbandoned(cp: CommitPoint): Promise<void> {
  const sig = cp.abandoned();
  if (!sig) return;
  process.exitCode = SIGNAL_EXIT[sig]; // should the process end before the handler kills it
  await new Promise<never>(() => {});
}

/** Commands that change envs or the store: stopped by a signal, they say so (as JSON with --json). */
const CHANGES: ReadonlySet<string> = new Set(['create', 'install', 'remove', 'update', 'clean', 'env create', 'env update', 'env remove']);
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Ctrl-C mid-download used to end the process without a word, even with --json. The error
 * (`stopped(sig)`) is printed once what the command started is cleaned up (store temp folders,
 * pins), then the signal is raised again so the process dies of it, as it would have. Returns
 * how to stop listening (a no-op once a signal came: the process is on its way out).
 */
function reportStopSignals(json: boolean, stopped: (sig: StopSignal) => SsdpError, commits?: CommitPoint): () => void {
  let stopping = false;
  const handlers = STOP_SIGNALS.map((sig) => {
    const h = (): void => {
      if (stopping) return;
      stopping = true;
      // A change past its commit point is finished, and says so: settleStop when it has yet to
      // look, here once it has (the result is out and the process is ending: tester s19 try8p P1).
      if (commits?.noteStop(sig) === 'finish') {
        const late = commits.isSettled() ? commits.stopAfterCommit() : undefined;
        if (late) {
          process.stderr.write(commits.lateStopLine(late));
          void dieOf(sig);
        }
        return;
      }
      // Still listening until the error is out: the store's cleanup (stop-on-exit) re-raises the
      // signal at once when it finds itself the only listener.
      void import('../util/stop-on-exit.js')
        .then(({ stopAll }) => stopAll())
        .finally(() => {
          reportError(stopped(sig), json);
          raise(sig);
        });
    };
    process.on(sig, h);
    return h;
  });
  return () => {
    if (!stopping) STOP_SIGNALS.forEach((s, i) => process.removeListener(s, handlers[i]!));
  };
}

/** Stops what util/stop-on-exit holds, then raises the signal again (see raise). */
async function dieOf(sig: StopSignal): Promise<never> {
  await (await import('../util/stop-on-exit.js')).stopAll();
  raise(sig);
  return new Promise<never>(() => {});
}

/** Raises the signal again once stdout and stderr are out, so the process dies of it. */
function raise(sig: StopSignal): void {
  // stdout to a pipe is written asynchronously: raise the signal once what was printed is out.
  process.stdout.write('', () =>
    process.stderr.write('', () => {
      // every listener: one added meanwhile (a run's own, taking over) must not catch it
      for (const s of STOP_SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, sig);
    }),
  );
}

function interruptedHint(command: string): string {
  return command === 'clean'
    ? 'Store entries already removed stay removed (an env that needs one fetches it again). A repair of damaged entries that was cut stays listed in the store and is finished by the next ssdp clean --verify (or change); envs hold their old files or clean copies. Run the command again.'
    : 'Nothing was applied: envs and the store are as they were (an env changes only in its final swap, which the next ssdp command completes if it was cut). Run the command again.';
}

/** A coded error for a fault of the machine a plain Node error describes; undefined for any other. */
async function explainFault(e: unknown): Promise<SsdpError | undefined> {
  const { cwdGoneError, isCwdGone } = await import('../util/cwd.js');
  if (isCwdGone(e)) return cwdGoneError(e);
  return (await import('../util/not-a-folder.js')).explainNotAFolder(e);
}

/** A command-line mistake always points at the command's help, in the one hint style. */
function withUsageHint(e: unknown, command: CommandName | undefined): unknown {
  if (!(e instanceof SsdpError) || e.hint || e.exitCode !== 2) return e;
  return new SsdpError(e.code, e.message, { hint: `See: ssdp${command ? ` ${command}` : ''} --help`, exitCode: e.exitCode, cause: e.cause });
}
