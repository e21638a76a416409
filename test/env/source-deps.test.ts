/**
 * Source specs below the top level and git dependencies that npm prepares: a registry package
 * whose own dependencies are a git repository and a tarball URL (resolved through pacote, locked,
 * recreated from the lock byte for byte), and a git package with a prepare script, refused
 * unless its name is allowed to run scripts, and installed prepared when it is.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackageTarball } from '../helpers/tarball.js';
import { commitVersion, git, initRepo } from '../helpers/git-repo.js';
import { pkg, setup, snapshot } from './helpers.js';

test('a registry package depending on a git repository and a tarball URL: resolved through pacote, in the lock, recreated from the lock byte-identical', async () => {
  const files = createServer((_q, s) => s.end(buildPackageTarball({ name: 'tardep', version: '3.0.0' }, { 'index.js': 'module.exports = "tardep@3.0.0";\n' })));
  await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
  const tarUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/tardep-3.0.0.tgz`;
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const sha = commitVersion(repo, 'gitdep', '2.0.0', { dependencies: { leaf: '^1' } }, 'v2');
    ctx.reg.add(pkg('leaf', '1.4.0'));
    ctx.reg.add(pkg('app', '1.0.0', { dependencies: { gitdep: `git+file://${repo}#v2`, tardep: tarUrl } }));
    ctx.reg.add(pkg('badapp', '1.0.0', { dependencies: { near: 'file:../near' } }));
    let r = await ctx.cli(['env', 'create', '-n', 'd', 'app']);
    assert.equal(r.status, 0, r.stderr);
    const nm = join(ctx.root, 'envs', 'd', 'lib', 'node_modules');
    assert.equal(readFileSync(join(nm, 'gitdep', 'index.js'), 'utf8'), 'module.exports = "gitdep@2.0.0";\n');
    assert.equal(readFileSync(join(nm, 'tardep', 'index.js'), 'utf8'), 'module.exports = "tardep@3.0.0";\n');
    assert.equal(readFileSync(join(nm, 'leaf', 'index.js'), 'utf8'), 'module.exports = "leaf@1.4.0";\n', "the git dependency's own registry dependency");
    const lockFile = join(ctx.dir, 'd.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'd', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(lockFile, 'utf8');
    const lock = JSON.parse(text);
    const entry = (n: string) => lock.packages.find((p: { name: string }) => p.name === n);
    assert.equal(entry('gitdep').resolved, `git+file://${repo}#${sha}`);
    assert.match(entry('gitdep').integrity, /^sha512-/);
    assert.equal(entry('tardep').resolved, tarUrl);
    assert.match(entry('tardep').integrity, /^sha512-/);

    // On a fresh root the lock packs the commit and downloads the URL again: same tree, same lock bytes.
    const root2 = join(ctx.dir, 'root2');
    r = await ctx.cli(['env', 'create', '-n', 'd2', '-f', lockFile], { env: { SSDP_ROOT: root2 } });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'export', '-n', 'd2', '--lock'], { env: { SSDP_ROOT: root2 } });
    assert.equal(r.stdout, text);
    assert.deepEqual(snapshot(join(root2, 'envs', 'd2', 'lib', 'node_modules')), snapshot(nm));

    // A lock whose git entry no package's dependency (nor request) names is refused before anything is read.
    const forged = JSON.parse(text);
    forged.packages.find((p: { name: string }) => p.name === 'app').dependencies.gitdep = '^2';
    writeFileSync(join(ctx.dir, 'forged.json'), JSON.stringify(forged));
    r = await ctx.cli(['env', 'create', '-n', 'f', '-f', join(ctx.dir, 'forged.json')], { env: { SSDP_ROOT: join(ctx.dir, 'root3') } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /E_LOCK_UNTRUSTED_HOST[^\n]*gitdep@2\.0\.0/);

    // A published package pointing at a path on its author's disk: a coded error naming both.
    r = await ctx.cli(['env', 'create', '-n', 'bad', 'badapp']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_BAD_SOURCE_SPEC\][^\n]*badapp@1\.0\.0 depends on near@file:\.\.\/near/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'bad')));
  } finally {
    files.close();
    await ctx.close();
  }
});

test('a git dependency with a prepare script: refused naming the package and --allow-scripts; allowed, the prepared files are installed and the lock recreates them; install scripts alone are skipped as usual', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const prepare = `node -e "require('fs').writeFileSync('built.js', 'module.exports = ' + JSON.stringify('built by prepare') + ';\\n')"`;
    commitVersion(repo, 'preppkg', '1.0.0', { main: 'built.js', scripts: { prepare } }, 'v1');
    const spec = `git+file://${repo}#v1`;
    ctx.reg.add(pkg('wrapper', '1.0.0', { dependencies: { preppkg: spec } }));

    let r = await ctx.cli(['env', 'create', '-n', 'p', spec]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_SCRIPT_NOT_ALLOWED\][^\n]*preppkg[^\n]*prepare/);
    assert.match(r.stderr, /--allow-scripts preppkg/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'p')));
    // The same as a registry package's dependency.
    r = await ctx.cli(['env', 'create', '-n', 'w', 'wrapper']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_SCRIPT_NOT_ALLOWED\][^\n]*preppkg/);
    assert.match(r.stderr, /--allow-scripts preppkg/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'w')));

    r = await ctx.cli(['env', 'create', '-n', 'p', '--allow-scripts', 'preppkg', spec]);
    assert.equal(r.status, 0, r.stderr);
    const built = join(ctx.root, 'envs', 'p', 'lib', 'node_modules', 'preppkg', 'built.js');
    assert.equal(readFileSync(built, 'utf8'), 'module.exports = "built by prepare";\n');
    r = await ctx.cli(['run', '-n', 'p', '--', 'node', '-p', 'require("preppkg")']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'built by prepare');

    // The lock carries the permission; on a fresh root the commit is prepared again to the same bytes.
    const lockFile = join(ctx.dir, 'p.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'p', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'create', '-n', 'p2', '-f', lockFile], { env: { SSDP_ROOT: join(ctx.dir, 'root2') } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(ctx.dir, 'root2', 'envs', 'p2', 'lib', 'node_modules', 'preppkg', 'built.js'), 'utf8'), 'module.exports = "built by prepare";\n');

    // An allowed prepare that fails: the script's own words, a coded error, no env.
    git(repo, 'checkout', '-q', '-b', 'broken');
    commitVersion(repo, 'preppkg', '1.0.1', { main: 'built.js', scripts: { prepare: 'node -e "console.error(\'prepare says no\'); process.exit(3)"' } }, 'v1.0.1');
    r = await ctx.cli(['env', 'create', '-n', 'broken', '--allow-scripts', 'preppkg', `git+file://${repo}#v1.0.1`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_INSTALL_SCRIPT\]: preparing 'git\+file:[^\n]*#v1\.0\.1' failed[^\n]*prepare says no/, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'broken')));

    // U6 (tester s17 try13u): no npm on PATH (Debian's nodejs has none): said so, not blamed on the repository.
    git(repo, 'checkout', '-q', '-b', 'nonpm');
    commitVersion(repo, 'preppkg', '1.0.2', { main: 'built.js', scripts: { prepare } }, 'v1.0.2');
    const farm = join(ctx.dir, 'no-npm-bin');
    mkdirSync(farm);
    for (const n of readdirSync('/usr/bin')) if (n !== 'npm' && n !== 'npx') symlinkSync(join('/usr/bin', n), join(farm, n));
    if (!existsSync(join(farm, 'node'))) symlinkSync(process.execPath, join(farm, 'node'));
    r = await ctx.cli(['env', 'create', '-n', 'nonpm', '--allow-scripts', 'preppkg', `git+file://${repo}#v1.0.2`], { env: { PATH: farm } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_INSTALL_SCRIPT\]: preparing 'git\+file:[^\n]*#v1\.0\.2' needs npm, which is not on PATH/, r.stderr);
    assert.match(r.stderr, /install npm/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'nonpm')));

    // Install scripts alone are the install step's business: skipped with the usual warning, nothing run.
    const repo2 = initRepo(join(ctx.dir, 'repo2'));
    commitVersion(repo2, 'instpkg', '1.0.0', { scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'ran\', \'\')"' } }, 'v1');
    r = await ctx.cli(['env', 'create', '-n', 'i', `git+file://${repo2}#v1`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /skipped install script of instpkg; allow with --allow-scripts instpkg/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'i', 'lib', 'node_modules', 'instpkg', 'ran')));
  } finally {
    await ctx.close();
  }
});

test('DR1: --dry-run with an allowed git dependency runs no prepare script and says it would; the real create runs it', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const mark = join(ctx.dir, 'PREPARED');
    const prepare = `node -e "require('fs').appendFileSync(${JSON.stringify(mark).replace(/"/g, "'")}, 'x')"`;
    commitVersion(repo, 'gprep', '1.0.0', { scripts: { prepare } }, 'v1');
    const spec = `git+file://${repo}#v1`;
    let r = await ctx.cli(['env', 'create', '-n', 'dr', '--allow-scripts', 'gprep', '--dry-run', spec]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(mark), 'the dry run ran the prepare script');
    assert.match(r.stderr, /would run the prepare script of gprep/);
    assert.match(r.stdout + r.stderr, /gprep/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'dr')));
    r = await ctx.cli(['env', 'create', '-n', 'dr', '--allow-scripts', 'gprep', spec]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(mark), 'the real create prepares the package');
  } finally {
    await ctx.close();
  }
});
