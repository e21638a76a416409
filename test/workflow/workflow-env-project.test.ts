/**
 * The workflow env belongs to its project (tester s11 try8 WE1): a hand-made env of the spec's
 * name is left alone, and two projects whose specs share a name do not prune each other's packages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';
import { workflowEnvName } from '../../src/workflow/workflow-env.js';

function project(dir: string, dep: string): string {
  mkdirSync(join(dir, 'envs'), { recursive: true });
  writeFileSync(join(dir, 'envs', 'e.yaml'), `name: tools\ndependencies:\n  - ${dep}\n`);
  // The step proves which packages its env holds: it loads one and writes what it got.
  writeFileSync(join(dir, 'ssdp.yaml'), `env: envs/e.yaml\ntasks:\n  t:\n    cmd: "node -e \\"process.stdout.write(require('${dep}'))\\" > got.txt"\n    outputs: [got.txt]\n`);
  return dir;
}

test('WE1: a workflow env is keyed by project: the user env of the same name and another project keep their packages', async () => {
  const ctx = await setup([pkg('cowsay', '1.0.0'), pkg('is-odd', '3.0.1'), pkg('left-pad', '1.3.0')]);
  try {
    let r = await ctx.cli(['create', '-n', 'tools', 'cowsay', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const a = project(join(ctx.dir, 'A'), 'is-odd');
    const b = project(join(ctx.dir, 'B'), 'left-pad');
    r = await ctx.cli(['run', 't'], { cwd: a });
    assert.equal(r.status, 0, r.stderr);
    const nameA = workflowEnvName('tools', a);
    assert.match(r.stderr + r.stdout, new RegExp(`creating env ${nameA} for this project`));
    r = await ctx.cli(['run', 't'], { cwd: b });
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(workflowEnvName('tools', b), nameA);
    // The hand-made env still has cowsay; project A, run again, still sees is-odd.
    assert.ok(existsSync(join(ctx.root, 'envs', 'tools', 'lib', 'node_modules', 'cowsay')), 'the user env kept cowsay');
    r = await ctx.cli(['run', 't', '--force'], { cwd: a });
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await ctx.cli(['run', '-n', nameA, 'node', '-e', "process.stdout.write(require('is-odd'))"])).stdout, 'is-odd@3.0.1');
    assert.ok(!existsSync(join(ctx.root, 'envs', nameA, 'lib', 'node_modules', 'left-pad')), "B's package is not in A's env");
  } finally {
    await ctx.close();
  }
});

test('C4: a spec name of 100 characters (valid for env create -f) gives a project env name that fits; a damaged env-stamp.json means one more update, not a stack', async () => {
  const ctx = await setup([pkg('is-odd', '3.0.1')]);
  try {
    const long = 'a'.repeat(100);
    const dir = join(ctx.dir, 'L');
    mkdirSync(join(dir, 'envs'), { recursive: true });
    writeFileSync(join(dir, 'envs', 'e.yaml'), `name: ${long}\ndependencies:\n  - is-odd\n`);
    writeFileSync(join(dir, 'ssdp.yaml'), 'env: envs/e.yaml\ntasks:\n  t:\n    cmd: "node -e \\"process.stdout.write(require(\'is-odd\'))\\" > got.txt"\n    outputs: [got.txt]\n');
    let r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const name = workflowEnvName(long, dir);
    assert.equal(name.length, 100);
    assert.ok(name.startsWith('a'.repeat(91) + '-'));
    assert.ok(existsSync(join(ctx.root, 'envs', name, 'lib', 'node_modules', 'is-odd')));
    writeFileSync(join(dir, '.ssdp', 'env-stamp.json'), '{bad');
    r = await ctx.cli(['run', 't', '--force'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /unexpected error|SyntaxError/);
    // an env that changes says its steps run again if its packages change (s20 try8q Q8)
    assert.match(r.stderr + r.stdout, /updating env a+-[0-9a-f]{8} \(this project's\): envs\/e\.yaml changed; steps that ran in the env run again if its packages change/);
  } finally {
    await ctx.close();
  }
});
