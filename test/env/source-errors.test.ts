/**
 * What goes wrong with git and tarball-URL specs: an unreachable repository, a missing ref, a
 * tarball URL answering 404, and a lock whose tarball or commit no longer gives the recorded
 * bytes. Each is one coded paragraph naming the spec and what to do, and no env is left behind.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackageTarball } from '../helpers/tarball.js';
import { commitVersion, initRepo } from '../helpers/git-repo.js';
import { setup, spawnCli, type Ctx } from './helpers.js';
import type { CliResult } from '../helpers/cli.js';

/** Fails with `code`, says `names` and a hint in one paragraph (error line + hint line), and made no env. */
function refused(ctx: Ctx, r: CliResult, env: string, code: string, names: string): void {
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`\\[${code}\\]`), r.stderr);
  assert.ok(r.stderr.includes(names), `${names} not named in: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[1]!, /^\s+hint: \S/);
  assert.ok(!existsSync(join(ctx.root, 'envs', env)), `env ${env} was left behind`);
}

test('unreachable repository, missing ref, tarball URL 404: coded one-paragraph errors naming the spec, nothing created', async () => {
  const ctx = await setup([]);
  const files = createServer((_q, s) => {
    s.statusCode = 404;
    s.end('not here');
  });
  await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
  try {
    const repo = initRepo(join(ctx.dir, 'repo'));
    commitVersion(repo, 'gitpkg', '1.0.0', {}, 'v1');
    const cases: Array<[string, string, RegExp]> = [
      [`git+file://${join(ctx.dir, 'no-such-repo')}#v1`, 'gone', /does not appear to be a git repository[\s\S]*git ls-remote/],
      ['git://127.0.0.1:9/nobody.git', 'closed', /unable to connect[\s\S]*git ls-remote/],
      [`git+file://${repo}#v9`, 'noref', /no such tag, branch, commit/],
      [`git+file://${repo}#semver:^5`, 'nosemver', /no such tag, branch, commit or matching semver tag/],
      [`http://127.0.0.1:${(files.address() as AddressInfo).port}/pkg-1.0.0.tgz`, 'e404', /404[\s\S]*check the URL/],
    ];
    for (const [spec, env, says] of cases) {
      const r = await ctx.cli(['env', 'create', '-n', env, spec]);
      refused(ctx, r, env, 'E_SOURCE_UNAVAILABLE', spec);
      assert.match(r.stderr, says, r.stderr);
    }
  } finally {
    files.close();
    await ctx.close();
  }
});

test('a tarball URL or git commit that no longer packs to the locked bytes: E_INTEGRITY naming the source and what to do; no env, no store entry', async () => {
  const ctx = await setup([]);
  let body = buildPackageTarball({ name: 'served', version: '1.0.0' }, { 'index.js': 'module.exports = 1;\n' });
  const files = createServer((_q, s) => s.end(body));
  await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
  try {
    const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/served-1.0.0.tgz`;
    let r = await ctx.cli(['env', 'create', '-n', 'a', url]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'export', '-n', 'a', '--lock', '-f', join(ctx.dir, 'a.lock.json')]);
    assert.equal(r.status, 0, r.stderr);
    body = buildPackageTarball({ name: 'served', version: '1.0.0' }, { 'index.js': 'module.exports = 2;\n' });
    const root2 = join(ctx.dir, 'root2');
    r = await ctx.cli(['env', 'create', '-n', 'b', '-f', join(ctx.dir, 'a.lock.json')], { env: { SSDP_ROOT: root2 } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_INTEGRITY\][^\n]*served@1\.0\.0/);
    assert.ok(r.stderr.includes(url), r.stderr);
    assert.match(r.stderr, /hint: .*create from the spec instead of the lock/);
    assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    assert.ok(!existsSync(join(root2, 'envs', 'b')));
    const store = join(root2, 'store');
    const entries = existsSync(store) ? readdirSync(store, { recursive: true }).filter((f) => String(f).endsWith('index.json')) : [];
    assert.deepEqual(entries, [], 'no store entry was written');

    // A git tag moved and the lock's commit still packs the same: the lock pins the commit, not the tag.
    const repo = initRepo(join(ctx.dir, 'repo'));
    commitVersion(repo, 'gitpkg', '1.0.0', {}, 'v1');
    r = await ctx.cli(['env', 'create', '-n', 'g', `git+file://${repo}#v1`]);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['env', 'export', '-n', 'g', '--lock']);
    const lock = JSON.parse(r.stdout);
    // The lock claims other bytes for that commit (as if a prepare step had given other output).
    lock.packages[0].integrity = 'sha512-' + Buffer.alloc(64, 7).toString('base64');
    writeFileSync(join(ctx.dir, 'g.lock.json'), JSON.stringify(lock));
    r = await ctx.cli(['env', 'create', '-n', 'g2', '-f', join(ctx.dir, 'g.lock.json')], { env: { SSDP_ROOT: root2 } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_INTEGRITY\][^\n]*gitpkg@1\.0\.0[^\n]*git\+file:/, r.stderr);
    assert.ok(!existsSync(join(root2, 'envs', 'g2')));
  } finally {
    files.close();
    await ctx.close();
  }
});

test('GS2: a git host that accepts the connection and never answers ends the create after SSDP_FETCH_TIMEOUT, coded, naming the repository', async () => {
  const ctx = await setup([]);
  const silent = createServer(() => {}); // reads the request, never answers
  await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
  const spec = `git+http://127.0.0.1:${(silent.address() as AddressInfo).port}/x.git#v1`;
  // Without the stall rule git waits for ever: the child is killed after two minutes so the test fails instead.
  const { child, done } = spawnCli(['env', 'create', '-n', 'st', spec], { ...ctx.env, SSDP_FETCH_TIMEOUT: '2' });
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  try {
    const r = await done;
    assert.equal(r.signal, null, 'the create hung until it was killed');
    refused(ctx, r, 'st', 'E_SOURCE_UNAVAILABLE', spec);
    assert.match(r.stderr, /too slow/);
    assert.match(r.stderr, /SSDP_FETCH_TIMEOUT/);
  } finally {
    clearTimeout(guard);
    silent.closeAllConnections();
    await new Promise((ok) => silent.close(ok));
    await ctx.close();
  }
});
