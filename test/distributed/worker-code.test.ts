/**
 * A long-lived `ssdp worker` runs exactly the code each run's fingerprint names (try11s S0): a
 * task module edited between runs is loaded afresh, and ssdp's own library hash is of the code
 * the worker started with, not of files replaced on disk since.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir } from '../helpers/cli.js';
import { startRedis, startWorker, staleCopy, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
const workers: WorkerProcess[] = [];
const copies: { remove(): void }[] = [];

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const c of copies) c.remove();
});

function ssdp(dir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((r) => child.on('exit', (code) => r({ code, out })));
}

const steps = (v: string) => `import { writeFileSync } from 'node:fs';\nexport function v({ out }, ctx) { writeFileSync(ctx.root + '/' + out, '${v}'); return '${v}'; }\n`;

test('a task module edited between two runs on the same worker: the second run executes the edited code', async () => {
  const redis = await startRedis();
  servers.push(redis);
  workers.push(await startWorker(redis.url, ['--nprocs', '1']));
  const dir = tempDir('ssdp-worker-code-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    function: ./steps.mjs#v\n    args: { out: out.txt }\n    outputs: [out.txt]\n');
  for (const v of ['v1', 'v2', 'v3']) {
    writeFileSync(join(dir, 'steps.mjs'), steps(v));
    const r = await ssdp(dir, ['run', 'a', '--broker', redis.url]);
    assert.equal(r.code, 0, r.out);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), v, `run with ${v}: ${r.out}`);
  }
  // back to the first code: also right (its processes may be reused, they hold exactly that code)
  writeFileSync(join(dir, 'steps.mjs'), steps('v1'));
  const r = await ssdp(dir, ['run', 'a', '--broker', redis.url]);
  assert.equal(r.code, 0, r.out);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'v1');
});

test("ssdp's own code replaced on disk after a worker started (before its first run): the worker declines, it runs the code it loaded", async () => {
  const redis = await startRedis();
  servers.push(redis);
  const copy = staleCopy('loaded');
  copies.push(copy);
  const stale = await startWorker(redis.url, ['--nprocs', '1'], process.env, copy.entry);
  workers.push(stale);
  // the submitter's file over the worker's changed one: on disk both are the same now
  const dist = join(CLI_ENTRY, '..', '..');
  copyFileSync(join(dist, 'graph', 'exec.js'), join(copy.entry, '..', '..', 'graph', 'exec.js'));
  const dir = tempDir('ssdp-worker-code-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    function: ./steps.mjs#v\n    args: { out: out.txt }\n    outputs: [out.txt]\n');
  writeFileSync(join(dir, 'steps.mjs'), steps('v1'));
  const r = await ssdp(dir, ['run', 'a', '--broker', redis.url]);
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /E_WORKER_CODE_MISMATCH/);
  assert.match(stale.output(), /ssdp's own code differs/);
});

test('try11t B6: a local module the task module imports, edited between two runs on the same worker: the second run uses the edited module', async () => {
  const redis = await startRedis();
  servers.push(redis);
  workers.push(await startWorker(redis.url, ['--nprocs', '1']));
  const dir = tempDir('ssdp-worker-code-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  a:\n    function: ./steps.mjs#v\n    args: { out: out.txt }\n    outputs: [out.txt]\n');
  writeFileSync(join(dir, 'steps.mjs'), "import { writeFileSync } from 'node:fs';\nimport { K } from './lib/helper.mjs';\nexport function v({ out }, ctx) { writeFileSync(ctx.root + '/' + out, String(K)); return K; }\n");
  mkdirSync(join(dir, 'lib'));
  // a second level: helper.mjs re-exports a constant from deep.js
  writeFileSync(join(dir, 'lib', 'helper.mjs'), "export { K } from './deep.mjs';\n");
  for (const k of ['1', '2', '3']) {
    writeFileSync(join(dir, 'lib', 'deep.mjs'), `export const K = ${k};\n`);
    const r = await ssdp(dir, ['run', 'a', '--broker', redis.url]);
    assert.equal(r.code, 0, r.out);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), k, `run with K = ${k}: ${r.out}`);
  }
});
