/**
 * Breaks from the session-14 tester's report on issue 13 (/work/briefs/s14/breaks/try13c.md),
 * each shown failing before its fix: SEC1 (a token in a git+https spec printed in full in errors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
