/**
 * `env export --lock` of folders and tarballs the user wrote relative (tester s14 try13c LK1): they
 * were written absolute, so a moved or cloned project could not be recreated from its lock (the
 * yaml export could). Now relative to the lock's folder, as npm's package-lock, and read so.
 * LK2 (tester s15 try13s): `export --lock > locks/x.lock` wrote them relative to the current
 * folder, and `create -f locks/x.lock` read them from locks/: E_TARBALL_NOT_FOUND on a fresh root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, runProgram } from '../helpers/cli.js';
import { buildPackageTarball } from '../helpers/tarball.js';
import { pkg, setup } from './helpers.js';

test('LK1: a project moved with its lock recreates from it in a fresh root (file: folder and tarball)', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const proj = join(ctx.dir, 'proj');
    mkdirSync(join(proj, 'loc'), { recursive: true });
    mkdirSync(join(proj, 'out'));
    writeFileSync(join(proj, 'loc', 'package.json'), '{"name":"locpk","version":"1.0.0","main":"i.js"}');
    writeFileSync(join(proj, 'loc', 'i.js'), 'module.exports = "loc";\n');
    writeFileSync(join(proj, 'tb.tgz'), buildPackageTarball({ name: 'tbpk', version: '1.0.0', main: 'i.js' }, { 'i.js': 'module.exports = "tb";\n' }));
    writeFileSync(join(proj, 'env.yaml'), 'name: ex\ndependencies:\n  - ./loc\n  - ./tb.tgz\n  - alpha\n');
    assert.equal((await ctx.cli(['env', 'create', '-f', 'env.yaml', '-q'], { cwd: proj })).status, 0);
    const exp = await ctx.cli(['env', 'export', '-n', 'ex', '--lock', '-f', 'out/ex.lock.json'], { cwd: proj });
    assert.equal(exp.status, 0, exp.stderr);
    const text = readFileSync(join(proj, 'out', 'ex.lock.json'), 'utf8');
    assert.doesNotMatch(text, new RegExp(proj.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), text);
    const lock = JSON.parse(text) as { requested: string[]; packages: { name: string; resolved: string }[] };
    assert.deepEqual(lock.requested.filter((r) => r.startsWith('file:')).sort(), ['file:../loc', 'file:../tb.tgz']);
    assert.equal(lock.packages.find((p) => p.name === 'locpk')?.resolved, 'file:../loc');

    const moved = join(ctx.dir, 'moved');
    renameSync(proj, moved);
    const fresh = join(ctx.dir, 'root2');
    const r = await ctx.cli(['env', 'create', '-f', 'ex.lock.json', '-n', 'ex3', '-q'], { cwd: join(moved, 'out'), env: { SSDP_ROOT: fresh } });
    assert.equal(r.status, 0, r.stderr);
    const run = await ctx.cli(['run', '-n', 'ex3', '--', 'node', '-e', 'console.log(require("locpk"), require("tbpk"), require("alpha"))'], { env: { SSDP_ROOT: fresh } });
    assert.equal(run.stdout.trim(), 'loc tb alpha@1.0.0', run.stderr);
  } finally {
    await ctx.close();
  }
});

test('LK2: an export redirected into a file (> locks/x.lock, > envs/x.yml) is written relative to that file; through a pipe absolute; each recreates in a fresh root', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const proj = join(ctx.dir, 'proj');
    mkdirSync(join(proj, 'pkgs', 'mylib'), { recursive: true });
    mkdirSync(join(proj, 'locks'));
    mkdirSync(join(proj, 'envs'));
    writeFileSync(join(proj, 'pkgs', 'mylib', 'package.json'), '{"name":"mylib","version":"1.0.0","main":"i.js"}');
    writeFileSync(join(proj, 'pkgs', 'mylib', 'i.js'), 'module.exports = "mylib";\n');
    assert.equal((await ctx.cli(['create', '-n', 'L', './pkgs/mylib', 'alpha', '-q'], { cwd: proj })).status, 0);
    // A real shell's redirection, as a user types it.
    const sh = (line: string) => runProgram('sh', ['-c', line], { cwd: proj, env: { ...ctx.env, NODE: process.execPath, CLI: CLI_ENTRY } });
    let r = await sh('"$NODE" "$CLI" env export -n L --lock > locks/x.lock && "$NODE" "$CLI" env export -n L > envs/x.yml');
    assert.equal(r.status, 0, r.stderr);
    const lock = JSON.parse(readFileSync(join(proj, 'locks', 'x.lock'), 'utf8')) as { requested: string[]; packages: { name: string; resolved: string }[] };
    assert.deepEqual(lock.requested.filter((q) => q.startsWith('file:')), ['file:../pkgs/mylib']);
    assert.equal(lock.packages.find((p) => p.name === 'mylib')?.resolved, 'file:../pkgs/mylib');
    assert.match(readFileSync(join(proj, 'envs', 'x.yml'), 'utf8'), /- file:\.\.\/pkgs\/mylib\n/);
    // U7 (tester s17 try13u): the first update --all of an env with a relative request made an empty
    // revision, its state's relative entries having moved to the end of env.json's keys
    r = await ctx.cli(['update', '-n', 'L', '--all'], { cwd: proj });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /nothing changed/);
    // Through a pipe ssdp cannot know where the text lands: absolute, which reads the same from anywhere.
    r = await sh('"$NODE" "$CLI" env export -n L --lock | cat > locks/piped.lock');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(readFileSync(join(proj, 'locks', 'piped.lock'), 'utf8')) as { requested: string[] }).requested.filter((q) => q.startsWith('file:')), [`file:${join(proj, 'pkgs', 'mylib')}`]);

    // A fresh root (nothing in its store) takes each of them; the redirected ones after the project moved.
    const piped = await ctx.cli(['env', 'create', '-n', 'P', '-f', 'locks/piped.lock', '-q'], { cwd: proj, env: { SSDP_ROOT: join(ctx.dir, 'root-p') } });
    assert.equal(piped.status, 0, piped.stderr);
    const moved = join(ctx.dir, 'moved');
    renameSync(proj, moved);
    for (const [i, file] of ['locks/x.lock', 'envs/x.yml'].entries()) {
      const fresh = join(ctx.dir, `root${i}`);
      const c = await ctx.cli(['env', 'create', '-n', 'L2', '-f', file, '-q'], { cwd: moved, env: { SSDP_ROOT: fresh } });
      assert.equal(c.status, 0, `${file}: ${c.stderr}`);
      const run = await ctx.cli(['run', '-n', 'L2', '--', 'node', '-e', 'console.log(require("mylib"), require("alpha"))'], { env: { SSDP_ROOT: fresh } });
      assert.equal(run.stdout.trim(), 'mylib alpha@1.0.0', `${file}: ${run.stderr}`);
    }

    // try13y Y4: the env L's own folder request is gone with the move: a change says it is the
    // env's recorded request and how out, not "there is no package.json in it"; nothing changes.
    const envJson = readFileSync(join(ctx.root, 'envs', 'L', 'ssdp-meta', 'env.json'), 'utf8');
    r = await ctx.cli(['install', '-n', 'L', 'alpha'], { cwd: moved });
    assert.equal(r.status, 1, r.stderr);
    const gone = join(proj, 'pkgs', 'mylib');
    assert.ok(r.stderr.includes(`[E_SOURCE_UNAVAILABLE]: the env 'L' installed mylib from the folder ${gone} (its request 'file:${gone}', recorded when it was installed), and there is nothing at that path now`), r.stderr);
    assert.match(r.stderr, /hint: If the folder moved, install it from its new place \(ssdp install -n L NEW-PATH replaces the request\); if it is no longer wanted, ssdp remove -n L mylib/);
    assert.equal(readFileSync(join(ctx.root, 'envs', 'L', 'ssdp-meta', 'env.json'), 'utf8'), envJson);
    // A path written in this command that names nothing is said so (it was "no package.json in it").
    r = await ctx.cli(['create', '-n', 'N', './nope'], { cwd: moved });
    assert.match(r.stderr, new RegExp(`cannot fetch 'file:${join(moved, 'nope')}': there is no folder or file at ${join(moved, 'nope')}; nothing was changed`), r.stderr);
  } finally {
    await ctx.close();
  }
});

test('T9 (tester s16 try13t): file:~/pk is exported with ~/ as written (--from-history, pins, --lock), also from elsewhere; a colleague with another HOME recreates from their own ~/pk', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    // home3's ~/hpk is home's byte for byte (a lock takes only the bytes it recorded); home2's is another.
    const homes = [join(ctx.dir, 'home'), join(ctx.dir, 'home2'), join(ctx.dir, 'home3')];
    for (const [i, home] of homes.entries()) {
      mkdirSync(join(home, 'hpk'), { recursive: true });
      writeFileSync(join(home, 'hpk', 'package.json'), '{"name":"hpk","version":"1.0.0","main":"i.js"}');
      writeFileSync(join(home, 'hpk', 'i.js'), `module.exports = "${i === 1 ? 'home2' : 'home1'}";\n`);
    }
    const proj = join(ctx.dir, 'proj');
    mkdirSync(proj);
    const env = { HOME: homes[0] };
    assert.equal((await ctx.cli(['create', '-n', 'h1', 'file:~/hpk', 'alpha', '-q'], { cwd: proj, env })).status, 0);
    let r = await ctx.cli(['env', 'export', '-n', 'h1', '--from-history', '-f', 'h1.yml'], { cwd: proj, env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(proj, 'h1.yml'), 'utf8'), /- file:~\/hpk\n/);
    r = await ctx.cli(['env', 'export', '-n', 'h1'], { cwd: ctx.dir, env });
    assert.match(r.stdout, /- file:~\/hpk\n/, r.stderr);
    r = await ctx.cli(['env', 'export', '-n', 'h1', '--lock', '-f', 'h1.lock'], { cwd: proj, env });
    assert.equal(r.status, 0, r.stderr);
    const lock = JSON.parse(readFileSync(join(proj, 'h1.lock'), 'utf8')) as { requested: string[]; packages: { name: string; resolved: string }[] };
    assert.ok(lock.requested.includes('file:~/hpk'), lock.requested.join(' '));
    assert.equal(lock.packages.find((p) => p.name === 'hpk')?.resolved, 'file:~/hpk');
    // A colleague: another HOME, a fresh root, the same project files.
    for (const [i, [file, home, want]] of ([['h1.yml', homes[1], 'home2'], ['h1.lock', homes[2], 'home1']] as const).entries()) {
      const root = join(ctx.dir, `rootH${i}`);
      const env2 = { HOME: home };
      const c = await ctx.cli(['env', 'create', '-n', 'h2', '-f', file, '-q'], { cwd: proj, env: { ...env2, SSDP_ROOT: root } });
      assert.equal(c.status, 0, `${file}: ${c.stderr}`);
      const run = await ctx.cli(['run', '-n', 'h2', '--', 'node', '-e', 'console.log(require("hpk"))'], { env: { ...env2, SSDP_ROOT: root } });
      assert.equal(run.stdout.trim(), want, `${file}: ${run.stderr}`);
      const again = await ctx.cli(['env', 'export', '-n', 'h2', '--from-history'], { cwd: ctx.dir, env: { ...env2, SSDP_ROOT: root } });
      assert.match(again.stdout, /- file:~\/hpk\n/, `${file}: ${again.stderr}`);
    }
  } finally {
    await ctx.close();
  }
});

test('C2 (tester s22 try13w): `- .` (the project itself) is exported relative as `./pk` is, so the moved project recreates from its yaml export and its lock', async () => {
  const ctx = await setup([]);
  try {
    const proj = join(ctx.dir, 'proj x');
    mkdirSync(join(proj, 'pk'), { recursive: true });
    mkdirSync(join(proj, 'locks'));
    // "files": what the exports write into the project is not packed, so the lock's integrity holds.
    writeFileSync(join(proj, 'package.json'), '{"name":"root-proj","version":"0.1.0","main":"i.js","files":["i.js"]}');
    writeFileSync(join(proj, 'i.js'), 'module.exports = "root";\n');
    writeFileSync(join(proj, 'pk', 'package.json'), '{"name":"pk","version":"1.0.0"}');
    writeFileSync(join(proj, 'env.yaml'), 'name: c2\ndependencies:\n  - .\n  - ./pk\n');
    assert.equal((await ctx.cli(['env', 'create', '-f', 'env.yaml', '-q'], { cwd: proj })).status, 0);
    for (const args of [['-f', 'locks/c2.yaml'], ['--from-history', '-f', 'locks/h.yaml'], ['--lock', '-f', 'locks/c2.lock.json'], ['-f', 'c2.yaml']]) {
      const r = await ctx.cli(['env', 'export', '-n', 'c2', ...args], { cwd: proj });
      assert.equal(r.status, 0, r.stderr);
    }
    const yaml = readFileSync(join(proj, 'locks', 'c2.yaml'), 'utf8');
    assert.doesNotMatch(yaml, /proj x/, yaml);
    assert.match(yaml, /- file:\.\.\n/, yaml);
    assert.match(readFileSync(join(proj, 'c2.yaml'), 'utf8'), /- file:\.\/\.\n/);
    const lock = JSON.parse(readFileSync(join(proj, 'locks', 'c2.lock.json'), 'utf8')) as { requested: string[]; packages: { name: string; resolved: string }[] };
    assert.deepEqual(lock.requested.filter((r) => r.startsWith('file:')).sort(), ['file:..', 'file:../pk']);
    assert.equal(lock.packages.find((p) => p.name === 'root-proj')?.resolved, 'file:..');

    const moved = join(ctx.dir, 'moved');
    renameSync(proj, moved);
    const fresh = join(ctx.dir, 'root2');
    for (const [file, env] of [['locks/c2.yaml', 'c2b'], ['locks/h.yaml', 'c2h'], ['locks/c2.lock.json', 'c2c'], ['c2.yaml', 'c2d']] as const) {
      const r = await ctx.cli(['env', 'create', '-f', file, '-n', env, '-q'], { cwd: moved, env: { SSDP_ROOT: fresh } });
      assert.equal(r.status, 0, `${file}: ${r.stderr}`);
      const run = await ctx.cli(['run', '-n', env, '--', 'node', '-p', 'require("root-proj") + require("pk/package.json").version'], { env: { SSDP_ROOT: fresh } });
      assert.equal(run.stdout.trim(), 'root1.0.0', run.stderr);
    }
  } finally {
    await ctx.close();
  }
});
