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

    // the env changed by hand (same spec): the dry run names the reason
    const name = workflowEnvName('tools', dir);
    r = await ctx.cli(['install', '-n', name, 'is-odd@3.0.1', '-q']);
    assert.equal(r.status, 0, r.stderr);
    r = await ctx.cli(['run', 't', '--dry-run'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^run +t +\(env changed\)/m);
    r = await ctx.cli(['run', 't', '--dry-run', '--json'], { cwd: dir });
    assert.deepEqual(JSON.parse(r.stdout).why, { t: 'env changed' });
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(got(), 'is-odd@3.0.1');

    // a stamp from before the env was recorded: accepted once though the env changed, then upgraded
    for (const f of stampFiles(dir)) {
      const s = JSON.parse(readFileSync(f, 'utf8'));
      assert.equal(typeof s.env, 'string', 'a stamp records its env');
      delete s.env;
      writeFileSync(f, JSON.stringify(s));
    }
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.0\n');
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /\(0 ran, 1 up to date\)/);
    assert.equal(got(), 'is-odd@3.0.1', 'the old stamp was accepted');
    for (const f of stampFiles(dir)) assert.equal(typeof JSON.parse(readFileSync(f, 'utf8')).env, 'string', 'the old stamp was upgraded');
    // after the upgrade, a real change runs the step again
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.1\n');
    r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /\(1 ran, 0 up to date\)/);
  } finally {
    await ctx.close();
  }
});
