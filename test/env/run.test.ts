/**
 * `ssdp run -p PREFIX -- CMD`: environment, exit codes, stdin and signals through the real CLI.
 * The prefix is laid out by hand (bin/, lib/node_modules, ssdp-meta/env.json): run only depends on
 * that contract, so these tests do not need a registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { CLI_ENTRY, tempDir } from '../helpers/cli.js';
import { spawnCli } from './helpers.js';

function makePrefix(): { prefix: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('ssdp-run-');
  const prefix = join(dir, 'env');
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  mkdirSync(join(prefix, 'lib/node_modules/hello'), { recursive: true });
  mkdirSync(join(prefix, 'ssdp-meta'), { recursive: true });
  writeFileSync(join(prefix, 'lib/node_modules/hello/index.js'), 'module.exports = "hello from the env";\n');
  writeFileSync(join(prefix, 'bin/envtool'), '#!/bin/sh\necho "envtool $@"\n');
  chmodSync(join(prefix, 'bin/envtool'), 0o755);
  writeFileSync(
    join(prefix, 'ssdp-meta/env.json'),
    JSON.stringify({ name: 'env', variables: { RADAR_DATA: './data', GREETING: 'hi there' }, revision: 0, requested: [] }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, SSDP_ROOT: join(dir, 'root') };
  delete env.SSDP_PREFIX;
  return { prefix, env };
}

test('run: bin first on PATH, NODE_PATH, variables, SSDP_PREFIX; exit codes pass through', async () => {
  const { prefix, env } = makePrefix();
  let r = await spawnCli(['run', '-p', prefix, '--', 'envtool', 'a', '--flag'], env).done;
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'envtool a --flag\n');
  const script = 'console.log(JSON.stringify({p: process.env.PATH.split(":")[0], np: process.env.NODE_PATH, v: process.env.RADAR_DATA, g: process.env.GREETING, s: process.env.SSDP_PREFIX, h: require("hello")}))';
  r = await spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', script], env).done;
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { p: join(prefix, 'bin'), np: join(prefix, 'lib/node_modules'), v: './data', g: 'hi there', s: prefix, h: 'hello from the env' });
  r = await spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'process.exit(42)'], env).done;
  assert.equal(r.status, 42);
  r = await spawnCli(['run', '-p', prefix, '--', 'no-such-command-xyz'], env).done;
  assert.equal(r.status, 127);
  assert.match(r.stderr, /command not found: 'no-such-command-xyz'/);
  writeFileSync(join(prefix, 'bin/not-exec'), '#!/bin/sh\necho never\n');
  r = await spawnCli(['run', '-p', prefix, '--', join(prefix, 'bin/not-exec')], env).done;
  assert.equal(r.status, 126);
  assert.match(r.stderr, /E_COMMAND_NOT_EXECUTABLE/);
  assert.equal(r.stdout, '');
  r = await spawnCli(['run', '-n', 'nope', '--', 'true'], env).done;
  assert.equal(r.status, 1);
  assert.match(r.stderr, /E_ENV_NOT_FOUND/);
});

test('run: an env.json edited to set PATH or SSDP_PREFIX is refused as activation refuses it; an old NODE_PATH stays behind the env\'s (tester s18 try8k K3)', async () => {
  const { prefix, env } = makePrefix();
  const stateFile = join(prefix, 'ssdp-meta/env.json');
  const state = { name: 'env', variables: { PATH: '/nowhere', GREETING: 'hi' }, revision: 0, requested: [] };
  writeFileSync(stateFile, JSON.stringify(state));
  let r = await spawnCli(['run', '-p', prefix, '--', 'envtool', 'x'], env).done;
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_SHELL_RESERVED_VARIABLE\]: .*env\.json sets the variable PATH, which ssdp manages itself/);
  assert.match(r.stderr, /Remove PATH; .*Nothing was run\./);
  assert.equal(r.stdout, '');
  writeFileSync(stateFile, JSON.stringify({ ...state, variables: { NODE_PATH: '/old/lib' } }));
  r = await spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'console.log(process.env.NODE_PATH, require("hello"))'], env).done;
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${join(prefix, 'lib/node_modules')}:/old/lib hello from the env\n`);
});

test('run: stdin is passed and output streams live', async () => {
  const { prefix, env } = makePrefix();
  const r = await spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(s.toUpperCase()))'], env, { input: 'rain\nfall\n' }).done;
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'RAIN\nFALL\n\n');

  // Live: the child prints a line and waits for an answer on stdin before it goes on; if ssdp
  // buffered the output, the answer would never come and the test would time out.
  const { child, done } = spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'console.log("first"); process.stdin.once("data", (d) => { console.log("second " + String(d).trim()); process.exit(0); })'], env, { input: null });
  child.stdout!.once('data', (d) => {
    assert.equal(String(d), 'first\n');
    child.stdin!.end('go\n');
  });
  const end = await done;
  assert.equal(end.status, 0, end.stderr);
  assert.equal(end.stdout, 'first\nsecond go\n');
});

test('run: SIGTERM reaches the child; a child killed by a signal kills ssdp the same way', async () => {
  const { prefix, env } = makePrefix();
  // The child handles SIGTERM itself and exits 7: proves forwarding.
  const handled = spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'process.on("SIGTERM",()=>{console.log("got TERM");process.exit(7)});console.log("ready");setInterval(()=>{},1000)'], env);
  await new Promise<void>((ok) => handled.child.stdout!.once('data', () => ok()));
  handled.child.kill('SIGTERM');
  const r1 = await handled.done;
  assert.equal(r1.status, 7);
  assert.match(r1.stdout, /got TERM/);

  // SIGINT sent to ssdp alone reaches it too (detached: in a session of its own, with no
  // terminal whose Ctrl-C would have reached the child directly; see the next test).
  const int = spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'process.on("SIGINT",()=>{console.log("got INT");process.exit(3)});console.log("ready");setInterval(()=>{},1000)'], env, { detached: true });
  await new Promise<void>((ok) => int.child.stdout!.once('data', () => ok()));
  int.child.kill('SIGINT');
  const r3 = await int.done;
  assert.equal(r3.status, 3);
  assert.match(r3.stdout, /got INT/);

  // The child does not handle it: it dies of SIGTERM, and so does ssdp.
  const plain = spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'console.log("ready");setInterval(()=>{},1000)'], env);
  await new Promise<void>((ok) => plain.child.stdout!.once('data', () => ok()));
  plain.child.kill('SIGTERM');
  const r2 = await plain.done;
  assert.equal(r2.signal, 'SIGTERM');

  // A child that kills itself with a signal: ssdp reports the same death.
  const sh = await spawnCli(['run', '-p', prefix, '--', process.execPath, '-e', 'process.kill(process.pid, "SIGTERM")'], env).done;
  assert.equal(sh.signal, 'SIGTERM');
});

test('run: one Ctrl-C on a terminal is one SIGINT for the command (the terminal delivers it to the whole foreground group)', async (t) => {
  // try13x X4 (s19): ssdp forwarded the SIGINT its child had already got from the terminal, so
  // a program whose second Ctrl-C means "force quit" skipped its graceful shutdown. A real pty
  // through script(1); ^C typed into it. A SIGTERM sent to ssdp alone afterwards is still
  // forwarded, and arrives after any second SIGINT would have: the child prints how many it got.
  if (spawnSync('script', ['--version']).status !== 0) {
    t.diagnostic('SKIPPED: script(1) is not installed: no pty to type Ctrl-C into');
    return;
  }
  const { prefix, env } = makePrefix();
  const prog = 'let n=0;process.on("SIGINT",()=>console.log("INT "+(++n)));process.on("SIGTERM",()=>{console.log("TERM ints="+n);process.exit(0)});console.log("ready "+process.ppid);setInterval(()=>{},1000)';
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `exec ${[process.execPath, CLI_ENTRY, 'run', '-p', prefix, '--', process.execPath, '-e', prog].map(q).join(' ')}`;
  const c = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let typed = false;
  let termed = false;
  c.stderr.on('data', (d) => (out += d));
  c.stdout.on('data', (d) => {
    out += d;
    const ssdp = /ready (\d+)/.exec(out);
    if (ssdp && !typed) {
      typed = true;
      c.stdin.write('\x03');
    }
    if (ssdp && /INT 1/.test(out) && !termed) {
      termed = true;
      process.kill(Number(ssdp[1]), 'SIGTERM');
    }
  });
  const status = await new Promise((ok) => c.on('close', ok));
  c.stdin.destroy();
  assert.equal(status, 0, out);
  assert.match(out, /TERM ints=1/, out);
  assert.doesNotMatch(out, /INT 2/, out);
});
