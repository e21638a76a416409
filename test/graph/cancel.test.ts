import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const SCRIPT = fileURLToPath(new URL('./fixtures/long-run.js', import.meta.url));

/** A process is still around when /proc has it and it is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

for (const scheduler of ['processes', 'threads'] as const) {
  test(`${scheduler}: Ctrl-C (SIGINT) stops the computation and leaves no worker process behind`, async () => {
    const child = spawn(process.execPath, [SCRIPT, scheduler], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    while (!out.includes('\n')) await sleep(20);
    const { pids } = JSON.parse(out.split('\n')[0]!) as { pids: number[] };
    if (scheduler === 'processes') {
      assert.equal(pids.length, 2);
      for (const pid of pids) assert.ok(running(pid), `worker ${pid} runs before the interrupt`);
    }
    await sleep(700); // tasks are running now
    child.kill('SIGINT');
    const { signal } = await exited;
    assert.equal(signal, 'SIGINT', 'the program ends by the interrupt, as without ssdp');
    assert.ok(!out.includes('finished'));
    for (let i = 0; i < 50 && pids.some(running); i++) await sleep(40);
    for (const pid of pids) assert.ok(!running(pid), `worker ${pid} is gone`);
  });
}

test('processes: a worker killed by the same group signal and seen dead before the signal reaches us is an interrupt (E_CANCELLED); dying alone it is E_WORKER_DIED (tester s19 try8p P3)', async () => {
  const { Client, get, fnRef } = await import('../../src/graph/index.js');
  const inc = fnRef(new URL('./fixtures/tasks.js', import.meta.url).href, 'inc');
  // With a listener of ours the pool does not re-raise the SIGINT (which would end this test's process).
  const ours = (): void => {};
  process.on('SIGINT', ours);
  /** What a compute ends with when its started worker was killed first, and then (`signal`) we get SIGINT. */
  const outcome = async (signal: boolean): Promise<unknown> => {
    const client = new Client({ scheduler: 'processes', nWorkers: 1 });
    try {
      const [pid] = client.pool!.pids;
      process.kill(pid!, 'SIGKILL');
      // The order of a group Ctrl-C as the worker starts, made certain: the worker is dead (a zombie,
      // not yet reaped: the loop does not turn here) before we get the signal, and the compute
      // writes to it (EPIPE) before Node hands the signal to any listener.
      const deadline = Date.now() + 60_000;
      while (running(pid!)) if (Date.now() > deadline) throw new Error(`worker ${pid} did not die of SIGKILL`);
      if (signal) process.kill(process.pid, 'SIGINT');
      return await get({ a: { fn: inc, args: [1] } }, 'a').then(String, (e: { code?: string }) => e.code);
    } finally {
      await client.close();
    }
  };
  try {
    assert.equal(await outcome(true), 'E_CANCELLED', 'the interrupt, not a failure of the task');
    assert.equal(await outcome(false), 'E_WORKER_DIED', 'a worker that died on its own is still reported');
  } finally {
    process.removeListener('SIGINT', ours);
  }
});
