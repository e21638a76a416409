/**
 * A broker that stands still for a few seconds (SIGSTOP of its redis-server, as a paused VM or a
 * stuck host) or restarts without its data, while workflow steps run on `ssdp worker`s (tester
 * s21 try11t T3, T4, T8). Within SSDP_BROKER_RETRY_MS the run completes with the local run's
 * results: no step runs twice, no run is dropped for a heartbeat that expired inside the frozen
 * broker; a run that fails stops its steps before it moves their outputs aside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, tempDir, until } from '../helpers/cli.js';
import { running } from '../helpers/processes.js';
import { brokerFixtures, startRestartableRedis, startWorker, type WorkerProcess } from '../helpers/redis.js';

const { dirs, servers, workers, submitters } = brokerFixtures();

/**
 * Step `slow` appends `ticks` lines 200 ms apart and then `done` to its output (so a second run on
 * top of a complete output shows), noting its pid in marks/ as it starts and in done/ as it ends;
 * `all` counts the done lines.
 */
const STEPS = `
import { appendFileSync, writeFileSync } from 'node:fs';
export async function slow({ i, ticks }) {
  writeFileSync('marks/' + i + '.' + process.pid, '');
  for (let k = 0; k < Number(ticks); k++) { appendFileSync('out/s' + i + '.txt', 'tick ' + k + '\\n'); await new Promise((r) => setTimeout(r, 200)); }
  appendFileSync('out/s' + i + '.txt', 'done\\n');
  writeFileSync('done/' + i + '.' + process.pid, '');
  return 1;
}
`;
const SPEC = `params: { ticks: "5" }
tasks:
  slow:
    foreach: { i: [0, 1] }
    function: ./steps.mjs#slow
    args: { i: "\${i}", ticks: "\${ticks}" }
    outputs: ["out/s\${i}.txt"]
  all:
    depends_on: [slow]
    cmd: "cat out/s*.txt | grep -c done > out/all.txt"
    outputs: [out/all.txt]
`;

function project(): string {
  const dir = tempDir('ssdp-broker-freeze-');
  dirs.push(dir);
  for (const d of ['marks', 'done', 'out']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'steps.mjs'), STEPS);
  writeFileSync(join(dir, 'ssdp.yaml'), SPEC);
  return dir;
}

function submit(dir: string, url: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'run', 'all', '--broker', url, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  submitters.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let code: number | null | undefined;
  const done = new Promise<number | null>((r) => child.on('exit', (c) => r((code = c))));
  return { child, done, exited: () => code !== undefined, stderr: () => stderr };
}

const count = (dir: string, sub: string) => readdirSync(join(dir, sub)).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function engines(env: NodeJS.ProcessEnv, persist = false) {
  const redis = await startRestartableRedis({ persist });
  servers.push(redis);
  const ws: WorkerProcess[] = [];
  for (let i = 0; i < 2; i++) ws.push(await startWorker(redis.url, ['--nprocs', '1'], env));
  workers.push(...ws);
  return { redis, ws };
}

test('T3: the broker frozen while steps finish: the finished steps are not run again after the thaw (out/all.txt 2, one done line each)', async () => {
  // the default retry window (30 s) and stall (5 s), as the tester had them
  const env = { ...process.env };
  const { redis, ws } = await engines(env);
  const dir = project();
  const run = submit(dir, redis.url, env);
  await until(() => count(dir, 'marks') >= 2, 'both steps to start');
  redis.freeze();
  // both steps end while nothing answers: their results cannot be reported, their job locks lapse
  await until(() => count(dir, 'done') >= 2, 'both steps to end in the frozen broker');
  await sleep(7000);
  redis.thaw();
  await until(run.exited, 'the run to end');
  const logs = ws.map((w) => w.output()).join('\n');
  assert.equal(await run.done, 0, `${run.stderr()}\n${logs}`);
  for (const i of [0, 1]) assert.equal(readFileSync(join(dir, 'out', `s${i}.txt`), 'utf8').match(/done/g)?.length, 1, `out/s${i}.txt:\n${readFileSync(join(dir, 'out', `s${i}.txt`), 'utf8')}\n${logs}`);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
  assert.equal(count(dir, 'marks'), 2, `each step started once:\n${logs}`);
});

test('T8: the broker frozen for longer than the run heartbeat\'s TTL, shorter than its stall deadline: the workers keep the run (no E_RUN_STOPPED) and it completes', async () => {
  // a 3 s heartbeat lapses inside a 4.5 s freeze, which the 5 s stall deadline does not call a
  // lost connection: the workers see the key missing on the first reply after the thaw
  const env = { ...process.env, SSDP_RUN_HEARTBEAT_TTL_MS: '3000' };
  const { redis, ws } = await engines(env);
  const dir = project();
  const run = submit(dir, redis.url, env, ['--param', 'ticks=40']);
  await until(() => count(dir, 'marks') >= 2 || run.exited(), 'both steps to start');
  assert.ok(!run.exited(), run.stderr());
  redis.freeze();
  await sleep(4500);
  redis.thaw();
  await until(run.exited, 'the run to end');
  const logs = ws.map((w) => w.output()).join('\n');
  assert.equal(await run.done, 0, `${run.stderr()}\n${logs}`);
  assert.doesNotMatch(logs, /is gone/);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
});

/** The files under out/ with their sizes and mtimes, as one comparable text. */
function outState(dir: string): string {
  return readdirSync(join(dir, 'out'))
    .sort()
    .map((f) => {
      const st = statSync(join(dir, 'out', f));
      return `${f} ${st.size} ${st.mtimeMs}`;
    })
    .join('\n');
}

test('T4: the broker restarted without its data mid-run: E_BROKER_DATA comes once the workers\' steps have stopped, nothing is written after it, and the next run makes every output (out/all.txt 2)', async () => {
  const env = { ...process.env };
  const { redis, ws } = await engines(env);
  const dir = project();
  const run = submit(dir, redis.url, env, ['--param', 'ticks=60']);
  await until(() => count(dir, 'marks') >= 2 || run.exited(), 'both steps to start');
  assert.ok(!run.exited(), run.stderr());
  await redis.down();
  await redis.up();
  await until(run.exited, 'the run to end');
  const logs = () => ws.map((w) => w.output()).join('\n');
  assert.equal(await run.done, 1, `${run.stderr()}\n${logs()}`);
  assert.match(run.stderr(), /E_BROKER_DATA/);
  const atExit = outState(dir);
  const stepPids = readdirSync(join(dir, 'marks')).map((f) => Number(f.split('.')[1]));
  const stillRunning = stepPids.filter((pid) => running(pid));
  // was: out/s2.txt moved aside while its step ran on, which then wrote a fresh partial file
  assert.deepEqual(stillRunning, [], `the steps' task processes still run after the run said it stopped:\n${run.stderr()}\n${logs()}`);
  await sleep(1500);
  assert.equal(outState(dir), atExit, 'nothing is written after the run ended');
  const next = submit(dir, redis.url, env, ['--param', 'ticks=2']);
  assert.equal(await next.done, 0, next.stderr());
  assert.doesNotMatch(next.stderr(), /ssdp did not write it/);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
});

test('E3: Ctrl-C of the run while the broker is frozen: what its steps write after the run exits is never taken as the user\'s data; the next run makes every output (out/all.txt 2)', async () => {
  const env = { ...process.env };
  const { redis, ws } = await engines(env);
  const dir = project();
  const run = submit(dir, redis.url, env, ['--param', 'ticks=150']);
  await until(() => count(dir, 'marks') >= 2 || run.exited(), 'both steps to start');
  assert.ok(!run.exited(), run.stderr());
  redis.freeze();
  await sleep(1000);
  run.child.kill('SIGINT');
  await until(run.exited, 'the run to end');
  const logs = () => ws.map((w) => w.output()).join('\n');
  assert.equal(await run.done, 130, `${run.stderr()}\n${logs()}`);
  assert.match(run.stderr(), /E_RUN_INTERRUPTED/);
  // both steps still ran on the workers, which the frozen broker could not tell (was: 'while no step was running')
  assert.match(run.stderr(), /with 2 step\(s\) unfinished/);
  // the steps' task processes may write on until the workers hear of the stop after the thaw
  await sleep(2000);
  redis.thaw();
  const stepPids = readdirSync(join(dir, 'marks')).map((f) => Number(f.split('.')[1]));
  await until(() => stepPids.every((pid) => !running(pid)), 'the stopped run\'s steps to end');
  const next = submit(dir, redis.url, env, ['--param', 'ticks=2']);
  assert.equal(await next.done, 0, `${next.stderr()}\n${logs()}`);
  // was: '2 step(s) not run: their outputs exist and ssdp did not write them' (try11w E3)
  assert.doesNotMatch(next.stderr(), /ssdp did not write/);
  for (const i of [0, 1]) assert.equal(readFileSync(join(dir, 'out', `s${i}.txt`), 'utf8').match(/done/g)?.length, 1, `out/s${i}.txt:\n${next.stderr()}`);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
});

test('J1: Ctrl-C of the run while the broker is frozen, with steps that would end while the run stops: they stop (the run\'s ended mark on the shared filesystem), their outputs go aside, none is kept as finished; the next run --force gives one done line each (out/all.txt 2)', async () => {
  const env = { ...process.env };
  const { redis, ws } = await engines(env);
  const dir = project();
  // 8 s steps: without the mark they ran to their end while the run waited for the frozen broker
  const run = submit(dir, redis.url, env, ['--param', 'ticks=40']);
  await until(() => count(dir, 'marks') >= 2 || run.exited(), 'both steps to start');
  assert.ok(!run.exited(), run.stderr());
  redis.freeze();
  run.child.kill('SIGINT');
  await until(run.exited, 'the run to end');
  const logs = () => ws.map((w) => w.output()).join('\n');
  assert.equal(await run.done, 130, `${run.stderr()}\n${logs()}`);
  assert.match(run.stderr(), /E_RUN_INTERRUPTED/);
  assert.equal(count(dir, 'done'), 0, `no step ran to its end after the Ctrl-C:\n${run.stderr()}`);
  redis.thaw();
  const stepPids = readdirSync(join(dir, 'marks')).map((f) => Number(f.split('.')[1]));
  await until(() => stepPids.every((pid) => !running(pid)), "the stopped run's steps to end");
  const next = submit(dir, redis.url, env, ['--param', 'ticks=2', '--force']);
  assert.equal(await next.done, 0, `${next.stderr()}\n${logs()}`);
  // was: the steps' complete outputs kept as finished, and the next run appended to them (try11x J1)
  for (const i of [0, 1]) assert.equal(readFileSync(join(dir, 'out', `s${i}.txt`), 'utf8'), 'tick 0\ntick 1\ndone\n', `out/s${i}.txt:\n${next.stderr()}`);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
});

test('E1: the broker frozen as ssdp worker and ssdp run --broker start: both wait for it within SSDP_BROKER_RETRY_MS and go on after the thaw (out/all.txt 2); frozen for longer, the error says it accepted the connection and sent no reply, not "Start redis-server"', async () => {
  const env = { ...process.env };
  const redis = await startRestartableRedis({ persist: false });
  servers.push(redis);
  redis.freeze();
  setTimeout(() => redis.thaw(), 7000);
  // was: E_BROKER_UNREACHABLE 'no Redis answers ... Start redis-server there' after 5 s (try11w E1)
  const w = await startWorker(redis.url, ['--nprocs', '1'], env);
  workers.push(w);
  assert.match(w.output(), /accepted the connection but sends no reply/);
  redis.freeze();
  const dir = project();
  const run = submit(dir, redis.url, env, ['--param', 'ticks=2']);
  await sleep(7000);
  redis.thaw();
  assert.equal(await run.done, 0, `${run.stderr()}\n${w.output()}`);
  assert.equal(readFileSync(join(dir, 'out', 'all.txt'), 'utf8').trim(), '2');
  redis.freeze();
  const short = submit(dir, redis.url, { ...env, SSDP_BROKER_RETRY_MS: '2000' }, ['--force']);
  assert.equal(await short.done, 1, short.stderr());
  redis.thaw();
  assert.match(short.stderr(), /E_BROKER_UNREACHABLE.*accepted the connection but sent no reply/);
  assert.doesNotMatch(short.stderr(), /Start redis-server/);
});
