/**
 * Tester breaks on git, URL and file: specs (session 10's env13 report, B2-B6, B11): folders with
 * hardlinks, flaky and stalled tarball URLs, paths with spaces, edited local packages, and the
 * smaller items. Real folders, a real tarball server on 127.0.0.1, the real CLI.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPackage } from '../helpers/git-repo.js';
import { setup, spawnCli } from './helpers.js';
import { until } from '../helpers/cli.js';
import { tarballServer } from '../helpers/tarball-server.js';

const installedFile = (root: string, env: string, name: string, file = 'index.js') => readFileSync(join(root, 'envs', env, 'lib', 'node_modules', name, file), 'utf8');

test('B5: a folder with one file hardlinked under two names installs both names as files; a folder holding the ssdp root installs without packing the root', async () => {
  const ctx = await setup([]);
  try {
    const dir = folderPackage(join(ctx.dir, 'm1b'), 'm1b', '1.0.0');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'README.md'), 'hi\n');
    linkSync(join(dir, 'README.md'), join(dir, 'docs', 'README.md'));
    let r = await ctx.cli(['create', '-n', 'm1b', './m1b'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(installedFile(ctx.root, 'm1b', 'm1b', 'README.md'), 'hi\n');
    assert.equal(installedFile(ctx.root, 'm1b', 'm1b', 'docs/README.md'), 'hi\n');

    // A project folder keeping its ssdp root inside (its envs hardlink the store): before, no output and exit 13.
    const proj = folderPackage(join(ctx.dir, 'bp'), 'bp', '1.0.0');
    const inner = { SSDP_ROOT: join(proj, '.ssdproot') };
    r = await ctx.cli(['create', '-n', 'first', './m1b'], { cwd: ctx.dir, env: inner });
    assert.equal(r.status, 0, r.stderr);
    for (const json of [false, true]) {
      r = await ctx.cli(['create', '-n', `x${json}`, proj, ...(json ? ['--json'] : [])], { env: inner });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const pkgDir = join(proj, '.ssdproot', 'envs', `x${json}`, 'lib', 'node_modules', 'bp');
      assert.deepEqual(readdirSync(pkgDir).sort(), ['index.js', 'package.json']);
    }
  } finally {
    await ctx.close();
  }
});

test('B2/B3: a tarball URL is fetched like a registry tarball: 503 twice then 200 installs, a body cut midway resumes, a stalled one stops after SSDP_FETCH_TIMEOUT with a coded error; no download left in the cache', async () => {
  const ctx = await setup([]);
  const { buildPackageTarball } = await import('../helpers/tarball.js');
  const good = buildPackageTarball({ name: 'tball', version: '1.0.0' }, { 'index.js': 'module.exports = "tball@1.0.0";\n', 'pad.txt': 'x'.repeat(4000) });
  const srv = await tarballServer((req, res, hit) => {
    if (req.url!.startsWith('/flaky/') && hit <= 2) {
      res.writeHead(503);
      res.end('busy');
    } else if (req.url!.startsWith('/cut/') && !req.headers.range) {
      // Half the body, then the connection drops; the rest is served to a Range request.
      res.writeHead(200, { 'content-length': good.length, etag: '"v1"' });
      res.write(good.subarray(0, 100));
      setTimeout(() => res.destroy(), 50);
    } else if (req.url!.startsWith('/cut/')) {
      const from = Number(/bytes=(\d+)-/.exec(String(req.headers.range))![1]);
      res.writeHead(206, { 'content-range': `bytes ${from}-${good.length - 1}/${good.length}`, etag: '"v1"' });
      res.end(good.subarray(from));
    } else if (req.url!.startsWith('/stall/')) {
      res.writeHead(200);
      res.write(good.subarray(0, 10)); // then nothing
    } else res.end(good);
  });
  const fast = { SSDP_FETCH_RETRY_MIN_MS: '10', SSDP_FETCH_RETRY_MAX_MS: '50' };
  try {
    let r = await ctx.cli(['create', '-n', 'flaky', `${srv.url}/flaky/good.tgz`], { env: fast });
    assert.equal(r.status, 0, r.stderr);
    assert.match(installedFile(ctx.root, 'flaky', 'tball'), /tball@1\.0\.0/);
    assert.ok(srv.hits.get('/flaky/good.tgz')! >= 3, `fetched ${srv.hits.get('/flaky/good.tgz')} times`);

    r = await ctx.cli(['create', '-n', 'cut', `${srv.url}/cut/good.tgz`], { env: fast });
    assert.equal(r.status, 0, r.stderr);
    assert.match(installedFile(ctx.root, 'cut', 'tball'), /tball@1\.0\.0/);

    r = await ctx.cli(['create', '-n', 'stall', `${srv.url}/stall/good.tgz`], { env: { ...fast, SSDP_FETCH_TIMEOUT: '1' } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[E_SOURCE_UNAVAILABLE\][^\n]*stall\/good\.tgz[^\n]*stalled: no data for 1 s/);
    assert.match(r.stderr, /hint: .*SSDP_FETCH_TIMEOUT/);
    assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'stall')));

    // A retried failure that never ends says how often it tried.
    r = await ctx.cli(['create', '-n', 'down', `${srv.url}/flaky/other.tgz`], { env: { ...fast, SSDP_FETCH_RETRIES: '1' } });
    assert.match(r.stderr, /\[E_SOURCE_UNAVAILABLE\][^\n]*HTTP 503[^\n]*2 tries/, r.stderr);
    assert.match(r.stderr, /hint: .*SSDP_FETCH_RETRIES/);
    const pacoteDir = join(ctx.root, 'cache', 'metadata-v1', 'pacote');
    assert.deepEqual(existsSync(pacoteDir) ? readdirSync(pacoteDir) : [], []);
  } finally {
    await srv.close();
    await ctx.close();
  }
});

test('B4: ./pkg, file:./pkg, a .tgz and a spec file under a folder with a space in its path install', async () => {
  const ctx = await setup([]);
  try {
    const base = join(ctx.dir, 'x y');
    folderPackage(join(base, 'lpkg'), 'lpkg', '1.0.0');
    folderPackage(join(base, 'sp ace'), 'spacepkg', '1.0.0');
    const { buildPackageTarball } = await import('../helpers/tarball.js');
    writeFileSync(join(base, 'tg z.tgz'), buildPackageTarball({ name: 'tgz', version: '1.0.0' }, { 'index.js': 'module.exports = "tgz@1.0.0";\n' }));
    let r = await ctx.cli(['create', '-n', 'a', './lpkg', 'file:./sp ace', './tg z.tgz'], { cwd: base });
    assert.equal(r.status, 0, r.stderr);
    assert.match(installedFile(ctx.root, 'a', 'lpkg'), /lpkg@1\.0\.0/);
    assert.match(installedFile(ctx.root, 'a', 'spacepkg'), /spacepkg@1\.0\.0/);
    assert.match(installedFile(ctx.root, 'a', 'tgz'), /tgz@1\.0\.0/);
    // V3 (s18 try13v): a bare tarball name is the file in the current folder, as npm reads it.
    r = await ctx.cli(['create', '-n', 't', 'tg z.tgz'], { cwd: base });
    assert.equal(r.status, 0, r.stderr);
    assert.match(installedFile(ctx.root, 't', 'tgz'), /tgz@1\.0\.0/);
    // ... and an export writes it back relative, as ./ ones are (it came out absolute, s18 try13v).
    r = await ctx.cli(['env', 'export', '-n', 't', '--from-history', '-f', join(base, 't.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(base, 't.yaml'), 'utf8'), /^ {2}- file:\.\/tg z\.tgz$/m);
    const spec = join(base, 'env.yaml');
    writeFileSync(spec, 'name: b\ndependencies:\n  - file:lpkg\n  - ./sp ace\n  - tg z.tgz\n');
    r = await ctx.cli(['env', 'create', '-f', spec]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installedFile(ctx.root, 'b', 'spacepkg'), /spacepkg@1\.0\.0/);
    // The lock made there recreates the env; a bare tarball of the spec is relative in it too.
    r = await ctx.cli(['env', 'export', '-n', 'b', '--lock', '-f', join(base, 'b.lock.json')]);
    assert.equal(r.status, 0, r.stderr);
    const lock = JSON.parse(readFileSync(join(base, 'b.lock.json'), 'utf8')) as { requested: string[]; packages: Array<{ name: string; resolved: string }> };
    assert.ok(lock.requested.includes('file:./tg z.tgz'), lock.requested.join(', '));
    assert.equal(lock.packages.find((p) => p.name === 'tgz')?.resolved, 'file:./tg z.tgz');
    r = await ctx.cli(['env', 'create', '-n', 'b2', '-f', join(base, 'b.lock.json')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(installedFile(ctx.root, 'b2', 'lpkg'), /lpkg@1\.0\.0/);
    assert.match(installedFile(ctx.root, 'b2', 'tgz'), /tgz@1\.0\.0/);
    // A URL still may not hold a literal space.
    r = await ctx.cli(['create', '-n', 'u', 'http://127.0.0.1:9/a b.tgz']);
    assert.match(r.stderr, /E_BAD_SOURCE_SPEC[^\n]*%20/);
  } finally {
    await ctx.close();
  }
});

test('B6: a file: folder or .tgz edited after install is taken by ssdp update NAME and ssdp install SPEC; the lock records the integrity of what was packed last', async () => {
  const ctx = await setup([]);
  try {
    const work = join(ctx.dir, 'w');
    folderPackage(join(work, 'lp2'), 'lp2', '1.0.0');
    const { buildPackageTarball } = await import('../helpers/tarball.js');
    const tgz = (v: string) => writeFileSync(join(work, 'tgp.tgz'), buildPackageTarball({ name: 'tgp', version: '1.0.0' }, { 'index.js': `module.exports = "${v}";\n` }));
    tgz('t1');
    let r = await ctx.cli(['create', '-n', 'up', './lp2', './tgp.tgz'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    const lockOf = async () => {
      const out = await ctx.cli(['env', 'export', '-n', 'up', '--lock', '--json']);
      return (JSON.parse(out.stdout) as { packages: Array<{ name: string; integrity: string }> }).packages;
    };
    const integrities = async () => Object.fromEntries((await lockOf()).map((p) => [p.name, p.integrity]));
    const first = await integrities();

    writeFileSync(join(work, 'lp2', 'index.js'), 'module.exports = "v2";\n');
    tgz('t2');
    r = await ctx.cli(['update', '-n', 'up', 'lp2'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 changed/);
    assert.equal(installedFile(ctx.root, 'up', 'lp2'), 'module.exports = "v2";\n');
    assert.equal(installedFile(ctx.root, 'up', 'tgp'), 'module.exports = "t2";\n');
    r = await ctx.cli(['run', '-n', 'up', 'node', '-p', 'require("lp2") + require("tgp")']);
    assert.equal(r.stdout.trim(), 'v2t2', r.stderr);
    const second = await integrities();
    assert.notEqual(second.lp2, first.lp2);
    assert.notEqual(second.tgp, first.tgp);

    writeFileSync(join(work, 'lp2', 'index.js'), 'module.exports = "v3";\n');
    r = await ctx.cli(['install', '-n', 'up', './lp2'], { cwd: work });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 changed/);
    assert.equal(installedFile(ctx.root, 'up', 'lp2'), 'module.exports = "v3";\n');
    r = await ctx.cli(['list', '-n', 'up', '--revisions']);
    assert.match(r.stdout, /1\.0\.0 \(new contents\)/);
    // Unedited: nothing to do.
    r = await ctx.cli(['install', '-n', 'up', './lp2'], { cwd: work });
    assert.match(r.stdout, /nothing changed/);
  } finally {
    await ctx.close();
  }
});

test('B11b: a tarball download killed with SIGKILL leaves its files under ROOT/cache; ssdp clean removes them and says so, a running download is left alone', async () => {
  const ctx = await setup([]);
  let requested = 0;
  const srv = await tarballServer((_req, res) => {
    requested++;
    res.writeHead(200);
    res.write(Buffer.alloc(10)); // then nothing: the download waits
  });
  try {
    const pacoteDir = join(ctx.root, 'cache', 'metadata-v1', 'pacote');
    // V4 (s18 try13v): a Ctrl-C (SIGINT) is an exit, not a kill: the process removes its folder.
    const stopped = spawnCli(['create', '-n', 'k', `${srv.url}/stall0.tgz`], ctx.env);
    await until(() => requested > 0 && existsSync(pacoteDir) && readdirSync(pacoteDir).length > 0, 'the download to start');
    stopped.child.kill('SIGINT');
    const st = await stopped.done;
    assert.match(st.stderr, /E_INTERRUPTED/);
    assert.deepEqual(readdirSync(pacoteDir), []);
    requested = 0;
    const killed = spawnCli(['create', '-n', 'k', `${srv.url}/stall.tgz`], ctx.env);
    await until(() => requested > 0 && existsSync(pacoteDir) && readdirSync(pacoteDir).length > 0, 'the download to start');
    killed.child.kill('SIGKILL');
    await killed.done;
    const left = readdirSync(pacoteDir);
    assert.equal(left.length, 1, String(left));
    // A download still running in another process keeps its folder.
    const running = spawnCli(['create', '-n', 'r', `${srv.url}/stall2.tgz`], ctx.env);
    await until(() => readdirSync(pacoteDir).length > 1, 'the second download to start');
    const r = await ctx.cli(['clean', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { removedDownloads: string[] }).removedDownloads, [join(pacoteDir, left[0]!)]);
    assert.deepEqual(readdirSync(pacoteDir), [`p-${running.child.pid}`]);
    running.child.kill('SIGKILL');
    await running.done;
    const text = await ctx.cli(['clean']);
    assert.match(text.stdout, /Removed .*p-\d+: what a killed git clone or tarball download left/);
    assert.deepEqual(readdirSync(pacoteDir), []);
  } finally {
    await srv.close();
    await ctx.close();
  }
});

test('B11a: a package folder inside an env (its installed copy) is refused with a coded error; the env is unchanged', async () => {
  const ctx = await setup([]);
  try {
    folderPackage(join(ctx.dir, 'lpkg'), 'lpkg', '1.0.0');
    folderPackage(join(ctx.dir, 'other'), 'other', '1.0.0');
    let r = await ctx.cli(['create', '-n', 'f5', './lpkg'], { cwd: ctx.dir });
    assert.equal(r.status, 0, r.stderr);
    const inside = join(ctx.root, 'envs', 'f5', 'lib', 'node_modules', 'lpkg');
    const before = readFileSync(join(ctx.root, 'envs', 'f5', 'ssdp-meta', 'lock.json'), 'utf8');
    for (const env of ['f5', 'g']) {
      r = await ctx.cli(env === 'f5' ? ['install', '-n', env, inside] : ['create', '-n', env, inside]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /\[E_BAD_SOURCE_SPEC\][^\n]*is inside the ssdp env at [^\n]*f5/);
      assert.match(r.stderr, /hint: .*ssdp install NAME/);
    }
    assert.equal(readFileSync(join(ctx.root, 'envs', 'f5', 'ssdp-meta', 'lock.json'), 'utf8'), before);
    assert.ok(!existsSync(join(ctx.root, 'envs', 'g')));
    // A folder the user keeps in an env's prefix (not under lib/) is theirs and installs.
    folderPackage(join(ctx.root, 'envs', 'f5', 'mine'), 'mine', '1.0.0');
    r = await ctx.cli(['install', '-n', 'f5', join(ctx.root, 'envs', 'f5', 'mine')]);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await ctx.close();
  }
});

test('B11c: a git repository or folder without package.json: a coded error saying so, naming no temp path and not blaming git', async () => {
  const ctx = await setup([]);
  try {
    const { initRepo, git } = await import('../helpers/git-repo.js');
    const repo = initRepo(join(ctx.dir, 'repo'));
    writeFileSync(join(repo, 'a.txt'), 'hi\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'x');
    git(repo, 'tag', 'v1');
    mkdirSync(join(ctx.dir, 'emptydir'));
    for (const [spec, says] of [[`git+file://${repo}#v1`, /repository has no package\.json at its top at that ref/], ['./emptydir', /there is no package\.json in it/]] as const) {
      const r = await ctx.cli(['create', '-n', 'x', spec], { cwd: ctx.dir });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /\[E_SOURCE_UNAVAILABLE\]/);
      assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /pacote|ssh keys|ENOENT/, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    }
  } finally {
    await ctx.close();
  }
});
