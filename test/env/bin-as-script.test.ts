/**
 * `node $(which TOOL)` in an env runs the tool, as with npm's `node_modules/.bin/TOOL` (a symlink to
 * the script): jest's debugging recipe `node --inspect-brk $(which jest) --runInBand` and `node
 * $(which mocha)` were a SyntaxError on the sh lines of ssdp's bin wrapper (tester s21 try13v V2),
 * while `TOOL` alone keeps running on the env's node. Packages from the local test registry shaped
 * like jest (a CommonJS bin that checks require.main) and mocha (an ES module package), a bin
 * without a shebang and one that is a shell script; under `ssdp run` and in an activated bash.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeVersion } from '../helpers/registry.js';
import { CLI_ENTRY } from '../helpers/cli.js';
import { hasShell } from '../shell/session.js';
import { setup, type Ctx } from './helpers.js';

const manifest = (v: FakeVersion & Record<string, unknown>): FakeVersion => v;

/** What every node bin prints: who it is, whether it is main, argv[1]'s last two parts, its arguments, the preload's mark. */
const REPORT = `[process.argv[1].split('/').slice(-2).join('/'), ...process.argv.slice(2), 'preload=' + (globalThis.PRELOADED || 'no')].join(' ')`;

const PACKAGES: FakeVersion[] = [
  { name: 'helper-dep', version: '1.0.0', files: { 'index.js': 'module.exports = "dep";\n' } },
  {
    // jest's bin/jest.js: CommonJS, requires its own files and a dependency, acts only as main.
    name: 'jestish',
    version: '1.0.0',
    dependencies: { 'helper-dep': '1.0.0' },
    bin: { jestish: 'bin/jestish.js' },
    files: {
      'bin/jestish.js': `#!/usr/bin/env node\nif (require.main !== module) throw new Error('not main');\nconsole.log('jestish', require('../lib/run.js'), require('helper-dep'), ${REPORT});\n`,
      'lib/run.js': 'module.exports = "ran";\n',
    },
  },
  manifest({
    // mocha 10+ style: an ES module package whose bin imports a dependency.
    name: 'mochaish',
    version: '1.0.0',
    type: 'module',
    dependencies: { 'helper-dep': '1.0.0' },
    bin: { mochaish: 'bin/mochaish.js' },
    files: {
      'bin/mochaish.js': `#!/usr/bin/env node\nimport dep from 'helper-dep';\nconsole.log('mochaish', import.meta.url.endsWith('/bin/mochaish.js'), dep, ${REPORT});\n`,
    },
  }),
  {
    name: 'noshebang',
    version: '1.0.0',
    bin: { noshebang: 'cli.js' },
    files: { 'cli.js': `console.log('noshebang', ${REPORT});\n` },
  },
  {
    name: 'shtool',
    version: '1.0.0',
    bin: { shtool: 'tool.sh' },
    files: { 'tool.sh': '#!/bin/sh\necho "shtool $*"\n' },
  },
];

let ctx: Ctx;
let project: string;
before(async () => {
  ctx = await setup(PACKAGES);
  const r = await ctx.cli(['env', 'create', '-n', 'E', 'jestish', 'mochaish', 'noshebang', 'shtool', '-q']);
  assert.equal(r.status, 0, r.stderr);
  project = join(ctx.dir, 'proj');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'x.cjs'), 'globalThis.PRELOADED = "x";\n');
});
after(() => ctx.close());

/** The commands each way of running below gives, one output line each, in this order. */
const COMMANDS = [
  'node "$(which jestish)" a b',
  'node --require ./x.cjs "$(which jestish)" --runInBand',
  'jestish c',
  'node "$(which mochaish)" a',
  'node --require ./x.cjs "$(which mochaish)" b',
  'mochaish c',
  'node "$(which noshebang)" a',
  'shtool a b',
  'sh "$(which jestish)" d',
];
const EXPECTED = [
  'jestish ran dep .bin/jestish a b preload=no',
  'jestish ran dep .bin/jestish --runInBand preload=x',
  'jestish ran dep .bin/jestish c preload=no',
  'mochaish true dep .bin/mochaish a preload=no',
  'mochaish true dep .bin/mochaish b preload=x',
  'mochaish true dep .bin/mochaish c preload=no',
  // No shebang: a symlink to the script, as npm links it.
  'noshebang bin/noshebang a preload=no',
  'shtool a b',
  'jestish ran dep .bin/jestish d preload=no',
];

test('V2: under ssdp run, node $(which TOOL) runs the tool (CommonJS and ES module bins, with a --require preload); TOOL alone and a sh bin still run', async () => {
  const r = await ctx.cli(['run', '-n', 'E', '--', 'sh', '-ec', COMMANDS.join('\n')], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /SyntaxError/);
  assert.deepEqual(r.stdout.trim().split('\n'), EXPECTED);
});

test('V2: in an activated bash, node $(which TOOL) runs the tool as well', async (t) => {
  if (!hasShell('bash')) return t.skip('bash is not installed');
  const r = spawnSync('bash', ['-c', `set -e\neval "$(node '${CLI_ENTRY}' shell hook bash)"\nssdp activate E\ncd '${project}'\n${COMMANDS.join('\n')}`], {
    env: { ...ctx.env, HOME: ctx.dir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), EXPECTED);
});

test('V2: outside any activation (a Makefile, cron), the bin by its full path runs, and so does node given that path', () => {
  const bin = join(ctx.root, 'envs', 'E', 'bin');
  const env = { PATH: '/usr/bin:/bin', HOME: ctx.dir };
  const node = process.execPath;
  for (const [args, want] of [
    [[join(bin, 'jestish'), 'e'], 'jestish ran dep .bin/jestish e preload=no'],
    [[node, join(bin, 'jestish'), 'f'], 'jestish ran dep .bin/jestish f preload=no'],
    [[node, '--require', './x.cjs', join(bin, 'mochaish'), 'g'], 'mochaish true dep .bin/mochaish g preload=x'],
  ] as const) {
    const r = spawnSync(args[0], args.slice(1), { cwd: project, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), want);
  }
});

test('V2: a bin wrapper under a "type": "module" package.json (an env made inside an ES module project) still runs as JavaScript', async () => {
  const proj = join(ctx.dir, 'esm-proj');
  mkdirSync(proj, { recursive: true });
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'p', type: 'module' }));
  const prefix = join(proj, 'env');
  let r = await ctx.cli(['env', 'create', '-p', prefix, 'jestish', 'mochaish', '-q']);
  assert.equal(r.status, 0, r.stderr);
  r = await ctx.cli(['run', '-p', prefix, '--', 'sh', '-ec', 'node "$(which jestish)" a\nnode "$(which mochaish)" b\njestish c'], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['jestish ran dep .bin/jestish a preload=no', 'mochaish true dep .bin/mochaish b preload=no', 'jestish ran dep .bin/jestish c preload=no']);
});
