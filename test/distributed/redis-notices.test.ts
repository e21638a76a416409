/**
 * What a run on a broker says when nothing serves it (re-test N1 of session 10: it waited in
 * silence) and when every worker declines it (N2: the error named one stale worker of several),
 * with a real redis-server and real `ssdp worker` processes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compute, delayed, Client, registerModule } from '../../src/index.js';
import * as tasks from './fixtures/remote-tasks.js';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { staleCopy, startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

registerModule(new URL('./fixtures/remote-tasks.js', import.meta.url).href, tasks);

let redis: LocalRedis;
const tmp = tempDir('ssdp-notices-test-');

before(async () => {
  redis = await startRedis();
});

after(async () => {
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// SSDP_NO_WORKER_NOTICE_MS: the notice comes after 2 s of waiting here rather than the default 10 s
const NOTICE_MS = 2000;

test('ssdp run --broker with no worker serving it: after SSDP_NO_WORKER_NOTICE_MS it says so on stderr and how to start one, keeps waiting, and completes once a worker comes', async (t) => {
  const url = `${redis.url}/4`; // a database no worker serves yet
  const dir = tempDir('ssdp-noworker-');
  writeFileSync(join(dir, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport function one({ out }, ctx) { writeFileSync(join(ctx.root, out), '1'); return 1; }\n");
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a: { function: ./steps.mjs#one, args: { out: one.txt }, outputs: [one.txt] }\n');
  const env = { ...process.env, SSDP_NO_WORKER_NOTICE_MS: String(NOTICE_MS) };
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'a', '--broker', url], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  let worker: WorkerProcess | undefined;
  try {
    await until(() => /no ssdp worker serves/.test(stderr), 'the run to say that no worker serves the broker');
    const port = new URL(redis.url).port;
    assert.match(stderr, new RegExp(`ssdp: warning: no ssdp worker serves redis://default:\\*\\*\\*@127\\.0\\.0\\.1:${port}/4: 1 batch of this run has waited (\\d+) s with no worker to take it; the run keeps waiting\\. Start one with: ssdp worker --broker redis://default:\\*\\*\\*@127\\.0\\.0\\.1:${port}/4`));
    const waited = Number(/has waited (\d+) s/.exec(stderr)![1]);
    assert.ok(waited >= NOTICE_MS / 1000, `told after ${waited} s, before the ${NOTICE_MS} ms of SSDP_NO_WORKER_NOTICE_MS`);
    assert.equal(child.exitCode, null, 'the run still waits');
    worker = await startWorker(url, ['--nprocs', '1']);
    assert.equal(await done, 0, stderr);
    assert.equal(stderr.match(/no ssdp worker serves/g)!.length, 1, 'said once');
    assert.equal(readFileSync(join(dir, 'one.txt'), 'utf8'), '1');
  } finally {
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('new Client({ broker }) with no worker: compute tells onNotice (by default a Node warning, code SSDP_NO_WORKER) and completes once a worker comes', async () => {
  const url = `${redis.url}/5`;
  const told: string[] = [];
  const warnings: Error[] = [];
  const onWarning = (w: Error) => void ((w as { code?: string }).code === 'SSDP_NO_WORKER' && warnings.push(w));
  process.on('warning', onWarning);
  const noticeBefore = process.env.SSDP_NO_WORKER_NOTICE_MS;
  process.env.SSDP_NO_WORKER_NOTICE_MS = String(NOTICE_MS);
  const withHandler = new Client({ broker: url, onNotice: (m) => told.push(m) });
  const byDefault = new Client({ broker: url });
  let worker: WorkerProcess | undefined;
  try {
    const runs = [compute(delayed(tasks.total)([1, 2]), { client: withHandler }), compute(delayed(tasks.total)([3, 4]), { client: byDefault })];
    for (const r of runs) r.catch(() => {});
    await until(() => told.length > 0 && warnings.length > 0, 'both clients to say that no worker serves the broker');
    assert.match(told[0]!, /^no ssdp worker serves redis:\/\/default:\*\*\*@127\.0\.0\.1:\d+\/5: .* the run keeps waiting\. Start one with: ssdp worker --broker/);
    assert.match(warnings[0]!.message, /^no ssdp worker serves /);
    assert.equal(warnings.length, 1, 'the client with onNotice raised no warning');
    worker = await startWorker(url, ['--nprocs', '1']);
    assert.deepEqual(await Promise.all(runs), [[3], [7]]);
  } finally {
    if (noticeBefore === undefined) delete process.env.SSDP_NO_WORKER_NOTICE_MS;
    else process.env.SSDP_NO_WORKER_NOTICE_MS = noticeBefore;
    process.removeListener('warning', onWarning);
    await withHandler.close();
    await byDefault.close();
    await worker?.stop();
  }
});

test('two stale workers alone on the broker: E_WORKER_CODE_MISMATCH names both, so stopping the one named leaves none behind', async () => {
  const url = `${redis.url}/6`;
  const copy = staleCopy('n');
  const stale = [await startWorker(url, [], process.env, copy.entry), await startWorker(url, [], process.env, copy.entry)];
  const c = new Client({ broker: url });
  try {
    await assert.rejects(compute(delayed(tasks.total)([1, 2]), { client: c }), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_WORKER_CODE_MISMATCH');
      assert.match(e.message, /^2 workers decline the tasks of run \S+: /);
      for (const w of stale) assert.match(e.message, new RegExp(`:${w.pid}\\b`), `worker ${w.pid} is named`);
      assert.match(e.message, /ssdp's own code differs/);
      assert.equal(e.message.match(/Functions travel by module reference/g)!.length, 1, 'the same reason once');
      assert.match(e.hint ?? '', /stop the stale worker/);
      return true;
    });
  } finally {
    await c.close();
    await Promise.all(stale.map((w) => w.stop()));
    copy.remove();
  }
});
