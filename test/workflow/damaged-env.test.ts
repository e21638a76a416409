/**
 * The workflow env damaged (its ssdp-meta/lock.json or env.json broken, emptied or removed) is
 * rebuilt from the project's env spec before any step runs, saying which file was damaged, as pixi
 * re-installs an env that does not match its lock (tester s22 try8w W5: every step re-ran as
 * "env changed" in the damaged env, without a word, while ssdp list said E_ENV_CORRUPT).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from '../env/helpers.js';
import { workflowEnvName } from '../../src/workflow/workflow-env.js';

test('W5: a damaged or missing lock.json / env.json of the workflow env is named and the env rebuilt from its spec before steps run; steps stay up to date; a dry run says so and changes nothing', async () => {
  const ctx = await setup([pkg('is-odd', '3.0.1')]);
  try {
    const dir = join(ctx.dir, 'P');
    mkdirSync(join(dir, 'envs'), { recursive: true });
    writeFileSync(join(dir, 'envs', 'e.yaml'), 'name: tools\ndependencies:\n  - is-odd@3.0.1\n');
    writeFileSync(join(dir, 'ssdp.yaml'), `env: envs/e.yaml\ntasks:\n  t:\n    cmd: "node -e \\"process.stdout.write(require('is-odd'))\\" > got.txt"\n    outputs: [got.txt]\n`);
    const prefix = join(ctx.root, 'envs', workflowEnvName('tools', dir));
    const meta = (f: string) => join(prefix, 'ssdp-meta', f);
    let r = await ctx.cli(['run', 't'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(prefix, 'NOTES.txt'), 'my notes\n');
    const damages: Array<[string, () => void, RegExp]> = [
      ['lock.json cut', () => writeFileSync(meta('lock.json'), '{"broken'), /lock\.json is damaged/],
      ['lock.json null', () => writeFileSync(meta('lock.json'), 'null'), /lock\.json is damaged/],
      ['lock.json removed', () => rmSync(meta('lock.json')), /lock\.json is missing/],
      ['env.json cut', () => writeFileSync(meta('env.json'), '{"na'), /env\.json is damaged/],
      ['env.json removed', () => rmSync(meta('env.json')), /env\.json is (missing|damaged)/],
    ];
    for (const [what, damage, named] of damages) {
      damage();
      r = await ctx.cli(['run', 't', '--dry-run'], { cwd: dir });
      assert.equal(r.status, 0, `${what}: ${r.stderr}`);
      assert.match(r.stderr, named, what);
      assert.match(r.stderr, /A real run recreates it from envs\/e\.yaml first/, what);
      r = await ctx.cli(['list', '-n', workflowEnvName('tools', dir)]);
      assert.match(r.stderr, /E_ENV_CORRUPT/, `${what}: the dry run left the env as it was`);
      r = await ctx.cli(['run', 't'], { cwd: dir });
      assert.equal(r.status, 0, `${what}: ${r.stderr}`);
      assert.match(r.stderr, named, what);
      assert.match(r.stderr, /Recreating it from envs\/e\.yaml \(files you put in the env are kept\)/, what);
      assert.match(r.stdout + r.stderr, /all 1 steps are up to date/, `${what}: the rebuilt env has the same packages: nothing re-runs`);
      r = await ctx.cli(['list', '-n', workflowEnvName('tools', dir)]);
      assert.equal(r.status, 0, `${what}: the env is whole again: ${r.stderr}`);
      assert.equal(readFileSync(join(prefix, 'NOTES.txt'), 'utf8'), 'my notes\n', `${what}: the user's file in the env is kept`);
    }
  } finally {
    await ctx.close();
  }
});
