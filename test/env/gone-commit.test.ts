/**
 * A lock's git commit the repository no longer holds (its branch force-pushed, the old commit
 * gc'd): recreating from the lock says the commit is gone and how to take what the ref holds now
 * (tester s22 try13w C3: git's "reference is not a tree" with a hint about the URL and network).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitVersion, git, initRepo } from '../helpers/git-repo.js';
import { setup } from './helpers.js';

test('C3: a locked commit gone from its repository is named as gone, with update and create -f SPEC as the way on', async () => {
  const ctx = await setup([]);
  try {
    const repo = initRepo(join(ctx.dir, 'g'));
    commitVersion(repo, 'gpkg', '1.0.0');
    git(repo, 'checkout', '-q', '-b', 'dev');
    const old = commitVersion(repo, 'gpkg', '1.1.0');
    let r = await ctx.cli(['env', 'create', '-n', 'c3', `git+file://${repo}#dev`]);
    assert.equal(r.status, 0, r.stderr);
    const lockFile = join(ctx.dir, 'c3.lock.json');
    r = await ctx.cli(['env', 'export', '-n', 'c3', '--lock', '-f', lockFile]);
    assert.equal(r.status, 0, r.stderr);
    // The branch is rewritten and the old commit collected.
    writeFileSync(join(repo, 'i.js'), '//2\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--amend', '-m', 'dev2');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'reflog', 'expire', '--expire=now', '--all');
    git(repo, 'gc', '-q', '--prune=now');

    r = await ctx.cli(['env', 'create', '-f', lockFile, '-n', 'c3x'], { env: { SSDP_ROOT: join(ctx.dir, 'root2') } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_SOURCE_UNAVAILABLE\]/);
    assert.match(r.stderr, new RegExp(`locked commit ${old.slice(0, 12)} is no longer in the repository`), r.stderr);
    assert.match(r.stderr, /ssdp update gpkg/);
    assert.match(r.stderr, /env create -f SPEC/);
    assert.doesNotMatch(r.stderr, /network|ls-remote/, r.stderr);
    // The way the hint names works: the env moves to the ref's new commit.
    r = await ctx.cli(['update', '-n', 'c3', 'gpkg']);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});
