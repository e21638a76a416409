/**
 * Git specs as npm reads them, on repositories made here: a full and a short commit, #semver:,
 * a branch (which `update` moves), git+https:// and the GitHub forms (github:u/r, u/r) mapped by
 * git's url.insteadOf to a local repository, so nothing leaves the machine. The lock records the
 * commit and the URL npm would record; remove and export treat a git package like any other.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitVersion, folderPackage, git, gitConfig, gitUrlRewrites, initRepo } from '../helpers/git-repo.js';
import { pkg, setup, type Ctx } from './helpers.js';

const installed = (root: string, env: string, name: string) => readFileSync(join(root, 'envs', env, 'lib', 'node_modules', name, 'index.js'), 'utf8');

async function lockOf(ctx: Ctx, env: string, extra: NodeJS.ProcessEnv = {}): Promise<{ requested: string[]; packages: Array<{ name: string; resolved: string; integrity: string }> }> {
  const r = await ctx.cli(['env', 'export', '-n', env, '--lock'], { env: extra });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('git refs: full and short commit, #semver:^1.2 and a branch each install their commit and the lock records it; install of another package keeps the commit, update moves the branch; export writes the spec back and recreates', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const c10 = commitVersion(repo, 'gitpkg', '1.0.0', {}, 'v1.0.0');
    const c12 = commitVersion(repo, 'gitpkg', '1.2.0', {}, 'v1.2.0');
    const c13 = commitVersion(repo, 'gitpkg', '1.3.0', {}, 'v1.3.0');
    commitVersion(repo, 'gitpkg', '2.0.0', {}, 'v2.0.0');
    git(repo, 'checkout', '-q', '-b', 'dev', c10);
    const d1 = commitVersion(repo, 'gitpkg', '1.1.0-dev.1');
    git(repo, 'checkout', '-q', 'main');
    const url = `git+file://${repo}`;
    const cases: Array<[string, string, string, string]> = [
      ['full', `#${c12}`, '1.2.0', c12],
      ['short', `#${c12.slice(0, 7)}`, '1.2.0', c12],
      ['semver', '#semver:^1.2', '1.3.0', c13],
      ['branch', '#dev', '1.1.0-dev.1', d1],
    ];
    for (const [env, ref, version, sha] of cases) {
      const trace = join(ctx.dir, `${env}.git-trace`);
      const r = await ctx.cli(['env', 'create', '-n', env, `${url}${ref}`], { env: { GIT_TRACE: trace } });
      assert.equal(r.status, 0, `${ref}: ${r.stderr}`);
      // One clone of the commit (a short commit no ref names: pacote clones once to find it), and no
      // git submodule run, the repository having no .gitmodules: git's own log of what it ran.
      const ran = readFileSync(trace, 'utf8');
      assert.equal(ran.match(/built-in: git clone /g)?.length, env === 'short' ? 2 : 1, `${ref}:\n${ran}`);
      assert.doesNotMatch(ran, /submodule/, ref);
      assert.equal(installed(ctx.root, env, 'gitpkg'), `module.exports = "gitpkg@${version}";\n`, ref);
      const entry = (await lockOf(ctx, env)).packages.find((p) => p.name === 'gitpkg')!;
      assert.equal(entry.resolved, `${url}#${sha}`, ref);
      assert.match(entry.integrity, /^sha512-/);
    }

    // The branch moves: installing something else keeps the locked commit, update resolves the ref again.
    git(repo, 'checkout', '-q', 'dev');
    const d2 = commitVersion(repo, 'gitpkg', '1.1.0-dev.2');
    git(repo, 'checkout', '-q', 'main');
    ctx.reg.add(pkg('other', '1.0.0'));
    let r = await ctx.cli(['install', '-n', 'branch', 'other']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'branch', 'gitpkg'), 'module.exports = "gitpkg@1.1.0-dev.1";\n');
    assert.equal((await lockOf(ctx, 'branch')).packages.find((p) => p.name === 'gitpkg')!.resolved, `${url}#${d1}`);
    r = await ctx.cli(['update', '-n', 'branch', 'gitpkg']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'branch', 'gitpkg'), 'module.exports = "gitpkg@1.1.0-dev.2";\n');
    assert.equal((await lockOf(ctx, 'branch')).packages.find((p) => p.name === 'gitpkg')!.resolved, `${url}#${d2}`);
    // update with the same repository at another ref replaces the request instead of adding one.
    r = await ctx.cli(['update', '-n', 'branch', `${url}#v1.0.0`]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'branch', 'gitpkg'), 'module.exports = "gitpkg@1.0.0";\n');
    assert.deepEqual((await lockOf(ctx, 'branch')).requested, [`${url}#v1.0.0`, 'other'].sort());

    // EX1: export pins the ref to the locked commit, as it pins a registry package to its version,
    // so a newer matching tag made since recreates what is installed; --from-history keeps the ref as written.
    r = await ctx.cli(['env', 'export', '-n', 'semver']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`- ${url}#${c13}\n`), r.stdout);
    const yaml = ctx.spec('exported.yaml', r.stdout);
    commitVersion(repo, 'gitpkg', '1.4.0', {}, 'v1.4.0');
    r = await ctx.cli(['env', 'create', '-n', 'again', '-f', yaml]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'again', 'gitpkg'), 'module.exports = "gitpkg@1.3.0";\n');
    r = await ctx.cli(['env', 'export', '-n', 'semver', '--from-history']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`- ${url}#semver:^1.2`), r.stdout);
  } finally {
    await ctx.close();
  }
});

test('a git repository with a submodule: its files are in the package, fetched by the one clone\'s submodule update', async () => {
  const ctx = await setup([]);
  try {
    const lib = initRepo(join(ctx.dir, 'lib'));
    writeFileSync(join(lib, 'x.js'), 'module.exports = "from the submodule";\n');
    git(lib, 'add', 'x.js');
    git(lib, 'commit', '-q', '-m', 'x');
    const repo = initRepo(join(ctx.dir, 'repo'));
    // git refuses file:// submodules unless allowed (CVE-2022-39253): allowed here and for the CLI's git.
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', `file://${lib}`, 'vendor');
    commitVersion(repo, 'subpkg', '1.0.0', { files: ['index.js', 'vendor/x.js'] }, 'v1');
    const trace = join(ctx.dir, 'git-trace');
    const r = await ctx.cli(['env', 'create', '-n', 'e', `git+file://${repo}#v1`], { env: { ...gitConfig([['protocol.file.allow', 'always']]), GIT_TRACE: trace } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(ctx.root, 'envs', 'e', 'lib', 'node_modules', 'subpkg', 'vendor', 'x.js'), 'utf8'), 'module.exports = "from the submodule";\n');
    const ran = readFileSync(trace, 'utf8');
    assert.equal(ran.match(/built-in: git clone /g)?.length, 2, `the package's clone and its submodule's:\n${ran}`);
    assert.equal(ran.match(/trace: exec: git-submodule update/g)?.length, 1, ran);
  } finally {
    await ctx.close();
  }
});

test('remove of a package added as ./local or from git, by its name or its spec; removing another package keeps them', async () => {
  const ctx = await setup([pkg('dep', '1.0.0')]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    commitVersion(repo, 'gitpkg', '1.0.0', {}, 'v1');
    folderPackage(join(ctx.dir, 'work', 'local'), 'localpkg', '0.1.0');
    const work = join(ctx.dir, 'work');
    // s18 try13v V6: a folder or git package with no "version" (a private monorepo package) installs, as with npm (locked as 0.0.0).
    folderPackage(join(work, 'nov'), 'nov', '0.0.0', { version: undefined, private: true });
    const novRepo = initRepo(join(ctx.dir, 'novrepo'));
    commitVersion(novRepo, 'gnov', '0.0.0', { version: undefined });
    let r = await ctx.cli(['env', 'create', '-n', 'e', './local', `git+file://${repo}#v1`, 'dep', './nov', `git+file://${novRepo}`], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    const nm = join(ctx.root, 'envs', 'e', 'lib', 'node_modules');
    assert.deepEqual((await lockOf(ctx, 'e')).packages.filter((p) => /nov/.test(p.name)).map((p) => [p.name, (p as { version?: string }).version]), [['gnov', '0.0.0'], ['nov', '0.0.0']]);
    // s18 try13v V2: list marks the packages of git and folder requests as requested, as the lock does.
    r = await ctx.cli(['list', '-n', 'e', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Array<{ name: string; requested: boolean }>).filter((p) => p.requested).map((p) => p.name).sort(), ['dep', 'gitpkg', 'gnov', 'localpkg', 'nov']);
    r = await ctx.cli(['remove', '-n', 'e', 'dep']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(nm, 'dep')));
    for (const n of ['localpkg', 'gitpkg', 'nov', 'gnov']) assert.ok(existsSync(join(nm, n, 'index.js')), `the source package ${n} stays`);
    r = await ctx.cli(['remove', '-n', 'e', 'localpkg', 'nov', 'gnov']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(nm, 'localpkg')) && !existsSync(join(nm, 'nov')) && !existsSync(join(nm, 'gnov')));
    r = await ctx.cli(['remove', '-n', 'e', `git+file://${repo}#v1`]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(nm, 'gitpkg')));
    assert.deepEqual((await lockOf(ctx, 'e')).requested, []);
    // Added again with install, then removed by the spec as typed (relative to the cwd).
    r = await ctx.cli(['install', '-n', 'e', './local'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(nm, 'localpkg', 'index.js')));
    r = await ctx.cli(['remove', '-n', 'e', './local'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(join(nm, 'localpkg')));
  } finally {
    await ctx.close();
  }
});

test('git+https:// and the GitHub forms (github:u/r#ref, u/r) map to the URLs npm uses; git reads them from a local repository through url.insteadOf, the host archive is never reached', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const sha = commitVersion(repo, 'ghpkg', '1.0.0', {}, 'v1.0.0');
    const main = commitVersion(repo, 'ghpkg', '1.1.0');
    // Every URL npm derives for these specs is served by the local repository; pacote's download of
    // GitHub's archive (codeload.github.com) goes to a closed local proxy port and fails there.
    const env = {
      ...gitUrlRewrites([
        ['https://git.example.test/team/ghpkg.git', `file://${repo}`],
        ['https://github.com/someone/ghpkg.git', `file://${repo}`],
        ['https://github.com/someone/ghpkg', `file://${repo}`],
        ['ssh://git@github.com/someone/ghpkg.git', `file://${repo}`],
      ]),
      https_proxy: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1', // the test registry, reached directly as npm would
    };
    const cases: Array<[string, string, string, string]> = [
      ['https', 'git+https://git.example.test/team/ghpkg.git#v1.0.0', `git+https://git.example.test/team/ghpkg.git#${sha}`, '1.0.0'],
      ['gh', 'github:someone/ghpkg#v1.0.0', `git+ssh://git@github.com/someone/ghpkg.git#${sha}`, '1.0.0'],
      ['short', 'someone/ghpkg', `git+ssh://git@github.com/someone/ghpkg.git#${main}`, '1.1.0'],
      // npm reads a GitHub https URL without git+ as that repository: the same lock as github:, one
      // clone (it took pacote's manifest and tarball path, two clones, failing here: s18 try13v).
      ['url', 'https://github.com/someone/ghpkg#v1.0.0', `git+ssh://git@github.com/someone/ghpkg.git#${sha}`, '1.0.0'],
    ];
    const packages: Record<string, unknown> = {};
    for (const [name, spec, resolved, version] of cases) {
      const trace = join(ctx.dir, `${name}.git-trace`);
      const r = await ctx.cli(['env', 'create', '-n', name, spec], { env: { ...env, GIT_TRACE: trace } });
      assert.equal(r.status, 0, `${spec}: ${r.stderr}`);
      if (name === 'gh' || name === 'url') assert.equal(readFileSync(trace, 'utf8').match(/built-in: git clone /g)?.length, 1, spec);
      assert.equal(installed(ctx.root, name, 'ghpkg'), `module.exports = "ghpkg@${version}";\n`, spec);
      const lock = await lockOf(ctx, name, env);
      packages[name] = lock.packages;
      assert.equal(lock.packages[0]!.resolved, resolved, spec);
      assert.deepEqual(lock.requested, [spec]);
      // The lock re-creates on a fresh root: its requests name that repository in whichever form.
      const file = join(ctx.dir, `${name}.lock.json`);
      writeFileSync(file, JSON.stringify(lock));
      const again = await ctx.cli(['env', 'create', '-n', name, '-f', file], { env: { ...env, SSDP_ROOT: join(ctx.dir, 'root2') } });
      assert.equal(again.status, 0, `${spec} from the lock: ${again.stderr}`);
      assert.equal(installed(join(ctx.dir, 'root2'), name, 'ghpkg'), `module.exports = "ghpkg@${version}";\n`);
    }
    assert.deepEqual(packages.url, packages.gh);
  } finally {
    await ctx.close();
  }
});

test('GS1: a git spec #REF::path:DIR installs the package in that folder of the repository, as npm does; the lock records the commit with the folder and re-creates it; a .. out of the repository is refused', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    folderPackage(join(repo, 'packages', 'sub'), 'gsub', '0.1.0');
    const sha = commitVersion(repo, 'gpkg', '1.0.0', {}, 'v1.0.0');
    // Later commits change both packages: the lock's commit is what re-creates.
    folderPackage(join(repo, 'packages', 'sub'), 'gsub', '0.2.0');
    commitVersion(repo, 'gpkg', '2.0.0');
    // github: through git (the host's archive port is closed), so the clone fallback is taken too.
    const env = {
      ...gitUrlRewrites([
        ['https://github.com/someone/mono.git', `file://${repo}`],
        ['ssh://git@github.com/someone/mono.git', `file://${repo}`],
        ['git@git.example.com:someone/mono.git', `file://${repo}`],
      ]),
      https_proxy: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1', // the test registry, reached directly as npm would
    };
    const cases: Array<[string, string, string]> = [
      ['file', `git+file://${repo}#v1.0.0::path:packages/sub`, `git+file://${repo}#${sha}::path:packages/sub`],
      ['gh', 'github:someone/mono#v1.0.0::path:packages/sub', `git+ssh://git@github.com/someone/mono.git#${sha}::path:packages/sub`],
      // s18 try13v V7: the scp-like URL of a host's Clone-with-SSH button, read as npm reads it.
      ['scp', 'git@git.example.com:someone/mono.git#v1.0.0::path:packages/sub', `git+ssh://git@git.example.com:someone/mono.git#${sha}::path:packages/sub`],
    ];
    for (const [name, spec, resolved] of cases) {
      const r = await ctx.cli(['env', 'create', '-n', name, spec], { env });
      assert.equal(r.status, 0, `${spec}: ${r.stderr}`);
      assert.equal(installed(ctx.root, name, 'gsub'), 'module.exports = "gsub@0.1.0";\n', spec);
      assert.ok(!existsSync(join(ctx.root, 'envs', name, 'lib', 'node_modules', 'gpkg')), 'the repository\'s top package is not installed');
      const lock = await lockOf(ctx, name, env);
      assert.deepEqual(lock.packages.map((p) => [p.name, p.resolved]), [['gsub', resolved]], spec);
      const file = join(ctx.dir, `${name}.lock.json`);
      writeFileSync(file, JSON.stringify(lock));
      const again = await ctx.cli(['env', 'create', '-n', name, '-f', file], { env: { ...env, SSDP_ROOT: join(ctx.dir, 'root2') } });
      assert.equal(again.status, 0, `${spec} from the lock: ${again.stderr}`);
      assert.equal(installed(join(ctx.dir, 'root2'), name, 'gsub'), 'module.exports = "gsub@0.1.0";\n');
      // The export pins the commit and keeps the folder.
      const exported = await ctx.cli(['env', 'export', '-n', name], { env });
      assert.equal(exported.status, 0, exported.stderr);
      assert.ok(exported.stdout.includes(`- ${spec.replace('#v1.0.0', `#${sha}`)}\n`), exported.stdout);
    }
    // s18 try13v V10, V1: the top package and a subfolder package of one repository are two requests.
    // Installing another package kept gsub at gpkg's locked commit (its folder then held gpkg), update of
    // gpkg's ref replaced gsub's request, and a remove of either removed both.
    ctx.reg.add(pkg('other', '1.0.0'));
    const top = `git+file://${repo}#v1.0.0`;
    let r = await ctx.cli(['env', 'create', '-n', 'both', top, `git+file://${repo}#v1.0.0::path:packages/sub`]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'both', 'other']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'both', 'gsub'), 'module.exports = "gsub@0.1.0";\n');
    const both = (await lockOf(ctx, 'both')).packages.map((p) => [p.name, p.resolved]).filter(([n]) => n !== 'other');
    assert.deepEqual(both, [['gpkg', `git+file://${repo}#${sha}`], ['gsub', `git+file://${repo}#${sha}::path:packages/sub`]]);
    r = await ctx.cli(['update', '-n', 'both', `git+file://${repo}#main`]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'both', 'gpkg'), 'module.exports = "gpkg@2.0.0";\n');
    assert.equal(installed(ctx.root, 'both', 'gsub'), 'module.exports = "gsub@0.1.0";\n');
    r = await ctx.cli(['remove', '-n', 'both', 'gpkg']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installed(ctx.root, 'both', 'gsub'), 'module.exports = "gsub@0.1.0";\n');
    assert.ok(!existsSync(join(ctx.root, 'envs', 'both', 'lib', 'node_modules', 'gpkg')));
    r = await ctx.cli(['remove', '-n', 'both', 'gsub']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((await lockOf(ctx, 'both')).packages.map((p) => p.name), ['other']);

    const out = await ctx.cli(['env', 'create', '-n', 'out', `git+file://${repo}#v1.0.0::path:packages/../../x`]);
    assert.equal(out.status, 1);
    assert.match(out.stderr, /E_BAD_SOURCE_SPEC.*packages\/\.\.\/\.\.\/x/);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'out')));
  } finally {
    await ctx.close();
  }
});
