import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis, hostAddress } from '../../src/cluster/index.js';
import { tempDir, until } from '../helpers/cli.js';
import { alive, running } from '../helpers/slurm.js';
import { findProgram } from '../../src/cluster/programs.js';

const haveRedis = spawnSync('sh', ['-c', 'command -v redis-server && command -v redis-cli']).status === 0;
const skip = haveRedis ? false : 'redis-server/redis-cli not installed (apt-get install redis-server)';

function cli(port: number, host: string, args: string[], password?: string): string {
  const auth = password ? ['-a', password, '--no-auth-warning'] : [];
  const r = spawnSync('redis-cli', ['-h', host, '-p', String(port), ...auth, ...args], { encoding: 'utf8' });
  return (r.stdout + r.stderr).trim();
}

// Other tests may start private Redis servers at the same time: compare only what appeared.
const redisFolders = () => new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('ssdp-redis-')));
const newFolders = (before: Set<string>) => [...redisFolders()].filter((f) => !before.has(f));

test('a private redis-server: random port and password, no persistence, gone after stop', { skip }, async () => {
  const a = await startPrivateRedis();
  const b = await startPrivateRedis();
  try {
    assert.notEqual(a.port, b.port);
    assert.notEqual(a.password, b.password);
    assert.match(a.password, /^[0-9a-f]{48}$/);
    assert.equal(a.url, `redis://default:${a.password}@127.0.0.1:${a.port}`);
    assert.equal(cli(a.port, '127.0.0.1', ['ping'], a.password), 'PONG');
    assert.match(cli(a.port, '127.0.0.1', ['ping']), /NOAUTH/, 'no password, no entry');
    assert.match(cli(a.port, '127.0.0.1', ['ping'], b.password), /WRONGPASS|invalid/i);
    assert.equal(cli(a.port, '127.0.0.1', ['config', 'get', 'save'], a.password), 'save');
    assert.equal(cli(a.port, '127.0.0.1', ['config', 'get', 'appendonly'], a.password), 'appendonly\nno');
    assert.equal(cli(a.port, '127.0.0.1', ['config', 'get', 'bind'], a.password), 'bind\n127.0.0.1');
    // the password is not on the command line that `ps` shows everyone
    const ps = spawnSync('ps', ['-o', 'args=', '-p', String(a.pid)], { encoding: 'utf8' }).stdout;
    assert.ok(ps.includes('redis'), ps);
    assert.ok(!ps.includes(a.password), ps);
  } finally {
    await a.stop();
    await b.stop();
  }
  assert.equal(alive(a.pid), false);
  assert.equal(alive(b.pid), false);
  await a.stop(); // twice is fine
  assert.equal(existsSync(a.dir), false, 'its folder is deleted');
  assert.equal(existsSync(b.dir), false);
});

test('bound to the address the workers reach, and only there', { skip }, async () => {
  const host = hostAddress();
  if (host === '127.0.0.1') return; // no other address on this machine
  const r = await startPrivateRedis({ host });
  try {
    assert.equal(cli(r.port, host, ['ping'], r.password), 'PONG');
    assert.match(cli(r.port, '127.0.0.1', ['ping'], r.password), /refused/i);
  } finally {
    await r.stop();
  }
});

test('no redis-server: a clear error that says how to get one', async () => {
  const empty = tempDir('ssdp-nobin-');
  const { PATH } = process.env;
  process.env.PATH = empty;
  try {
    await assert.rejects(startPrivateRedis(), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_NO_REDIS_SERVER');
      assert.match(e.message, /no redis-server program/);
      assert.match(e.hint ?? '', /apt-get install redis-server/);
      return true;
    });
  } finally {
    process.env.PATH = PATH;
  }
  await assert.rejects(startPrivateRedis({ binary: join(empty, 'redis-server') }), { code: 'E_NO_REDIS_SERVER' });
});

test('an address that is not this machine: a clear error, nothing left running', { skip }, async () => {
  const before = redisFolders();
  await assert.rejects(startPrivateRedis({ host: '192.0.2.254' }), { code: 'E_REDIS_START' });
  assert.deepEqual(newFolders(before), []);
});

const CHILD = `
import { startPrivateRedis } from ${JSON.stringify(new URL('../../src/cluster/index.js', import.meta.url).href)};
const r = await startPrivateRedis();
console.log(JSON.stringify({ pid: r.pid, dir: r.dir }));
setInterval(() => {}, 1000);
`;

/** A node process that starts a private redis-server and idles: its pid, the server's pid and folder. */
async function childWithRedis() {
  const dir = tempDir('ssdp-sigtest-');
  const script = join(dir, 'child.mjs');
  writeFileSync(script, CHILD);
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await until(() => out.endsWith('\n'), 'the child to start redis');
  const { pid, dir: redisDir } = JSON.parse(out) as { pid: number; dir: string };
  assert.ok(alive(pid));
  return { child, pid, redisDir };
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  test(`${sig} to the process that started it stops the private redis-server`, { skip }, async () => {
    const { child, pid, redisDir } = await childWithRedis();
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    child.kill(sig);
    assert.equal(await exited, sig, 'the process still ends by the signal');
    await until(() => !alive(pid), 'redis-server to stop');
    assert.equal(existsSync(redisDir), false, 'its folder is deleted');
  });
}

test('kill -9 of the process that started it (no exit handler runs): the private redis-server ends by itself, and its password is not left on disk', { skip: skip || (findProgram('setpriv') ? false : 'no setpriv (util-linux) on PATH') }, async (t) => {
  const { child, pid, redisDir } = await childWithRedis();
  assert.deepEqual(readdirSync(redisDir).filter((f) => f.endsWith('.conf')), [], 'the config holding the password is gone once the server runs');
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  // the kernel sends SIGTERM at once; until() allows a minute
  const t0 = Date.now();
  await until(() => !running(pid), 'the orphaned redis-server to end');
  t.diagnostic(`redis-server ended ${Date.now() - t0} ms after the kill`);
  rmSync(redisDir, { recursive: true, force: true });
});

test('the folder a kill -9 left behind (its maker gone) is deleted at the next start; folders of live makers and folders not ours stay', { skip }, async () => {
  const killed = await childWithRedis();
  const live = await childWithRedis();
  const notOurs = mkdtempSync(join(tmpdir(), 'ssdp-redis-'));
  writeFileSync(join(notOurs, 'redis.pid'), '1'); // e.g. a test tool's server folder: no owner file
  try {
    const exited = new Promise((r) => killed.child.on('exit', r));
    killed.child.kill('SIGKILL');
    await exited;
    assert.ok(existsSync(killed.redisDir), 'no exit handler ran: the folder is still there');
    const next = await startPrivateRedis();
    await next.stop();
    assert.equal(existsSync(killed.redisDir), false, 'the killed run\'s folder was reaped at the next start');
    assert.ok(existsSync(live.redisDir), 'the folder of a running maker stays');
    assert.ok(existsSync(notOurs), 'a folder without our owner file stays');
  } finally {
    live.child.kill('SIGTERM');
    rmSync(notOurs, { recursive: true, force: true });
    rmSync(killed.redisDir, { recursive: true, force: true });
  }
});
