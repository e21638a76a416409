/**
 * A step that ran in the workflow env runs again when the env's packages change (tester s20 try8q
 * Q8; Snakemake's software-env rerun trigger), not when the env spec is merely re-spelled; stamps
 * from before ssdp recorded the env are taken once and upgraded, so an upgrade re-runs nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';
import { workflowEnvName } from '../../src/workflow/workflow-env.js';

function project(dir: string, dep: string): string {
  mkdirSync(join(dir, 'envs'), { recursive: true });
  writeFileSync(join(dir, 'envs', 'e.yaml'), `name: tools\ndependencies:\n  - ${dep}\n`);
  writeFileSync(join(dir, 'ssdp.yaml'), `env: envs/e.yaml\ntasks:\n  t:\n    cmd: "node -e \\"process.stdout.write(require('is-odd'))\\" > got.txt"\n    outputs: [got.txt]\n`);
  return dir;
}

const stampFiles = (dir: string) => readdirSync(join(dir, '.ssdp', 'tasks')).filter((f) => f.endsWith('.json')).map((f) => join(dir, '.ssdp', 'tasks', f));

test('Q8: a new lock of the workflow env runs its steps again (dry run says env changed); the same packages do not; an old stamp is accepted once', async () => {
  const ctx = await setup([pkg('is-odd', '3.0.0'), pkg('is-odd', '3.0.1')]);
  try {
    const dir = project(join(ctx.dir, 'P'), 'is-odd@3.0.1');
    const got = () => readFileSync(join(dir, 'got.txt'), 'utf8');
    let r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(got(), 'is-odd@3.0.1');

    // the spec edited to other packages: a dry run says the env is updated first; the run re-runs t
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.0\n');
    r = await ctx.cli(['run', 't', '--dry-run'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /envs\/e\.yaml changed since the workflow env was last updated: a real run updates it first, and steps that ran in it run again if its packages change/);
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /updating env tools-[0-9a-f]{8} \(this project's\): envs\/e\.yaml changed; steps that ran in the env run again if its packages change/);
    assert.match(r.stderr, /1 step\(s\) ran in another env than env tools-[0-9a-f]{8} as it is now, so they run again: t/);
    assert.equal(got(), 'is-odd@3.0.0', 'the step ran in the changed env');

    // re-spelled, same packages: no re-run
    writeFileSync(join(dir, 'envs', 'e.yaml'), '# pinned\nname: tools\ndependencies:\n  - is-odd@=3.0.0\n');
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /t: done in [\d.]+ s \(0 ran, 1 up to date\)/);

    // a stamp from before the env was recorded: accepted once though the env changed, then upgraded
    for (const f of stampFiles(dir)) {
      const s = JSON.parse(readFileSync(f, 'utf8'));
      assert.equal(typeof s.env, 'string', 'a stamp records its env');
      delete s.env;
      writeFileSync(f, JSON.stringify(s));
    }
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.1\n');
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /\(0 ran, 1 up to date\)/);
    assert.equal(got(), 'is-odd@3.0.0', 'the old stamp was accepted');
    for (const f of stampFiles(dir)) assert.equal(typeof JSON.parse(readFileSync(f, 'utf8')).env, 'string', 'the old stamp was upgraded');
    // after the upgrade, a real change runs the step again
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.0\n');
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /\(1 ran, 0 up to date\)/);
  } finally {
    await ctx.close();
  }
});

test('S5: the workflow env changed by hand (ssdp remove/install -n NAME-HASH) is brought back to what its spec gave before steps run, saying so; a dry run says it would; files the user put in the env stay', async () => {
  const ctx = await setup([pkg('is-odd', '3.0.0'), pkg('is-odd', '3.0.1'), pkg('beta', '1.0.0'), pkg('gamma', '1.0.0')]);
  try {
    const dir = join(ctx.dir, 'P');
    mkdirSync(join(dir, 'envs'), { recursive: true });
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.1\n  - beta\n');
    writeFileSync(join(dir, 'ssdp.yaml'), `env: envs/e.yaml\ntasks:\n  t:\n    cmd: "node -e \\"process.stdout.write(require('is-odd') + ' ' + require('beta'))\\" > got.txt"\n    outputs: [got.txt]\n`);
    const got = () => readFileSync(join(dir, 'got.txt'), 'utf8');
    const name = workflowEnvName('tools', dir);
    const prefix = join(ctx.root, 'envs', name);
    const locked = () => (JSON.parse(readFileSync(join(prefix, 'ssdp-meta', 'lock.json'), 'utf8')).packages as { name: string; version: string }[]).map((p) => `${p.name}@${p.version}`).sort();
    let r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(got(), 'is-odd@3.0.1 beta@1.0.0');
    // the user's own files in the env
    mkdirSync(join(prefix, 'etc', 'ssdp', 'activate.d'), { recursive: true });
    writeFileSync(join(prefix, 'etc', 'ssdp', 'activate.d', 'mine.sh'), 'export MINE=1\n');
    writeFileSync(join(prefix, 'NOTES.txt'), 'my notes\n');

    // a package removed by hand: the dry run says the run brings it back, and plans against that env
    r = await ctx.cli(['remove', '-n', name, 'beta', '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(locked(), ['is-odd@3.0.1']);
    r = await ctx.cli(['run', 't', '--dry-run'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`env ${name} was changed by hand since the last run \\(-beta 1\\.0\\.0\\): a real run brings it back to what envs/e\\.yaml gave first \\(write a change in envs/e\\.yaml to keep it\\)`));
    assert.deepEqual(locked(), ['is-odd@3.0.1'], 'a dry run changes nothing');
    r = await ctx.cli(['run', 't', '--force'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`env ${name} was changed by hand since the last run \\(-beta 1\\.0\\.0\\): bringing it back to what envs/e\\.yaml gave \\(its revision 0\\); write a change in envs/e\\.yaml to keep it`));
    assert.deepEqual(locked(), ['beta@1.0.0', 'is-odd@3.0.1']);
    assert.equal(got(), 'is-odd@3.0.1 beta@1.0.0', 'the step ran in the env the spec gave');
    assert.equal(readFileSync(join(prefix, 'etc', 'ssdp', 'activate.d', 'mine.sh'), 'utf8'), 'export MINE=1\n');
    assert.equal(readFileSync(join(prefix, 'NOTES.txt'), 'utf8'), 'my notes\n');

    // another version and an extra package by hand: brought back; the step, already run in the spec's env, stays up to date
    r = await ctx.cli(['install', '-n', name, 'is-odd@3.0.0', 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /changed by hand since the last run \((?=.*\+gamma 1\.0\.0)(?=.*is-odd 3\.0\.1 -> 3\.0\.0).*\): bringing it back/);
    assert.match(r.stdout + r.stderr, /\(0 ran, 1 up to date\)/);
    assert.deepEqual(locked(), ['beta@1.0.0', 'is-odd@3.0.1']);
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /changed by hand/, 'an env as the spec gave it is left alone');

    // the recorded revision no longer there (history pruned by hand): updated from the spec instead
    r = await ctx.cli(['install', '-n', name, 'gamma', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const stampFile = join(dir, '.ssdp', 'env-stamp.json');
    writeFileSync(stampFile, JSON.stringify({ ...JSON.parse(readFileSync(stampFile, 'utf8')), revision: 99 }));
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /changed by hand since the last run: bringing it back to envs\/e\.yaml \(updating it from the spec\)/);
    assert.deepEqual(locked(), ['beta@1.0.0', 'is-odd@3.0.1']);
    assert.equal(readFileSync(join(prefix, 'NOTES.txt'), 'utf8'), 'my notes\n');
  } finally {
    await ctx.close();
  }
});
