/**
 * Breaks found by the outside tester of issue 11 in session 21 (try11t T-numbers): workflow runs
 * through `ssdp worker`s on a private Redis (test/helpers/redis.ts), stopped from outside.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runProgram, tempDir, until } from '../helpers/cli.js';
import { running } from '../helpers/processes.js';
import { startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
const workers: WorkerProcess[] = [];

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A step that appends a tick every 200 ms, `ticks` times, then `done`; it notes its pid first. */
const TICKS = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
export async function slow({ ticks }) {
  mkdirSync('out', { recursive: true });
  writeFileSync('pid', String(process.pid));
  for (let k = 0; k < Number(ticks); k++) { appendFileSync('out/s.txt', 'tick ' + k + '\\n'); await new Promise((r) => setTimeout(r, 200)); }
  appendFileSync('out/s.txt', 'done\\n');
  return 1;
}
`;
const TICKS_SPEC = 'params: { ticks: "2" }\ntasks:\n  slow:\n    function: ./steps.mjs#slow\n    args: { ticks: "${ticks}" }\n    outputs: [out/s.txt]\n';

test('T1: after kill -9 of ssdp run --broker, the step the worker runs on writes until the worker stops it; the next run moves that half-written output aside and makes it again (not kept as the user\'s file)', async (t) => {
  const redis = await startRedis();
  servers.push(redis);
  const worker = await startWorker(redis.url, ['--nprocs', '1']);
  workers.push(worker);
  const dir = tempDir('ssdp-t1-');
  dirs.push(dir);
  writeFileSync(join(dir, 'steps.mjs'), TICKS);
  writeFileSync(join(dir, 'ssdp.yaml'), TICKS_SPEC);
  // the worker stops the killed run's step once its heartbeat lapses: after 3 s (SSDP_RUN_HEARTBEAT_TTL_MS), not 8
  const run = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--param', 'ticks=100000', '--broker', redis.url], { cwd: dir, env: { ...process.env, SSDP_RUN_HEARTBEAT_TTL_MS: '3000' }, stdio: 'ignore' });
  t.after(() => void run.kill('SIGKILL'));
  const killed = new Promise((r) => run.on('exit', r));
  // a few ticks written while the submitter lives (its last record holds the file)
  await until(() => existsSync(join(dir, 'out', 's.txt')) && readFileSync(join(dir, 'out', 's.txt'), 'utf8').split('\n').length > 5, 'the step to write on the worker');
  const stepPid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  run.kill('SIGKILL');
  await killed;
  const next = await runProgram(process.execPath, [CLI_ENTRY, 'run', 'slow', '--broker', redis.url], { cwd: dir });
  assert.equal(next.status, 0, next.stderr);
  assert.equal(running(stepPid), false, 'the killed run\'s step is stopped');
  // was: "out/s.txt changed after that run stopped ... treated as an existing output", the step not run
  assert.doesNotMatch(next.stderr, /changed after that run stopped|taken as yours/);
  assert.match(next.stderr, /step slow did not finish in an earlier run: its outputs were moved to \.ssdp\/failed/);
  assert.equal(readFileSync(join(dir, 'out', 's.txt'), 'utf8'), 'tick 0\ntick 1\ndone\n');
  assert.ok(readdirSync(join(dir, '.ssdp', 'failed')).length > 0, 'the half-written output is kept aside');
});
