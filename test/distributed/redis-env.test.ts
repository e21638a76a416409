/**
 * The env on workers that do not share the submitter's SSDP_ROOT: `ssdp run TASK --broker` sends
 * the workflow env's lockfile; a worker with its own root recreates the env from it (from the
 * local test registry) before its first task, reuses it for the next run with the same lock, and
 * a worker that cannot recreate it fails the run with E_WORKER_ENV instead of hanging.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { startRegistry, type FakeRegistry } from '../helpers/registry.js';
import { startRedis, startWorker, type LocalRedis, type WorkerProcess } from '../helpers/redis.js';
import { spawnCli, pkg } from '../env/helpers.js';

const GREETING = 'greetings from the env';
let reg: FakeRegistry;
let redis: LocalRedis;
let dir: string;
const workers: WorkerProcess[] = [];

/** The environment of an ssdp process with its own root. */
const envWith = (root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, SSDP_ROOT: root, npm_config_registry: reg.url, CI: '1', ...extra };
  delete env.SSDP_PREFIX;
  delete env.NODE_PATH;
  return env;
};

before(async () => {
  reg = await startRegistry([pkg('greet', '1.0.0', { files: { 'index.js': `module.exports = ${JSON.stringify(GREETING)};\n` } })]);
  redis = await startRedis();
  dir = tempDir('ssdp-redis-env-');
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'env.yaml'), 'name: greeter\ndependencies:\n  - greet\n');
  // the step needs the env: the package through NODE_PATH, and the env's place
  writeFileSync(
    join(project, 'ssdp.yaml'),
    `env: env.yaml
tasks:
  hello:
    cmd: node -e "process.stdout.write(require('greet'))" > hello.txt && printf %s "$SSDP_PREFIX" > prefix.txt
    outputs: [hello.txt, prefix.txt]
`,
  );
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  await reg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const project = () => join(dir, 'project');
/** The submitter's env of the workflow: SPECNAME-HASH under its root (53ddba2 named it so). */
const submitterEnv = (): string | undefined => {
  const envs = join(dir, 'submitter-root', 'envs');
  const name = existsSync(envs) ? readdirSync(envs).find((n) => n.startsWith('greeter-')) : undefined;
  return name && join(envs, name);
};
const run = (args: string[]) => spawnCli(['run', 'hello', '--broker', redis.url, ...args], envWith(join(dir, 'submitter-root')), { cwd: project() }).done;

test('a worker with its own SSDP_ROOT recreates the run\'s env from its lockfile, and reuses it for the next run', async () => {
  const workerRoot = join(dir, 'worker-root');
  const w = await startWorker(redis.url, ['--nprocs', '1'], envWith(workerRoot));
  workers.push(w);
  const r = await run([]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(project(), 'hello.txt'), 'utf8'), GREETING);
  const prefix = readFileSync(join(project(), 'prefix.txt'), 'utf8');
  assert.ok(prefix.startsWith(join(workerRoot, 'envs', 'run-')), `the step ran in ${prefix}, not in an env under the worker's root`);
  assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'greet', 'index.js')));
  // the submitter's env is elsewhere and untouched by the worker
  assert.ok(submitterEnv() && existsSync(submitterEnv()!));
  assert.match(w.output(), /recreating env greeter/);

  const again = await run(['--force']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(readFileSync(join(project(), 'prefix.txt'), 'utf8'), prefix);
  assert.equal(w.output().match(/recreating env/g)?.length, 1, 'the second run with the same lock reuses the recreated env');
  assert.deepEqual(readdirSync(join(workerRoot, 'envs')).filter((n) => n.startsWith('run-')), [prefix.slice(prefix.lastIndexOf('/') + 1)]);
  await w.stop();
});

test('a recreated env damaged since (a package folder deleted) is not reused as it is: the same worker notices and recreates it (try11t B9)', async () => {
  const workerRoot = join(dir, 'worker-root-b9');
  const w = await startWorker(redis.url, ['--nprocs', '1'], envWith(workerRoot));
  workers.push(w);
  try {
    const r = await run(['--force']);
    assert.equal(r.status, 0, r.stderr);
    const prefix = readFileSync(join(project(), 'prefix.txt'), 'utf8');
    rmSync(join(prefix, 'lib', 'node_modules', 'greet'), { recursive: true });
    const again = await run(['--force']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(join(project(), 'hello.txt'), 'utf8'), GREETING);
    assert.equal(readFileSync(join(project(), 'prefix.txt'), 'utf8'), prefix);
    assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'greet', 'index.js')), 'the env was repaired');
    assert.match(w.output(), /is damaged: 1 of its packages is missing or changed: greet@1\.0\.0/);
  } finally {
    await w.stop();
  }
});

test('a worker that sees the submitter\'s env (the same SSDP_ROOT) uses it as it is', async () => {
  const w = await startWorker(redis.url, ['--nprocs', '1'], envWith(join(dir, 'submitter-root')));
  workers.push(w);
  const r = await run(['--force']);
  assert.equal(r.status, 0, r.stderr);
  try {
    assert.equal(readFileSync(join(project(), 'prefix.txt'), 'utf8'), submitterEnv());
    assert.doesNotMatch(w.output(), /recreating env/);
  } finally {
    await w.stop(); // a worker that sees the env left serving would run the next test's step
  }
});

test('a worker that cannot recreate the env fails the run with E_WORKER_ENV naming why, and keeps serving', async () => {
  // a fresh root and a registry that answers 503: the packages cannot be fetched
  const w = await startWorker(redis.url, ['--nprocs', '1'], envWith(join(dir, 'cut-off-root'), { SSDP_FETCH_RETRIES: '0' }));
  workers.push(w);
  reg.failWith(503);
  try {
    rmSync(join(project(), 'hello.txt'));
    const r = await run(['--force']);
    assert.notEqual(r.status, 0, r.stderr);
    assert.match(r.stderr, /E_WORKER_ENV/);
    assert.match(r.stderr, /could not recreate the run's env greeter/);
    assert.match(r.stderr, /503|E_REGISTRY/);
    assert.ok(!existsSync(join(project(), 'hello.txt')));
    assert.equal(w.child.exitCode, null, 'the worker still serves');
  } finally {
    reg.failWith(undefined);
  }
  await w.stop();
});
