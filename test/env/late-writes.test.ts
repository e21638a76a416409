// Tester break D1 (s11 try8): a process working inside an env (cwd PREFIX/results, writing a file
// every few ms) lost files on any change: writes that landed in the old revision after the late
// carry-over were deleted with it, and every later write failed (its cwd was deleted). The user's
// folder now goes back into the new revision as the very folder it was, so the writer keeps
// writing into the env. A real writer process, a real install from a registry on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

const WRITER = `
const fs = require('node:fs');
let i = 0, stopping = false;
const ok = [], failed = [];
const write = (name) => { try { fs.writeFileSync(name, 'x'); ok.push(name); } catch (e) { failed.push(name + ' ' + e.code); } };
const timer = setInterval(() => write('r' + (++i) + '.txt'), 3);
process.stdout.write('ready\\n');
process.stdin.on('data', () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  write('final.txt');
  process.stdout.write(JSON.stringify({ ok, failed }) + '\\n');
  process.exit(0);
});
`;

test('D1: files a process writes into an env folder while (and after) a change runs are all in the env afterwards', async () => {
  const ctx = await setup([pkg('a', '1.0.0'), pkg('b', '1.0.0')]);
  try {
    const prefix = join(ctx.dir, 'E');
    let r = await ctx.cli(['env', 'create', '-p', prefix, 'a', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const results = join(prefix, 'results');
    mkdirSync(results);
    const writer = spawn(process.execPath, ['-e', WRITER], { cwd: results, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const ready = new Promise<void>((ok) => writer.stdout.on('data', (d) => { out += d; if (out.includes('ready\n')) ok(); }));
    const exited = new Promise<void>((ok) => writer.on('close', () => ok()));
    await ready;
    r = await ctx.cli(['install', '-p', prefix, 'b', '-q']);
    assert.equal(r.status, 0, r.stderr);
    writer.stdin.write('stop\n');
    await exited;
    const report = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!) as { ok: string[]; failed: string[] };
    assert.deepEqual(report.failed, [], 'writes failed after the change (the writer\'s folder was deleted)');
    assert.ok(report.ok.includes('final.txt'));
    const present = new Set(readdirSync(results));
    const lost = report.ok.filter((n) => !present.has(n));
    assert.deepEqual(lost, [], `${lost.length} of ${report.ok.length} files written were lost`);
    assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'b')), 'the change was applied');
    assert.ok(!readdirSync(ctx.dir).some((n) => n.includes('ssdp-trash') || n.includes('ssdp-copy')));
  } finally {
    await ctx.close();
  }
});
