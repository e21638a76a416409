/**
 * Tester breaks on git, URL and file: specs (session 13's try13 report, spec/fetch side): git
 * prepares that are not byte-identical, scripts of a git package's devDependencies, folder
 * prepares, bundled dependencies, --offline. Real repositories, a real tarball server on
 * 127.0.0.1, the real CLI.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { commitVersion, folderPackage, initRepo } from '../helpers/git-repo.js';
import { pkg, setup } from './helpers.js';
import { tarballServer } from '../helpers/tarball-server.js';

const installed = (root: string, env: string, name: string, file: string) => join(root, 'envs', env, 'lib', 'node_modules', name, file);

test('GP1: a git dependency whose prepare stamps the time installs on a fresh create; one create prepares it once', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'prep3'));
    const runs = join(ctx.dir, 'runs.txt');
    const prepare = `node -e "require('fs').appendFileSync(${JSON.stringify(runs).replace(/"/g, "'")}, 'ran\\n'); require('fs').writeFileSync('stamp.js', 'module.exports=' + Date.now() + Math.random())"`;
    commitVersion(repo, 'gprep3', '1.0.0', { main: 'stamp.js', scripts: { prepare } });
    const r = await ctx.cli(['env', 'create', '-n', 'p3', `git+file://${repo}`, '--allow-scripts', 'gprep3']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(installed(ctx.root, 'p3', 'gprep3', 'stamp.js')));
    // npm install runs a git dependency's prepare twice (its nested npm install, then before packing); ssdp packed it twice before (4 runs).
    assert.ok(readFileSync(runs, 'utf8').split('\n').filter(Boolean).length <= 2, readFileSync(runs, 'utf8'));
  } finally {
    await ctx.close();
  }
});

test('SC1: allowing a git package prepare does not run the install scripts of its devDependencies: skipped with a warning naming them, run when allowed too', async () => {
  const ctx = await setup([]);
  try {
    const mark = (n: string) => join(ctx.dir, `${n}-POSTINSTALL`);
    const touch = (n: string) => `node -e "require('fs').writeFileSync(${JSON.stringify(mark(n)).replace(/"/g, "'")}, '')"`;
    const evil = folderPackage(join(ctx.dir, 'evil'), 'evil-dev', '1.0.0', { scripts: { postinstall: touch('evil') } });
    const good = folderPackage(join(ctx.dir, 'good'), 'good-dev', '1.0.0', { scripts: { postinstall: touch('good') } });
    const repo = initRepo(join(ctx.dir, 'prep5'));
    commitVersion(repo, 'gprep5', '1.0.0', { main: 'p.js', scripts: { prepare: `node -e "require('fs').writeFileSync('p.js', 'module.exports=1')"` }, devDependencies: { 'evil-dev': `file:${evil}`, 'good-dev': `file:${good}` } });
    const r = await ctx.cli(['env', 'create', '-n', 'ev', `git+file://${repo}`, '--allow-scripts', 'gprep5,good-dev']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(installed(ctx.root, 'ev', 'gprep5', 'p.js')), 'prepared');
    assert.ok(!existsSync(mark('evil')), 'evil-dev postinstall ran although not allowed');
    assert.ok(existsSync(mark('good')), 'good-dev postinstall was allowed');
    assert.match(r.stderr, /skipped install script of evil-dev[^\n]*prepare gprep5[^\n]*--allow-scripts evil-dev/);
    assert.doesNotMatch(r.stderr, /skipped install script of good-dev/);
  } finally {
    await ctx.close();
  }
});

test('FP1: a package folder with a prepare build is refused naming --allow-scripts; allowed, its prepare runs and the built files are installed', async () => {
  const ctx = await setup([]);
  try {
    const dir = join(ctx.dir, 'fbuild');
    folderPackage(dir, 'fbuild', '1.0.0', { main: 'dist/i.js', scripts: { prepare: 'node build.js' } });
    writeFileSync(join(dir, 'build.js'), 'require("fs").mkdirSync("dist",{recursive:true}); require("fs").writeFileSync("dist/i.js","module.exports=\\"built\\"")');
    let r = await ctx.cli(['env', 'create', '-n', 'fb', './fbuild'], { cwd: ctx.dir });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_SCRIPT_NOT_ALLOWED\][^\n]*fbuild[^\n]*prepare/);
    assert.match(r.stderr, /--allow-scripts fbuild/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'fb')));
    r = await ctx.cli(['env', 'create', '-n', 'fb', './fbuild', '--allow-scripts', 'fbuild'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'fb', '--', 'node', '-p', 'require("fbuild")']);
    assert.equal(r.stdout.trim(), 'built', r.stderr);
  } finally {
    await ctx.close();
  }
});

test('BD1: bundleDependencies of a folder and of its packed .tgz come from the package itself, not the registry', async () => {
  const ctx = await setup([]);
  try {
    const dir = join(ctx.dir, 'bund');
    folderPackage(dir, 'bund', '1.0.0', { main: 'i.js', dependencies: { 'zz-private-bundled-xq': '^1.0.0' }, bundleDependencies: ['zz-private-bundled-xq'] });
    writeFileSync(join(dir, 'i.js'), 'module.exports="bund+"+require("zz-private-bundled-xq")');
    folderPackage(join(dir, 'node_modules', 'zz-private-bundled-xq'), 'zz-private-bundled-xq', '1.0.0');
    let r = await ctx.cli(['env', 'create', '-n', 'bd', './bund'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'bd', '--', 'node', '-p', 'require("bund")']);
    assert.equal(r.stdout.trim(), 'bund+zz-private-bundled-xq@1.0.0', r.stderr);
    execFileSync('npm', ['pack', './bund', '--silent'], { cwd: ctx.dir, env: { ...process.env, npm_config_ignore_scripts: 'true' } });
    r = await ctx.cli(['env', 'create', '-n', 'bd2', './bund-1.0.0.tgz'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'bd2', '--', 'node', '-p', 'require("bund")']);
    assert.equal(r.stdout.trim(), 'bund+zz-private-bundled-xq@1.0.0', r.stderr);
  } finally {
    await ctx.close();
  }
});

test('OF1: --offline fetches no tarball URL and asks no git host: a new one is E_OFFLINE_SOURCE; one the env holds installs from the store', async () => {
  const ctx = await setup([pkg('dep', '1.0.0')]);
  const { buildPackageTarball } = await import('../helpers/tarball.js');
  const tgz = buildPackageTarball({ name: 'urlpkg', version: '1.0.0' }, { 'index.js': 'module.exports = "urlpkg";\n' });
  const srv = await tarballServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(tgz);
  });
  try {
    let r = await ctx.cli(['env', 'create', '-n', 'off', `${srv.url}/good.tgz?never=1`, '--offline']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_OFFLINE_SOURCE\][^\n]*good\.tgz\?never=1/);
    assert.equal(srv.hits.size, 0, [...srv.hits.keys()].join(' '));
    r = await ctx.cli(['env', 'create', '-n', 'off6', 'git+ssh://git@127.0.0.1:1/x.git#v1', '--offline']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_OFFLINE_SOURCE\][^\n]*git\+ssh/);
    assert.doesNotMatch(r.stderr, /Connection refused|^ssh:/m);

    // An env holding the URL: removing something else re-resolves the rest offline, from the store.
    folderPackage(join(ctx.dir, 'local'), 'local', '1.0.0');
    r = await ctx.cli(['env', 'create', '-n', 'on', `${srv.url}/good.tgz`, join(ctx.dir, 'local'), 'dep']);
    assert.equal(r.status, 0, r.stderr);
    const before = srv.hits.get('/good.tgz');
    r = await ctx.cli(['remove', '-n', 'on', 'local', '--offline']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'on', 'dep@1.0.0', '--offline']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(srv.hits.get('/good.tgz'), before);
    r = await ctx.cli(['run', '-n', 'on', '--', 'node', '-p', 'require("urlpkg")']);
    assert.equal(r.stdout.trim(), 'urlpkg', r.stderr);
  } finally {
    await srv.close();
    await ctx.close();
  }
});

test('SW1: installing a local folder of a package the env requested from the registry replaces that request, as npm install ./fork does', async () => {
  const ctx = await setup([pkg('lodash-es', '4.0.0')]);
  try {
    let r = await ctx.cli(['env', 'create', '-n', 'up', 'lodash-es@^4']);
    assert.equal(r.status, 0, r.stderr);
    const fork = folderPackage(join(ctx.dir, 'fork', 'lodash-es'), 'lodash-es', '99.0.0');
    r = await ctx.cli(['install', '-n', 'up', fork]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'up', '--', 'node', '-p', 'require("lodash-es")']);
    assert.equal(r.stdout.trim(), 'lodash-es@99.0.0', r.stderr);
  } finally {
    await ctx.close();
  }
});

test('SW1: a second tarball URL for a package the env holds is refused with a hint naming ssdp remove, the way to switch source', async () => {
  const ctx = await setup([]);
  const { buildPackageTarball } = await import('../helpers/tarball.js');
  const srv = await tarballServer((req, res) => {
    res.writeHead(200);
    res.end(buildPackageTarball({ name: 'urlpkg', version: req.url!.includes('v2') ? '1.1.0' : '1.0.0' }));
  });
  try {
    let r = await ctx.cli(['env', 'create', '-n', 'sw', `${srv.url}/v1/urlpkg.tgz`]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'sw', `${srv.url}/v2/urlpkg.tgz`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /two sources for urlpkg[^\n]*\n\s*hint:[^\n]*ssdp remove -n ENV urlpkg/);
  } finally {
    await srv.close();
    await ctx.close();
  }
});
