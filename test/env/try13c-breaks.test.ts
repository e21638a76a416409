/**
 * Breaks from the session-14 tester's report on issue 13 (/work/briefs/s14/breaks/try13c.md),
 * each shown failing before its fix: SEC1 (a token in a git+https spec printed in full in errors),
 * DOT1 (`.` and `..` refused as package names).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

test('SEC1: the password or token of a git+http(s) spec is shown as *** in the error, text and --json', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    // Port 1 refuses at once: the error quotes the spec it could not fetch.
    for (const [spec, shown] of [
      ['git+https://user:ghp_SECRET123@127.0.0.1:1/x.git#v1', 'git+https://user:***@127.0.0.1:1/x.git#v1'],
      ['git+http://ghp_SECRET123@127.0.0.1:1/x.git#v1', 'git+http://***@127.0.0.1:1/x.git#v1'],
    ]) {
      const text = await ctx.cli(['env', 'create', '-n', 'gt', spec]);
      assert.equal(text.status, 1, text.stderr);
      assert.doesNotMatch(text.stdout + text.stderr, /SECRET123/, 'text');
      assert.ok(text.stderr.includes(shown), text.stderr);
      const json = await ctx.cli(['env', 'create', '-n', 'gt', spec, '--json']);
      assert.equal(json.status, 1, json.stderr);
      assert.doesNotMatch(json.stdout + json.stderr, /SECRET123/, '--json');
      assert.ok(JSON.parse(json.stdout).error.message.includes(shown), json.stdout);
    }
  } finally {
    await ctx.close();
  }
});

test('DOT1: `.` and `..` on the command line are the folder, as npm reads them (were "not a valid package name")', async () => {
  const ctx = await setup([pkg('alpha', '1.0.0')]);
  try {
    const here = join(ctx.dir, 'dotp');
    mkdirSync(join(here, 'sub'), { recursive: true });
    writeFileSync(join(here, 'package.json'), '{"name":"dotp","version":"1.0.0","main":"i.js"}');
    writeFileSync(join(here, 'i.js'), 'module.exports = "dotp";\n');
    for (const [name, spec, cwd] of [['self', '.', here], ['up', '..', join(here, 'sub')]] as const) {
      const r = await ctx.cli(['env', 'create', '-n', name, spec, '-q'], { cwd });
      assert.equal(r.status, 0, `${spec}: ${r.stderr}`);
      assert.ok(existsSync(join(ctx.root, 'envs', name, 'lib', 'node_modules', 'dotp', 'i.js')), spec);
    }
  } finally {
    await ctx.close();
  }
});
