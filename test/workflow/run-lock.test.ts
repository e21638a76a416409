import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runCli, tempDir, until, CLI_ENTRY } from '../helpers/cli.js';

// The step waits for a file the test creates, so "the first run is mid-step" is a state, not a time.
const WORKFLOW = `
tasks:
  count:
    cmd: "while [ ! -e go ]; do sleep 0.05; done; for i in 1 2 3; do echo $i >> log.txt; done; echo done > out.txt"
    outputs: [out.txt]
`;

function start(dir: string, args: string[]) {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr })));
  return { child, done };
}

test('a second run of the same workflow stops at once naming the first, or waits with --wait-lock', async (t) => {
  const dir = tempDir('ssdp-lock-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  t.after(() => writeFileSync(join(dir, 'go'), '')); // lets the runs end if an assertion failed
  const first = start(dir, ['run', 'count']);
  await until(() => existsSync(join(dir, '.ssdp/running')) && existsSync(join(dir, '.ssdp/run.lock')), 'the first run to be mid-step');

  const second = runCli(['run', 'count'], { cwd: dir });
  assert.notEqual(second.status, 0);
  assert.match(second.stderr, /E_WORKFLOW_BUSY/);
  assert.match(second.stderr, new RegExp(`pid ${first.child.pid} on .*, started \\d{4}-\\d\\d-\\d\\dT`));
  assert.match(second.stderr, /--wait-lock/);

  const waiting = start(dir, ['run', 'count', '--wait-lock']);
  let waitStderr = '';
  waiting.child.stderr!.on('data', (d) => (waitStderr += d));
  await until(() => /waiting for the other ssdp run/.test(waitStderr), 'the waiting run to say it waits');
  writeFileSync(join(dir, 'go'), '');
  assert.equal((await first.done).code, 0);
  const w = await waiting.done;
  assert.equal(w.code, 0, w.stderr);
  assert.match(waitStderr, new RegExp(`waiting for the other ssdp run of this workflow to finish \\(pid ${first.child.pid} `));
  assert.equal(readFileSync(join(dir, 'log.txt'), 'utf8'), '1\n2\n3\n', 'the step ran once, its output not interleaved');
});

test('a lock left by a killed run does not block the next one', () => {
  const dir = tempDir('ssdp-lock-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  writeFileSync(join(dir, 'go'), '');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  mkdirSync(join(dir, '.ssdp'));
  writeFileSync(join(dir, '.ssdp/run.lock'), JSON.stringify({ pid: Number(gone.stdout), host: hostname(), time: Date.now() }));
  const r = runCli(['run', 'count'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(join(dir, '.ssdp/run.lock')), false);
});

test('D5: Ctrl-C before the run listens itself (here: waiting for the run lock) ends it with E_RUN_INTERRUPTED and exit 130, also with --broker (it exited 130 without a word)', async () => {
  const dir = tempDir('ssdp-lock-sig-');
  writeFileSync(join(dir, 'ssdp.yaml'), WORKFLOW);
  writeFileSync(join(dir, 'go'), '');
  // the lock held by this (live) test process: the runs below wait for it as long as the test likes
  mkdirSync(join(dir, '.ssdp'));
  const held = JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() - 1000 });
  writeFileSync(join(dir, '.ssdp/run.lock'), held);
  // the broker is only parsed before the lock; nothing listens at that address
  for (const extra of [[], ['--broker', 'redis://127.0.0.1:9']]) {
    const waiting = start(dir, ['run', 'count', '--wait-lock', ...extra]);
    let stderr = '';
    waiting.child.stderr!.on('data', (d) => (stderr += d));
    await until(() => /waiting for the other ssdp run/.test(stderr), `the run ${extra.join(' ')} to say it waits`);
    waiting.child.kill('SIGINT');
    const r = await waiting.done;
    assert.equal(r.code, null, r.stderr); // died of the signal, as before: exit 130 in a shell
    assert.match(r.stderr, /E_RUN_INTERRUPTED[^\n]*stopped \(SIGINT\) before any step started/);
    assert.equal(existsSync(join(dir, 'out.txt')), false, 'no step ran');
    assert.equal(readFileSync(join(dir, '.ssdp/run.lock'), 'utf8'), held, 'the lock it never had is untouched');
  }
});
