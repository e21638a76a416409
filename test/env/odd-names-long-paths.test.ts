/**
 * Issue-8 breaks left open from the session-17 testers (/work/briefs/s17/breaks/try8j.md J8, J2;
 * try8i.md I6), each shown failing before its fix. One registry and root for the file: every
 * test makes its own -p env in a folder of its own.
 *  J8: a user file whose NAME is not UTF-8 (`caf\xe9.csv`) at an env's top level or in a package
 *      folder made every change a Node stack (names walked as UTF-8 strings became U+FFFD).
 *  J2: a -p path of 4040-4095 bytes passed the length check, then ENAMETOOLONG stacks (staging
 *      folder, package files); a user's deep file in a package folder made remove a stack.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, setup, type Ctx } from './helpers.js';

let ctx: Ctx;
before(async () => {
  ctx = await setup([
    pkg('alpha', '1.0.0'),
    pkg('alpha', '1.1.0'),
    pkg('beta', '1.0.0'),
    pkg('gamma', '1.0.0'),
    pkg('deep', '1.0.0', { files: { [`${'d'.repeat(48)}/${'f'.repeat(48)}.js`]: 'deep\n' } }), // 100 bytes: a tar name
  ]);
});
after(() => ctx.close());

const noStack = (r: { stdout: string; stderr: string }) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at |unexpected error/, r.stdout + r.stderr);
/** A path holding bytes that are not UTF-8, as Buffer (what the kernel has). */
const raw = (...parts: Array<string | Buffer>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
const LATIN1 = (s: string) => Buffer.from(s, 'latin1');

test('J8: user files whose names are not UTF-8 are carried over byte-exact by install and remove, and named by env remove', async () => {
  const e = join(ctx.dir, 'j8');
  let r = await ctx.cli(['create', '-q', '-p', e, 'alpha@1.0.0', 'gamma']);
  assert.equal(r.status, 0, r.stderr);
  const top = raw(e, '/', LATIN1('caf\xe9.csv'));
  const inAlpha = raw(e, '/lib/node_modules/alpha/', LATIN1('n\xf6te.txt'));
  const folderInGamma = raw(e, '/lib/node_modules/gamma/', LATIN1('d\xe4ta'));
  const inData = raw(e, '/data/', LATIN1('\xe9t\xe9.csv'));
  writeFileSync(top, 'TOP');
  writeFileSync(inAlpha, 'NOTE');
  mkdirSync(folderInGamma);
  writeFileSync(raw(folderInGamma, '/x.txt'), 'X');
  mkdirSync(join(e, 'data'));
  writeFileSync(inData, 'DATA');
  const kept = () => {
    assert.equal(readFileSync(top, 'utf8'), 'TOP');
    assert.equal(readFileSync(raw(folderInGamma, '/x.txt'), 'utf8'), 'X');
    assert.equal(readFileSync(inData, 'utf8'), 'DATA');
  };

  r = await ctx.cli(['install', '-p', e, 'beta']);
  noStack(r);
  assert.equal(r.status, 0, r.stderr);
  kept();
  assert.equal(readFileSync(inAlpha, 'utf8'), 'NOTE', 'alpha did not change: the note stays in its folder');

  // alpha changes: its user file goes aside (named with \xNN), byte-exact, as a text name would.
  r = await ctx.cli(['update', '-p', e, 'alpha@1.1.0']);
  noStack(r);
  assert.equal(r.status, 0, r.stderr);
  kept();
  assert.match(r.stderr, /alpha\/n\\xf6te\.txt is yours/);
  const [rev] = readdirSync(join(e, 'ssdp-kept'));
  assert.equal(readFileSync(raw(e, `/ssdp-kept/${rev}/lib/node_modules/alpha/`, LATIN1('n\xf6te.txt')), 'utf8'), 'NOTE');

  r = await ctx.cli(['remove', '-p', e, 'gamma']);
  noStack(r);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(top, 'utf8'), 'TOP');
  assert.match(r.stderr, /gamma\/d\\xe4ta is yours/);

  r = await ctx.cli(['env', 'remove', '-p', e, '--dry-run']);
  noStack(r);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /caf\\xe9\.csv/);
});

/** A path of exactly `total` bytes below `base`, in folder names of 250 bytes. */
function longPath(base: string, total: number): string {
  let p = base;
  while (p.length + 251 < total - 20) p += '/' + 'x'.repeat(250);
  return p + '/' + 'y'.repeat(total - p.length - 1);
}

test('J2: a -p path too long for the env\'s own files is E_BAD_PREFIX, a package file too deep for it E_PATH_TOO_LONG; nothing left behind', async () => {
  const base = join(ctx.dir, 'j2');
  mkdirSync(base);
  const tooLong = longPath(base, 4075);
  let r = await ctx.cli(['create', '-p', tooLong, 'alpha']);
  noStack(r);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_BAD_PREFIX.*4075 bytes long.*at most 4031/);
  // Short enough for ssdp's own files, not for deep's file 122 bytes below (lib/node_modules/deep/...).
  const fits = longPath(base, 4000);
  r = await ctx.cli(['create', '-p', fits, 'deep']);
  noStack(r);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_PATH_TOO_LONG.*a path may have at most 4095/);
  assert.match(r.stderr, /shorter path \(-p\)/);
  const left = readdirSync(join(fits, '..'));
  assert.deepEqual(left, [], `nothing left next to the env: ${left.join(', ')}`);
});

test('J2: a user\'s file too deep in a package folder to be kept aside: remove is E_PATH_TOO_LONG naming it, env and file as they were', async () => {
  const e = join(ctx.dir, 'j2b');
  let r = await ctx.cli(['create', '-q', '-p', e, 'alpha', 'gamma']);
  assert.equal(r.status, 0, r.stderr);
  let p = join(e, 'lib/node_modules/alpha');
  while (p.length + 251 < 4080) p += '/' + 'd'.repeat(250);
  p += '/' + 'f'.repeat(4085 - p.length - 1);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, 'DEEP');
  r = await ctx.cli(['remove', '-p', e, 'alpha']);
  noStack(r);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /E_PATH_TOO_LONG.*yours, not a package's/);
  assert.match(r.stderr, /Move it out of the package folder lib\/node_modules\/alpha/);
  assert.equal(readFileSync(p, 'utf8'), 'DEEP');
  assert.ok(readFileSync(join(e, 'lib/node_modules/alpha/index.js'), 'utf8').includes('alpha'), 'alpha still there');
  assert.deepEqual(readdirSync(ctx.dir).filter((n) => n.includes('j2b.ssdp')), [], 'no staging folder left');
});

test('I6: a lock.json entry edited to another package\'s integrity is named; the package\'s own files are not called yours nor kept aside', async () => {
  const e = join(ctx.dir, 'i6');
  let r = await ctx.cli(['create', '-q', '-p', e, 'alpha@1.1.0', 'gamma']);
  assert.equal(r.status, 0, r.stderr);
  const lockFile = join(e, 'ssdp-meta/lock.json');
  const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
  const a = lock.packages.find((p: { name: string }) => p.name === 'alpha');
  const g = lock.packages.find((p: { name: string }) => p.name === 'gamma');
  const genuine = a.integrity;
  [a.integrity, a.resolved] = [g.integrity, g.resolved];
  writeFileSync(lockFile, JSON.stringify(lock));
  writeFileSync(join(e, 'lib/node_modules/alpha/mine.txt'), 'MINE');
  r = await ctx.cli(['install', '-p', e, 'beta']);
  noStack(r);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes(`${lockFile}: the entry alpha@1.1.0 (lib/node_modules/alpha) names the integrity of gamma@1.0.0`), r.stderr);
  assert.match(r.stderr, /took that entry from revision 0's record/);
  assert.doesNotMatch(r.stderr, /your edit\?|is yours/);
  assert.ok(!readdirSync(e).includes('ssdp-kept'), 'nothing kept aside');
  assert.equal(readFileSync(join(e, 'lib/node_modules/alpha/mine.txt'), 'utf8'), 'MINE', 'the user file stays with its unchanged package');
  const now = JSON.parse(readFileSync(lockFile, 'utf8')).packages.find((p: { name: string }) => p.name === 'alpha');
  assert.equal(now.integrity, genuine);
});
