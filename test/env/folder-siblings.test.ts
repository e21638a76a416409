/**
 * A folder package with `file:` dependencies of its own (a monorepo: ./pkg-a depends on
 * "sibling": "file:../sibling", which depends on "deep": "file:./deep"): each path resolves
 * against the folder of the package that names it, as npm does. npm 11 is the yardstick:
 * `npm install --install-links ../pkg-a` (which packs folders as ssdp does instead of
 * symlinking them) gives the same tree of names, versions and files. The lock records the
 * siblings and recreates the env from `export --lock` on a fresh root.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPackage } from '../helpers/git-repo.js';
import { pkg, setup, snapshot } from './helpers.js';

/** name@version at each package folder below node_modules (npm's and ssdp's, minus npm's own files). */
function tree(nm: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const n of readdirSync(dir).sort()) {
      if (n.startsWith('.')) continue;
      if (n.startsWith('@')) {
        walk(join(dir, n), `${rel}${n}/`);
        continue;
      }
      const p = JSON.parse(readFileSync(join(dir, n, 'package.json'), 'utf8')) as { name: string; version: string };
      out[`${rel}${n}`] = `${p.name}@${p.version}`;
      if (existsSync(join(dir, n, 'node_modules'))) walk(join(dir, n, 'node_modules'), `${rel}${n}/node_modules/`);
    }
  };
  walk(nm, '');
  return out;
}

/** Runs a command without blocking this process (the registry answers from it). */
function run(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ status: number | null; out: string }> {
  return new Promise((ok) => {
    const c = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('error', (e) => ok({ status: -1, out: String(e) }));
    c.on('close', (status) => ok({ status, out }));
  });
}

function monorepo(dir: string): void {
  folderPackage(join(dir, 'pkg-a'), 'pkg-a', '1.0.0', { dependencies: { sibling: 'file:../sibling', leaf: '^1' } });
  folderPackage(join(dir, 'sibling'), 'sibling', '0.3.0', { dependencies: { leaf: '^2', deep: 'file:./deep' } });
  folderPackage(join(dir, 'sibling', 'deep'), 'deep', '0.0.1');
}

test('file: dependencies inside a folder package resolve against its folder: the tree npm 11 installs, in the lock, recreated from it', async (t) => {
  const ctx = await setup([pkg('leaf', '1.4.0'), pkg('leaf', '2.0.0')]);
  try {
    const mono = join(ctx.dir, 'mono');
    monorepo(mono);
    let r = await ctx.cli(['env', 'create', '-n', 'E', './pkg-a'], { cwd: mono });
    assert.equal(r.status, 0, r.stderr);
    const nm = join(ctx.root, 'envs', 'E', 'lib', 'node_modules');
    const want = { deep: 'deep@0.0.1', leaf: 'leaf@1.4.0', 'pkg-a': 'pkg-a@1.0.0', sibling: 'sibling@0.3.0', 'sibling/node_modules/leaf': 'leaf@2.0.0' };
    assert.deepEqual(tree(nm), want);
    r = await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', 'require("sibling") + " " + require("sibling/node_modules/leaf")']);
    assert.equal(r.stdout.trim(), 'sibling@0.3.0 leaf@2.0.0', r.stderr);

    // npm 11 on the same layout, packing folders as ssdp does.
    const npmVersion = await run('npm', ['--version'], { cwd: ctx.dir });
    if (npmVersion.status !== 0) {
      t.diagnostic(`SKIPPED PART: npm is not on PATH (${npmVersion.out.trim()}): the comparison with npm's tree did not run`);
    } else {
      const proj = join(mono, 'proj');
      mkdirSync(proj);
      writeFileSync(join(proj, 'package.json'), '{}');
      const npm = await run('npm', ['install', '--install-links', '--no-audit', '--no-fund', '--registry', ctx.reg.url, '--cache', join(ctx.dir, 'npm-cache'), '../pkg-a'], { cwd: proj });
      assert.equal(npm.status, 0, npm.out);
      assert.deepEqual(tree(join(proj, 'node_modules')), tree(nm), `npm ${npmVersion.out.trim()} installs another tree`);
      // Files too: sibling carries its deep/ folder in both.
      assert.ok(existsSync(join(proj, 'node_modules', 'sibling', 'deep', 'index.js')) && existsSync(join(nm, 'sibling', 'deep', 'index.js')));
    }

    // The lock names the siblings (not written by the user) relative to its folder, like the
    // request that brought them (tester s19 try13x X2: absolute, so a moved project's lock was
    // refused); the project copied elsewhere with its lock recreates the same env on a fresh root.
    const lockFile = join(ctx.dir, 'E.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'E', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(lockFile, 'utf8');
    const lock = JSON.parse(text) as { packages: Array<{ name: string; resolved: string; integrity: string; dependencies?: Record<string, string> }> };
    const entry = (n: string) => lock.packages.find((p) => p.name === n)!;
    assert.equal(entry('pkg-a').resolved, 'file:./mono/pkg-a');
    assert.equal(entry('sibling').resolved, 'file:./mono/sibling');
    assert.equal(entry('deep').resolved, 'file:./mono/sibling/deep');
    assert.match(entry('sibling').integrity, /^sha512-/);
    assert.equal(entry('pkg-a').dependencies!.sibling, 'file:../sibling');
    const moved = join(ctx.dir, 'moved');
    cpSync(mono, join(moved, 'mono'), { recursive: true });
    writeFileSync(join(moved, 'E.lock.json'), text);
    const root2 = join(ctx.dir, 'root2');
    r = await ctx.cli(['env', 'create', '-n', 'E2', '-f', join(moved, 'E.lock.json')], { env: { SSDP_ROOT: root2 } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(root2, 'envs', 'E2', 'ssdp-meta', 'lock.json'), 'utf8'), /moved\/mono\/sibling/);
    // Written beside the copied lock, the recreated env's lock is the same text: the requests the
    // lock had relative to its folder stay relative (they were absolute once recreated).
    const lockFile2 = join(moved, 'E2.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'E2', '--lock', '-f', lockFile2], { env: { SSDP_ROOT: root2 } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(lockFile2, 'utf8'), text);
    assert.deepEqual(snapshot(join(root2, 'envs', 'E2', 'lib', 'node_modules')), snapshot(nm));

    // A lock whose folder package names no such sibling cannot smuggle a folder in.
    const forged = JSON.parse(text) as typeof lock;
    forged.packages.find((p) => p.name === 'pkg-a')!.dependencies!.sibling = '^0.3.0';
    writeFileSync(join(ctx.dir, 'forged.json'), JSON.stringify(forged));
    r = await ctx.cli(['env', 'create', '-n', 'F', '-f', join(ctx.dir, 'forged.json')], { env: { SSDP_ROOT: join(ctx.dir, 'root3') } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_LOCK_UNTRUSTED_HOST[^\n]*(sibling@0\.3\.0|deep@0\.0\.1)/);
    assert.doesNotMatch(r.stderr, /by hand/, 'ssdp wrote the lock: the hint blames no hand edit');
  } finally {
    await ctx.close();
  }
});

test('ssdp install ./pkg-a into an existing env, and a spec file naming ./pkg-a relative to itself, take its siblings too', async () => {
  const ctx = await setup([pkg('leaf', '1.4.0'), pkg('leaf', '2.0.0'), pkg('other', '1.0.0')]);
  try {
    const mono = join(ctx.dir, 'mono');
    monorepo(mono);
    let r = await ctx.cli(['env', 'create', '-n', 'E', 'other']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'E', './pkg-a'], { cwd: mono });
    assert.equal(r.status, 0, r.stderr);
    const nm = join(ctx.root, 'envs', 'E', 'lib', 'node_modules');
    assert.deepEqual(tree(nm), { deep: 'deep@0.0.1', leaf: 'leaf@1.4.0', other: 'other@1.0.0', 'pkg-a': 'pkg-a@1.0.0', sibling: 'sibling@0.3.0', 'sibling/node_modules/leaf': 'leaf@2.0.0' });

    const spec = join(mono, 'environment.yml');
    writeFileSync(spec, 'name: S\ndependencies:\n  - ./pkg-a\n');
    r = await ctx.cli(['env', 'create', '-f', spec], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(ctx.root, 'envs', 'S', 'lib', 'node_modules', 'sibling', 'deep', 'index.js'), 'utf8'), 'module.exports = "deep@0.0.1";\n');

    // A sibling that is not there: a coded error naming the path, and the env as it was.
    folderPackage(join(mono, 'pkg-b'), 'pkg-b', '1.0.0', { dependencies: { gone: 'file:../gone' } });
    const before = snapshot(nm);
    r = await ctx.cli(['install', '-n', 'E', './pkg-b'], { cwd: mono });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_SOURCE_UNAVAILABLE\][^\n]*gone@file:[^\n]*gone/);
    assert.deepEqual(snapshot(nm), before);
  } finally {
    await ctx.close();
  }
});
