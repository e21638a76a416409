/**
 * A private redis-server for tests (../shared/tools/local-redis.sh: random port and password,
 * loopback only) and `ssdp worker` processes serving it, each stopped by the test that started it.
 */
import { after, before } from 'node:test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_ENTRY, tempDir, until } from './cli.js';

/** The shared tools sit next to the repository (dist/test/helpers -> repo/..). */
const TOOL = fileURLToPath(new URL('../../../../shared/tools/local-redis.sh', import.meta.url));

export interface LocalRedis {
  readonly url: string;
  stop(): void | Promise<void>;
}

/** Where the shared tool is not beside the repository, ssdp's own private redis-server launcher stands in. */
export async function startRedis(): Promise<LocalRedis> {
  if (!existsSync(TOOL)) {
    const { startPrivateRedis } = await import('../../src/cluster/index.js');
    const r = await startPrivateRedis();
    return { url: r.url, stop: () => r.stop() };
  }
  // The tool picks a random port in 20000-39999 without checking it, and prints the address even
  // when redis-server could not bind it: a port that is the local end of one of the many loopback
  // connections other tests hold (the ephemeral range starts at 32768) makes it exit at once. The
  // server must answer before it is handed out; else another random port.
  for (let attempt = 1; ; attempt++) {
    const dir = join(tempDir('ssdp-redis-'), 'redis');
    const out = execFileSync('bash', [TOOL, 'start', dir], { encoding: 'utf8' });
    const m = /SSDP_TEST_REDIS=(\S+)/.exec(out);
    if (!m) throw new Error(`local-redis.sh printed no address: ${out}`);
    const url = new URL(m[1]!);
    if (answers(url.port, decodeURIComponent(url.password))) return { url: m[1]!, stop: () => void execFileSync('bash', [TOOL, 'stop', dir]) };
    const log = readLog(join(dir, 'redis.log'));
    execFileSync('bash', [TOOL, 'stop', dir]);
    if (attempt === 3) throw new Error(`local-redis.sh started no answering redis-server in 3 tries; the last one's log: ${log}`);
  }
}

function answers(port: string, password: string): boolean {
  try {
    return execFileSync('redis-cli', ['-p', port, '-a', password, '--no-auth-warning', 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('PONG');
  } catch {
    return false;
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}

export function redisToolPresent(): boolean {
  return existsSync(TOOL);
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  /** SIGTERM (drain), then SIGKILL if it has not exited after 10 s. */
  stop(): Promise<void>;
}

/** Starts `ssdp worker --broker URL ...args` (null: no --broker, the URL is in env) and waits until it serves. */
export async function startWorker(url: string | null, args: string[] = [], env: NodeJS.ProcessEnv = process.env, entry = CLI_ENTRY, cwd?: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [entry, 'worker', ...(url === null ? [] : ['--broker', url]), ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  await until(() => /serving/.test(out) || exited, 'ssdp worker to start');
  if (exited) throw new Error(`ssdp worker exited: ${out}`);
  return {
    child,
    pid: child.pid!,
    output: () => out,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await until(() => exited, 'ssdp worker to stop');
      clearTimeout(t);
    },
  };
}

export interface RestartableRedis extends LocalRedis {
  /** Stops the server (SIGTERM; it writes its append-only file), keeping its data folder. */
  down(): Promise<void>;
  /** Starts it again on the same port, password and data. */
  up(): Promise<void>;
  /**
   * SIGSTOP: the server keeps its port (the kernel still accepts connections) but answers
   * nothing, as a paused VM or a stuck host. down(), stop() and thaw() end it.
   */
  freeze(): void;
  /** SIGCONT: it answers again. */
  thaw(): void;
  /** Its pid (while it runs). */
  readonly pid: number | undefined;
}

/**
 * A redis-server this test stops and starts again on the same port: an outage of the broker.
 * Append-only persistence (unless `persist: false`), so a restart keeps the queue, as a production broker's would.
 */
export async function startRestartableRedis(opts: { persist?: boolean } = { persist: true }): Promise<RestartableRedis> {
  const dir = tempDir('ssdp-redis-outage-');
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
    s.on('error', fail);
  });
  const pass = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  let server: ChildProcess | undefined;
  let exited = true;
  const ping = (): boolean => {
    try {
      return execFileSync('redis-cli', ['-p', String(port), '-a', pass, '--no-auth-warning', 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('PONG');
    } catch {
      return false;
    }
  };
  const up = async (): Promise<void> => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', opts.persist ? 'yes' : 'no', '--appendfsync', 'always', '--requirepass', pass, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    exited = false;
    server.on('exit', () => (exited = true));
    await until(() => exited || ping(), 'redis-server to answer');
    if (exited) throw new Error(`redis-server did not start on port ${port}`);
  };
  let frozen = false;
  const thaw = (): void => {
    if (frozen && !exited) server!.kill('SIGCONT');
    frozen = false;
  };
  const down = async (): Promise<void> => {
    if (exited) return;
    thaw(); // a stopped process acts on SIGTERM only once continued
    server!.kill('SIGTERM');
    await until(() => exited, 'redis-server to stop');
  };
  await up();
  return {
    url: `redis://default:${pass}@127.0.0.1:${port}`,
    up,
    down,
    freeze: () => {
      frozen = true;
      server!.kill('SIGSTOP');
    },
    thaw,
    get pid() {
      return exited ? undefined : server?.pid;
    },
    stop: async () => {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A copy of the compiled library with one changed byte: an ssdp worker with other code (`tag` names the copy). */
export function staleCopy(tag: string): { entry: string; remove(): void } {
  const dist = fileURLToPath(new URL('../../', import.meta.url));
  const copy = join(dist, '..', `.test-stale-dist-${tag}-${process.pid}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(join(dist, 'src'), join(copy, 'src'), { recursive: true });
  appendFileSync(join(copy, 'src', 'graph', 'exec.js'), '\n// stale\n');
  return { entry: join(copy, 'src', 'cli', 'entry.js'), remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/** What a test file's tests start against brokers, each pushed as it starts (see brokerFixtures). */
export interface BrokerFixtures {
  readonly dirs: string[];
  readonly servers: RestartableRedis[];
  readonly workers: WorkerProcess[];
  /** `ssdp run --broker` processes. */
  readonly submitters: ChildProcess[];
}

/**
 * Lists for the fixtures a test file starts, all ended by one after() however its tests end:
 * frozen servers thawed (a stopped redis-server acts on no signal), submitters still running
 * killed, workers stopped before the servers they drain through, then the servers, then folders.
 */
export function brokerFixtures(): BrokerFixtures {
  const f: BrokerFixtures = { dirs: [], servers: [], workers: [], submitters: [] };
  after(async () => {
    for (const s of f.servers) s.thaw();
    for (const s of f.submitters) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
    await Promise.all(f.workers.map((w) => w.stop()));
    for (const s of f.servers) await s.stop();
    for (const d of f.dirs) rmSync(d, { recursive: true, force: true });
  });
  return f;
}

/** A redis-server and an `ssdp worker` serving it that all tests of a file share (see sharedBroker). */
export interface SharedBroker {
  readonly redis: LocalRedis;
  readonly worker: WorkerProcess;
}

/**
 * One redis-server and one `ssdp worker --broker URL ...workerArgs` for all tests of a file:
 * started before its first test, stopped after its last (the worker first: it drains through the
 * server). Read `redis` and `worker` inside tests and hooks, once the file's before() has run.
 */
export function sharedBroker(workerArgs: string[]): SharedBroker {
  let redis: LocalRedis | undefined;
  let worker: WorkerProcess | undefined;
  before(async () => {
    redis = await startRedis();
    worker = await startWorker(redis.url, workerArgs);
  });
  after(async () => {
    await worker?.stop();
    await redis?.stop();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error("sharedBroker: read before the file's before() hook ran");
    return x;
  };
  return {
    get redis() {
      return started(redis);
    },
    get worker() {
      return started(worker);
    },
  };
}
