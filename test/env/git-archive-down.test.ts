/**
 * GitHub's archive server (codeload) unreachable, as behind a firewall that lets git through:
 * pacote reads a hosted commit's package.json from that archive, so a spec with a full commit,
 * and an env's locked commit kept by `install`, failed there. Now an env whose lock holds the
 * commit asks neither git nor the host for it (the lock and the store have it), and a commit
 * that must be fetched is cloned, as create already did for the tarball. git reads the
 * "GitHub" repository from a local one through url.insteadOf; the archive goes to a closed port.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { entryDir } from '../../src/store/cas.js';
import { integrityKey } from '../../src/store/integrity.js';
import { commitVersion, gitUrlRewrites, initRepo } from '../helpers/git-repo.js';
import { pkg, setup, type Ctx } from './helpers.js';

// The archive server behind a proxy that is down; the test registry on 127.0.0.1 is reached
// directly, as npm would reach it (HTTPS_PROXY serves http URLs too, by npm's rules).
const ARCHIVE_DOWN = { https_proxy: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' };

/** git reads github.com/someone/ghpkg from `repo` (a missing folder: git cannot read it either). */
const gitFrom = (repo: string) => ({
  ...gitUrlRewrites([
    ['https://github.com/someone/ghpkg.git', `file://${repo}`],
    ['ssh://git@github.com/someone/ghpkg.git', `file://${repo}`],
  ]),
  ...ARCHIVE_DOWN,
});

async function lockOf(ctx: Ctx, env: string): Promise<{ packages: Array<{ name: string; resolved: string; integrity: string }> }> {
  const r = await ctx.cli(['env', 'export', '-n', env, '--lock']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const entry = (lock: { packages: Array<{ name: string; resolved: string; integrity: string }> }, name: string) => lock.packages.find((p) => p.name === name);

test('archive server unreachable: a full-commit GitHub spec is cloned; installing something else into an env with a locked GitHub commit needs neither git nor the host', async () => {
  const ctx = await setup([pkg('other', '1.0.0')]);
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    const sha = commitVersion(repo, 'ghpkg', '1.0.0', {}, 'v1.0.0');
    ctx.reg.add(pkg('wrapper', '1.0.0', { dependencies: { ghpkg: 'github:someone/ghpkg#v1.0.0' } }));
    const git = gitFrom(repo);
    const noGit = gitFrom(join(ctx.dir, 'no-such-repo'));
    const resolved = `git+ssh://git@github.com/someone/ghpkg.git#${sha}`;

    // Must fetch: pacote's manifest step goes to the archive for a full commit; git clones it instead.
    let r = await ctx.cli(['env', 'create', '-n', 'full', `github:someone/ghpkg#${sha}`], { env: git });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(ctx.root, 'envs', 'full', 'lib', 'node_modules', 'ghpkg', 'index.js'), 'utf8'), 'module.exports = "ghpkg@1.0.0";\n');
    assert.equal(entry(await lockOf(ctx, 'full'), 'ghpkg')!.resolved, resolved);

    // A requested GitHub ref: install of another package keeps the locked commit without any network.
    r = await ctx.cli(['env', 'create', '-n', 'gh', 'github:someone/ghpkg#v1.0.0'], { env: git });
    assert.equal(r.status, 0, r.stderr);
    const before = entry(await lockOf(ctx, 'gh'), 'ghpkg');
    r = await ctx.cli(['install', '-n', 'gh', 'other'], { env: noGit });
    assert.equal(r.status, 0, r.stderr);
    const after = await lockOf(ctx, 'gh');
    assert.deepEqual(entry(after, 'ghpkg'), before);
    assert.equal(entry(after, 'other')!.resolved.startsWith(ctx.reg.url), true);
    // ... and so does remove of it again.
    r = await ctx.cli(['remove', '-n', 'gh', 'other'], { env: noGit });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(entry(await lockOf(ctx, 'gh'), 'ghpkg'), before);

    // A registry package's GitHub dependency: the same.
    r = await ctx.cli(['env', 'create', '-n', 'dep', 'wrapper'], { env: git });
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['install', '-n', 'dep', 'other'], { env: noGit });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(entry(await lockOf(ctx, 'dep'), 'ghpkg')!.resolved, resolved);

    // The store no longer has the commit's package: install must fetch it, and clones it.
    rmSync(entryDir(join(ctx.root, 'store', 'v1'), integrityKey(before!.integrity)!), { recursive: true });
    r = await ctx.cli(['install', '-n', 'gh', 'other'], { env: git });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(entry(await lockOf(ctx, 'gh'), 'ghpkg'), before);
    assert.equal(readFileSync(join(ctx.root, 'envs', 'gh', 'lib', 'node_modules', 'ghpkg', 'index.js'), 'utf8'), 'module.exports = "ghpkg@1.0.0";\n');
  } finally {
    await ctx.close();
  }
});
