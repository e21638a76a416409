/**
 * A private redis-server for tests (../shared/tools/local-redis.sh: random port and password,
 * loopback only) and `ssdp worker` processes serving it, each stopped by the test that started it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  const dir = join(tempDir('ssdp-redis-'), 'redis');
  const out = execFileSync('bash', [TOOL, 'start', dir], { encoding: 'utf8' });
  const m = /SSDP_TEST_REDIS=(\S+)/.exec(out);
  if (!m) throw new Error(`local-redis.sh printed no address: ${out}`);
  return { url: m[1]!, stop: () => void execFileSync('bash', [TOOL, 'stop', dir]) };
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
export async function startWorker(url: string | null, args: string[] = [], env: NodeJS.ProcessEnv = process.env, entry = CLI_ENTRY): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [entry, 'worker', ...(url === null ? [] : ['--broker', url]), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
