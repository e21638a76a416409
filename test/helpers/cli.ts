/**
 * Runs the real CLI as a child process: the compiled entry next to this compiled test file, so a
 * test always exercises the same build it was compiled with.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/entry.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], { encoding: 'utf8', timeout: 300_000, ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function tempDir(prefix = 'ssdp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Waits (up to a minute) until `cond` holds, failing the test with `what` if it never does. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
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
