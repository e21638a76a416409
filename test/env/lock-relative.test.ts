/**
 * `env export --lock` of folders and tarballs the user wrote relative (tester s14 try13c LK1): they
 * were written absolute, so a moved or cloned project could not be recreated from its lock (the
 * yaml export could). Now relative to the lock's folder, as npm's package-lock, and read so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
