/**
 * Tester breaks on source specs still open after session 11 (s10 env13 B9, B11f, B11g): two
 * sources for one package, export of relative file: paths, aliases on URL and npm: specs.
 * Real folders and tarballs, a tarball server and a fake registry on 127.0.0.1, the real CLI.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { folderPackage } from '../helpers/git-repo.js';
import { buildPackageTarball } from '../helpers/tarball.js';
import { tarballServer } from '../helpers/tarball-server.js';
import { pkg, setup } from './helpers.js';

const tball = () => buildPackageTarball({ name: 'tball', version: '1.0.0' }, { 'index.js': 'module.exports = "tball@1.0.0";\n' });
const envJson = (root: string, env: string) => JSON.parse(readFileSync(join(root, 'envs', env, 'ssdp-meta', 'env.json'), 'utf8')) as { requested: string[] };
const lockOf = (root: string, env: string) => JSON.parse(readFileSync(join(root, 'envs', env, 'ssdp-meta', 'lock.json'), 'utf8')) as { requested: string[]; packages: Array<{ name: string; path: string }> };
const yamlDeps = (text: string) => (parse(text) as { dependencies: string[] }).dependencies;

test('B9: two entries for one package from different sources are E_BAD_SPEC naming both (spec FILE:LINE:COL, command-line arguments), every time, nothing created', async () => {
  const ctx = await setup([pkg('tball', '1.0.0')]);
  const srv = await tarballServer((_req, res) => res.end(tball()));
  try {
    writeFileSync(join(ctx.dir, 'good.tgz'), tball());
    // good4.tgz is never fetched before: the report's first try failed with E_LOCK_UNTRUSTED_HOST, the second let one win.
    const spec = ctx.spec('spec4.yaml', `name: fresh1\ndependencies:\n  - file:./good.tgz\n  - ${srv.url}/good4.tgz\n`);
    for (let i = 0; i < 2; i++) {
      const r = await ctx.cli(['env', 'create', '-f', spec]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`E_BAD_SPEC\\]: two sources for tball: ${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:5 \\(file:\\./good\\.tgz\\) and \\S+spec4\\.yaml:4:5 \\(${srv.url.replace(/\./g, '\\.')}/good4\\.tgz\\)`));
      assert.equal(existsSync(join(ctx.root, 'envs', 'fresh1')), false);
    }
    const cases: Array<[string[], RegExp]> = [
      [['./good.tgz', `${srv.url}/good5.tgz`], /two sources for tball: the argument '\.\/good\.tgz' and the argument 'http:\S+good5\.tgz'/],
      // Aliases naming one folder, and a source next to the registry's package of that name.
      [['tball@./good.tgz', `tball@${srv.url}/good6.tgz`], /two sources for tball: the argument 'tball@\.\/good\.tgz' and the argument 'tball@http:\S+good6\.tgz'/],
      [['tball@1.0.0', './good.tgz'], /two sources for tball: the argument 'tball@1\.0\.0' \(the registry\) and the argument '\.\/good\.tgz'/],
    ];
    for (const [args, want] of cases) {
      const r = await ctx.cli(['create', '-n', 'cl', ...args], { cwd: ctx.dir });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, want);
      assert.equal(existsSync(join(ctx.root, 'envs', 'cl')), false);
    }
    // One source written twice is one entry, not a conflict.
    const r = await ctx.cli(['create', '-n', 'same', './good.tgz', 'file:good.tgz'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(envJson(ctx.root, 'same').requested.length, 1);
  } finally {
    await srv.close();
    await ctx.close();
  }
});

test('B11f: export writes file: entries written relative relative to where the export goes; the moved project recreates from it; ./pk and file:pk are one entry', async () => {
  const ctx = await setup([]);
  try {
    const proj = join(ctx.dir, 'proj');
    folderPackage(join(proj, 'pk'), 'pk', '1.0.0');
    writeFileSync(join(proj, 'good.tgz'), tball());
    const abs = folderPackage(join(ctx.dir, 'elsewhere', 'absp'), 'absp', '1.0.0');
    writeFileSync(join(proj, 'env.yaml'), `name: rel\ndependencies:\n  - ./pk\n  - file:pk\n  - file:./good.tgz\n  - file:${abs}\n`);
    let r = await ctx.cli(['env', 'create', '-f', join(proj, 'env.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(envJson(ctx.root, 'rel').requested.length, 3);
    // A folder written relative on the command line, installed later, too.
    folderPackage(join(proj, 'sub', 'pk2'), 'pk2', '1.0.0');
    r = await ctx.cli(['install', '-n', 'rel', './pk2'], { cwd: join(proj, 'sub') });
    assert.equal(r.status, 0, r.stderr);

    r = await ctx.cli(['env', 'export', '-n', 'rel', '-f', join(proj, 'out.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    const want = ['file:./pk', 'file:./good.tgz', `file:${abs}`, 'file:./sub/pk2'];
    assert.deepEqual(yamlDeps(readFileSync(join(proj, 'out.yaml'), 'utf8')), want);
    // To a pipe (here the test's): absolute, as ssdp cannot know where the text lands (s15 LK2:
    // relative to the current folder broke `export > sub/x.yml`); --from-history the same.
    const absolute = [`file:${join(proj, 'pk')}`, `file:${join(proj, 'good.tgz')}`, `file:${abs}`, `file:${join(proj, 'sub', 'pk2')}`];
    r = await ctx.cli(['env', 'export', '-n', 'rel'], { cwd: ctx.dir });
    assert.deepEqual(yamlDeps(r.stdout), absolute);
    r = await ctx.cli(['env', 'export', '-n', 'rel', '--from-history'], { cwd: join(proj, 'sub') });
    assert.deepEqual(yamlDeps(r.stdout), absolute);

    const moved = join(ctx.dir, 'moved');
    renameSync(proj, moved);
    r = await ctx.cli(['env', 'create', '-n', 'rel2', '-f', join(moved, 'out.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'rel2', 'node', '-e', 'console.log(["pk", "tball", "absp", "pk2"].map((n) => require(n)).join(" "))']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'pk@1.0.0 tball@1.0.0 absp@1.0.0 pk2@1.0.0');
    assert.ok(envJson(ctx.root, 'rel2').requested.includes(`file:${join(moved, 'pk')}`));
  } finally {
    await ctx.close();
  }
});

test('B11g: ALIAS@URL and ALIAS@npm:PKG@RANGE install the package in the folder ALIAS, as npm does; the lock and export keep the alias and recreate it', async () => {
  const ctx = await setup([pkg('bar', '1.0.0'), pkg('bar', '2.0.0')]);
  const srv = await tarballServer((_req, res) => res.end(buildPackageTarball({ name: 'urlpkg', version: '1.0.0' }, { 'index.js': 'module.exports = "urlpkg@1.0.0";\n' })));
  try {
    let r = await ctx.cli(['create', '-n', 'al', `foo@${srv.url}/urlpkg.tgz`, 'b1@npm:bar@1', 'bar@2']);
    assert.equal(r.status, 0, r.stderr);
    const show = 'console.log(["foo", "b1", "bar"].map((n) => require(n)).join(" "))';
    r = await ctx.cli(['run', '-n', 'al', 'node', '-e', show]);
    assert.equal(r.stdout.trim(), 'urlpkg@1.0.0 bar@1.0.0 bar@2.0.0', r.stderr);
    const lock = lockOf(ctx.root, 'al');
    assert.deepEqual(lock.requested, ['b1@npm:bar@1', 'bar@2', `foo@${srv.url}/urlpkg.tgz`]);
    assert.deepEqual(lock.packages.map((p) => `${p.path}=${p.name}`), ['b1=bar', 'bar=bar', 'foo=urlpkg']);

    r = await ctx.cli(['env', 'export', '-n', 'al', '-f', join(ctx.dir, 'al.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(yamlDeps(readFileSync(join(ctx.dir, 'al.yaml'), 'utf8')), [`foo@${srv.url}/urlpkg.tgz`, 'b1@npm:bar@1.0.0', 'bar=2.0.0']);
    r = await ctx.cli(['env', 'create', '-n', 'al2', '-f', join(ctx.dir, 'al.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'al2', 'node', '-e', show]);
    assert.equal(r.stdout.trim(), 'urlpkg@1.0.0 bar@1.0.0 bar@2.0.0', r.stderr);
    // update by the alias's name works; a bad alias target is a clear spec error.
    r = await ctx.cli(['update', '-n', 'al', 'b1']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['create', '-n', 'bad', 'b1@npm:']);
    assert.match(r.stderr, /E_BAD_SPEC\]: bad package spec 'b1@npm:': npm: names no package/);
  } finally {
    await srv.close();
    await ctx.close();
  }
});

test('B11a: a package folder inside the ssdp root (its store, where an env links its packages from) is refused with a coded error; nothing is created', async () => {
  const ctx = await setup([]);
  try {
    folderPackage(join(ctx.dir, 'lpkg'), 'lpkg', '1.0.0');
    let r = await ctx.cli(['create', '-n', 'f5', './lpkg'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    const files = readdirSync(join(ctx.root, 'store', 'v1'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('files/package.json'));
    assert.equal(files.length, 1);
    for (const args of [['create', '-n', 'g'], ['install', '-n', 'f5']]) {
      r = await ctx.cli([...args, dirname(join(ctx.root, 'store', 'v1', files[0]!))]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /\[E_BAD_SOURCE_SPEC\][^\n]*is inside the ssdp root at [^\n]*\(in its store\/ folder/);
      assert.equal(existsSync(join(ctx.root, 'envs', 'g')), false);
    }
  } finally {
    await ctx.close();
  }
});

test('try8d LK1: a lockfile whose requested names a package its packages lack is E_BAD_LOCKFILE naming it; nothing is created; a whole lock (registry, alias, folder) still creates', async () => {
  const ctx = await setup([pkg('left-pad', '1.0.0'), pkg('is-odd', '1.0.0'), pkg('cowsay', '1.0.0')]);
  try {
    folderPackage(join(ctx.dir, 'lpkg'), 'lpkg', '1.0.0');
    let r = await ctx.cli(['create', '-n', 'a', 'left-pad', 'odd@npm:is-odd@1', './lpkg'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    const lockFile = join(ctx.dir, 'l.json');
    r = await ctx.cli(['env', 'export', '-n', 'a', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'whole', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    for (const extra of ['cowsay', `file:${join(ctx.dir, 'other')}`]) {
      const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { requested: string[] };
      lock.requested.push(extra);
      writeFileSync(join(ctx.dir, 'req.json'), JSON.stringify(lock));
      r = await ctx.cli(['env', 'create', '-n', 'c', '-f', join(ctx.dir, 'req.json')]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`\\[E_BAD_LOCKFILE\\][^\\n]*req\\.json[^\\n]*"requested" names '${extra.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}', which is not among its packages`));
      assert.equal(existsSync(join(ctx.root, 'envs', 'c')), false);
    }
  } finally {
    await ctx.close();
  }
});

test('try8d C6: env export --json prints the export as JSON (the spec\'s fields, or the lock), also with -f, which still writes the file', async () => {
  const ctx = await setup([pkg('left-pad', '1.0.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'a', 'left-pad']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'export', '-n', 'a', '--json']);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'a', channels: ['npm'], dependencies: ['left-pad=1.0.0'] });
    r = await ctx.cli(['env', 'export', '-n', 'a', '--lock', '--json']);
    assert.deepEqual(JSON.parse(r.stdout).requested, ['left-pad']);
    const file = join(ctx.dir, 'a.yaml');
    r = await ctx.cli(['env', 'export', '-n', 'a', '-f', file, '--json']);
    assert.deepEqual(JSON.parse(r.stdout).dependencies, ['left-pad=1.0.0']);
    assert.deepEqual(yamlDeps(readFileSync(file, 'utf8')), ['left-pad=1.0.0']);
  } finally {
    await ctx.close();
  }
});
