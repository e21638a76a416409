/**
 * Envs written before 8e5f6e1 hold sh-only bin wrappers, so `node $(which TOOL)` in them was a
 * SyntaxError until the env's next change (tester s22 try13w C6). `ssdp run`, activation and
 * `ssdp clean --verify` rewrite them; a file of the user's in bin/ (their own script, an edited
 * wrapper, a link to a wrapper elsewhere) stays exactly as it is. The old form is the one
 * src/store/bins.ts wrote from 7e93748 (node given the script itself) and from bac83eb until
 * 8e5f6e1 (node given ssdp-meta/.bin/NAME), copied here from git history.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeVersion } from '../helpers/registry.js';
import { CLI_ENTRY } from '../helpers/cli.js';
import { hasShell } from '../shell/session.js';
import { setup, type Ctx } from './helpers.js';

const REPORT = `[process.argv[1].split('/').slice(-2).join('/'), ...process.argv.slice(2)].join(' ')`;
const PACKAGES: FakeVersion[] = [
  {
    name: 'jestish',
    version: '1.0.0',
    bin: { jestish: 'bin/jestish.js' },
    files: { 'bin/jestish.js': `#!/usr/bin/env node\nif (require.main !== module) throw new Error('not main');\nconsole.log('jestish', ${REPORT});\n` },
  },
  {
    name: 'mochaish',
    version: '1.0.0',
    type: 'module',
    bin: { mochaish: 'bin/mochaish.js' },
    files: { 'bin/mochaish.js': `#!/usr/bin/env -S node --no-warnings\nconsole.log('mochaish', import.meta.url.endsWith('/bin/mochaish.js'), ${REPORT});\n` },
  } as FakeVersion,
];

/** src/store/bins.ts's binWrapper at 2831790 (and, with run = rel, at 7e93748). */
const oldWrapper = (rel: string, run: string, args: string[]): string => `#!/bin/sh
# ssdp bin wrapper of ${rel}
# Written by ssdp (src/store/bins.ts): runs that script on this env's node (bin/node beside this file).
here=\${0%/*}
[ "$here" = "$0" ] && here=.
if ! [ -f "$here/${run}" ]; then
  real=$(readlink -f -- "$0" 2>/dev/null) && here=\${real%/*}
fi
exec "$here/node" ${args.map((a) => `"${a}" `).join('')}"$here/${run}" "$@"
`;

const OLD_JEST = oldWrapper('../lib/node_modules/jestish/bin/jestish.js', '../ssdp-meta/.bin/jestish', []);
const OLD_MOCHA = oldWrapper('../lib/node_modules/mochaish/bin/mochaish.js', '../lib/node_modules/mochaish/bin/mochaish.js', ['--no-warnings']);
/** A user's copy of an old wrapper with a line of their own: not ssdp's any more. */
const EDITED = OLD_JEST.replace('here=', 'echo mine >&2\nhere=');
const USER_TOOL = '#!/bin/sh\necho user tool\n';

let ctx: Ctx;
let prefix: string;
let bin: string;
before(async () => {
  ctx = await setup(PACKAGES);
  const r = await ctx.cli(['env', 'create', '-n', 'E', 'jestish', 'mochaish', '-q']);
  assert.equal(r.status, 0, r.stderr);
  prefix = join(ctx.root, 'envs', 'E');
  bin = join(prefix, 'bin');
});
after(() => ctx.close());

/** The env as an ssdp before 8e5f6e1 left it (no wrappers record), plus the user's own files in bin/. */
function makeOld(): Record<string, string> {
  writeFileSync(join(bin, 'jestish'), OLD_JEST, { mode: 0o755 });
  writeFileSync(join(bin, 'mochaish'), OLD_MOCHA, { mode: 0o755 });
  writeFileSync(join(bin, 'edited'), EDITED, { mode: 0o755 });
  writeFileSync(join(bin, 'mytool'), USER_TOOL, { mode: 0o755 });
  const outside = join(ctx.dir, 'elsewhere-wrapper');
  writeFileSync(outside, OLD_JEST, { mode: 0o755 });
  if (!lstatSync(join(bin, 'linked'), { throwIfNoEntry: false })) symlinkSync(outside, join(bin, 'linked'));
  const stateFile = join(prefix, 'ssdp-meta', 'env.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
  delete state.wrappers;
  writeFileSync(stateFile, JSON.stringify(state, null, 2) + '\n');
  return state as Record<string, string>;
}

/** The user's files exactly as makeOld wrote them. */
function assertUserFilesKept(): void {
  assert.equal(readFileSync(join(bin, 'edited'), 'utf8'), EDITED);
  assert.equal(readFileSync(join(bin, 'mytool'), 'utf8'), USER_TOOL);
  assert.equal(readlinkSync(join(bin, 'linked')), join(ctx.dir, 'elsewhere-wrapper'));
  assert.equal(readFileSync(join(ctx.dir, 'elsewhere-wrapper'), 'utf8'), OLD_JEST);
}

const COMMANDS = 'node "$(which jestish)" a\nnode "$(which mochaish)" b\njestish c\nmytool';
const EXPECTED = ['jestish .bin/jestish a', 'mochaish true bin/mochaish.js b', 'jestish .bin/jestish c', 'user tool'];

test('C6: ssdp run in an env with sh-only wrappers rewrites them, so node $(which TOOL) runs; the user files in bin/ stay as they are', async () => {
  const before = makeOld();
  let r = await ctx.cli(['run', '-n', 'E', '--', 'sh', '-ec', COMMANDS], { cwd: ctx.dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /SyntaxError/);
  assert.deepEqual(r.stdout.trim().split('\n'), EXPECTED);
  assertUserFilesKept();
  assert.match(readFileSync(join(bin, 'jestish'), 'utf8'), /^#!\/bin\/sh\n':' \/\*\n# ssdp bin wrapper of \.\.\/lib\/node_modules\/jestish\/bin\/jestish\.js\n/);
  assert.equal(lstatSync(join(bin, 'jestish')).mode & 0o777, 0o755);
  // env.json keeps every field and records the form: the next run checks nothing more.
  const state = JSON.parse(readFileSync(join(prefix, 'ssdp-meta', 'env.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(state, { ...before, wrappers: 2 });
  // A user's file written afterwards in the old form is not looked at again.
  writeFileSync(join(bin, 'later'), OLD_JEST, { mode: 0o755 });
  r = await ctx.cli(['run', '-n', 'E', '--', 'true']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(bin, 'later'), 'utf8'), OLD_JEST);
});

test('C6: activating such an env in bash rewrites them as well', async (t) => {
  if (!hasShell('bash')) return t.skip('bash is not installed');
  makeOld();
  const r = spawnSync('bash', ['-c', `set -e\neval "$(node '${CLI_ENTRY}' shell hook bash)"\nssdp activate E\ncd '${ctx.dir}'\n${COMMANDS}`], {
    env: { ...ctx.env, HOME: ctx.dir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), EXPECTED);
  assertUserFilesKept();
});

test('C6: ssdp clean --verify rewrites them and says so; node given the full path then runs the tool with no ssdp involved', async () => {
  makeOld();
  const r = await ctx.cli(['clean', '--verify']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /bin\/jestish/);
  assert.doesNotMatch(r.stdout + r.stderr, /bin\/(edited|mytool|linked)/);
  assertUserFilesKept();
  const run = spawnSync(process.execPath, [join(bin, 'jestish'), 'd'], { env: { PATH: '/usr/bin:/bin', HOME: ctx.dir }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'jestish .bin/jestish d');
  assert.equal(JSON.parse(readFileSync(join(prefix, 'ssdp-meta', 'env.json'), 'utf8')).wrappers, 2);
});
