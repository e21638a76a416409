/**
 * Signals to `ssdp worker` at awkward moments (issue 11 leftovers of try11t T6): a SIGTERM while it
 * still connects is a stop once connected, not a death by the signal's default action; one TERM
 * delivered twice (scancel signals every process of a Slurm job, and a batch shell whose drain
 * signal is TERM passes it on too) is one request to hand back, not the second that exits at once.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { startRestartableRedis, startWorker, type RestartableRedis } from '../helpers/redis.js';

const servers: RestartableRedis[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

/** Whether process `pid` has a handler for signal `n` (the SigCgt mask of /proc/PID/status). */
function catches(pid: number, n: number): boolean {
  try {
    const m = /SigCgt:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? (BigInt(`0x${m[1]}`) & (1n << BigInt(n - 1))) !== 0n : false;
  } catch {
    return false;
  }
}

test('a SIGTERM while ssdp worker still connects (its broker frozen): it stops once connected, exit 0, instead of dying of the signal', async () => {
  const redis = await startRestartableRedis({ persist: false });
  servers.push(redis);
  redis.freeze();
  const child = spawn(process.execPath, [CLI_ENTRY, 'worker', '--broker', redis.url], { env: { ...process.env, SSDP_BROKER_STALL_MS: '60000' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (code, sig) => r([code, sig])));
  // the worker's own handlers are in place once it catches SIGUSR2 (nothing else of ssdp or Node
  // does), or 20 s: before the fix none was set until the worker served
  const t0 = Date.now();
  await until(() => catches(child.pid!, 12) || Date.now() - t0 > 20_000, 'the worker to catch its signals');
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  redis.thaw();
  const [code, sig] = await exit;
  assert.deepEqual([code, sig], [0, null], out);
  assert.match(out, /SIGTERM while connecting: stopping once connected/);
});

// todo: in about 1 run of 3 the worker still dies of the second SIGTERM after its hand-back (exit by
// signal, not 143 nor 0): something removes the worker's own handler before it exits, so
// util/stop-on-exit finds itself alone and re-raises; found by the CI of b67efdf, cause not yet known.
test('SIGTERM twice within a moment to an ssdp worker running a step: one hand-back, exit 0 (was: exit 143 at once, the hand-back cut short)', { todo: 'dies of the second SIGTERM in ~1 of 3 runs (cause open)' }, async (t) => {
  const redis = await startRestartableRedis({ persist: false });
  servers.push(redis);
  const w = await startWorker(redis.url, ['--nprocs', '1']);
  const dir = tempDir('ssdp-worker-signals-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nexport async function slow() { writeFileSync('started', ''); await new Promise((r) => setTimeout(r, 60000)); writeFileSync('out.txt', 'x'); }\n");
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  slow:\n    function: ./steps.mjs#slow\n    outputs: [out.txt]\n');
  const run = spawn(process.execPath, [CLI_ENTRY, 'run', 'slow', '--broker', redis.url], { cwd: dir, stdio: 'ignore' });
  t.after(() => void run.kill('SIGKILL'));
  await until(() => existsSync(join(dir, 'started')), 'the step to start on the worker');
  const exit = new Promise<number | null>((r) => w.child.on('exit', (code, sig) => r(code ?? (sig as unknown as number))));
  w.child.kill('SIGTERM');
  // the second one as the first is being handled (the hand-back waits for the broker up to 3 s)
  await until(() => /SIGTERM: handing running batches back/.test(w.output()), 'the worker to take the first SIGTERM');
  w.child.kill('SIGTERM');
  assert.equal(await exit, 0, w.output());
  assert.match(w.output(), /its job goes back to the queue/);
});
