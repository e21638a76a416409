/**
 * An npm workspaces root given as a folder spec (issue 13 B3). npm and pnpm link the workspace
 * packages when installing in that folder; installed as a folder package, only the (usually
 * private, empty) root would land in the env. ssdp links no workspaces, so it refuses clearly:
 * E_WORKSPACE_ROOT naming the package.json and the workspace folders to ask for instead, and
 * nothing is created. Those folders install as usual.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPackage } from '../helpers/git-repo.js';
import { pkg, setup } from './helpers.js';

function monorepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mono', version: '1.0.0', private: true, workspaces: ['packages/*'], devDependencies: { leaf: '^1' } }));
  folderPackage(join(dir, 'packages', 'a'), '@mono/a', '1.0.0', { dependencies: { leaf: '^1' } });
  folderPackage(join(dir, 'packages', 'b'), '@mono/b', '1.0.0');
  mkdirSync(join(dir, 'packages', 'notes')); // no package.json: not a workspace package
}

test('a workspaces root as a folder spec is E_WORKSPACE_ROOT naming its package.json and the workspace folders; nothing is created', async () => {
  const ctx = await setup([pkg('leaf', '1.0.0')]);
  try {
    monorepo(join(ctx.dir, 'mono'));
    let r = await ctx.cli(['env', 'create', '-n', 'E', './mono'], { cwd: ctx.dir });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /E_WORKSPACE_ROOT/);
    assert.ok(r.stderr.includes(join(ctx.dir, 'mono', 'package.json')), r.stderr);
    assert.match(r.stderr, /\.\/mono\/packages\/a \.\/mono\/packages\/b\b/);
    assert.doesNotMatch(r.stderr, /packages\/notes/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack');
    assert.ok(!existsSync(join(ctx.root, 'envs', 'E')), 'no env was created');

    // The same root named in a spec file (yarn's { packages: [...] } form) is refused the same way.
    writeFileSync(join(ctx.dir, 'mono', 'package.json'), JSON.stringify({ name: 'mono', version: '1.0.0', private: true, workspaces: { packages: ['packages/a'] } }));
    const spec = ctx.spec('mono.yaml', 'name: M\ndependencies:\n  - ./mono\n');
    r = await ctx.cli(['env', 'create', '-f', spec], { cwd: ctx.dir });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /E_WORKSPACE_ROOT/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'M')), 'no env was created');

    // What the hint says to do works: the workspace folders install as folder packages.
    r = await ctx.cli(['env', 'create', '-n', 'E', './mono/packages/a', './mono/packages/b'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', '-n', 'E', '--', 'node', '-p', 'require("@mono/a") + " " + require("@mono/b") + " " + require("leaf")']);
    assert.equal(r.stdout.trim(), '@mono/a@1.0.0 @mono/b@1.0.0 leaf@1.0.0', r.stderr);
  } finally {
    await ctx.close();
  }
});
