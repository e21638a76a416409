/**
 * A Ctrl-C while ssdp walks a big data folder for a step's stamp (after its command finished, or
 * in the up-to-date check of the next run) ends the run as an interrupted one: the walk turns the
 * event loop between slices (tester s22 try8w W2: the walk held the signal for 15-30 s, then the
 * run said the step had finished, or an up-to-date rerun exited 0 as if never stopped).
 * The big folder is /usr/lib through a link (~100,000 entries here; any big data tree is the same).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runCli, tempDir, until } from '../helpers/cli.js';
import { runLockFile } from '../../src/workflow/run-lock.js';

function start(dir: string, args: string[]) {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // the shell's $?: 128 + the signal when the CLI re-raised it (before the run's engine listens)
  const done = new Promise<number | null>((ok) => child.on('close', (status, signal) => ok(signal === 'SIGINT' ? 130 : status)));
  return { child, done, out: () => out };
}

test('W2: SIGINT while a big input folder is walked for the stamp, after the step or in the up-to-date check, ends the run as interrupted (130), the stamp not written', { skip: !existsSync('/usr/lib') }, async () => {
  const dir = tempDir('ssdp-walk-int-');
  mkdirSync(join(dir, 'd1'));
  writeFileSync(join(dir, 'd1', 'a'), 'a\n');
  symlinkSync('/usr/lib', join(dir, 'd1', 'lib'));
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  s:\n    inputs: ["d1"]\n    cmd: "mkdir -p out; echo $$ > pid.txt; echo step-ran"\n    outputs: ["out"]\n');

  // after the step's command: the signal comes as the walk starts
  let run = start(dir, ['run', 's']);
  // the step's shell has exited: the run is past its command, at the stamp
  const gone = (pid: number) => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  };
  await until(() => run.out().includes('step-ran') && gone(Number(readFileSync(join(dir, 'pid.txt'), 'utf8'))), 'the step to run');
  run.child.kill('SIGINT');
  assert.equal(await run.done, 130, run.out());
  assert.match(run.out(), /E_RUN_INTERRUPTED\]: The run was stopped \(SIGINT\) with 1 step\(s\) unfinished/);
  assert.doesNotMatch(run.out(), /as its last step finished/);

  // a whole run stamps it; the next run's up-to-date check walks the folder again
  const r = runCli(['run', 's'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /\(1 ran, 0 up to date\)/);
  run = start(dir, ['run', 's']);
  await until(() => existsSync(runLockFile(dir)) && readFileSync(runLockFile(dir), 'utf8').includes(String(run.child.pid)), 'the run to take its lock');
  run.child.kill('SIGINT');
  assert.equal(await run.done, 130, run.out());
  assert.match(run.out(), /The run was stopped \(SIGINT\) before any step started/);
  assert.doesNotMatch(run.out(), /up to date/);
});
