/**
 * How ssdp runs a helper program (Slurm's commands, a detached checker, a git/npm helper): through
 * execa, which ssdp uses wherever it starts a child process (install scripts, `cmd:` steps, `ssdp
 * run`). execa is ES-only and the env commands' bundled fast path must not pay for it, so it is
 * loaded on first use (import(), see scripts/bundle-cli.mjs) and kept here for the code that must
 * stay synchronous (exit handlers), which runs only after something was started this way.
 *
 * Every run here has `cleanup: false`: execa's cleanup kills children at exit through signal-exit,
 * whose SIGINT/SIGTERM/SIGHUP listeners would make util/stop-on-exit.ts (and the pool's Ctrl-C)
 * believe someone else handles the signal and not raise it again. Each caller stops what it starts.
 */
import type * as Execa from 'execa';
import { SsdpError } from './errors.js';

let loaded: typeof Execa | undefined;

/** execa, imported once. */
export async function loadExeca(): Promise<typeof Execa> {
  return (loaded ??= await import('execa'));
}

/** execa for synchronous code; only after loadExeca() (or runProgram) has run in this process. */
function loadedExeca(): typeof Execa {
  if (!loaded) throw new Error('run-program: execa is used synchronously before anything loaded it');
  return loaded;
}

export interface ProgramResult {
  /** The exit code; null when a signal (or the timeout, or `stopWhen`) ended it. */
  code: number | null;
  signal: string | undefined;
  timedOut: boolean;
  /** Output as text, the final newline removed. */
  stdout: string;
  stderr: string;
}

export interface ProgramOptions {
  /** Written to its stdin, then closed (a program that does not read it is fine). */
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed with SIGKILL after this long. */
  timeoutMs?: number;
  /** Seen with its stderr so far at each chunk; true kills it at once (SIGKILL). */
  stopWhen?: (stderr: string) => boolean;
}

/** E_PROGRAM_START: it could not be started at all (gone since it was looked up, not executable). */
function notStarted(file: string, args: readonly string[], cause: unknown): SsdpError {
  const c = cause as NodeJS.ErrnoException | undefined;
  const why = c?.code === 'ENOENT' ? 'no such program' : c?.code === 'EACCES' ? 'not executable' : (c?.code ?? c?.message ?? 'unknown error');
  return new SsdpError('E_PROGRAM_START', `Cannot start ${file} (${[file, ...args].join(' ').slice(0, 200)}): ${why}.`, {
    hint: `Check that ${file} is installed and executable for this user (ls -l, or which on its name), then run the command again.`,
  });
}

/**
 * Runs `file args` to its end and returns its exit status and output; a non-zero exit is for the
 * caller to judge (its message names the command it ran). Throws E_PROGRAM_START if it never ran.
 */
export async function runProgram(file: string, args: readonly string[], opts: ProgramOptions = {}): Promise<ProgramResult> {
  const { execa } = await loadExeca();
  const child = execa(file, args, {
    input: opts.input ?? '',
    env: opts.env,
    cwd: opts.cwd,
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
    reject: false,
    cleanup: false,
    stripFinalNewline: true,
  });
  if (opts.stopWhen) {
    let said = '';
    let stopped = false;
    child.stderr?.on('data', (d: Buffer) => {
      said += d;
      if (!stopped && opts.stopWhen!(said)) {
        stopped = true;
        child.kill('SIGKILL');
      }
    });
  }
  const r = await child;
  const spawnError = r.failed && r.exitCode === undefined && !r.signal && !r.timedOut ? r.cause : undefined;
  if (spawnError) throw notStarted(file, args, spawnError);
  return { code: r.exitCode ?? null, signal: r.signal, timedOut: r.timedOut, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Runs `file args` to its end, synchronously, output ignored (exit handlers: nothing async runs there). */
export function runProgramSync(file: string, args: readonly string[]): number | null {
  const r = loadedExeca().execaSync(file, args, { stdio: 'ignore', reject: false });
  return r.exitCode ?? null;
}

/**
 * Starts `file args` in its own session and does not wait for it or hold this process open: it
 * outlives this process (a check that must finish after the run has ended).
 */
export function startDetached(file: string, args: readonly string[]): void {
  const child = loadedExeca().execa(file, args, { stdio: 'ignore', detached: true, cleanup: false, reject: false });
  child.unref();
}

