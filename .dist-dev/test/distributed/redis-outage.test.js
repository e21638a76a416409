/**
 * A lost broker connection: a real redis-server stopped mid-run. Back within the retry window
 * (SSDP_BROKER_RETRY_MS), the submitter and the workers reconnect and the run completes; gone for
 * longer, both stop with E_BROKER_LOST and a non-zero exit instead of hanging.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { startRestartableRedis, startWorker } from '../helpers/redis.js';
const dirs = [];
const servers = [];
const workers = [];
const submitters = [];
after(async () => {
    for (const s of submitters)
        if (s.exitCode === null && s.signalCode === null)
            s.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.stop()));
    for (const s of servers)
        await s.stop();
    for (const d of dirs)
        rmSync(d, { recursive: true, force: true });
});
const STEPS = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
export function slow({ i, out, ms }, ctx) {
  writeFileSync(join(ctx.root, 'marks', String(i) + '.' + process.pid), '');
  pause(ms);
  writeFileSync(join(ctx.root, out), String(i * i));
  return i * i;
}
export function total({ out }, ctx) {
  const t = ctx.deps.slow.reduce((a, b) => a + b, 0);
  writeFileSync(join(ctx.root, out), String(t));
  return t;
}
`;
function project() {
    const dir = tempDir('ssdp-redis-outage-');
    dirs.push(dir);
    mkdirSync(join(dir, 'marks'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'steps.mjs'), STEPS);
    writeFileSync(join(dir, 'ssdp.yaml'), `tasks:
  slow:
    foreach: { i: [0, 1, 2, 3, 4, 5] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", out: "out/\${i}.txt", ms: 1500 }
    outputs: ["out/\${i}.txt"]
  total:
    depends_on: [slow]
    function: ./steps.mjs#total
    args: { out: out/total.txt }
    outputs: [out/total.txt]
`);
    return dir;
}
function submit(dir, url, env) {
    const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'total', '--broker', url], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    submitters.push(child);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise((r) => child.on('exit', (code) => r(code)));
    return { done, stderr: () => stderr };
}
const exitOf = (w) => new Promise((r) => (w.child.exitCode !== null ? r(w.child.exitCode) : w.child.on('exit', (code) => r(code))));
test('a broker down for a few seconds mid-run: submitter and workers reconnect and the run completes', async () => {
    const redis = await startRestartableRedis();
    servers.push(redis);
    const env = { ...process.env, SSDP_BROKER_RETRY_MS: '60000' };
    const ws = [await startWorker(redis.url, ['--nprocs', '1'], env), await startWorker(redis.url, ['--nprocs', '1'], env)];
    workers.push(...ws);
    const dir = project();
    const run = submit(dir, redis.url, env);
    await until(() => readdirSync(join(dir, 'marks')).length > 0, 'a step to start');
    await redis.down();
    await new Promise((r) => setTimeout(r, 3000));
    await redis.up();
    assert.equal(await run.done, 0, run.stderr());
    assert.equal(readFileSync(join(dir, 'out', 'total.txt'), 'utf8'), String([0, 1, 2, 3, 4, 5].reduce((a, i) => a + i * i, 0)));
    for (const w of ws) {
        assert.match(w.output(), /lost the connection/);
        assert.match(w.output(), /reconnected/);
        assert.equal(w.child.exitCode, null, 'the worker still serves');
    }
});
// Known bug, kept visible as a TODO rather than hidden: in full-suite runs the submitter sometimes
// never exits after the broker is gone (2 of 4 runs, also on a quiet machine); alone it passes.
test('a broker gone for longer than SSDP_BROKER_RETRY_MS: the run and the workers stop with E_BROKER_LOST, exit non-zero, no hang', async () => {
    const redis = await startRestartableRedis();
    servers.push(redis);
    const env = { ...process.env, SSDP_BROKER_RETRY_MS: '3000' };
    const ws = [await startWorker(redis.url, ['--nprocs', '1'], env), await startWorker(redis.url, ['--nprocs', '1'], env)];
    workers.push(...ws);
    const dir = project();
    const run = submit(dir, redis.url, env);
    await until(() => readdirSync(join(dir, 'marks')).length > 0, 'a step to start');
    await redis.down();
    // `until` gives up after a minute: a hang fails the test
    let code;
    void run.done.then((c) => (code = c));
    await until(() => code !== undefined, 'the submitter to give up');
    assert.notEqual(code, 0, run.stderr());
    assert.match(run.stderr(), /E_BROKER_LOST/);
    assert.match(run.stderr(), /could not reconnect within 3 s/);
    assert.doesNotMatch(run.stderr(), /default:[0-9a-z]{6,}@/, 'the password is not printed');
    const codes = [];
    for (const w of ws)
        void exitOf(w).then((c) => codes.push(c));
    await until(() => codes.length === ws.length, 'the workers to give up');
    for (const [i, w] of ws.entries()) {
        assert.equal(codes[i], 1, w.output());
        assert.match(w.output(), /E_BROKER_LOST/);
    }
});
test('a broker that comes back without its data (no persistence): the run fails with E_BROKER_DATA instead of waiting forever', async () => {
    const redis = await startRestartableRedis({ persist: false });
    servers.push(redis);
    const env = { ...process.env, SSDP_BROKER_RETRY_MS: '60000' };
    const w = await startWorker(redis.url, ['--nprocs', '1'], env);
    workers.push(w);
    const dir = project();
    const run = submit(dir, redis.url, env);
    await until(() => readdirSync(join(dir, 'marks')).length > 0, 'a step to start');
    await redis.down();
    await redis.up();
    let code;
    void run.done.then((c) => (code = c));
    await until(() => code !== undefined, 'the submitter to give up');
    assert.notEqual(code, 0, run.stderr());
    assert.match(run.stderr(), /E_BROKER_DATA/);
    assert.match(run.stderr(), /restarted without persistence/);
    assert.equal(w.child.exitCode, null, 'the worker still serves');
});
//# sourceMappingURL=redis-outage.test.js.map