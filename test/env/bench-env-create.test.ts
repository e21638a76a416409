/**
 * bench/env-create (tester s10 B11e: it printed nothing for 15 minutes and, killed, left 759 MB in
 * the temp folder): each figure is printed as soon as it is measured, and the work folder goes
 * whether the bench ends or is stopped by a signal. Run with --no-peers on the local registry;
 * no time is asserted, only that figures appear and nothing is left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { pkg, setup } from './helpers.js';

const BENCH = fileURLToPath(new URL('../../bench/env-create.js', import.meta.url));

function runBench(env: NodeJS.ProcessEnv, onStderr: (all: string, stop: () => void) => void = () => {}) {
  const child = spawn(process.execPath, [BENCH, '--runs', '2', '--packages', 'alpha,beta', '--no-peers'], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    onStderr(stderr, () => child.kill('SIGTERM'));
  });
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((ok) => child.on('close', (status, signal) => ok({ status, signal, stdout, stderr })));
}

test('bench/env-create prints figures as it goes and leaves no work folder, finished or stopped', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0', { dependencies: { beta: '^1.0.0' } }), pkg('beta', '1.2.0')]);
  const tmp = tempDir('ssdp-bench-tmp-');
  const env = { ...ctx.env, TMPDIR: tmp };
  try {
    const done = await runBench(env);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stderr, /ssdp cold \(median of 2\): \d+ ms/);
    assert.match(done.stdout, /ssdp warm +\d+ ms/);
    assert.match(done.stdout, /\(2 packages\)/);
    // B4: the tools take turns, one run each per round, so a burst of load hits every figure
    // alike (before, each figure's runs came in one block); medians and minimums are printed.
    const at = (line: string) => done.stderr.indexOf(line);
    for (const label of ['ssdp warm', 'ssdp no lock', 'ssdp dry-run', 'ssdp resolve only']) {
      assert.ok(at(`${label} run 1/2:`) >= 0 && at(`${label} run 2/2:`) > at(`${label} run 1/2:`), done.stderr);
      assert.match(done.stderr, new RegExp(`${label} \\(median of 2\\): \\d+ ms, min \\d+ ms`));
    }
    assert.ok(at('ssdp resolve only run 1/2:') < at('ssdp warm run 2/2:'), `rounds, not blocks:\n${done.stderr}`);
    assert.match(done.stdout, /ssdp warm +\d+ ms \(min +\d+\)/);
    // G4 (tester s23 try13x): a figure with every tool's lock and one with none, each labelled
    assert.match(done.stdout, /warm, each tool with its lock[^\n]*\n  ssdp warm/);
    assert.match(done.stdout, /warm, no lock on any side[^\n]*\n  ssdp no lock +\d+ ms/);
    assert.deepEqual(readdirSync(tmp), [], 'the work folder is removed at the end');

    // SIGTERM once the first figure is out (the bench is then creating envs in its warm store).
    let sent = false;
    const stopped = await runBench(env, (all, stop) => {
      if (!sent && /ssdp cold/.test(all)) {
        sent = true;
        stop();
      }
    });
    assert.ok(sent, stopped.stderr);
    assert.equal(stopped.signal, 'SIGTERM', `${stopped.status} ${stopped.stderr}`);
    assert.deepEqual(readdirSync(tmp), [], 'the work folder is removed when the bench is stopped');

    // X1 (s19 try13x): --help and bad options started the full bench; --runs 0 was a TypeError.
    const help = spawnSync(process.execPath, [BENCH, '--help'], { env, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Usage: .*\[--runs N\] \[--packages a,b,c\] \[--no-peers\]/);
    for (const args of [['--runz', '3'], ['--packages'], ['--runs', '0'], ['--runs', '-2'], ['--runs', 'abc']]) {
      const r = spawnSync(process.execPath, [BENCH, ...args], { env, encoding: 'utf8' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^env-create: [^]*\nUsage: /, args.join(' '));
      assert.doesNotMatch(r.stderr, /TypeError|work folder/, args.join(' '));
    }
    assert.deepEqual(readdirSync(tmp), [], 'no work folder for a refused option');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await ctx.close();
  }
});
