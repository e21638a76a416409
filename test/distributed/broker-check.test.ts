/**
 * `ssdp run TASK --broker URL` with a broker it cannot use (try11t B7): said before the run starts,
 * so the last run's report stays and no unfinished-run record is left for the next run to announce.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { startRedis, type LocalRedis } from '../helpers/redis.js';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
after(async () => {
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a wrong password: E_BROKER_AUTH before "running", the last report kept, no unfinished run announced by the next run', async () => {
  const redis = await startRedis();
  servers.push(redis);
  const dir = tempDir('ssdp-broker-check-');
  dirs.push(dir);
  writeFileSync(join(dir, 'ssdp.yaml'), 'tasks:\n  hello:\n    cmd: echo hi > out.txt\n    outputs: [out.txt]\n');
  const first = runCli(['run', 'hello'], { cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  const report = join(dir, '.ssdp', 'performance-report.html');
  assert.ok(existsSync(report), readdirSync(join(dir, '.ssdp')).join(' '));
  const before = readFileSync(report);
  const wrong = redis.url.replace(/default:[^@]*@/, 'default:wrong@');
  for (let i = 0; i < 2; i++) {
    const r = runCli(['run', 'hello', '--broker', wrong, '--force'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /E_BROKER_AUTH/);
    assert.doesNotMatch(r.stdout + r.stderr, /running 1 of 1 step/);
  }
  assert.deepEqual(readFileSync(report), before, 'the last report is not replaced by a run that never started');
  assert.deepEqual(readdirSync(join(dir, '.ssdp')).filter((f) => f.includes('unfinished')), []);
  const next = runCli(['run', 'hello', '--force'], { cwd: dir });
  assert.equal(next.status, 0, next.stderr);
  assert.doesNotMatch(next.stderr, /an earlier run was stopped/);
});
