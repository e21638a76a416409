/**
 * Runs the real CLI as a child process: the compiled entry next to this compiled test file, so a
 * test always exercises the same build it was compiled with.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * What bin/ssdp starts, as users run it: env commands from the bundle (with its code cache) when it is
 * fresh, everything else from ./entry.js. About half the CPU of an env command started at entry.js.
 */
export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/launch.js', import.meta.url));
/** The plain entry: the commands from the compiled modules, never the bundle. */
export const CLI_SOURCE_ENTRY = fileURLToPath(new URL('../../src/cli/entry.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The env commands, which bin/ssdp starts without NODE_EXTRA_CA_CERTS (its first `case` line; test/cli/env-command-lists). */
const { BUNDLED: CA_HANDED_OVER } = createRequire(import.meta.url)('../../src/cli/launch-env.cjs') as { BUNDLED: Set<string> };

/**
 * The environment bin/ssdp gives the CLI for `args`: for an env command it sets NODE_EXTRA_CA_CERTS
 * aside as __SSDP_EXTRA_CA_CERTS (unless NODE_OPTIONS picks the CA store), so node does not read
 * the whole file at start (~60 ms of CPU with a distribution's bundle) and ssdp loads it on its
 * first HTTPS request. The tests start CLI_ENTRY directly and so hand it over the same way: what
 * they run is what a user's `ssdp create ...` runs, and a CA file set on the test machine (a TLS
 * proxy's) no longer costs every env command of the suite its start-up read.
 */
export function cliEnv(args: readonly string[], env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!CA_HANDED_OVER.has(args[0] ?? '') || env.NODE_EXTRA_CA_CERTS === undefined || /-ca|openssl/.test(env.NODE_OPTIONS ?? '')) return env;
  const { NODE_EXTRA_CA_CERTS: ca, ...rest } = env;
  return { ...rest, __SSDP_EXTRA_CA_CERTS: ca };
}

export function runCli(args: string[], opts: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], { encoding: 'utf8', timeout: 300_000, ...opts, env: cliEnv(args, opts.env) });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Runs a program to its end without blocking this process (a registry or server the test runs
 * here keeps answering meanwhile).
 */
export function runProgram(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<CliResult> {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('close', (status) => ok({ status, stdout, stderr })));
}

/**
 * The environment for running bin/ssdp as a shell runs it: a private root, the given registry,
 * and the `node` running these tests first on PATH; nothing from an env or a user's NODE_OPTIONS.
 */
export function binEnv(dir: string, registry: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SSDP_ROOT: join(dir, 'root'),
    npm_config_registry: registry,
    CI: '1',
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  };
  delete env.SSDP_PREFIX;
  delete env.SSDP_NO_BUNDLE;
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  return env;
}

export function tempDir(prefix = 'ssdp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Waits (up to a minute) until `cond` holds, failing the test with `what` if it never does; asks
 * every `everyMs`. A check that starts a process (squeue: ~20 ms of CPU a call, its own and
 * slurmctld's) is asked less often: every 50 ms through a minute of waiting for Slurm it kept
 * almost half a core busy, slowing the tests that ran beside it on a 2-core machine.
 */
export async function until(cond: () => boolean, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits for a child's exit; a child still running after `ms` (a hang, whatever the load) is killed and reported as such. */
export function exitOf(child: ChildProcess, ms: number): Promise<number | null | 'still running'> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running');
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

/**
 * Starts `ssdp run TASK` in dir and kills it (SIGKILL) once the run has recorded the step's
 * half-written output (a file created after the last record is taken for the user's).
 */
export async function killRunOnceRecorded(dir: string, task: string, output: string): Promise<void> {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', task], { cwd: dir, stdio: 'ignore' });
  const seen = join(dir, '.ssdp/running/seen.state');
  await until(() => existsSync(seen) && readFileSync(seen, 'utf8').includes(`${output}":{`), 'the run to record the step output');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
}
