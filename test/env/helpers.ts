/**
 * Shared set-up for env tests: a fake registry, a temp SSDP_ROOT and an asynchronous CLI runner
 * (the registry lives in this process, so the CLI child must not block our event loop).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLI_ENTRY, cliEnv, runProgram, tempDir, type CliResult } from '../helpers/cli.js';
import { startRegistry, type FakeRegistry, type FakeVersion } from '../helpers/registry.js';

export interface Ctx {
  reg: FakeRegistry;
  root: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  cli(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string }): Promise<CliResult>;
  spec(name: string, body: string): string;
  close(): Promise<void>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv, opts: { input?: string | null; cwd?: string; detached?: boolean } = {}): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: cliEnv(args, env), cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: opts.detached });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  if (typeof opts.input === 'string') child.stdin!.end(opts.input);
  else if (opts.input !== null) child.stdin!.end(); // null: the test writes to stdin itself
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((ok) => child.on('close', (status, signal) => ok({ status, signal, stdout, stderr })));
  return { child, done };
}

/** A plain package with an index.js exporting its name and version, plus an optional bin. */
/** Whether this process may make mount namespaces (root): tests of mounted volumes need it. */
export const canMount = spawnSync('unshare', ['-m', 'true']).status === 0;

/**
 * The CLI in a private mount namespace where a tmpfs is mounted at $MP first; `volumeFile` writes
 * a file into the volume and reports VOLUME-CHANGED on stderr if the command changed it.
 */
export function withTmpfs(ctx: Ctx, mp: string, args: string[], volumeFile = false): Promise<CliResult> {
  const cli = `"${process.execPath}" "${CLI_ENTRY}" "$@"`;
  const cmd = volumeFile
    ? `mount -t tmpfs none "$MP" && echo precious > "$MP/v.txt" && ${cli}; s=$?; test "$(cat "$MP/v.txt")" = precious || echo VOLUME-CHANGED >&2; exit $s`
    : `mount -t tmpfs none "$MP" && exec ${cli}`;
  return runProgram('unshare', ['-m', 'sh', '-c', cmd, 'sh', ...args], { env: { ...ctx.env, MP: mp } });
}

/** chattr FLAG on files; false where the file system or the user cannot. */
export function chattr(flag: string, ...files: string[]): boolean {
  try {
    execFileSync('chattr', [flag, ...files], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pkg(name: string, version: string, extra: Partial<FakeVersion> = {}): FakeVersion {
  return { ...extra, name, version, files: { 'index.js': `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`, ...extra.files } };
}

export async function setup(versions: FakeVersion[]): Promise<Ctx> {
  const reg = await startRegistry(versions);
  const dir = tempDir('ssdp-env-');
  const root = join(dir, 'root');
  const env: NodeJS.ProcessEnv = { ...process.env, SSDP_ROOT: root, npm_config_registry: reg.url, CI: '1' };
  delete env.SSDP_PREFIX;
  return {
    reg,
    root,
    dir,
    env,
    cli: (args, opts = {}) => spawnCli(args, { ...env, ...opts.env }, opts).done,
    spec(name, body) {
      const file = join(dir, name);
      writeFileSync(file, body);
      return file;
    },
    close: () => reg.close(),
  };
}

/** Every entry below dir: type, size-independent content hash or link target (for byte-identity). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const abs = join(dir, rel);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(abs)}`;
    else if (st.isDirectory()) {
      out[rel] = 'dir';
      for (const n of readdirSync(abs).sort()) walk(rel ? join(rel, n) : n);
    } else out[rel] = `file:${(st.mode & 0o777).toString(8)}:${createHash('sha1').update(readFileSync(abs)).digest('hex')}`;
  };
  walk('');
  return out;
}

/** An HTTP proxy to the fake registry that rewrites tarball URLs to itself and can stall them. */
export async function stallingProxy(target: string): Promise<{ url: string; stall: boolean; tarballRequested: Promise<void>; close(): Promise<void> }> {
  let notify!: () => void;
  const tarballRequested = new Promise<void>((ok) => (notify = ok));
  const state = { stall: true };
  let url = '';
  const server: Server = createServer(async (req, res) => {
    if (req.url!.endsWith('.tgz') && state.stall) {
      notify();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.flushHeaders(); // headers, then nothing: a stalled download
      return;
    }
    const r = await fetch(target + req.url, { headers: { accept: String(req.headers.accept ?? '*/*') } });
    const body = Buffer.from(await r.arrayBuffer());
    const text = req.url!.endsWith('.tgz') ? body : Buffer.from(body.toString('utf8').split(target).join(url));
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', 'content-length': text.length });
    res.end(text);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get stall() {
      return state.stall;
    },
    set stall(v: boolean) {
      state.stall = v;
    },
    tarballRequested,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

/** Whether the live npm registry answers (live smoke tests skip when it does not). */
export async function liveRegistryReachable(registry: string, pkgName: string): Promise<boolean> {
  try {
    const r = await fetch(registry + pkgName, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return r.ok;
  } catch {
    return false;
  }
}
