/**
 * A private redis-server for one run: random free port, random password, no persistence, bound to
 * the one address the workers reach. It lives as long as the run and is stopped at its end, also
 * when the run fails or is interrupted (see src/util/stop-on-exit.ts); where util-linux's setpriv
 * is on PATH it also ends when the process that started it is killed (kill -9: no exit handler runs).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { ownerGone } from '../util/lock.js';
import { findProgram } from './programs.js';
import { onStop } from '../util/stop-on-exit.js';
import { loadExeca } from '../util/run-program.js';
import type { LoopHold } from '../distributed/loop-hold.js';

export interface PrivateRedis {
  /** redis://default:PASSWORD@HOST:PORT, what workers and clients connect to. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly pid: number;
  /** Its folder (config and log), deleted by stop(). */
  readonly dir: string;
  /** Stops the server and deletes its folder; safe to call more than once. */
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Address to bind and to put in the URL (default 127.0.0.1; a Slurm run passes the host's address). */
  host?: string;
  /** The redis-server binary (default: $SSDP_REDIS_SERVER, else redis-server on PATH). */
  binary?: string;
  /** A Client's: the server keeps the process alive only while the Client has something in hand. */
  hold?: LoopHold;
}

const READY_TIMEOUT_MS = 10_000;

function noRedisServer(binary: string): SsdpError {
  return new SsdpError('E_NO_REDIS_SERVER', `Cannot start a private Redis for the workers: no redis-server program (looked for '${binary}').`, {
    hint: 'Install one (Debian/Ubuntu: apt-get install redis-server; conda: conda install -c conda-forge redis-server), set SSDP_REDIS_SERVER to its path, or give a running Redis with --broker redis://...',
  });
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net().createServer();
    srv.once('error', (e) => reject(new SsdpError('E_REDIS_START', `Cannot start a private Redis on ${host}: ${(e as Error).message}.`, {
      hint: 'Give an address of this machine that the workers reach (cluster host: in ssdp.yaml), or a running Redis with --broker redis://...',
    })));
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** AUTH + PING in RESP, so readiness needs no Redis client library. */
function answersPing(host: string, port: number, password: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net().connect({ host, port });
    let got = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.on('connect', () => sock.write(`AUTH ${password}\r\nPING\r\n`));
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('+PONG')) done(true);
      else if (got.startsWith('-')) done(false);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const DIR_PREFIX = 'ssdp-redis-';
/** In each private Redis folder: who made it, so a later start can tell a folder whose maker is gone. */
const OWNER_FILE = 'owner.json';
interface DirOwner {
  pid: number;
  host: string;
  time: number;
}

/**
 * Deletes the folders of private redis-servers whose maker is gone: a kill -9 of a run runs no exit
 * handler, and its folder (the server's log) stayed in the temp folder for good. Only folders holding
 * our owner file, made on this host by a process that is dead or whose pid is now another's (the
 * test of a stale lock, src/util/lock.ts); anything else named alike (another user's, a test tool's)
 * is left alone. The server itself ended with its maker (setpriv --pdeathsig).
 */
export function reapStaleRedisDirs(parent = tmpdir()): string[] {
  const reaped: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return reaped;
  }
  for (const name of names) {
    const dir = join(parent, name);
    let owner: DirOwner;
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as DirOwner;
    } catch {
      continue; // not ours, another user's, or being made right now
    }
    if (typeof owner.pid !== 'number' || typeof owner.time !== 'number' || owner.host !== hostname() || owner.pid === process.pid) continue;
    if (!ownerGone(owner.pid, owner.time)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      reaped.push(dir);
    } catch {
      /* not ours to delete after all */
    }
  }
  return reaped;
}

export async function startPrivateRedis(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const host = opts.host ?? '127.0.0.1';
  const wanted = opts.binary ?? process.env.SSDP_REDIS_SERVER ?? 'redis-server';
  const binary = findProgram(wanted);
  if (!binary) throw noRedisServer(wanted);
  const password = process.getBuiltinModule('node:crypto').randomBytes(24).toString('hex');
  const port = await freePort(host);
  reapStaleRedisDirs();
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() } satisfies DirOwner));
  // The password goes in a file only we can read, not on a command line others see in ps.
  const conf = join(dir, 'redis.conf');
  writeFileSync(
    conf,
    [`port ${port}`, `bind ${host}`, `requirepass ${password}`, `dir ${dir}`, 'save ""', 'appendonly no', 'daemonize no', 'maxmemory-policy noeviction', `logfile ${join(dir, 'redis.log')}`].join('\n') + '\n',
    { mode: 0o600 },
  );
  // Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) must not
  // stop the broker before the workers have handed their batches back; stop() ends it after them.
  // That group also outlives a kill -9 of this process, which runs no exit handler: setpriv
  // --pdeathsig has the kernel send it SIGTERM when its parent dies (setpriv execs redis-server,
  // so the pid is redis-server's).
  // execa: `cleanup: false` (stop() and the exit handler below end it, after the workers); a kill()
  // with SIGTERM is followed by SIGKILL if it is still there after 5 s (forceKillAfterDelay).
  const setpriv = findProgram('setpriv');
  const { execa } = await loadExeca();
  const child = execa(setpriv ?? binary, setpriv ? ['--pdeathsig', 'TERM', binary, conf] : [conf], {
    stdio: 'ignore',
    detached: true,
    cleanup: false,
    reject: false,
    forceKillAfterDelay: 5000,
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  opts.hold?.followChild(child);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      unregister();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
      rmSync(dir, { recursive: true, force: true });
    })());
  const unregister = onStop(stop, () => {
    // At exit nothing async runs: kill and forget.
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  // one exit listener, not one per poll (11 of them drew a MaxListenersExceededWarning)
  const exitedAtStart = exited(child).then(() => true as const);
  for (;;) {
    const failed = await Promise.race([spawnError, exitedAtStart, new Promise<false>((r) => setTimeout(() => r(false), 20))]);
    if (failed instanceof Error) {
      await stop();
      throw noRedisServer(binary);
    }
    if (failed === true) {
      let log = '';
      try {
        log = readFileSync(join(dir, 'redis.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
      } catch {
        /* no log written */
      }
      await stop();
      throw new SsdpError('E_REDIS_START', `The private redis-server (${binary}) exited at start on ${host}:${port}${log ? `: ${log}` : ''}.`, {
        hint: 'Check that the address belongs to this machine and that this redis-server runs (redis-server --version).',
      });
    }
    if (await answersPing(host, port, password)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new SsdpError('E_REDIS_START', `The private redis-server on ${host}:${port} did not answer within ${READY_TIMEOUT_MS / 1000} s.`, {
        hint: 'The machine may be overloaded; try again, or give a running Redis with --broker redis://...',
      });
    }
  }
  // read at start and not needed again: the password leaves the disk (a folder a kill -9 leaves behind holds only the log)
  rmSync(conf, { force: true });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `redis://default:${password}@${urlHost}:${port}`, host, port, password, pid: child.pid!, dir, stop };
}

/**
 * node:net, loaded when a private Redis is started or probed: `import 'ssdp'` reaches this module
 * (the cluster exports), and node:net is ~2 MB of RSS that an array or delayed program never uses.
 */
function net(): typeof import('node:net') {
  return process.getBuiltinModule('node:net');
}
