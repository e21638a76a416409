/**
 * A run whose steps are all `cmd:` steps starts no worker process: its commands are children of
 * `ssdp run` itself (src/workflow/in-process.ts), still -j at once. A run with a function step
 * keeps its workers, and its commands are their children.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, exitOf, tempDir } from '../helpers/cli.js';

/** Runs `ssdp run ARGS` in `dir`; its exit code, stderr and its process id. */
async function run(dir: string, args: string[]): Promise<{ status: number | null | 'still running'; stderr: string; pid: number }> {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return { status: await exitOf(child, 240_000), stderr, pid: child.pid! };
}

test('cmd steps only: the commands are children of ssdp run itself (no worker process), two at once with -j 2; a function step brings the workers back', async () => {
  const dir = tempDir('ssdp-in-process-');
  // a and b each wait for the other to have started: they finish only when both run at once.
  const step = (me: string, other: string) => `    cmd: "touch ${me}.started; while [ ! -e ${other}.started ]; do sleep 0.05; done; echo $PPID > ${me}.txt"\n    outputs: [${me}.txt]\n`;
  writeFileSync(
    join(dir, 'ssdp.yaml'),
    `tasks:\n  a:\n${step('a', 'b')}  b:\n${step('b', 'a')}  both:\n    depends_on: [a, b]\n` +
      `  c:\n    cmd: "echo $PPID > c.txt"\n    outputs: [c.txt]\n  f:\n    function: ./steps.mjs#f\n    outputs: [f.txt]\n  mixed:\n    depends_on: [c, f]\n`,
  );
  writeFileSync(join(dir, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nexport function f() { writeFileSync('f.txt', String(process.pid)); return 1; }\n");
  const r = await run(dir, ['both', '-j', '2']);
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['a.txt', 'b.txt']) assert.equal(readFileSync(join(dir, f), 'utf8').trim(), String(r.pid), `${f}: the shell's parent`);

  const m = await run(dir, ['mixed', '-j', '2']);
  assert.equal(m.status, 0, m.stderr);
  const worker = Number(readFileSync(join(dir, 'f.txt'), 'utf8'));
  assert.notEqual(worker, m.pid, 'the function step ran in ssdp run itself');
  assert.notEqual(readFileSync(join(dir, 'c.txt'), 'utf8').trim(), String(m.pid), 'a run with a function step ran its command without a worker');
});
