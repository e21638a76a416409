/**
 * An npm workspaces root given as a folder spec (issue 13 B3): the env gets what `npm install` in
 * that folder installs: each workspace package (a sibling asked for by version range is the
 * sibling's folder, as npm links it) and the root's dependencies and devDependencies, not the
 * root itself. The env's requests name each workspace folder, so list, export, remove and update
 * work on them as on folders named by hand. An aliased root names one package: E_WORKSPACE_ROOT.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPackage } from '../helpers/git-repo.js';
import { pkg, setup } from './helpers.js';

function monorepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mono', version: '1.0.0', private: true, workspaces: ['packages/*', 'tools/**', '!packages/skip'], devDependencies: { tool: '^1', '@mono/b': '*' } }));
  // a asks for its sibling by version range, as npm workspaces do.
  folderPackage(join(dir, 'packages', 'a'), '@mono/a', '1.0.0', { dependencies: { leaf: '^1', '@mono/b': '^1.0.0' } });
  writeFileSync(join(dir, 'packages', 'a', 'index.js'), 'module.exports = "a+" + require("@mono/b") + "+" + require("leaf");\n');
  folderPackage(join(dir, 'packages', 'b'), '@mono/b', '1.0.0');
  folderPackage(join(dir, 'packages', 'skip'), '@mono/skip', '1.0.0');
  folderPackage(join(dir, 'tools', 'deep', 'c'), 'mono-c', '1.0.0');
  mkdirSync(join(dir, 'packages', 'notes')); // no package.json: not a workspace package
  folderPackage(join(dir, 'packages', 'b', 'node_modules', 'x'), 'not-a-workspace', '1.0.0');
}

const ALL = 'require("@mono/a") + " " + require("mono-c") + " " + require("tool")';

test('B3: a workspaces root as a folder spec installs its workspace packages and its root\'s dependencies, as npm install in that folder; list, remove, update and export name each workspace', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0'), pkg('tool', '1.0.0'), pkg('tool', '1.1.0')]);
  try {
    const mono = join(ctx.dir, 'mono');
    monorepo(mono);
    let r = await ctx.cli(['env', 'create', '-n', 'E', './mono'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', ALL]);
    assert.equal(r.stdout.trim(), 'a+@mono/b@1.0.0+leaf@1.0.0 mono-c@1.0.0 tool@1.1.0', r.stderr);
    const modules = join(ctx.root, 'envs', 'E', 'lib', 'node_modules');
    assert.ok(!existsSync(join(modules, 'mono')), 'the root is no package of the env, as npm install there puts none');
    assert.ok(!existsSync(join(modules, '@mono', 'skip')), 'a ! pattern leaves a folder out');
    assert.ok(!existsSync(join(modules, 'not-a-workspace')), 'node_modules is never searched');

    r = await ctx.cli(['list', '-n', 'E']);
    for (const name of ['@mono/a', '@mono/b', 'mono-c', 'tool']) assert.match(r.stdout, new RegExp(`^${name.replace('/', '\\/')}\\s+\\S+\\s+\\(requested\\)`, 'm'), r.stdout);

    // Each workspace is a request of its own: remove one, the others stay.
    r = await ctx.cli(['remove', '-n', 'E', 'mono-c']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(modules, 'mono-c')));
    assert.ok(existsSync(join(modules, '@mono', 'a')));

    // A new workspace and an edited one: installing the root again brings both, as npm install does.
    folderPackage(join(mono, 'packages', 'd'), '@mono/d', '1.0.0');
    folderPackage(join(mono, 'packages', 'b'), '@mono/b', '1.0.1');
    r = await ctx.cli(['install', '-n', 'E', './mono'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', `${ALL} + " " + require("@mono/d")`]);
    assert.equal(r.stdout.trim(), 'a+@mono/b@1.0.1+leaf@1.0.0 mono-c@1.0.0 tool@1.1.0 @mono/d@1.0.0', r.stderr);

    // The export names the workspace folders, relative as written; it recreates the env elsewhere.
    const out = join(ctx.dir, 'env.yaml');
    r = await ctx.cli(['env', 'export', '-n', 'E', '--from-history', '-f', out]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'F', '-f', out]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'F', '--', 'node', '-p', ALL]);
    assert.equal(r.stdout.trim(), 'a+@mono/b@1.0.1+leaf@1.0.0 mono-c@1.0.0 tool@1.1.0', r.stderr);

    // update and remove take the root as well: update packs its workspaces again; remove takes
    // out what it added (its workspaces and its root's tools), and a request of the user's stays.
    folderPackage(join(mono, 'packages', 'b'), '@mono/b', '1.0.2');
    r = await ctx.cli(['update', '-n', 'E', './mono'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', 'require("@mono/b")']);
    assert.equal(r.stdout.trim(), '@mono/b@1.0.2', r.stderr);
    r = await ctx.cli(['install', '-n', 'E', 'leaf']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['remove', '-n', 'E', './mono'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['list', '-n', 'E']);
    assert.match(r.stdout, /^leaf\s+1\.0\.0\s+\(requested\)$/m);
    assert.doesNotMatch(r.stdout, /@mono|mono-c|^tool/m);
  } finally {
    await ctx.close();
  }
});

test('B3: a workspaces root in a spec file (yarn\'s { packages: [...] } form too), relative to the spec file, installs the same way', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0'), pkg('tool', '1.0.0')]);
  try {
    const mono = join(ctx.dir, 'proj', 'mono');
    monorepo(mono);
    writeFileSync(join(mono, 'package.json'), JSON.stringify({ name: 'mono', version: '1.0.0', private: true, workspaces: { packages: ['packages/a', 'packages/b'] }, dependencies: { tool: '1.0.0' } }));
    const spec = join(ctx.dir, 'proj', 'env.yaml');
    writeFileSync(spec, 'name: M\ndependencies:\n  - ./mono\n');
    let r = await ctx.cli(['env', 'create', '-f', spec], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'M', '--', 'node', '-p', 'require("@mono/a") + " " + require("tool")']);
    assert.equal(r.stdout.trim(), 'a+@mono/b@1.0.0+leaf@1.0.0 tool@1.0.0', r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'M', 'lib', 'node_modules', 'mono-c')), 'only the listed workspaces');
  } finally {
    await ctx.close();
  }
});

test('B3: an aliased workspaces root, and a root whose patterns match no package, are E_WORKSPACE_ROOT saying what to write; nothing is created', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0'), pkg('tool', '1.0.0')]);
  try {
    monorepo(join(ctx.dir, 'mono'));
    let r = await ctx.cli(['env', 'create', '-n', 'E', 'x@./mono'], { cwd: ctx.dir });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /E_WORKSPACE_ROOT/);
    assert.match(r.stderr, /under the alias x/);
    assert.match(r.stderr, /without an alias \(ssdp install -n ENV \.\/mono\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack');
    assert.ok(!existsSync(join(ctx.root, 'envs', 'E')), 'no env was created');

    mkdirSync(join(ctx.dir, 'empty'));
    writeFileSync(join(ctx.dir, 'empty', 'package.json'), JSON.stringify({ name: 'empty', private: true, workspaces: ['packages/*'] }));
    r = await ctx.cli(['env', 'create', '-n', 'E', './empty'], { cwd: ctx.dir });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /E_WORKSPACE_ROOT/);
    assert.ok(r.stderr.includes(join(ctx.dir, 'empty', 'package.json')), r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'E')), 'no env was created');
  } finally {
    await ctx.close();
  }
});

test('G1: a workspace with a "workspaces" field of its own is one package, as npm install in the root installs it (npm has no nested workspaces); also named by hand; export recreates the same', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0')]);
  try {
    const mono = join(ctx.dir, 'mono');
    writeFileSync(join(folderPackage(join(mono, 'packages', 'nested'), '@mono/nested', '1.0.0', { workspaces: ['sub/*'] }), 'index.js'), 'module.exports = "nested";\n');
    writeFileSync(join(mono, 'package.json'), JSON.stringify({ name: 'mono-root', private: true, workspaces: ['packages/*'] }));
    folderPackage(join(mono, 'packages', 'a'), '@mono/a', '1.0.0');
    folderPackage(join(mono, 'packages', 'nested', 'sub', 'd'), '@mono/d', '1.0.0');
    let r = await ctx.cli(['env', 'create', '-n', 'E', './mono'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', 'require("@mono/a") + " " + require("@mono/nested")']);
    assert.equal(r.stdout.trim(), '@mono/a@1.0.0 nested', r.stderr);
    const modules = join(ctx.root, 'envs', 'E', 'lib', 'node_modules');
    assert.ok(!existsSync(join(modules, '@mono', 'd')), 'the nested workspaces field is not expanded, as npm ignores it');
    // Named by hand (plain or aliased), the workspace is that one package too, as npm installs it.
    r = await ctx.cli(['env', 'create', '-n', 'F', './mono/packages/nested', 'al@./mono/packages/nested'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'F', '--', 'node', '-p', 'require("@mono/nested") + " " + require("al")']);
    assert.equal(r.stdout.trim(), 'nested nested', r.stderr);
    const out = join(ctx.dir, 'e.yaml');
    r = await ctx.cli(['env', 'export', '-n', 'E', '--from-history', '-f', out]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'G', '-f', out]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['list', '-n', 'G']);
    assert.match(r.stdout, /@mono\/nested/);
    assert.doesNotMatch(r.stdout, /@mono\/d\b/);
  } finally {
    await ctx.close();
  }
});

test('G2: removing a folder package that a staying package needs by range is E_PACKAGE_NEEDED naming who needs it, not a "hostile registry"; nothing changes; removing both works', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0')]);
  try {
    const mono = join(ctx.dir, 'mono');
    writeFileSync(join(folderPackage(mono, 'mono-root', '1.0.0'), 'package.json'), JSON.stringify({ name: 'mono-root', private: true, workspaces: ['packages/*'] }));
    folderPackage(join(mono, 'packages', 'a'), '@mono/a', '1.0.0', { dependencies: { '@mono/b': '^1.0.0' } });
    folderPackage(join(mono, 'packages', 'b'), '@mono/b', '1.2.0');
    for (const [env, made, removed] of [
      ['F', ['./mono/packages/a', './mono/packages/b'], ['./mono/packages/b']],
      ['W', ['./mono'], ['@mono/b']],
      ['A', ['./mono', 'a1@./mono/packages/a'], ['./mono']],
    ] as const) {
      let r = await ctx.cli(['env', 'create', '-n', env, ...made], { cwd: ctx.dir });
      assert.equal(r.status, 0, r.stderr);
      r = await ctx.cli(['remove', '-n', env, ...removed], { cwd: ctx.dir });
      assert.notEqual(r.status, 0, r.stdout);
      assert.match(r.stderr, /E_PACKAGE_NEEDED/, `${env}: ${r.stderr}`);
      assert.match(r.stderr, /'@mono\/b' came from .*packages\/b and is still needed by (@mono\/a|a1 \(@mono\/a\))@1\.0\.0 \(@mono\/b \^1\.0\.0\)/);
      assert.doesNotMatch(r.stderr, /hostile|E_LOCK_UNTRUSTED_HOST/);
      r = await ctx.cli(['run', '-n', env, '--', 'node', '-p', 'require("@mono/b")']);
      assert.equal(r.stdout.trim(), '@mono/b@1.2.0', 'nothing was changed');
    }
    const r = await ctx.cli(['remove', '-n', 'F', '@mono/b', '@mono/a']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});
