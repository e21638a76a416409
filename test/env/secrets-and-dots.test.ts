/**
 * Breaks from the session-14 tester's report on issue 13 (/work/briefs/s14/breaks/try13c.md),
 * each shown failing before its fix: SEC1 (a token in a git+https spec printed in full in errors),
 * DOT1 (`.` and `..` refused as package names).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup } from './helpers.js';

/** Every regular file at or below dir whose bytes contain text. */
function filesHolding(dir: string, text: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesHolding(p, text));
    else if (e.isFile() && readFileSync(p).includes(text)) out.push(p);
  }
  return out;
}

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

test('SEC2 (tester s16 try13t MIN): a token in a tarball URL\'s query is *** in errors, list --revisions and every export (with a warning); an export\'s *** is refused by name on create', async () => {
  const ctx = await setup([pkg('served', '2.0.0')]);
  try {
    const doc = (await (await fetch(`${ctx.reg.url}/served`)).json()) as { versions: Record<string, { dist: { tarball: string } }> };
    const url = `${doc.versions['2.0.0']!.dist.tarball}?token=S3CRET9&v=1`;
    const shown = url.replace('S3CRET9', '***');
    assert.equal((await ctx.cli(['create', '-n', 'tk', url, '-q'])).status, 0);
    const outs: string[] = [];
    let lockText = '';
    const bad = await ctx.cli(['install', '-n', 'tk', `${ctx.reg.url}/nope/x.tgz?access_token=S3CRET9`]);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /access_token=\*\*\*/);
    outs.push(bad.stdout + bad.stderr);
    const revs = await ctx.cli(['list', '-n', 'tk', '--revisions']);
    assert.ok(revs.stdout.includes(shown), revs.stdout);
    outs.push(revs.stdout + revs.stderr);
    for (const mode of [[], ['--from-history'], ['--lock']]) {
      const r = await ctx.cli(['env', 'export', '-n', 'tk', ...mode]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.stdout.includes(shown), r.stdout);
      assert.match(r.stderr, /warning: the export writes the secret in .* as \*\*\*/);
      outs.push(r.stdout + r.stderr);
      if (mode[0] === '--lock') lockText = r.stdout;
    }
    for (const out of outs) assert.doesNotMatch(out, /S3CRET9/);
    // The env itself keeps the token: it fetches with it. Nothing shared under the root does
    // (try13x X7: the remembered resolution held it, mode 644, after env remove and clean).
    assert.match(readFileSync(join(ctx.root, 'envs', 'tk', 'ssdp-meta', 'env.json'), 'utf8'), /token=S3CRET9/);
    assert.deepEqual(filesHolding(ctx.root, 'S3CRET9').filter((f) => !f.startsWith(join(ctx.root, 'envs', 'tk') + '/')), []);
    // An entry an older version wrote: clean removes it, and keeps one without a secret.
    const cache = join(ctx.root, 'cache', 'resolutions-v1');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'old.json'), JSON.stringify({ time: Date.now(), warnings: [], lock: { requested: [url] } }));
    writeFileSync(join(cache, 'plain.json'), JSON.stringify({ time: Date.now(), warnings: [], lock: { requested: ['served'] } }));
    assert.equal((await ctx.cli(['clean'])).status, 0);
    assert.deepEqual(filesHolding(ctx.root, 'S3CRET9').filter((f) => !f.startsWith(join(ctx.root, 'envs', 'tk') + '/')), []);
    assert.ok(existsSync(join(cache, 'plain.json')));
    const spec = ctx.spec('tk.yml', `name: tk2\ndependencies:\n  - ${shown}\n`);
    const again = await ctx.cli(['env', 'create', '-f', spec]);
    assert.equal(again.status, 1, again.stderr);
    assert.match(again.stderr, /tk\.yml:3:5: .*\*\*\* where an export left out a secret/);
    // The --lock export's *** is refused the same way, by entry, before its requested/packages check (try13y Y3).
    const fromLock = await ctx.cli(['env', 'create', '-n', 'tk3', '-f', ctx.spec('tk.lock', lockText)]);
    assert.equal(fromLock.status, 1, fromLock.stderr);
    assert.match(fromLock.stderr, /E_BAD_LOCKFILE.*tk\.lock holds \*\*\* where the export left out a secret .*: write it back in requested and resolved of served/);
    assert.doesNotMatch(fromLock.stderr, /not among its packages/);
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
